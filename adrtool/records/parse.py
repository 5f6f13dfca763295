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
from adrtool.records.links import (
    UNRESOLVED,
    link_kind,
    link_line,
    links_in,
    split_links,
    target_of,
)
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
_FM_LINK_KEYS = ("supersedes", "superseded_by", "superseded-by", "supercedes", "superceded_by")
_MADR_SECTIONS = ("context and problem statement", "decision outcome", "considered options")


_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|$)")
_SUPERSEDED_STATUS = re.compile(r"(superseded[ \t]+by|superceded[ \t]+by)\b", re.IGNORECASE)


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
            text = str(v).strip()
            if text.lower().endswith(".md") and "[" not in text and " " not in text:
                found.append(Link(key, *target_of("", text), line=line))  # a file name
            else:
                found.extend(links_in(key, text, line))
    return found


class _Body:
    """What one pass over the Markdown body found (before front matter is merged in).

    A plain class: a dataclass would cost half a millisecond at import, on every run."""

    __slots__ = (
        "title",
        "title_line",
        "status",
        "status_line",
        "status_words",
        "date",
        "links",
        "meta_keys",
        "headings",
    )

    def __init__(self) -> None:
        self.title: str | None = None
        self.title_line: int | None = None
        self.status: str | None = None  # a "Status:" line or bullet before the first section
        self.status_line: int | None = None
        self.status_words: list[tuple[str, int]] = []  # "## Status" section text
        self.date: str | None = None
        self.links: list[Link] = []
        self.meta_keys: set[str] = set()
        self.headings: list[str] = []


def _is_bullet(text: str) -> bool:
    return text[:1] in "*+-" and text[1:2] in (" ", "\t")


def _scan_body(lines: list[str], start: int) -> _Body:
    """One pass over the lines after the front matter; code blocks are skipped."""
    body = _Body()
    section = ""  # "status", "links" or "" (any other section, or none yet)
    seen_section = False
    fence: str | None = None
    for n, line in enumerate(lines[start:] if start else lines, start + 1):  # n: 1-based
        if fence is not None:
            if line.lstrip().startswith(fence):
                fence = None
            continue
        if not line or line.isspace():
            continue
        first = line[0]
        if first in "`~" or (first == " " and line.lstrip()[:1] in "`~"):
            opened = _FENCE.match(line)
            if opened:
                fence = opened.group(1)
                continue
        if first == "=" and body.title is None and n > start + 1 and not line.strip("= \t"):
            above = lines[n - 2].strip()
            if above and not above.startswith(("#", "```", "~~~")):
                body.title, body.title_line = above, n - 1  # setext: "Title" over "====="
                section = ""
                continue
        heading = _heading(line) if first == "#" else None
        if heading is not None:
            level, text = heading
            if not text:
                continue
            if level == 1 and body.title is None:
                body.title, body.title_line = text, n
                section = ""
                continue
            seen_section = True
            section = _on_heading(body, text, n)
        elif section == "links":
            stripped = line.strip()
            if _is_bullet(stripped):
                body.links.extend(link_line(stripped[2:].strip(), n) or ())
        elif section == "status":
            _on_status_line(body, line.strip(), n)
        elif not seen_section and first in "*-+_SsDdLlTtAa":
            _on_meta_line(body, line, n)
    return body


def _on_heading(body: _Body, text: str, n: int) -> str:
    """Record a section heading; return the kind of section it opens."""
    lowered = text.lower().rstrip(":")
    body.headings.append(lowered)
    if lowered == "status":
        return "status"
    if lowered in _LINK_SECTIONS:
        return "links"
    if lowered.startswith("status"):
        inline = _INLINE_STATUS.match(text)  # "## Status: Accepted"
        if inline and body.status is None:
            body.status_words.append((inline.group(1), n))
    return ""


def _on_status_line(body: _Body, stripped: str, n: int) -> None:
    """A line of a "## Status" section: a link line, or the status itself."""
    if _is_bullet(stripped):
        stripped = stripped[2:].strip()
    found = link_line(stripped, n)
    if found is not None:
        body.links.extend(found)
        return
    word = stripped.lstrip("*+- \t")
    meta = _META.match(word)
    if meta and meta.group(1).lower() == "status":
        word = meta.group(2).strip()
    if word:
        body.status_words.append((word, n))


def _on_meta_line(body: _Body, line: str, n: int) -> None:
    """``Status: accepted`` / ``* Date: 2020-01-01`` / ``- Supersedes [...]`` before any section."""
    meta = _META.match(line.strip())
    if not meta:
        return
    key = meta.group(1).lower()
    value = _clean_value(meta.group(2))
    body.meta_keys.add(key)
    if _is_bullet(line.lstrip()):
        body.meta_keys.add("bullets")
    if key == "status":
        if body.status is None:
            body.status, body.status_line = value, n
            body.links.extend(_superseded_in_status(value, n))
    elif key in ("date", "last updated"):
        if body.date is None:
            body.date = value
    elif key not in ("deciders", "decision-makers", "tags"):
        body.links.extend(links_in(meta.group(1), value, n))


