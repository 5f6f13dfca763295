"""Small value parsers for ADR metadata: dates and numbered titles. Pure."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

# -- dates ------------------------------------------------------------------

ISO_DATE = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?![\d])")
# Patterns used only when a date is not ISO stay strings (compiled on first use, by re's
# cache): compiling them at import would cost every run a few tenths of a millisecond.
_DMY_DATE = r"^\s*(\d{1,2})([./])(\d{1,2})[./](\d{4})(?![\d])"


def parse_date(value: Any) -> date | None:
    """``YYYY-MM-DD`` as a date; else None. Also ``YYYY/MM/DD``, ``DD.MM.YYYY``, a datetime,
    ``12 February 2016``, and ``DD/MM/YYYY``, which adr-tools wrote before it switched to
    ISO dates (read as ``MM/DD/YYYY`` only when the second number cannot be a month)."""
    if isinstance(value, date):
        return value if type(value) is date else date(value.year, value.month, value.day)
    if not isinstance(value, str):
        return None
    text = value.strip().strip("\"'*_`[]{}").strip()
    m = ISO_DATE.match(text)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        m = re.match(_DMY_DATE, text)
        if m:
            d, mo, y = int(m.group(1)), int(m.group(3)), int(m.group(4))
            if m.group(2) == "/" and mo > 12 >= d:  # 02/21/2017: US order
                d, mo = mo, d
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
_DAY_MONTH_YEAR = r"^(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{4})\b"
_MONTH_DAY_YEAR = r"^([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b"


def _named_date(text: str) -> tuple[int, int, int] | None:
    """``12 February 2016`` / ``Feb 12, 2016`` -> (2016, 2, 12)."""
    m = re.match(_DAY_MONTH_YEAR, text)
    if m and m.group(2).lower() in _MONTHS:
        return int(m.group(3)), _MONTHS[m.group(2).lower()], int(m.group(1))
    m = re.match(_MONTH_DAY_YEAR, text)
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
