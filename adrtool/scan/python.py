"""Python manifests: pyproject.toml (PEP 621, 735, Poetry), requirements, Pipfile, setup.cfg."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from adrtool.scan.files import skipped
from adrtool.scan.findings import Findings, parent

# canonical (PEP 503) distribution name -> candidate id
FRAMEWORKS: dict[str, str] = {
    "django": "django",
    "fastapi": "fastapi",
    "fastapi-slim": "fastapi",
    "flask": "flask",
}

_NAME = re.compile(r"\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)")
_COMMENT = re.compile(r"(?:^|\s)#.*$")
_EGG = re.compile(r"#egg=([A-Za-z0-9][A-Za-z0-9._-]*)")
_INCLUDE = re.compile(r"^(?:-r|--requirement)(?:\s*=\s*|\s+|(?=[^\s-]))(\S.*)$")
_TOML_LINE = re.compile(r"at line (\d+)")


def canonical(name: str) -> str:
    """PEP 503 normalised name: lower case, runs of -_. become one '-'."""
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(spec: str) -> str | None:
    """The distribution name in a PEP 508 string ('Django[argon2]>=4; python_version>"3"')."""
    m = _NAME.match(spec)
    return canonical(m.group(1)) if m else None


def is_requirements_file(rel: str) -> bool:
    """requirements.txt, requirements-dev.txt, dev-requirements.txt, requirements/*.txt, *.in."""
    folder, _, name = rel.rpartition("/")
    lower = name.lower()
    if not lower.endswith((".txt", ".in")):
        return False
    return "requirements" in lower or folder.rpartition("/")[2].lower() == "requirements"


def _record(found: Findings, rel: str, names: Iterable[str | None]) -> None:
    found.add("language", "python", rel)
    for name in names:
        if name and name in FRAMEWORKS:
            found.add("framework", FRAMEWORKS[name], rel)


def load_toml(found: Findings, rel: str, text: str) -> dict[str, Any] | None:
    """Parse TOML, or warn (with the line where known) and return None."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # Python 3.10
        import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]
    try:
        data: dict[str, Any] = tomllib.loads(text)
        return data
    except tomllib.TOMLDecodeError as e:
        m = _TOML_LINE.search(str(e))
        found.warn(rel, int(m.group(1)) if m else None, f"invalid TOML ({e}); skipped")
        return None


def _strings(value: object) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _table(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def detect_pyproject(found: Findings, rel: str, text: str) -> None:
    data = load_toml(found, rel, text)
    if data is None:
        return
    project = _table(data.get("project"))
    specs = _strings(project.get("dependencies"))
    for extra in _table(project.get("optional-dependencies")).values():
        specs += _strings(extra)
    for group in _table(data.get("dependency-groups")).values():  # PEP 735
        specs += _strings(group)
    tool = _table(data.get("tool"))
    specs += _strings(_table(tool.get("uv")).get("dev-dependencies"))
    for group in _table(_table(tool.get("pdm")).get("dev-dependencies")).values():
        specs += _strings(group)
    names = [requirement_name(s) for s in specs]
    poetry = _table(tool.get("poetry"))
    tables = [poetry.get("dependencies"), poetry.get("dev-dependencies")]
    tables += [_table(g).get("dependencies") for g in _table(poetry.get("group")).values()]
    for table in tables:
        names += [canonical(k) for k in _table(table)]
    _record(found, rel, names)
    found.name(project.get("name") or poetry.get("name"), rel)


def detect_pipfile(found: Findings, rel: str, text: str) -> None:
    data = load_toml(found, rel, text)
    if data is None:
        return
    names = [canonical(k) for key in ("packages", "dev-packages") for k in _table(data.get(key))]
    _record(found, rel, names)


def detect_setup_cfg(found: Findings, rel: str, text: str) -> None:
    import configparser

    cfg = configparser.ConfigParser(interpolation=None, strict=False)
    try:
        cfg.read_string(text, source=rel)
    except configparser.Error as e:
        line = getattr(e, "lineno", None)
        found.warn(rel, line if isinstance(line, int) else None, "invalid setup.cfg; skipped")
        return
    if not (cfg.has_section("options") or cfg.has_section("metadata")):
        return  # a tool-only setup.cfg (flake8, ...) says nothing about dependencies
    specs = re.split(r"[\n;]", cfg.get("options", "install_requires", fallback=""))
    if cfg.has_section("options.extras_require"):
        for _, value in cfg.items("options.extras_require"):
            specs += value.splitlines()
    _record(found, rel, [requirement_name(s) for s in specs if s.strip()])
    found.name(cfg.get("metadata", "name", fallback=None), rel)


_SETUP_REQUIRES = re.compile(r"install_requires\s*=\s*\[(.*?)\]", re.S)
_SETUP_NAME = re.compile(r"""\bname\s*=\s*["']([^"']+)["']""")
_QUOTED = re.compile(r"""["']([^"']+)["']""")


def detect_setup_py(found: Findings, rel: str, text: str) -> None:
    """setup.py is code: it is never run, only searched for a literal install_requires list."""
    names: list[str | None] = []
    for block in _SETUP_REQUIRES.findall(text):
        names += [requirement_name(spec) for spec in _QUOTED.findall(block)]
    _record(found, rel, names)
    name = _SETUP_NAME.search(text)
    if name:
        found.name(name.group(1), rel)


def logical_lines(text: str) -> Iterator[tuple[int, str]]:
    """(line number, text) of a requirements file: comments gone, '\\' continuations joined."""
    buf, start = "", 0
    for number, raw in enumerate(text.splitlines(), 1):
        line = _COMMENT.sub("", raw).rstrip()
        if not buf:
            start = number
        if line.endswith("\\"):
            buf += line[:-1] + " "
            continue
        buf += line
        if buf.strip():
            yield start, buf.strip()
        buf = ""
    if buf.strip():
        yield start, buf.strip()


def detect_requirements(found: Findings, rel: str, text: str, seen: set[str]) -> None:
    """Read one requirements file and, recursively, the files it includes with -r."""
    seen.add(rel)
    names: list[str | None] = []
    for number, line in logical_lines(text):
        include = _INCLUDE.match(line)
        if include:
            _include(found, rel, number, include.group(1).strip(), seen)
        elif line.startswith(("-e", "--editable")):
            egg = _EGG.search(line)
            names.append(canonical(egg.group(1)) if egg else None)
        elif not line.startswith("-"):  # other options (-c, --index-url, ...) name no package
            names.append(requirement_name(line))
    _record(found, rel, names)


def _include(found: Findings, rel: str, number: int, target: str, seen: set[str]) -> None:
    if "://" in target or "$" in target:
        found.warn(rel, number, f"include {target} is remote or uses a variable; not followed")
        return
    root = os.path.realpath(found.root)
    folder = os.path.join(root, *parent(rel).split("/")) if parent(rel) else root
    path = os.path.realpath(os.path.join(folder, target))
    if os.path.commonpath([path, root]) != root:
        found.warn(rel, number, f"included file {target} is outside the repo; skipped")
        return
    inc = Path(os.path.relpath(path, root)).as_posix()
    if inc in seen or skipped(inc):
        return  # already read (an include loop or a shared base file) or a dependency folder
    if not os.path.isfile(path):
        found.warn(rel, number, f"included file {target} not found; skipped")
        return
    text = found.read(inc)
    if text is not None:
        detect_requirements(found, inc, text, seen)
