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
from datetime import date
from pathlib import PurePosixPath
from typing import Any

from adrtool.errors import RecordError, located
from adrtool.records.model import Link, Record, normalise_status

# -- file names -------------------------------------------------------------------------

_NUMBERED = re.compile(r"^(?:adr[-_ ]?)?(\d{1,5})(?:[-_ ](.*))?\.md$", re.IGNORECASE)
_PLAIN_NUMBERED = re.compile(r"^(\d{3,5})[-_](.+)\.md$", re.IGNORECASE)
_ADR_PREFIXED = re.compile(r"^adr[-_ ]?(\d{1,5})(?:[-_ ](.+))?\.md$", re.IGNORECASE)
_DATED = re.compile(r"^((?:19|20)\d{2})(\d{2})(\d{2})[-_](.+)\.md$", re.IGNORECASE)
_NOT_RECORDS = {"template", "adr-template", "templates", "readme", "index"}


def _split_name(name: str) -> tuple[int | None, str, bool] | None:
    """(number, slug, dated) for a record file name, or None when it is not one."""
    m = _ADR_PREFIXED.match(name) or _PLAIN_NUMBERED.match(name)
    if m:
        slug = m.group(2) or ""
        if slug.lower() in _NOT_RECORDS:
            return None
        return int(m.group(1)), slug, False
    m = _DATED.match(name)
    if m and 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(3)) <= 31:
        if m.group(4).lower() in _NOT_RECORDS:
            return None
        return None, name[:-3], True
    return None


def is_record_filename(name: str) -> bool:
    """True for ``NNNN-slug.md``, ``NNN-slug.md``, ``ADR-NNNN-slug.md``, ``YYYYMMDD-slug.md``."""
    return _split_name(name) is not None


def number_from_filename(name: str) -> int | None:
    """The record number a file name carries (None for log4brains date names and non-records)."""
    parts = _split_name(name)
    return parts[0] if parts else None


def slug_from_filename(name: str) -> str:
    """The file stem without its number (log4brains: the whole stem, as log4brains links it)."""
    parts = _split_name(name)
    if parts is None:
        return name[:-3] if name.lower().endswith(".md") else name
    return parts[1]


# -- small value parsers ------------------------------------------------------------------

_ISO_DATE = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?![\d])")
_DMY_DATE = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})(?![\d])")


def parse_date(value: Any) -> date | None:
    """``YYYY-MM-DD`` (also ``YYYY/MM/DD``, ``DD.MM.YYYY``, a datetime) as a date, else None."""
    if isinstance(value, date):
        return value if type(value) is date else date(value.year, value.month, value.day)
    if not isinstance(value, str):
        return None
    text = value.strip().strip("\"'*_`[]{}").strip()
    m = _ISO_DATE.match(text)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        m = _DMY_DATE.match(text)
        if m:
            d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        else:
            named = _named_date(text)
            if named is None:
                return None
            y, mo, d = named
    try:
        return date(y, mo, d)
    except ValueError:
        return None


_MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{4})\b")
_MONTH_DAY_YEAR = re.compile(r"^([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")


def _named_date(text: str) -> tuple[int, int, int] | None:
    """``12 February 2016`` / ``Feb 12, 2016`` -> (2016, 2, 12)."""
    m = _DAY_MONTH_YEAR.match(text)
    if m and m.group(2).lower() in _MONTHS:
        return int(m.group(3)), _MONTHS[m.group(2).lower()], int(m.group(1))
    m = _MONTH_DAY_YEAR.match(text)
    if m and m.group(1).lower() in _MONTHS:
        return int(m.group(3)), _MONTHS[m.group(1).lower()], int(m.group(2))
    return None


_TITLE_PREFIX = re.compile(
    r"^(?:ADR[-_ ]?(\d+)\s*(?:[:.\-\u2013\u2014)]\s*|\s)"  # ADR-12: / ADR 12 - / ADR-0012
    r"|(\d+)(?:[.:)]\s*|\s+[-\u2013\u2014:]\s+))",  # 12. / 12: / 12 - Title
    re.IGNORECASE,
)


