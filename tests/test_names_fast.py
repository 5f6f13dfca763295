"""split_name's shortcut (names that cannot be dated or ADR-prefixed) agrees with the full rules."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from adrtool.records import names
from adrtool.records.names import split_name


def full_rules(name: str) -> tuple[int | None, str, bool] | None:
    """split_name without the shortcut: all three patterns, dated first."""
    dated = names.DATED_NAME.match(name)
    if dated and not (1 <= int(dated.group(2)) <= 12 and 1 <= int(dated.group(3)) <= 31):
        dated = None
    m = None if dated else names._ADR_PREFIXED.match(name) or names._PLAIN_NUMBERED.match(name)
    if m:
        slug = m.group(2) or ""
        if slug.lower() in names._NOT_RECORDS:
            return None
        return int(m.group(1)), slug, False
    if dated:
        if dated.group(4).lower() in names._NOT_RECORDS:
            return None
        return None, name[:-3], True
    return None


NAME_PARTS = st.sampled_from(
    ["", " "]
    + [
        "0",
        "1",
        "2",
        "9",
        "19",
        "20",
        "200",
        "2020",
        "0001",
        "12345",
        "123456",
        "adr",
        "ADR",
        "a",
        "A",
        "-",
        "_",
        "01",
        "13",
        "32",
        "x",
        "readme",
        "template",
        "index",
        ".md",
        ".MD",
        "md",
        "é",
        "٣",
        "²",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(NAME_PARTS, max_size=7).map("".join))
def test_the_shortcut_agrees_with_the_full_rules(name: str) -> None:
    assert split_name(name) == full_rules(name)


def test_examples() -> None:
    assert split_name("0001-record.md") == (1, "record", False)
    assert split_name("2020-09-25-slug.md") == (None, "2020-09-25-slug", True)
    assert split_name("20200925-slug.md") == (None, "20200925-slug", True)
    assert split_name("2020-use-x.md") == (2020, "use-x", False)  # no date after the year
    assert split_name("ADR-12-x.md") == (12, "x", False)
    assert split_name("adr_3.md") == (3, "", False)
    assert split_name("0001-readme.md") is None
    assert split_name("notes.md") is None
    assert re.match(r"^\d", "٣")  # a non-ASCII digit: the plain pattern decides, as before
    assert split_name("٣٣٣-x.md") == full_rules("٣٣٣-x.md")