def _superseded_in_status(value: str, line: int | None) -> list[Link]:
    """``superseded by [ADR-0005](0005-x.md)`` / ``superseded by ADR-0123`` -> links."""
    m = _SUPERSEDED_STATUS.match(value)
    return links_in(m.group(1), value[m.end() :], line) if m else []


def _split_front_matter(
    lines: list[str], path: PurePosixPath, notes: list[str]
) -> tuple[dict[str, Any], dict[str, int], int]:
    """(front matter with lower-case keys, key -> line, index of the first body line)."""
    if lines[0].rstrip() != "---":
        return {}, {}, 0
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            fm, where = read_front_matter(lines[1:i], path, 2, notes)
            return (
                {str(k).lower(): v for k, v in fm.items()},
                {k.lower(): v for k, v in where.items()},
                i + 1,
            )
    notes.append(located(str(path), 1, "front matter has no closing '---'; read as text"))
    return {}, {}, 0


def _number(
    parts: tuple[int | None, str, bool] | None, fm: dict[str, Any], in_title: int | None
) -> int:
    """From the file name, else ``number:`` in front matter, else the title; 0 if none."""
    if parts is not None and parts[0] is not None:
        return parts[0]
    value = fm.get("number")
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return in_title or 0


def parse_record(text: str, path: PurePosixPath) -> Record:
    """Read one ADR. ``path`` is relative to the repo root and only names things.

    Raises RecordError("<path>:<line>: ...") only when the text cannot be a record at all.
    """
    if not isinstance(path, PurePosixPath):  # callers sometimes hold a str
        path = PurePosixPath(path)
    bom = text.startswith("\ufeff")
    if bom:
        text = text[1:]
    if not text or text.isspace():
        raise RecordError(
            located(str(path), 1, "empty file; an ADR needs at least a '# Title' line")
        )
    lines = text.split("\n")
    newline = "\r\n" if lines[0].endswith("\r") else "\n"
    if "\r" in text:
        lines = [ln[:-1] if ln.endswith("\r") else ln for ln in lines]
    notes: list[str] = []
    fm, fm_lines, start = _split_front_matter(lines, path, notes)
    body = _scan_body(lines, start)
    raw_links = body.links

    # Title: the first H1, else front matter "title:".
    title, title_line, number_in_title = None, body.title_line, None
    if body.title is not None:
        title, number_in_title = split_title(body.title)
    elif isinstance(fm.get("title"), (str, int)) and str(fm["title"]).strip():
        title, number_in_title = split_title(str(fm["title"]))
        title_line = fm_lines.get("title")
    if not title:
        raise RecordError(
            located(str(path), start + 1, "no title; an ADR starts with a '# Title' heading")
        )

    # Status: front matter, else a "Status:" line or bullet, else the "## Status" section.
    status_raw, status_line = body.status, body.status_line
    if fm.get("status") is not None:
        status_raw, status_line = str(fm["status"]), fm_lines.get("status")
        raw_links.extend(_superseded_in_status(status_raw.strip(), status_line))
    elif status_raw is None and body.status_words:
        status_raw, status_line = body.status_words[0]
    for key in _FM_LINK_KEYS if fm else ():
        if fm.get(key) not in (None, "", []):
            raw_links.extend(_fm_links(key.replace("_", " "), fm[key], fm_lines.get(key)))
    status = normalise_status(_clean_value(status_raw) if status_raw is not None else None)
    superseded_by = [lk for lk in raw_links if link_kind(lk.label) == "superseded_by"]
    if superseded_by and status in (None, "accepted"):
        status = "superseded"  # a "Superseded by" link says more than a stale "Accepted"
        if status_line is None:
            status_line = superseded_by[0].line

    record_date = parse_date(fm["date"]) if "date" in fm else None
    if record_date is None and body.date is not None:
        record_date = parse_date(body.date)

    parts = split_name(path.name)
    supersedes_n, superseded_by_n, links = split_links(raw_links)
    return Record(
        number=_number(parts, fm, number_in_title),
        title=title,
        status=status,
        date=record_date,
        path=path,
        dialect=_dialect(fm, body.meta_keys, body.headings, parts),
        supersedes=supersedes_n,
        superseded_by=superseded_by_n,
        links=links,
        front_matter=fm,
        text=text,
        title_line=title_line,
        status_line=status_line,
        slug=parts[1] if parts else slug_from_filename(path.name),
        body_start_line=start + 1,
        raw_links=tuple(raw_links),
        notes=tuple(notes),
        newline=newline,
        bom=bom,
    )


def _dialect(
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