def split_title(raw: str) -> tuple[str, int | None]:
    """``"1. Record decisions"`` -> ("Record decisions", 1); the number prefix is optional."""
    text = raw.strip()
    m = _TITLE_PREFIX.match(text)
    if m:
        rest = text[m.end() :].strip()
        if rest:
            return rest, int(m.group(1) or m.group(2))
    return text, None


# -- links ----------------------------------------------------------------------------------

UNRESOLVED = -1  # Link.target of a file-named link whose number is not known yet

_SUPERSEDES = {"supersedes", "supercedes", "replaces"}
_SUPERSEDED_BY = {"superseded by", "superceded by", "replaced by", "superseded-by", "superseded_by"}
_MD_LINK = re.compile(r"\[([^\[\]]*)\]\(\s*<?([^()\s<>\[\]]+)>?(?:\s+\"[^\"]*\")?\s*\)")
# Every pattern here runs on untrusted lines: keep them free of nested or adjacent
# ambiguous quantifiers (no catastrophic backtracking on long lines).
_LABEL = re.compile(r"[A-Za-z][A-Za-z _-]*")  # used with fullmatch only
_BARE_SUPERSEDE = re.compile(
    r"(supersedes|supercedes|replaces|superseded[ \t_-]+by|superceded[ \t]+by|replaced[ \t]+by)"
    r"\b[ \t]*(?::[ \t]*)?(?=(?:ADR[-_ ]?|#)?\d)",
    re.IGNORECASE,
)
_NUMBER_REF = re.compile(r"(?:ADR[-_ ]?|#)(\d+)|^\s*(\d+)\b", re.IGNORECASE)


def link_kind(label: str) -> str:
    """ "supersedes", "superseded_by" or "link" for a link label as written."""
    key = " ".join(label.lower().replace("_", " ").replace("-", " ").split())
    if key in _SUPERSEDES:
        return "supersedes"
    if key in _SUPERSEDED_BY or key.replace(" ", "-") in _SUPERSEDED_BY:
        return "superseded_by"
    return "link"


def _target_of(text: str, target: str | None) -> tuple[int, str | None]:
    """(number or UNRESOLVED, file name or None) for a link's text and href."""
    file_name: str | None = None
    number: int | None = None
    if target and not target.startswith(("http://", "https://", "#", "mailto:")):
        file_name = PurePosixPath(target.split("#", 1)[0]).name or None
        if file_name and not file_name.lower().endswith(".md"):
            file_name = file_name + ".md" if _DATED.match(file_name + ".md") else file_name
        if file_name:
            number = number_from_filename(file_name)
    if number is None and not (file_name and _DATED.match(file_name)):
        m = _NUMBER_REF.search(text)
        if m:
            number = int(m.group(1) or m.group(2))
    return (UNRESOLVED if number is None else number), file_name


def links_in(label: str, rest: str, line: int | None) -> list[Link]:
    """The links in ``rest`` (Markdown links, or bare ``ADR-0003`` / ``3`` references)."""
    found = [
        Link(label, *_target_of(text, href), line=line) for text, href in _MD_LINK.findall(rest)
    ]
    if found:
        return found
    for part in re.split(r",|\band\b", rest):
        number, _ = _target_of(part, None)
        if number != UNRESOLVED:
            found.append(Link(label, number, None, line))
    return found


def _link_line(text: str, line: int) -> list[Link] | None:
    """``Supercedes [1. Foo](0001-foo.md)`` -> links; None when the line is not a link line."""
    i = text.find("[")
    if i > 0 and text[i - 1] in " \t:":
        label = text[:i].rstrip()
        if label.endswith(":"):
            label = label[:-1].rstrip()
        if label and _LABEL.fullmatch(label):
            found = links_in(label, text[i:], line)
            return found or None
    m = _BARE_SUPERSEDE.match(text)
    if m:
        return links_in(m.group(1), text[m.end() :], line) or None
    return None


# -- front matter ---------------------------------------------------------------------------

_SIMPLE_KEY = re.compile(r"^([A-Za-z_][\w-]*(?: +[\w-]+)*) *:(?: +(.*))?$")


class _NotSimple(Exception):
    """The front matter needs a real YAML parser."""


_YAML_NUMBER = re.compile(
    r"[-+]?(?:\.\d+|\d[\d_]*\.?\d*)(?:[eE][-+]?\d+)?|0[xXoObB][0-9a-fA-F_]+|[-+]?\.(?:inf|Inf|INF)"
    r"|\.(?:nan|NaN|NAN)|[-+]?\d[\d_]*(?::[0-5]?\d)+(?:\.\d*)?"
)


