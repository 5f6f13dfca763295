"""Pure unit tests of the ADR reader (no files): names, titles, statuses, dates, links."""

from __future__ import annotations

import contextlib
import time
from datetime import date
from pathlib import Path, PurePosixPath

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from adrtool.errors import ConfigError, RecordError
from adrtool.records.frontmatter import NotSimple, simple_front_matter
from adrtool.records.model import normalise_status
from adrtool.records.parse import (
    UNRESOLVED,
    is_record_filename,
    number_from_filename,
    parse_date,
    parse_record,
    slug_from_filename,
    split_title,
)
from adrtool.yamlio import load_yaml, plain

P = PurePosixPath("docs/decisions/0007-example.md")


def parse(text: str, path: PurePosixPath = P):
    return parse_record(text, path)


@pytest.mark.parametrize(
    ("name", "is_record", "number", "slug"),
    [
        ("0001-record-architecture-decisions.md", True, 1, "record-architecture-decisions"),
        ("0000-use-madr.md", True, 0, "use-madr"),
        ("001-three-digits.md", True, 1, "three-digits"),
        ("12345-five-digits.md", True, 12345, "five-digits"),
        ("ADR-0042-prefixed.md", True, 42, "prefixed"),
        ("adr-7-lower.md", True, 7, "lower"),
        ("adr_0003_underscores.md", True, 3, "underscores"),
        ("0004_underscore.md", True, 4, "underscore"),
        ("20200925-use-log4brains.md", True, None, "20200925-use-log4brains"),
        ("2020-09-25-jekyll-style.md", True, None, "2020-09-25-jekyll-style"),
        ("2020-use-a-year-number.md", True, 2020, "use-a-year-number"),
        ("2020-13-01-not-a-date.md", True, 2020, "13-01-not-a-date"),
        ("README.md", False, None, None),
        ("index.md", False, None, None),
        ("template.md", False, None, None),
        ("adr-template.md", False, None, None),
        ("0000-template.md", False, None, None),
        ("20200101-template.md", False, None, None),
        ("templates", False, None, None),
        ("0001-notes.txt", False, None, None),
        ("0001-notes.md.bak", False, None, None),
        ("01-too-short.md", False, None, None),
        ("20201345-bad-month.md", False, None, None),
        ("decision-log.md", False, None, None),
        ("0001.md", False, None, None),
    ],
)
def test_file_names(name, is_record, number, slug):
    assert is_record_filename(name) is is_record
    assert number_from_filename(name) == number
    if slug is not None:
        assert slug_from_filename(name) == slug


@pytest.mark.parametrize(
    ("raw", "title", "number"),
    [
        ("1. Record architecture decisions", "Record architecture decisions", 1),
        ("12. Use PostgreSQL", "Use PostgreSQL", 12),
        ("ADR-0005: Use Kafka", "Use Kafka", 5),
        ("ADR 5 - Use Kafka", "Use Kafka", 5),
        ("ADR-0003 Use Spring", "Use Spring", 3),
        ("adr 12: lower case", "lower case", 12),
        ("0042 - Dash separated", "Dash separated", 42),
        ("3) Paren", "Paren", 3),
        ("Caching: use Redis", "Caching: use Redis", None),
        ("2024 roadmap", "2024 roadmap", None),
        ("Use HTTP/2", "Use HTTP/2", None),
        ("ADRs are great", "ADRs are great", None),
        ("1.", "1.", None),
    ],
)
def test_split_title(raw, title, number):
    assert split_title(raw) == (title, number)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2016-02-12", date(2016, 2, 12)),
        ("2016/02/12", date(2016, 2, 12)),
        ("2016-2-3", date(2016, 2, 3)),
        ("12.02.2016", date(2016, 2, 12)),
        ("21/02/2017", date(2017, 2, 21)),  # adr-tools before ISO dates: day first
        ("01/09/2021", date(2021, 9, 1)),
        ("02/21/2017", date(2017, 2, 21)),  # only US order makes sense
        ("31/31/2017", None),
        ("2020-01-01T10:00:00Z", date(2020, 1, 1)),
        ('"2020-01-01"', date(2020, 1, 1)),
        ("2020-01-01 (updated)", date(2020, 1, 1)),
        (date(2021, 5, 6), date(2021, 5, 6)),
        ("2021-02-30", None),
        ("[YYYY-MM-DD when the decision was last updated]", None),
        ("{YYYY-MM-DD when the decision was last updated}", None),
        ("TBD", None),
        ("", None),
        (None, None),
        (20200101, None),
    ],
)
def test_parse_date(value, expected):
    assert parse_date(value) == expected


