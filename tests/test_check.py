"""Pure unit tests of the check rules, formatters and severity handling (no git; files only
in the one CLI test of the GitHub format)."""

from __future__ import annotations

import json
import re
from pathlib import PurePosixPath

import pytest
from hypothesis import given
from hypothesis import strategies as st

from adrtool.checks import RULES, Problem, apply_severity, problem, sort_problems
from adrtool.checks.branch import (
    NewFramework,
    number_collisions,
    rewritten,
    undecided_frameworks,
)
from adrtool.checks.lint import file_number, lint_records
from adrtool.checks.output import (
    escape_property,
    format_github,
    format_json,
    format_text,
    has_file,
)
from adrtool.checks.topics import is_about, require_topics
from adrtool.records.parse import parse_record

D = "docs/decisions"


def rec(name: str, title: str, status: str | None = "Accepted", extra: str = ""):
    status_block = f"## Status\n\n{status}\n\n" if status is not None else ""
    text = f"# {title}\n\nDate: 2024-01-02\n\n{status_block}{extra}## Context\n\nWhy.\n"
    return parse_record(text, PurePosixPath(f"{D}/{name}"))


def lines(problems):
    return format_text(sort_problems(problems)).splitlines()


def test_clean_folder_has_no_problems():
    records = [
        rec("0001-record.md", "1. Record decisions"),
        rec(
            "0002-use-mysql.md",
            "2. Use MySQL",
            "Superseded",
            "Superseded by [3. Use Postgres](0003-use-postgres.md)\n\n",
        ),
        rec(
            "0003-use-postgres.md",
            "3. Use Postgres",
            "Accepted",
            "Supersedes [2. Use MySQL](0002-use-mysql.md)\n\n",
        ),
    ]
    assert lint_records(records) == []


@pytest.mark.parametrize(
    ("name", "title", "expected"),
    [
        (
            "0004-x.md",
            "5. X",
            f"{D}/0004-x.md:1: ADR002 title says 5 but the file name says 4; make them agree",
        ),
        ("0004-x.md", "4. X", None),
        ("0004-x.md", "X", None),  # no number in the title: nothing to disagree with
        ("ADR-0004-x.md", "ADR-4: X", None),
        (
            "ADR-0004-x.md",
            "ADR-7: X",
            f"{D}/ADR-0004-x.md:1: ADR002 title says 7 but the file name says 4; make them agree",
        ),
    ],
)
def test_number_file_and_title_agree(name, title, expected):
    got = lines(lint_records([rec(name, title)]))
    assert got == ([expected] if expected else [])


@pytest.mark.parametrize(
    ("name", "number"),
    [
        ("0004-x.md", 4),
        ("004-x.md", 4),
        ("ADR-0012-x.md", 12),
        ("20240131-x.md", None),
        ("readme.md", None),
    ],
)
def test_file_number(name, number):
    assert file_number(name) == number


def test_unknown_and_missing_status():
    records = [rec("0001-a.md", "1. A", "Approved"), rec("0002-b.md", "2. B", None)]
    got = lines(lint_records(records))
    assert got == [
        f'{D}/0001-a.md:7: ADR003 unknown status "Approved"; use one of: proposed, accepted, '
        "rejected, deprecated, superseded",
        f"{D}/0002-b.md:1: ADR008 warning: no status; add one of: proposed, accepted, rejected, "
        "deprecated, superseded",
    ]


def test_link_to_missing_record():
    r = rec("0001-a.md", "1. A", "Accepted", "Amends [9. Gone](0009-gone.md)\n\n")
    assert lines(lint_records([r])) == [
        f'{D}/0001-a.md:9: ADR004 link "Amends" points to record 9, which does not exist'
    ]


def test_supersedes_missing_record():
    r = rec("0003-c.md", "3. C", "Accepted", "Supersedes [2. B](0002-b.md)\n\n")
    assert lines(lint_records([r])) == [
        f"{D}/0003-c.md:9: ADR004 supersedes record 2, which does not exist"
    ]


def test_one_sided_supersession_is_reported_on_the_old_record():
    old = rec("0002-b.md", "2. B", "Accepted")
    new = rec("0003-c.md", "3. C", "Accepted", "Supersedes [2. B](0002-b.md)\n\n")
    assert lines(lint_records([old, new])) == [
        f"{D}/0002-b.md:7: ADR005 record 3 (0003-c.md) supersedes 2 but 2 does not say "
        '"Superseded by 3"',
        f'{D}/0002-b.md:7: ADR006 status is "accepted" but record 3 supersedes it; '
        'set it to "superseded"',
    ]


