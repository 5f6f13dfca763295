"""Read one ADR from a string, whatever dialect it was written in. Pure: no file I/O.

Dialects: adr-tools/Nygard (``# 1. Title``, ``Date:``, ``## Status`` with link lines),
MADR 2 (``* Status:`` bullets), MADR 3/4 (YAML front matter), log4brains
(``YYYYMMDD-slug.md``, ``- Status:`` bullets), generic front matter (``title:``,
``number:``, ``supersedes:``), ``ADR-NNNN-slug.md`` and 3-digit names, CRLF, BOM.

Links that name a file (``[3. Foo](0003-foo.md)``) keep ``target_file``; when the file
name carries no number (log4brains) the link's ``target`` is -1 (UNRESOLVED) until
``store.load_folder`` resolves it against the folder.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Any

from adrtool.errors import RecordError, located
from adrtool.records.frontmatter import read_front_matter
from adrtool.records.links import UNRESOLVED, link_kind, link_line, links_in, target_of
from adrtool.records.model import Link, Record, normalise_status
from adrtool.records.names import (
    is_record_filename,
    number_from_filename,
    slug_from_filename,
    split_name,
)
from adrtool.records.values import parse_date, split_title

__all__ = [
    "UNRESOLVED",
    "is_record_filename",
    "link_kind",
    "links_in",
    "number_from_filename",
    "parse_date",
    "parse_record",
    "slug_from_filename",
    "split_title",
]

# -- the record -----------------------------------------------------------------------------

_META = re.compile(
    r"^(?:[*+-]\s+)?(?:\*\*|__)?"
    r"(status|date|last updated|deciders|decision-makers|tags|supersedes|supercedes|"
    r"superseded[ _-]by|superceded by|amends|amended by)"
    r"(?:\*\*|__)?\s*:(?:\*\*|__)?\s*(.*)$",
    re.IGNORECASE,
)
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_INLINE_STATUS = re.compile(r"^status\s*[:\-\u2013\u2014]\s*(\S.*)$", re.IGNORECASE)
_LINK_SECTIONS = ("links", "more information", "related decisions")
_MADR_SECTIONS = ("context and problem statement", "decision outcome", "considered options")


_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|$)")


def _clean_value(value: str) -> str:
    """Drop HTML comments (MADR's ``<!-- optional -->``) and a trailing full stop."""
    if "<!--" in value:
        value = _HTML_COMMENT.sub("", value)
    value = value.strip()
    return value[:-1].rstrip() if value.endswith((".", ";")) else value


def _heading(line: str) -> tuple[int, str] | None:
    """``"## Status ##"`` -> (2, "Status"); None when the line is not an ATX heading."""
    body = line.lstrip("#")
    level = len(line) - len(body)
    if not 1 <= level <= 6 or (body and body[0] not in " \t"):
        return None
    text = body.strip()
    if text.endswith("#"):
        bare = text.rstrip("#")
        if not bare or bare[-1] in " \t":
            text = bare.rstrip()
    return level, text


def _fm_links(key: str, value: Any, line: int | None) -> list[Link]:
    values = value if isinstance(value, list) else [value]
    found: list[Link] = []
    for v in values:
        if isinstance(v, bool) or v is None:
            continue
        if isinstance(v, int):
            found.append(Link(key, v, None, line))
        else:
            text = str(v)
            more = links_in(key, text, line)
            if not more and text.lower().endswith(".md"):
                more = [Link(key, *target_of("", text), line=line)]
            found.extend(more)
    return found


def parse_record(text: str, path: PurePosixPath) -> Record:
    """Read one ADR. ``path`` is relative to the repo root and only names things.

    Raises RecordError("<path>:<line>: ...") only when the text cannot be a record at all.
    """
    bom = text.startswith("\ufeff")
    if bom:
        text = text[1:]
    if not text.strip():
        raise RecordError(
            located(str(path), 1, "empty file; an ADR needs at least a '# Title' line")
        )
    lines = text.split("\n")
    newline = "\r\n" if lines[0].endswith("\r") else "\n"
    if "\r" in text:
        lines = [ln[:-1] if ln.endswith("\r") else ln for ln in lines]
    notes: list[str] = []

    # Front matter.
    fm: dict[str, Any] = {}
    fm_lines: dict[str, int] = {}
    start = 0
    if lines[0].rstrip() == "---":
        for i in range(1, len(lines)):
            if lines[i].rstrip() in ("---", "..."):
                fm, fm_lines = read_front_matter(lines[1:i], path, 2, notes)
                start = i + 1
                break
        else:
            notes.append(located(str(path), 1, "front matter has no closing '---'; read as text"))
    fm = {str(k).lower(): v for k, v in fm.items()}
    fm_lines = {k.lower(): v for k, v in fm_lines.items()}

    title: str | None = None
    title_line: int | None = None
    status_raw: str | None = None
    status_line: int | None = None
    date_raw: Any = None
    raw_links: list[Link] = []
    meta_keys: set[str] = set()
    headings: list[str] = []
    in_status = False
    in_links = False
    status_words: list[tuple[str, int]] = []
    fence: str | None = None
    seen_h2 = False

    for idx in range(start, len(lines)):
        line = lines[idx]
        n = idx + 1
        if fence is not None:
            if line.lstrip().startswith(fence):
                fence = None
            continue
        if not line or line.isspace():
            continue
        first = line[0]
        if first in "`~" or (first == " " and line.lstrip()[:1] in "`~"):
            fm_match = _FENCE.match(line)
            if fm_match:
                fence = fm_match.group(1)
                continue
        if first == "=" and title is None and idx > start and not line.strip("= \t"):
            above = lines[idx - 1].strip()
            if above and not above.startswith(("#", "```", "~~~")):
                title, title_line = above, n - 1  # setext heading: "Title" over "====="
                in_status = in_links = False
                continue
        if first == "#":
            h = _heading(line)
            if h:
                level, heading = h
                if not heading:
                    continue
                if level == 1 and title is None:
                    title, title_line = heading, n
                    in_status = in_links = False
                    continue
                seen_h2 = True
                lowered = heading.lower().rstrip(":")
                headings.append(lowered)
                in_status = lowered == "status"
                in_links = lowered in _LINK_SECTIONS
                if lowered.startswith("status") and not in_status:
                    inline = _INLINE_STATUS.match(heading)
                    if inline and status_raw is None:  # "## Status: Accepted"
                        status_words.append((inline.group(1), n))
                continue
        if in_links:
            stripped = line.strip()
            if stripped[:1] in "*+-" and stripped[1:2] == " ":
                found = link_line(stripped[2:].strip(), n)
                if found:
                    raw_links.extend(found)
            continue
        if in_status:
            stripped = line.strip()
            if stripped[:1] in "*+-" and stripped[1:2] == " ":
                stripped = stripped[2:].strip()
            found = link_line(stripped, n)
            if found is not None:
                raw_links.extend(found)
            else:
                word = stripped.lstrip("*+- \t")
                m = _META.match(word)
                if m and m.group(1).lower() == "status":
                    word = m.group(2).strip()
                if word:
                    status_words.append((word, n))
            continue
        if not seen_h2 and (first in "*-+_SsDdLlTtAa"):
            m = _META.match(line.strip())
            if m:
                key = m.group(1).lower()
                value = _clean_value(m.group(2))
                meta_keys.add(key)
                if line.lstrip()[:1] in "*+-" and line.lstrip()[1:2] in (" ", "\t"):
                    meta_keys.add("bullets")
                if key == "status":
                    if status_raw is None:
                        status_raw, status_line = value, n
                        kind_m = re.match(r"^(superseded by|superceded by)\b", value, re.I)
                        if kind_m:
                            raw_links.extend(links_in(kind_m.group(1), value[kind_m.end() :], n))
                elif key in ("date", "last updated"):
                    if date_raw is None:
                        date_raw = value
                elif key in ("deciders", "decision-makers", "tags"):
                    pass
                else:
                    raw_links.extend(links_in(m.group(1), value, n))

    # Title.
    fm_title = fm.get("title")
    number_in_title: int | None = None
    if title is not None:
        title, number_in_title = split_title(title)
    elif isinstance(fm_title, (str, int)) and str(fm_title).strip():
        title, number_in_title = split_title(str(fm_title))
        title_line = fm_lines.get("title")
    if not title:
        raise RecordError(
            located(str(path), start + 1, "no title; an ADR starts with a '# Title' heading")
        )

    # Status: front matter, then bullets/"Status:" lines, then the ## Status section.
    if "status" in fm and fm["status"] is not None:
        fm_status = str(fm["status"])
        status_raw, status_line = fm_status, fm_lines.get("status")
        kind_m = re.match(r"^\s*(superseded by|superceded by)\b", fm_status, re.I)
        if kind_m:
            raw_links.extend(links_in(kind_m.group(1), fm_status[kind_m.end() :], status_line))
    elif status_raw is None and status_words:
        status_raw, status_line = status_words[0]
    for key in ("supersedes", "superseded_by", "superseded-by", "supercedes", "superceded_by"):
        if key in fm and fm[key] not in (None, "", []):
            raw_links.extend(_fm_links(key.replace("_", " "), fm[key], fm_lines.get(key)))
    if status_raw is not None:
        status_raw = _clean_value(status_raw)
    status = normalise_status(status_raw)
    superseded = [lk for lk in raw_links if link_kind(lk.label) == "superseded_by"]
    if superseded and status in (None, "accepted"):
        status = "superseded"
        if status_line is None:
            status_line = superseded[0].line

    # Date.
    record_date = parse_date(fm["date"]) if "date" in fm else None
    if record_date is None and date_raw is not None:
        record_date = parse_date(date_raw)

    # Number.
    name = path.name
    parts = split_name(name)
    number: int | None = parts[0] if parts else None
    if number is None:
        fm_number = fm.get("number")
        if isinstance(fm_number, int) and not isinstance(fm_number, bool):
            number = fm_number
        elif isinstance(fm_number, str) and fm_number.strip().isdigit():
            number = int(fm_number)
        else:
            number = number_in_title
    slug = parts[1] if parts else slug_from_filename(name)

    # Dialect.
    dialect = _dialect(name, fm, meta_keys, headings, parts)

    supersedes: list[int] = []
    superseded_by: list[int] = []
    links: list[Link] = []
    for lk in raw_links:
        kind = link_kind(lk.label)
        if kind == "supersedes":
            if lk.target != UNRESOLVED and lk.target not in supersedes:
                supersedes.append(lk.target)
        elif kind == "superseded_by":
            if lk.target != UNRESOLVED and lk.target not in superseded_by:
                superseded_by.append(lk.target)
        else:
            links.append(lk)

    return Record(
        number=number or 0,
        title=title,
        status=status,
        date=record_date,
        path=path,
        dialect=dialect,
        supersedes=tuple(supersedes),
        superseded_by=tuple(superseded_by),
        links=tuple(links),
        front_matter=fm,
        text=text,
        title_line=title_line,
        status_line=status_line,
        slug=slug,
        body_start_line=start + 1,
        raw_links=tuple(raw_links),
        notes=tuple(notes),
        newline=newline,
        bom=bom,
    )


def _dialect(
    name: str,
    fm: dict[str, Any],
    meta_keys: set[str],
    headings: list[str],
    parts: tuple[int | None, str, bool] | None,
) -> str:
    if parts is not None and parts[2]:
        return "log4brains"
    if fm:
        if "decision-makers" in fm:
            return "madr4"
        if "deciders" in fm:
            return "madr3"
        if any(
            k in fm for k in ("title", "number", "supersedes", "superseded_by", "superseded-by")
        ):
            return "frontmatter"
        if any(h in _MADR_SECTIONS for h in headings):
            return "madr4"
        return "frontmatter"
    if "status" in headings:
        return "nygard"
    if "bullets" in meta_keys:
        return "madr2"
    if "status" in meta_keys or "date" in meta_keys:
        return "nygard"
    return "unknown"
