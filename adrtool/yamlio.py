"""The one place that imports ruamel.yaml: loading YAML with file:line errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from adrtool.errors import ConfigError, located

MAX_YAML_BYTES = 2_000_000
MAX_ALIASES = 100
MAX_NODES = 200_000  # values in a document once aliases are expanded
MAX_DEPTH = 100  # flow-style nesting


def read_text(path: Path) -> str:
    """Read a small UTF-8 text file, or raise ConfigError naming it."""
    try:
        size = path.stat().st_size
        if size > MAX_YAML_BYTES:
            raise ConfigError(located(path, None, f"file is too large ({size} bytes)"))
        data = path.read_bytes()
    except OSError as e:
        raise ConfigError(located(path, None, f"cannot read: {e.strerror or e}")) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ConfigError(located(path, None, f"not UTF-8 text (byte {e.start})")) from None


def load_yaml(path: Path, text: str | None = None) -> Any:
    """Load one YAML document round-trip, so mappings know their line numbers.

    Syntax errors, duplicate keys and alias bombs become ``ConfigError("file:line: ...")``.
    """
    import warnings

    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    if text is None:
        text = read_text(path)
    if text.count("*") and _alias_count(text) > MAX_ALIASES:
        raise ConfigError(located(path, None, f"too many YAML aliases (more than {MAX_ALIASES})"))
    if text.count("[") + text.count("{") > MAX_DEPTH and _flow_depth(text) > MAX_DEPTH:
        # ruamel's scanner is quadratic in flow nesting: 2 KB of "[" took 3 s, 400 KB 9 s
        raise ConfigError(located(path, None, f"YAML nested more than {MAX_DEPTH} levels deep"))
    yaml = YAML()
    yaml.allow_duplicate_keys = False
    try:
        with warnings.catch_warnings():  # e.g. ReusedAnchorWarning: valid YAML, multi-line noise
            warnings.simplefilter("ignore")
            data = yaml.load(text)
    except MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = (e.problem or e.context or "invalid YAML").strip()
        raise ConfigError(located(path, line, f"invalid YAML: {problem}")) from None
    except (YAMLError, RecursionError, ValueError, TypeError) as e:
        first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise ConfigError(located(path, None, f"invalid YAML: {first}")) from None
    _check_expansion(data, path)
    return data


def _check_expansion(root: Any, path: Path) -> None:
    """Refuse documents whose aliases expand to a huge or recursive tree.

    A few dozen aliases nested a few levels deep ("billion laughs") load instantly as shared
    nodes, but ``plain()`` or any walk over them would build or visit billions of values.
    Sizes are counted once per shared node, so this walk is linear in the text.
    """
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        if not isinstance(node, (dict, list)):
            continue
        key = id(node)
        children = list(node.values()) if isinstance(node, dict) else node
        if done:
            on_path.discard(key)
            total = 1 + sum(sizes.get(id(c), 1) for c in children)
            sizes[key] = min(total, MAX_NODES + 1)
            continue
        if key in sizes:
            continue
        if key in on_path:
            raise ConfigError(located(path, line_of(node), "a YAML alias refers to itself"))
        on_path.add(key)
        stack.append((node, True))
        stack.extend((c, False) for c in children if isinstance(c, (dict, list)))
    if sizes.get(id(root), 1) > MAX_NODES:
        raise ConfigError(located(path, None, f"YAML document too large once aliases are expanded "
                                              f"(more than {MAX_NODES} values)"))


def _flow_depth(text: str) -> int:
    """Deepest nesting of ``[``/``{`` (brackets inside strings count too: a rough bound)."""
    import re

    depth = deepest = 0
    for bracket in re.findall(r"[\[\]{}]", text):
        depth = depth + 1 if bracket in "[{" else max(depth - 1, 0)
        deepest = max(deepest, depth)
    return deepest


def _alias_count(text: str) -> int:
    import re

    return len(re.findall(r"(?:^|[\s\[,{:-])\*[^\s,\]}]+", text))


def line_of(node: Any, key: Any = None) -> int | None:
    """1-based line of ``node`` (or of ``key`` inside the mapping ``node``), when known."""
    lc = getattr(node, "lc", None)
    if lc is None:
        return None
    try:
        if key is not None:
            if isinstance(key, int) and isinstance(node, list):
                return int(lc.item(key)[0]) + 1
            return int(lc.key(key)[0]) + 1
        return int(lc.line) + 1
    except (KeyError, IndexError, TypeError, AttributeError):
        return None


def plain(node: Any) -> Any:
    """Convert ruamel's round-trip containers to plain dicts, lists and scalars."""
    if isinstance(node, dict):
        return {str(k): plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [plain(v) for v in node]
    if isinstance(node, str):
        return str(node)
    return node


def dump_yaml(data: Any) -> str:
    """Serialise plain data as block-style YAML text."""
    import io

    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.default_flow_style = False
    yaml.indent(mapping=2, sequence=4, offset=2)
    buf = io.StringIO()
    yaml.dump(data, buf)
    return buf.getvalue()