def test_superseded_by_without_supersedes():
    old = rec("0002-b.md", "2. B", "Superseded", "Superseded by [3. C](0003-c.md)\n\n")
    new = rec("0003-c.md", "3. C", "Accepted")
    assert lines(lint_records([old, new])) == [
        f"{D}/0003-c.md:7: ADR005 record 2 (0002-b.md) says it is superseded by 3 but 3 does "
        'not say "Supersedes 2"'
    ]


def test_superseded_pair_with_wrong_status():
    old = rec("0002-b.md", "2. B", "Deprecated", "Superseded by [3. C](0003-c.md)\n\n")
    new = rec("0003-c.md", "3. C", "Accepted", "Supersedes [2. B](0002-b.md)\n\n")
    assert lines(lint_records([old, new])) == [
        f'{D}/0002-b.md:7: ADR006 status is "deprecated" but record 3 supersedes it; '
        'set it to "superseded"'
    ]


def test_duplicate_numbers():
    got = lines(lint_records([rec("0005-a.md", "5. A"), rec("0005-b.md", "5. B")]))
    assert got == [
        f'{D}/0005-b.md:1: ADR007 number 5 is also used by {D}/0005-a.md; run "adrtool renumber" '
        "to give each record its own number"
    ]


def test_every_code_is_documented_and_unique():
    assert all(code.startswith("ADR") and len(code) == 6 for code in RULES)
    assert all(r.severity in ("error", "warning") for r in RULES.values())
    assert len({r.name for r in RULES.values()}) == len(RULES)


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({}, ["error", "warning"]),
        ({"ADR003": "warning"}, ["warning", "warning"]),
        ({"ADR008": "error"}, ["error", "error"]),
        ({"ADR003": "off"}, ["warning"]),
        ({"ADR003": "off", "ADR008": "off"}, []),
    ],
)
def test_severity_overrides(overrides, expected):
    found = [problem("a.md", 1, "ADR003", "x"), problem("a.md", 2, "ADR008", "y")]
    assert [p.severity for p in apply_severity(found, overrides)] == expected


def test_text_format_without_line_and_multiline_message():
    p = Problem("a.md", None, "ADR001", "first\nsecond", "error")
    assert format_text([p]) == "a.md: ADR001 first second\n"


def test_json_format_contract_keys():
    data = json.loads(format_json([problem("a.md", 3, "ADR003", "bad")]))
    assert data["problems"] == [
        {"path": "a.md", "line": 3, "code": "ADR003", "message": "bad", "severity": "error"}
    ]
    assert (data["errors"], data["warnings"]) == (1, 0)


def test_github_annotations_are_escaped():
    evil = Problem(
        "docs/a,b:c.md", 4, "ADR003", 'status "x\n::error file=evil::pwned" 100%\r', "error"
    )
    warn = Problem("docs/ok.md", None, "ADR021", "hash changed", "warning")
    out = format_github([evil, warn])
    assert out == (
        "::error file=docs/a%2Cb%3Ac.md,line=4,title=ADR003 unknown-status::"
        'status "x%0A::error file=evil::pwned" 100%25%0D\n'
        "::warning file=docs/ok.md,title=ADR021 stale-inputs::hash changed\n"
    )
    assert len(out.splitlines()) == 2


def test_escape_property_order_keeps_percent_first():
    assert escape_property("%3A:") == "%253A%3A"


def test_dated_log4brains_names_are_not_compared_with_the_title():
    assert lines(lint_records([rec("20240131-use-x.md", "7. Use X")])) == []


@pytest.mark.parametrize(
    ("warning", "expected"),
    [
        (
            "docs/decisions/0003-x.md:1: skipped: no title",
            ("docs/decisions/0003-x.md", 1, "ADR001"),
        ),
        (
            "docs/decisions/notes.md: skipped: not named like an ADR (NNNN-title.md)",
            ("docs/decisions/notes.md", None, "ADR009"),
        ),
        (
            "docs/decisions: cannot list folder (Permission denied)",
            ("docs/decisions", None, "ADR001"),
        ),
    ],
)
def test_reader_warnings_become_problems(warning, expected):
    from adrtool.services.check import reader_problems

    (p,) = reader_problems([warning])
    assert (p.path, p.line, p.code) == expected


# -- rules that compare with the base branch (pure) -----------------------------------------


MADR = """---
status: {status}
date: 2024-02-01
{extra}---

# Use PostgreSQL

## Context and Problem Statement

{body}
"""

NYGARD = """# 2. Use PostgreSQL

Date: 2024-02-01

## Status

{status}
{extra}
## Context

{body}
"""


def madr(status="accepted", extra="", body="We need a database."):
    return MADR.format(status=status, extra=extra, body=body)