def _nygard(status_block: str) -> str:
    return f"# 7. Example\n\nDate: 2020-01-01\n\n## Status\n\n{status_block}\n\n## Context\n\nx\n"


@pytest.mark.parametrize(
    ("status_block", "status"),
    [
        ("Accepted", "accepted"),
        ("accepted", "accepted"),
        ("ACCEPTED", "accepted"),
        ("**Accepted**", "accepted"),
        ("Accepted on 2020-02-01", "accepted"),
        ("Proposed", "proposed"),
        ("Rejected", "rejected"),
        ("Deprecated", "deprecated"),
        ("Superseded", "superseded"),
        ("Superceded", "superseded"),
        ("Draft", "Draft"),
        ("Work in progress", "Work in progress"),
        ("Status: Accepted", "accepted"),
        ("- Accepted", "accepted"),
        ("Superceded by [8. New](0008-new.md)", "superseded"),
        ("Superseded by [8. New](0008-new.md)", "superseded"),
        ("Accepted\n\nSuperseded by [8. New](0008-new.md)", "superseded"),
        ("Proposed\n\nSuperseded by [8. New](0008-new.md)", "proposed"),
        ("Accepted\n\nAmended by [8. New](0008-new.md)", "accepted"),
        ("", None),
    ],
)
def test_nygard_status(status_block, status):
    assert parse(_nygard(status_block)).status == status


@pytest.mark.parametrize(
    ("line", "supersedes", "superseded_by", "links"),
    [
        ("Supercedes [1. Old](0001-old.md)", (1,), (), []),
        ("Supersedes [1. Old](0001-old.md)", (1,), (), []),
        ("Superceded by [9. New](0009-new.md)", (), (9,), []),
        ("Superseded by [9. New](0009-new.md)", (), (9,), []),
        ("Superseded by ADR-0009", (), (9,), []),
        ("Supersedes ADR 3 and ADR 4", (3, 4), (), []),
        ("Supersedes [ADR-0001](0001-a.md), [ADR-0002](0002-b.md)", (1, 2), (), []),
        ("Amends [2. Foo](0002-foo.md)", (), (), [("Amends", 2, "0002-foo.md")]),
        ("Amended by [3. Bar](./0003-bar.md)", (), (), [("Amended by", 3, "0003-bar.md")]),
        ("Clarifies [2. Foo](0002-foo.md#context)", (), (), [("Clarifies", 2, "0002-foo.md")]),
        ("Relates to [x](20200101-x.md)", (), (), [("Relates to", UNRESOLVED, "20200101-x.md")]),
        # a title with brackets, as adr-tools and adrtool write it into the link text
        ("Supersedes [2. Use [Kafka] now](0002-use-kafka-now.md)", (2,), (), []),
        ("Amends [4. Fix (the) [thing]](0004-fix-the-thing.md)", (), (),
         [("Amends", 4, "0004-fix-the-thing.md")]),
    ],
)
def test_status_section_links(line, supersedes, superseded_by, links):
    r = parse(_nygard(f"Accepted\n\n{line}"))
    assert r.supersedes == supersedes
    assert r.superseded_by == superseded_by
    assert [(lk.label, lk.target, lk.target_file) for lk in r.links] == links
    assert r.raw_links and all(lk.line == 9 for lk in r.raw_links)