def _scalar(raw: str, in_flow: bool = False) -> Any:
    """One simple YAML scalar; raise _NotSimple whenever real YAML might read it differently."""
    if "\t" in raw:
        raise _NotSimple
    text = raw.strip()
    if not text:
        if in_flow:
            raise _NotSimple
        return None
    first = text[0]
    if first in "\"'":
        if len(text) < 2 or text[-1] != first:
            raise _NotSimple
        inner = text[1:-1]
        if first == '"':
            if "\\" in inner or '"' in inner:
                raise _NotSimple
            return inner
        if "'" in inner.replace("''", ""):
            raise _NotSimple
        return inner.replace("''", "'")
    if first == "#":
        if in_flow:
            raise _NotSimple
        return None  # a comment: no value
    if first == "[" and not in_flow:
        if not text.endswith("]"):
            raise _NotSimple
        body = text[1:-1].strip()
        return [_scalar(part, True) for part in body.split(",")] if body else []
    if not (first.isalnum() or first in "_(/") and text != "~":
        raise _NotSimple
    if " #" in text:
        if in_flow:
            raise _NotSimple
        text = text.split(" #", 1)[0].rstrip()
    if ": " in text or text.endswith(":"):
        raise _NotSimple
    if in_flow and any(c in text for c in "[]{}#"):
        raise _NotSimple
    if text in ("~", "null", "Null", "NULL"):
        return None
    if text in ("true", "True", "TRUE"):
        return True
    if text in ("false", "False", "FALSE"):
        return False
    if text.isdigit() and text.isascii():
        return int(text)
    if first.isdigit():
        if len(text) == 10 and _ISO_DATE.match(text) and text[4] == "-" and text[7] == "-":
            parsed = parse_date(text)
            if parsed is None:
                raise _NotSimple
            return parsed
        if _YAML_NUMBER.fullmatch(text) or _ISO_DATE.match(text):
            raise _NotSimple
    return text


def _simple_front_matter(lines: list[str]) -> tuple[dict[str, Any], dict[str, int]]:
    """Parse flat ``key: value`` front matter (plus ``- item`` lists); raise _NotSimple else."""
    data: dict[str, Any] = {}
    where: dict[str, int] = {}
    current: str | None = None
    for i, line in enumerate(lines):
        if "\t" in line:
            raise _NotSimple
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line[0] in " \t-":
            item = line.strip()
            if (
                current is None
                or not item.startswith("- ")
                or not (data[current] is None or isinstance(data[current], list))
            ):
                raise _NotSimple
            value = _scalar(item[2:])
            if isinstance(value, list):
                raise _NotSimple
            if data.get(current) is None:
                data[current] = []
            data[current].append(value)
            continue
        m = _SIMPLE_KEY.match(line)
        if not m:
            raise _NotSimple
        key = m.group(1).strip()
        if key in data:
            raise _NotSimple  # let the YAML parser report the duplicate
        data[key] = _scalar(m.group(2) or "")
        where[key] = i
        current = key
    return data, where


def _front_matter(
    lines: list[str], path: PurePosixPath, offset: int, notes: list[str]
) -> tuple[dict[str, Any], dict[str, int]]:
    """Front matter as plain data and key -> 1-based line; bad YAML becomes a note."""
    try:
        data, where = _simple_front_matter(lines)
        return data, {k: v + offset for k, v in where.items()}
    except _NotSimple:
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


def _is_md(name: str | None) -> bool:
    return bool(name) and str(name).lower().endswith(".md")


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
                more = [Link(key, *_target_of("", text), line=line)]
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
                fm, fm_lines = _front_matter(lines[1:i], path, 2, notes)
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
                found = _link_line(stripped[2:].strip(), n)
                if found:
                    raw_links.extend(
                        lk for lk in found if lk.target != UNRESOLVED or _is_md(lk.target_file)
                    )
            continue
        if in_status:
            stripped = line.strip()
            if stripped[:1] in "*+-" and stripped[1:2] == " ":
                stripped = stripped[2:].strip()
            found = _link_line(stripped, n)
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
    parts = _split_name(name)
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
