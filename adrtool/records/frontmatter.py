"""Front matter of an ADR: a fast reader for flat ``key: value`` YAML, ruamel otherwise.

The fast reader answers only when real YAML would read the same values (a hypothesis test
checks this); anything else goes to ``adrtool.yamlio`` (ruamel, imported lazily).
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Any

from adrtool.errors import located
from adrtool.records.values import ISO_DATE, parse_date

_SIMPLE_KEY = re.compile(r"^([A-Za-z_][\w-]*(?: +[\w-]+)*) *:(?: +(.*))?$")


class NotSimple(Exception):
    """The front matter needs a real YAML parser."""


# Needed only for values that start with a digit: a string, compiled on first use (re's cache).
_YAML_NUMBER = (
    r"[-+]?(?:\.\d+|\d[\d_]*\.?\d*)(?:[eE][-+]?\d+)?|0[xXoObB][0-9a-fA-F_]+|[-+]?\.(?:inf|Inf|INF)"
    r"|\.(?:nan|NaN|NAN)|[-+]?\d[\d_]*(?::[0-5]?\d)+(?:\.\d*)?"
)


def _scalar(raw: str, in_flow: bool = False) -> Any:
    """One simple YAML scalar; raise NotSimple whenever real YAML might read it differently."""
    if "\t" in raw:
        raise NotSimple
    text = raw.strip()
    if not text:
        if in_flow:
            raise NotSimple
        return None
    first = text[0]
    if first in "\"'":
        if len(text) < 2 or text[-1] != first:
            raise NotSimple
        inner = text[1:-1]
        if first == '"':
            if "\\" in inner or '"' in inner:
                raise NotSimple
            return inner
        if "'" in inner.replace("''", ""):
            raise NotSimple
        return inner.replace("''", "'")
    if first == "#":
        if in_flow:
            raise NotSimple
        return None  # a comment: no value
    if first == "[" and not in_flow:
        if not text.endswith("]"):
            raise NotSimple
        body = text[1:-1].strip()
        return [_scalar(part, True) for part in body.split(",")] if body else []
    if not (first.isalnum() or first in "_(/") and text != "~":
        raise NotSimple
    if " #" in text:
        if in_flow:
            raise NotSimple
        text = text.split(" #", 1)[0].rstrip()
    if ": " in text or text.endswith(":"):
        raise NotSimple
    if in_flow and any(c in text for c in "[]{}#"):
        raise NotSimple
    if text in ("~", "null", "Null", "NULL"):
        return None
    if text in ("true", "True", "TRUE"):
        return True
    if text in ("false", "False", "FALSE"):
        return False
    if text.isdigit() and text.isascii():
        return int(text)
    if first.isdigit():
        if len(text) == 10 and ISO_DATE.match(text) and text[4] == "-" and text[7] == "-":
            parsed = parse_date(text)
            if parsed is None:
                raise NotSimple
            return parsed
        if re.fullmatch(_YAML_NUMBER, text) or ISO_DATE.match(text):
            raise NotSimple
    return text


def simple_front_matter(lines: list[str]) -> tuple[dict[str, Any], dict[str, int]]:
    """Parse flat ``key: value`` front matter (plus ``- item`` lists); raise NotSimple else."""
    data: dict[str, Any] = {}
    where: dict[str, int] = {}
    current: str | None = None
    for i, line in enumerate(lines):
        if "\t" in line:
            raise NotSimple
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line[0] in " \t-":
            item = line.strip()
            if (
                current is None
                or not item.startswith("- ")
                or not (data[current] is None or isinstance(data[current], list))
            ):
                raise NotSimple
            value = _scalar(item[2:])
            if isinstance(value, list):
                raise NotSimple
            if data.get(current) is None:
                data[current] = []
            data[current].append(value)
            continue
        m = _SIMPLE_KEY.match(line)
        if not m:
            raise NotSimple
        key = m.group(1).strip()
        if key in data:
            raise NotSimple  # let the YAML parser report the duplicate
        data[key] = _scalar(m.group(2) or "")
        where[key] = i
        current = key
    return data, where


def read_front_matter(
    lines: list[str], path: PurePosixPath, offset: int, notes: list[str]
) -> tuple[dict[str, Any], dict[str, int]]:
    """Front matter as plain data and key -> 1-based line; bad YAML becomes a note."""
    try:
        data, where = simple_front_matter(lines)
        return data, {k: v + offset for k, v in where.items()}
    except NotSimple:
        pass
    from pathlib import Path

    from adrtool.errors import ConfigError
    from adrtool.yamlio import line_of, load_yaml, plain

    try:
        raw = load_yaml(Path(str(path)), "\n".join(lines) + "\n")
    except ConfigError as e:
        msg = str(e)
        m = re.match(r"^.*?:(\d+): (.*)$", msg)
        line, why = (int(m.group(1)) + offset - 1, m.group(2)) if m else (offset, msg)
        line = max(offset, min(line, offset + len(lines) - 1))  # "at stream end" -> last line
        notes.append(located(str(path), line, f"front matter ignored: {why}"))
        return {}, {}
    if raw is None:
        return {}, {}
    if not isinstance(raw, dict):
        notes.append(located(str(path), offset, "front matter ignored: not a mapping of keys"))
        return {}, {}
    where = {}
    for k in raw:
        n = line_of(raw, k)
        if n is not None:
            where[str(k)] = n + offset - 1
    return plain(raw), where