def test_nygard_record_fields():
    r = parse(_nygard("Accepted\n\nSupercedes [1. Old](0001-old.md)"))
    assert (r.number, r.title, r.status, r.date, r.dialect) == (
        7,
        "Example",
        "accepted",
        date(2020, 1, 1),
        "nygard",
    )
    assert (r.title_line, r.status_line, r.slug, r.body_start_line) == (1, 7, "example", 1)
    assert r.path == P
    assert r.to_json()["supersedes"] == [1]


@pytest.mark.parametrize(
    ("front", "status", "day", "superseded_by"),
    [
        ("status: accepted\ndate: 2024-01-01", "accepted", date(2024, 1, 1), ()),
        ('status: "accepted"\ndate: "2024-01-01"', "accepted", date(2024, 1, 1), ()),
        ("status: 'Accepted'\ndate: '2024/01/01'", "accepted", date(2024, 1, 1), ()),
        ('status: "superseded by ADR-0123"', "superseded", None, (123,)),
        ("status: superseded by [ADR-0005](0005-example.md)", "superseded", None, (5,)),
        ("status: proposed # still open\ndate: ~", "proposed", None, ()),
        ("status: Under review", "Under review", None, ()),
        ("status:\ndate: 2024-01-01", None, date(2024, 1, 1), ()),
        ("status: accepted\ndate: 2024-01-01T09:30:00", "accepted", date(2024, 1, 1), ()),
        ("status: accepted\nsuperseded_by: 9", "superseded", None, (9,)),
        ("status: accepted\nsuperseded-by: '[ADR-0009](0009-x.md)'", "superseded", None, (9,)),
    ],
)
def test_front_matter_status_and_date(front, status, day, superseded_by):
    r = parse(f"---\n{front}\n---\n\n# Title\n\nBody.\n")
    assert (r.status, r.date, r.superseded_by) == (status, day, superseded_by)
    assert r.title == "Title" and r.title_line == len(front.splitlines()) + 4
    assert r.notes == ()


@pytest.mark.parametrize(
    ("front", "dialect"),
    [
        ("status: accepted\ndecision-makers: Ana", "madr4"),
        ("status: accepted\ndeciders: Ana", "madr3"),
        ("title: Foo\nstatus: accepted", "frontmatter"),
        ("status: accepted\nsupersedes: [1]", "frontmatter"),
        ("status: accepted", "frontmatter"),
    ],
)
def test_front_matter_dialect(front, dialect):
    assert parse(f"---\n{front}\n---\n# Foo\n").dialect == dialect


def test_madr4_without_maker_keys_is_madr4_by_sections():
    text = "---\nstatus: accepted\n---\n# Foo\n\n## Context and Problem Statement\n\nx\n"
    assert parse(text).dialect == "madr4"


def test_front_matter_needing_real_yaml_falls_back_to_the_yaml_loader():
    text = (
        "---\nstatus: accepted\nconsulted: >\n  many\n  people\n"
        "supersedes:\n  - 3\n  - 0004-x.md\n---\n# Foo\n"
    )
    r = parse(text)
    assert r.front_matter["consulted"] == "many people\n"
    assert r.supersedes == (3, 4)
    assert r.status == "accepted"


def test_bad_front_matter_is_a_note_not_an_error():
    r = parse("---\nstatus: [accepted\n  bad: :\n---\n# Still a record\n")
    assert r.title == "Still a record"
    assert len(r.notes) == 1
    assert r.notes[0].startswith("docs/decisions/0007-example.md:")
    assert "front matter ignored: invalid YAML" in r.notes[0]


def test_unclosed_front_matter_is_read_as_text():
    r = parse("---\nstatus: accepted\n\n# Title\n")
    assert r.title == "Title"
    assert r.notes == (
        "docs/decisions/0007-example.md:1: front matter has no closing '---'; read as text",
    )