def nyg(status="Accepted", extra="", body="We need a database."):
    return NYGARD.format(status=status, extra=extra, body=body)


@pytest.mark.parametrize(
    ("old", "new", "line"),
    [
        (madr(), madr(), None),
        (madr(), madr(status="superseded", extra="superseded-by: 0005-use-cockroachdb.md\n"), None),
        (madr(), madr(status='"superseded by [ADR-0005](0005-use-cockroachdb.md)"'), None),
        (madr(), madr(body="We need a cheaper database."), 10),
        (madr(), madr().replace("date: 2024-02-01", "date: 2025-01-01"), None),  # MADR: updated
        (madr(status="proposed"), madr(status="proposed", body="Anything goes."), None),
        (nyg(), nyg("Superseded", "\nSuperseded by [5. Use CockroachDB](0005-x.md)\n"), None),
        (nyg(), nyg(extra="\nAmended by [6. Add replicas](0006-add-replicas.md)\n"), None),
        (nyg(), nyg(body="We need a database.\n\nAnd one more paragraph."), 13),
        (nyg(), nyg().replace("# 2. Use PostgreSQL", "# 2. Use Postgres"), 1),
        (nyg(), nyg(body=""), 11),  # removing text is a rewrite too
    ],
)
def test_rewritten(old, new, line):
    found = rewritten(old, new, f"{D}/0002-use-postgresql.md", "origin/main")
    assert (found.line if found else None) == line
    if found:
        assert found.code == "ADR031"
        assert found.message.startswith("record 2 is ")


def test_renumbered_merged_record_is_named_as_such():
    new = nyg().replace("# 2. Use PostgreSQL", "# 7. Use PostgreSQL")
    found = rewritten(
        nyg(), new, f"{D}/0007-use-postgresql.md", "origin/main", f"{D}/0002-use-postgresql.md"
    )
    assert found is not None and found.line == 1
    assert found.message == (
        "record 2 is accepted on origin/main but this branch renumbered it to 7; restore it "
        "from origin/main and give this branch's own record the next free number instead"
    )


@pytest.mark.parametrize(
    ("added", "base_files", "gone", "expected"),
    [
        ([f"{D}/0005-b.md"], [f"{D}/0005-a.md"], [], [f"{D}/0005-b.md"]),
        ([f"{D}/0005-b.md"], [f"{D}/0004-a.md"], [], []),
        ([f"{D}/0005-a.md"], [f"{D}/0005-a.md"], [], []),  # the same file
        ([f"{D}/0005-b.md"], [f"{D}/0005-a.md"], [f"{D}/0005-a.md"], []),  # renamed away
        ([f"{D}/20240101-x.md"], [f"{D}/0005-a.md"], [], []),  # no number in the name
        ([f"{D}/ADR-0005-b.md"], [f"{D}/0005-a.md"], [], [f"{D}/ADR-0005-b.md"]),
    ],
)
def test_number_collisions(added, base_files, gone, expected):
    assert [p.path for p in number_collisions(added, base_files, gone, "origin/main")] == expected


@pytest.mark.parametrize(
    ("title", "front_matter", "topic", "about"),
    [
        ("Use Django", "topic: backend-framework\n", "backend-framework", True),
        ("Use Django", "tags: [backend-framework, web]\n", "backend-framework", True),
        ("Use Django as backend framework", "", "backend-framework", True),
        ("Backend Framework choice", "", "backend-framework", True),
        ("Use Django", "", "backend-framework", False),
        ("Use a backend for the framework", "", "backend-framework", False),
        ("Pick messaging", "topic: messaging\n", "backend-framework", False),
    ],
)
def test_is_about(title, front_matter, topic, about):
    text = f"---\nstatus: accepted\n{front_matter}---\n# {title}\n"
    assert is_about(parse_record(text, PurePosixPath(f"{D}/0001-x.md")), topic) is about


def test_require_topics_names_what_it_found():
    r = parse_record(
        "---\nstatus: proposed\ntopic: messaging\n---\n# Pick messaging\n",
        PurePosixPath(f"{D}/0003-pick-messaging.md"),
    )
    (p,) = require_topics([r], ["messaging"], ["accepted"], D)
    assert p.message == (
        'no accepted record for topic "messaging"; found 0003-pick-messaging.md '
        '(proposed); run "adrtool draft" or add a record with "topic: messaging" '
        "in its front matter"
    )
    assert require_topics([r], ["messaging"], ["accepted", "proposed"], D) == []


