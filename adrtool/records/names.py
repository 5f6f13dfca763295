"""ADR file names: which files are records, and the number and slug they carry. Pure."""

from __future__ import annotations

import re
from functools import lru_cache

_PLAIN_NUMBERED = re.compile(r"^(\d{3,5})[-_](.+)\.md$", re.IGNORECASE)
_ADR_PREFIXED = re.compile(r"^adr[-_ ]?(\d{1,5})(?:[-_ ](.+))?\.md$", re.IGNORECASE)
# log4brains "20200925-slug.md" and Jekyll-style "2020-09-25-slug.md": dated, no number.
DATED_NAME = re.compile(r"^((?:19|20)\d{2})-?(\d{2})-?(\d{2})[-_](.+)\.md$", re.IGNORECASE)
_NOT_RECORDS = {"template", "adr-template", "templates", "readme", "index"}
_DATED_OR_ADR = ("19", "20", "a", "A")  # the only starts DATED_NAME or _ADR_PREFIXED match


@lru_cache(maxsize=16384)  # folders are scanned more than once a run (list, new, parse)
def split_name(name: str) -> tuple[int | None, str, bool] | None:
    """(number, slug, dated) for a record file name, or None when it is not one."""
    if name.startswith(_DATED_OR_ADR):
        dated = DATED_NAME.match(name)
        if dated and not (1 <= int(dated.group(2)) <= 12 and 1 <= int(dated.group(3)) <= 31):
            dated = None
        m = None if dated else _ADR_PREFIXED.match(name) or _PLAIN_NUMBERED.match(name)
    else:  # neither a date (19xx, 20xx) nor "ADR-": only NNNN-slug.md can match
        dated = None
        m = _PLAIN_NUMBERED.match(name)
    if m:
        slug = m.group(2) or ""
        if slug.lower() in _NOT_RECORDS:
            return None
        return int(m.group(1)), slug, False
    if dated:
        if dated.group(4).lower() in _NOT_RECORDS:
            return None
        return None, name[:-3], True
    return None


def is_record_filename(name: str) -> bool:
    """True for ``NNNN-slug.md``, ``NNN-slug.md``, ``ADR-NNNN-slug.md``, ``YYYYMMDD-slug.md``."""
    return split_name(name) is not None


def number_from_filename(name: str) -> int | None:
    """The record number a file name carries (None for log4brains date names and non-records)."""
    parts = split_name(name)
    return parts[0] if parts else None


def slug_from_filename(name: str) -> str:
    """The file stem without its number (log4brains: the whole stem, as log4brains links it)."""
    parts = split_name(name)
    if parts is None:
        return name[:-3] if name.lower().endswith(".md") else name
    return parts[1]