def test_front_matter_title_without_heading():
    r = parse('---\ntitle: "ADR-12: Keys: rotate monthly"\nstatus: accepted\n---\nBody\n')
    assert (r.title, r.title_line, r.number) == ("Keys: rotate monthly", 2, 7)


def test_number_falls_back_to_front_matter_then_title():
    log4 = PurePosixPath("adr/20200101-foo.md")
    assert parse("---\nnumber: 12\n---\n# Foo\n", log4).number == 12
    assert parse("# 5. Foo\n", log4).number == 5
    assert parse("# Foo\n", log4).number == 0  # load_folder numbers it
    assert parse("# Foo\n", log4).slug == "20200101-foo"


@pytest.mark.parametrize(
    ("text", "status", "day", "dialect"),
    [
        ("# T\n\n* Status: accepted\n* Date: 2020-01-01\n", "accepted", date(2020, 1, 1), "madr2"),
        ("# T\n\n- Status: Proposed\n- Date: 2020-01-01\n", "proposed", date(2020, 1, 1), "madr2"),
        ("# T\n\n* **Status**: accepted\n", "accepted", None, "madr2"),
        ("# T\n\n**Status:** accepted\n", "accepted", None, "nygard"),
        ("# T\n\nStatus: accepted\nDate: 2020-01-01\n", "accepted", date(2020, 1, 1), "nygard"),
        ("# T\n\n* Status: [proposed | accepted]\n", "[proposed | accepted]", None, "madr2"),
        ("# T\n\nSome text.\n", None, None, "unknown"),
        ("# T\n\n## Context\n\n* Status: accepted\n", None, None, "unknown"),
    ],
)
def test_bullet_and_line_metadata(text, status, day, dialect):
    r = parse(text)
    assert (r.status, r.date, r.dialect) == (status, day, dialect)


def test_madr2_superseded_status_with_link():
    r = parse("# T\n\n* Status: superseded by [ADR-0005](0005-x.md)\n* Date: 2020-01-01\n")
    assert (r.status, r.superseded_by, r.status_line) == ("superseded", (5,), 3)
    assert r.raw_links[0].target_file == "0005-x.md"


def test_crlf_and_bom():
    text = "\ufeff# 3. Windows\r\n\r\nDate: 2020-01-01\r\n\r\n## Status\r\n\r\nAccepted\r\n"
    r = parse(text)
    assert (r.title, r.status, r.date, r.newline, r.bom) == (
        "Windows",
        "accepted",
        date(2020, 1, 1),
        "\r\n",
        True,
    )
    assert r.text == text[1:]


def test_code_fences_hide_headings():
    text = "```\n# Not a title\n```\n\n# Real title\n\n~~~\n## Status\nRejected\n~~~\n"
    r = parse(text)
    assert (r.title, r.title_line, r.status) == ("Real title", 5, None)


def test_title_with_colon_and_trailing_hashes():
    assert parse("# 7. Storage: use S3 ##\n").title == "Storage: use S3"


def test_h2_only_is_not_a_title():
    with pytest.raises(RecordError) as e:
        parse("## Only a section\n\ntext\n")
    assert (
        str(e.value)
        == "docs/decisions/0007-example.md:1: no title; an ADR starts with a '# Title' heading"
    )


@pytest.mark.parametrize("text", ["", "\n\n  \n", "\ufeff", "\ufeff\r\n"])
def test_empty_file_is_an_error(text):
    with pytest.raises(RecordError) as e:
        parse(text)
    assert str(e.value) == (
        "docs/decisions/0007-example.md:1: empty file; an ADR needs at least a '# Title' line"
    )
    assert e.value.exit_code == 2


def test_no_title_after_front_matter_names_the_body_line():
    with pytest.raises(RecordError) as e:
        parse("---\nstatus: accepted\n---\nno heading here\n")
    assert str(e.value).startswith("docs/decisions/0007-example.md:4: no title")