def test_undecided_frameworks():
    new = [NewFramework("fastapi", "pyproject.toml", 6)]
    drafted = parse_record(
        "---\nstatus: proposed\ntopic: backend-framework\n---\n# Use X\n",
        PurePosixPath(f"{D}/0004-use-x.md"),
    )
    assert [p.code for p in undecided_frameworks(new, [], [], "backend-framework")] == ["ADR032"]
    assert undecided_frameworks(new, [drafted], [f"{D}/0004-use-x.md"], "backend-framework") == []
    # an older record for the topic that does not name fastapi does not cover it, and the
    # message names that record and how to supersede it
    (found,) = undecided_frameworks(new, [drafted], [], "backend-framework")
    assert found.message == (
        'fastapi was added on this branch but the "backend-framework" decision (0004-use-x.md) '
        "does not name it and no record for the topic was added or changed; run "
        '"adrtool draft" (or "adrtool new -s 4 TITLE") in this branch'
    )
    gone = parse_record(
        "---\nstatus: rejected\ntopic: backend-framework\n---\n# Use Y\n",
        PurePosixPath(f"{D}/0003-use-y.md"),
    )
    (only,) = undecided_frameworks(new, [gone], [], "backend-framework")
    assert only.message.startswith('fastapi was added on this branch but no record for topic "')


def test_link_to_a_file_that_is_not_a_record():
    r = rec("0001-a.md", "1. A", "Accepted", "Amends [Foo](20240101-foo.md)\n\n")
    assert lines(lint_records([r])) == [
        f'{D}/0001-a.md:9: ADR004 link "Amends" points to 20240101-foo.md, which is not a record '
        "in this folder"
    ]


def test_supersedes_a_file_that_is_not_a_record():
    r = rec("0003-c.md", "3. C", "Accepted", "Supersedes [Old](20240101-old.md)\n\n")
    assert lines(lint_records([r])) == [
        f'{D}/0003-c.md:9: ADR004 "Supersedes" points to 20240101-old.md, which is not a record '
        "in this folder"
    ]


@pytest.mark.parametrize(("name", "codes"), [("20240101-x.md", []), ("0001-x.md", ["ADR003"])])
def test_draft_status_is_known_to_log4brains_only(name, codes):
    text = "# X\n\n- Status: draft\n- Date: 2024-01-01\n\n## Context and Problem Statement\n\nx\n"
    r = parse_record(text, PurePosixPath(f"{D}/{name}"))
    assert [p.code for p in lint_records([r])] == codes


def test_control_characters_are_shown_not_sent_to_the_terminal_or_log():
    p = Problem("docs/\x1b[8m.md", 2, "ADR003", 'unknown status "\x1b[31mok\x07\tx"', "error")
    assert format_text([p]) == ('docs/\\x1b[8m.md:2: ADR003 unknown status "\\x1b[31mok\\x07\tx"\n')
    assert format_github([p]) == (
        "::error file=docs/\\x1b[8m.md,line=2,title=ADR003 unknown-status::"
        'unknown status "\\x1b[31mok\\x07\tx"\n'
    )


@given(path=st.text(max_size=40), message=st.text(max_size=80))
def test_github_output_is_one_command_per_problem_whatever_the_text(path, message):
    out = format_github([Problem(path, 3, "ADR003", message, "error")])
    assert out.endswith("\n") and out.count("\n") == 1 and "\r" not in out
    props, _, data = out[len("::error ") :].partition("::")
    # file, line, title: a path cannot add properties (no file, no line: only the title)
    assert props.count(",") == (2 if has_file(path) else 0)
    assert "\n" not in data[:-1]
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", out)


@pytest.mark.parametrize("path", [".", "", "./", "docs/decisions/"])
def test_github_annotation_without_a_file_names_no_file_and_no_line(path):
    p = Problem(path, 3, "ADR009", "stray.md: skipped: not named like an ADR", "error")
    assert format_github([p]) == (
        "::error title=ADR009 stray-file::stray.md: skipped: not named like an ADR\n"
    )


def test_github_format_through_the_cli_omits_file_for_a_folder_level_problem(tmp_path):
    from tests.conftest import run

    folder = tmp_path / "docs" / "decisions"
    folder.mkdir(parents=True)
    (folder / "0001-a.md").write_text(
        "# 1. A\n\nDate: 2024-01-01\n\n## Status\n\nAccepted\n", encoding="utf-8"
    )
    (folder / "my:notes.md").write_text("# Notes\n", encoding="utf-8")  # the reader names no file
    result = run("check", "--repo", str(tmp_path), "--lint-only", "--format", "github")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "::warning title=ADR009 stray-file::docs/decisions/my:notes.md: skipped: "
        "not named like an ADR (NNNN-title.md)\n"
    )
    assert "file=" not in result.stdout and "line=" not in result.stdout