def test_huge_line_is_read():
    long = "x" * 2_000_000
    r = parse(f"# 7. Big\n\n## Status\n\nAccepted\n\n## Context\n\n{long}\n")
    assert (r.title, r.status) == ("Big", "accepted")


def test_title_wins_over_front_matter_title():
    r = parse("---\ntitle: From front matter\n---\n# 7. From heading\n")
    assert (r.title, r.title_line) == ("From heading", 4)


LINKS_SECTION = """# Use X

* Status: accepted

## Context

Supersedes [ADR-0009](0009-not-a-link-line-here.md) in prose is not metadata.

## {heading}

* Refined by [ADR-0005](0005-example.md)
* See [the RFC](https://example.com/rfc)
- Supersedes [ADR-0002](0002-old.md)
* Relates to [log](20200101-log.md)
* plain text bullet
"""


@pytest.mark.parametrize("heading", ["Links", "More Information", "Related decisions"])
def test_links_in_madr_link_sections(heading):
    r = parse(LINKS_SECTION.format(heading=heading))
    assert r.supersedes == (2,)
    assert [(lk.label, lk.target, lk.target_file, lk.line) for lk in r.links] == [
        ("Refined by", 5, "0005-example.md", 11),
        ("Relates to", UNRESOLVED, "20200101-log.md", 14),
    ]
    assert r.status == "accepted"


def test_bullets_in_the_status_section():
    r = parse("# 1. A\n\n## Status\n\n* Accepted\n* Supercedes [2. B](0002-b.md)\n")
    assert (r.status, r.supersedes, r.status_line) == ("accepted", (2,), 5)


def test_setext_title():
    r = parse("7. Underlined title\n===================\n\nStatus: accepted\n")
    assert (r.title, r.title_line, r.number, r.status) == ("Underlined title", 1, 7, "accepted")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12 February 2016", date(2016, 2, 12)),
        ("12th Feb 2016", date(2016, 2, 12)),
        ("February 12, 2016", date(2016, 2, 12)),
        ("Sept 3 2021", date(2021, 9, 3)),
        ("31 February 2016", None),
        ("12 Brumaire 2016", None),
    ],
)
def test_dates_with_month_names(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("line", "status"),
    [
        ("* Status: accepted <!-- optional -->", "accepted"),
        ("* Status: Accepted.", "accepted"),
        ("* Status: <!-- proposed | accepted -->", None),
        ("* Status: on hold; waiting for legal", "on hold; waiting for legal"),
    ],
)
def test_status_values_are_cleaned(line, status):
    assert parse(f"# T\n\n{line}\n").status == status


@pytest.mark.parametrize(
    ("heading", "status"),
    [("## Status: Accepted", "accepted"), ("### Status - Rejected", "rejected")],
)
def test_status_in_the_heading(heading, status):
    r = parse(f"# 7. T\n\n{heading}\n\n## Context\n\nx\n")
    assert (r.status, r.status_line) == (status, 3)


def test_empty_h1_is_skipped():
    r = parse("#\n\n# \n\n# Real\n\n* Status: accepted\n")
    assert (r.title, r.status) == ("Real", "accepted")


# The fast front-matter reader must agree with the real YAML loader whenever it answers.
_fm_values = st.one_of(
    st.text(alphabet="aZ09 -_.:#'\"[],{}!&*|>%@`~?\t", max_size=12),
    st.text(alphabet="ayZ019 -.:/é", max_size=14),
    st.from_regex(r"\A[0-9]{1,4}[-./:][0-9]{1,2}([-./:][0-9]{1,4})?\Z"),
    st.sampled_from(
        [
            "yes",
            "no",
            "null",
            "~",
            "TRUE",
            "1e3",
            "0x1F",
            "0o17",
            "1_000",
            ".inf",
            "-.5",
            "+1",
            "1:30",
            "2024-02-30",
            "2024-01-01T10:00:00Z",
            "[1, 2]",
            "[a, 'b, c']",
            "[]",
            "[a, ]",
        ]
    ),
)


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["status", "date", "title", "number", "deciders", "supersedes"]),
        st.one_of(_fm_values, st.lists(_fm_values, max_size=3)),
        min_size=1,
        max_size=4,
    )
)
def test_simple_front_matter_agrees_with_yaml(data):
    lines = []
    for key, value in data.items():
        if isinstance(value, list):
            lines.append(f"{key}:")
            lines.extend(f"  - {v}" for v in value)
        else:
            lines.append(f"{key}: {value}")
    try:
        mine, _ = simple_front_matter(lines)
    except NotSimple:
        return
    try:
        theirs = plain(load_yaml(Path("x.md"), "\n".join(lines) + "\n"))
    except ConfigError:
        pytest.fail(f"fast reader accepted what YAML rejects: {lines!r} -> {mine!r}")
    assert mine == theirs, lines


N = 50_000
ADVERSARIAL = {
    "status word with spaces": "# 1. A\n\n## Status\n\na" + " " * N + "x\n",
    "heading hashes": "# A" + " #" * N + " x\n",
    "heading spaces": "# A" + " " * N + "x\n",
    "meta key spaces": "# A\n\n* Status" + " " * N + "x\n",
    "open links": "# 1. A\n\n## Status\n\nSupersedes " + "[a](" * (N // 4) + "\n",
    "open brackets": "# 1. A\n\n## Status\n\nAmends " + "[" * N + "\n",
    "bare supersede": "# 1. A\n\n## Status\n\nSupersedes" + " -" * N + "\n",
    "superseded by spaces": "# 1. A\n\n## Status\n\nSuperseded by" + " " * N + "x\n",
    "link bullet": "# A\n\n## Links\n\n* a" + " " * N + "x\n",
    "title prefix": "# ADR" + " " * N + "x\n",
    "number prefix": "# 12" + " " * N + "x\n",
    "link hrefs": "# 1. A\n\n## Status\n\nAmends [" + "](" * N + "\n",
    "front matter key": "---\nkey" + " " * N + "x\n---\n# A\n",
    "front matter words": "---\ntitle: " + "a " * N + "\n---\n",
    "html comments": "# A\n\n* Status: " + "<!--" * N + "\n",
    "dates": "# A\n\n* Date: " + "1" * N + "\n",
    "commas": "# 1. A\n\n## Status\n\nSupersedes 1" + ", and" * N + "\n",
}


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_long_hostile_lines_are_linear(name):
    start = time.perf_counter()
    with contextlib.suppress(RecordError):
        parse(ADVERSARIAL[name])
    assert time.perf_counter() - start < 0.5


@pytest.mark.parametrize(
    ("line", "status", "links"),
    [
        ("See [the minutes](https://wiki.example.com/adr-7)", "accepted", []),
        ("Diagram: [png](diagram.png)", "accepted", []),
        ("Relates to [notes](notes.md)", "accepted", [("Relates to", UNRESOLVED, "notes.md")]),
        ("Relates to [ADR 3](https://example.com/adr/3)", "accepted", [("Relates to", 3, None)]),
    ],
)
def test_links_to_web_pages_are_not_record_links(line, status, links):
    r = parse(_nygard(f"Accepted\n\n{line}"))
    assert r.status == status
    assert [(lk.label, lk.target, lk.target_file) for lk in r.links] == links


# Round trip: write a record in each dialect from random facts, read it back.
_words = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=8
)
_titles = st.lists(_words, min_size=1, max_size=5).map(" ".join)
_statuses = st.sampled_from(["accepted", "proposed", "rejected", "deprecated", "Draft", "On hold"])


def _render(dialect, n, title, status, day, supersedes, superseded_by):
    """One record in ``dialect``; a superseded record says so the way that dialect does."""
    iso = day.isoformat()
    by = superseded_by[0] if superseded_by else None
    if dialect == "nygard":
        status_block = (
            [f"Superseded by [{by}. New]({by:04d}-new.md)"]
            if by
            else [status[0].upper() + status[1:]]
        )
        status_block += [f"Supercedes [{s}. Old]({s:04d}-old.md)" for s in supersedes]
        return (
            f"# {n}. {title}\n\nDate: {iso}\n\n## Status\n\n"
            + "\n\n".join(status_block)
            + "\n\n## Context\n\nText.\n"
        )
    links = "".join(f"* Supersedes [ADR-{s:04d}]({s:04d}-old.md)\n" for s in supersedes)
    if dialect == "madr2":
        value = f"superseded by [ADR-{by:04d}]({by:04d}-x.md)" if by else status
        return (
            f"# {title}\n\n* Status: {value}\n* Date: {iso}\n\n"
            f"## Context and Problem Statement\n\nText.\n\n## Links\n\n{links}"
        )
    if dialect == "madr4":
        value = f"superseded by ADR-{by:04d}" if by else status
        return (
            f'---\nstatus: "{value}"\ndate: {iso}\ndecision-makers: Team\n---\n\n'
            f"# {title}\n\n## More Information\n\n{links}"
        )
    numbers = ", ".join(str(s) for s in supersedes)
    by_line = f"superseded_by: {by}\n" if by else ""
    return (
        f"---\ntitle: '{title}'\nstatus: {status}\ndate: {iso}\n"
        f"supersedes: [{numbers}]\n{by_line}---\n\nBody.\n"
    )


@settings(max_examples=200, deadline=None)
@given(
    dialect=st.sampled_from(["nygard", "madr2", "madr4", "frontmatter"]),
    n=st.integers(min_value=1, max_value=9999),
    title=_titles,
    status=_statuses,
    day=st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)),
    supersedes=st.lists(st.integers(min_value=1, max_value=9), max_size=2, unique=True),
    superseded=st.booleans(),
)
def test_round_trip_every_dialect(dialect, n, title, status, day, supersedes, superseded):
    superseded_by = [n % 90 + 10] if superseded else []
    text = _render(dialect, n, title, status, day, supersedes, superseded_by)
    r = parse(text, PurePosixPath(f"docs/decisions/{n:04d}-x.md"))
    assert (r.number, r.title, r.date, r.dialect) == (n, title, day, dialect)
    want_status = normalise_status(status)
    if superseded and (dialect != "frontmatter" or want_status == "accepted"):
        want_status = "superseded"  # a superseded-by link outranks only a stale "accepted"
    assert r.status == want_status
    assert r.supersedes == tuple(supersedes)
    assert r.superseded_by == tuple(superseded_by)
    assert r.notes == ()


@pytest.mark.parametrize(
    ("value", "target", "target_file"),
    [
        ("3", 3, None),
        ("ADR-0003", 3, None),
        ("0003-x.md", 3, "0003-x.md"),
        ("./0003-x.md", 3, "0003-x.md"),
        ("20200101-x.md", UNRESOLVED, "20200101-x.md"),
        ("'[ADR-0003](0003-x.md)'", 3, "0003-x.md"),
    ],
)
def test_front_matter_supersedes_values(value, target, target_file):
    r = parse(f"---\nsupersedes: {value}\n---\n# T\n")
    assert [(lk.target, lk.target_file) for lk in r.raw_links] == [(target, target_file)]


def test_bare_log4brains_reference_is_a_file_not_a_number():
    r = parse(_nygard("Accepted\n\nSupersedes 20200926-use-numbers"))
    assert [(lk.target, lk.target_file) for lk in r.raw_links] == [
        (UNRESOLVED, "20200926-use-numbers.md")
    ]
    assert r.supersedes == ()
