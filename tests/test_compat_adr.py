"""The ``adr`` drop-in speaks adr-tools' command line and writes what adr-tools writes.

Expected outputs come from adr-tools' own test transcripts (tests/*.expected in
npryce/adr-tools), rewritten as the files under tests/adrtools_expected/, and were checked
byte for byte against the real adr-tools 3.0.0 (Debian package) running the same commands;
tests/adrtools_expected/compare.sh repeats that side-by-side run by hand. Every test works
in a real temporary folder; most drive ``adr`` in-process through ``compat_adr.run`` (with
an explicit working folder, so nothing chdirs), a few run the installed ``adr`` script.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import pytest

from adrtool.compat_adr import run

EXPECTED = Path(__file__).parent / "adrtools_expected"
DATE = "1992-01-12"


@dataclass
class Done:
    code: int
    out: str
    err: str


def adr(cwd: Path, *args: str, **env: str) -> Done:
    """Run ``adr ARGS...`` in ``cwd`` with ADR_DATE fixed and no editor (plus ``env``)."""
    environ = {k: v for k, v in os.environ.items() if k not in ("VISUAL", "EDITOR")}
    environ["ADR_DATE"] = DATE
    environ.update(env)
    out, err = StringIO(), StringIO()
    code = run(list(args), cwd=cwd, env=environ, out=out, err=err)
    return Done(code, out.getvalue(), err.getvalue())


def ok(cwd: Path, *args: str, **env: str) -> str:
    done = adr(cwd, *args, **env)
    assert done.code == 0, done
    assert done.err == ""
    return done.out


def head(path: Path, lines: int) -> str:
    return "".join(path.read_text(encoding="utf-8").splitlines(keepends=True)[:lines])


def expected(name: str) -> str:
    return (EXPECTED / name).read_text(encoding="utf-8")


# -- init ---------------------------------------------------------------------------------


def test_init_default_dir_writes_the_first_record(tmp_path: Path) -> None:
    assert ok(tmp_path, "init") == "doc/adr/0001-record-architecture-decisions.md\n"
    assert sorted(p.name for p in (tmp_path / "doc/adr").iterdir()) == [
        "0001-record-architecture-decisions.md"
    ]
    assert not (tmp_path / ".adr-dir").exists()
    text = (tmp_path / "doc/adr/0001-record-architecture-decisions.md").read_text("utf-8")
    assert text.startswith(
        "# 1. Record architecture decisions\n\nDate: 1992-01-12\n\n## Status\n\nAccepted\n\n"
        "## Context\n\n"
    )
    assert "\n## Decision\n\n" in text and "\n## Consequences\n\n" in text
    assert text.endswith("\n") and not text.endswith("\n\n")


def test_init_custom_dir_remembers_it_in_adr_dir(tmp_path: Path) -> None:
    assert ok(tmp_path, "init", "alternative-dir") == (
        "alternative-dir/0001-record-architecture-decisions.md\n"
    )
    assert (tmp_path / ".adr-dir").read_text("utf-8") == "alternative-dir\n"
    assert ok(tmp_path, "new", "Example", "ADR") == "alternative-dir/0002-example-adr.md\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".adr-dir", "alternative-dir"]
    assert ok(tmp_path, "list") == (
        "alternative-dir/0001-record-architecture-decisions.md\n"
        "alternative-dir/0002-example-adr.md\n"
    )


def test_init_dir_with_spaces(tmp_path: Path) -> None:
    assert ok(tmp_path, "init", "test doc/adr") == (
        "test doc/adr/0001-record-architecture-decisions.md\n"
    )
    assert ok(tmp_path, "list") == "test doc/adr/0001-record-architecture-decisions.md\n"


# -- new ----------------------------------------------------------------------------------


def test_new_first_record_uses_adr_date_and_accepted(tmp_path: Path) -> None:
    assert ok(tmp_path, "new", "The", "First", "Decision") == (
        "doc/adr/0001-the-first-decision.md\n"
    )
    text = (tmp_path / "doc/adr/0001-the-first-decision.md").read_text("utf-8")
    lines = text.splitlines()
    assert lines[:8] == [
        "# 1. The First Decision",
        "",
        "Date: 1992-01-12",
        "",
        "## Status",
        "",
        "Accepted",
        "",
    ]
    headings = [line for line in lines if line.startswith("#")]
    assert headings == [
        "# 1. The First Decision",
        "## Status",
        "## Context",
        "## Decision",
        "## Consequences",
    ]
    for placeholder in ("NUMBER", "TITLE", "DATE", "STATUS", "{{", "{%"):
        assert placeholder not in text


def test_adr_date_must_be_iso(tmp_path: Path) -> None:
    done = adr(tmp_path, "new", "Old", "Date", ADR_DATE="12/01/1992")
    assert (done.code, done.out) == (1, "")
    assert done.err == "adr: ADR_DATE must be a date like 1992-01-12, got '12/01/1992'\n"
    assert not (tmp_path / "doc").exists()


def test_new_without_a_title_fails_like_adr_tools(tmp_path: Path) -> None:
    done = adr(tmp_path, "new")
    assert (done.code, done.out, done.err) == (1, "", "ERROR: no title given\n")
    assert not (tmp_path / "doc").exists()


@pytest.mark.parametrize(
    ("title", "filename"),
    [
        (["Something", "About", "Node.JS"], "0001-something-about-node-js.md"),
        (["Slash/Slash/Slash/"], "0001-slash-slash-slash.md"),
        (["--", "-Bar-"], "0001-bar.md"),
        (["99", "Luft", "Balloons"], "0001-99-luft-balloons.md"),
        (["Song", "2"], "0001-song-2.md"),
        (["1999"], "0001-1999.md"),
        (["Use", "  PostgreSQL  ", "(v16)!"], "0001-use-postgresql-v16.md"),
    ],
)
def test_new_slugs_titles_like_adr_tools(tmp_path: Path, title: list[str], filename: str) -> None:
    assert ok(tmp_path, "new", *title) == f"doc/adr/{filename}\n"
    assert [p.name for p in (tmp_path / "doc/adr").iterdir()] == [filename]


def test_title_is_the_arguments_joined_by_spaces(tmp_path: Path) -> None:
    ok(tmp_path, "new", "Something", "About", "Node.JS")
    first = (tmp_path / "doc/adr/0001-something-about-node-js.md").read_text("utf-8")
    assert first.splitlines()[0] == "# 1. Something About Node.JS"


def test_numbering_is_octal_safe_past_0008_0009_0010(tmp_path: Path) -> None:
    words = [
        "First",
        "Second",
        "Third",
        "Fourth",
        "Fifth",
        "Sixth",
        "Seventh",
        "Eighth",
        "Ninth",
        "Tenth",
        "Eleventh",
    ]
    printed = [ok(tmp_path, "new", word, "Decision") for word in words]
    assert printed[7:] == [
        "doc/adr/0008-eighth-decision.md\n",
        "doc/adr/0009-ninth-decision.md\n",
        "doc/adr/0010-tenth-decision.md\n",
        "doc/adr/0011-eleventh-decision.md\n",
    ]
    assert head(tmp_path / "doc/adr/0009-ninth-decision.md", 7) == (
        "# 9. Ninth Decision\n\nDate: 1992-01-12\n\n## Status\n\nAccepted\n"
    )


@pytest.mark.parametrize(
    ("existing", "printed"),
    [
        ("0008-eight.md", "doc/adr/0009-next.md\n"),
        ("0009-nine.md", "doc/adr/0010-next.md\n"),
        ("0099-ninety-nine.md", "doc/adr/0100-next.md\n"),
    ],
)
def test_numbering_continues_after_the_highest_existing_number(
    tmp_path: Path, existing: str, printed: str
) -> None:
    folder = tmp_path / "doc/adr"
    folder.mkdir(parents=True)
    (folder / existing).write_text(
        "# 8. Existing\n\nDate: 2020-01-01\n\n## Status\n\nAccepted\n", encoding="utf-8"
    )
    assert ok(tmp_path, "new", "Next") == printed


def test_supersede_two_records(tmp_path: Path) -> None:
    assert ok(tmp_path, "new", "First", "Record") == "doc/adr/0001-first-record.md\n"
    assert ok(tmp_path, "new", "Second", "Record") == "doc/adr/0002-second-record.md\n"
    assert ok(tmp_path, "new", "-s", "1", "-s", "2", "Third", "Record") == (
        "doc/adr/0003-third-record.md\n"
    )
    adr_dir = tmp_path / "doc/adr"
    assert head(adr_dir / "0001-first-record.md", 8) == expected("supersede-multiple/0001.head")
    assert head(adr_dir / "0002-second-record.md", 8) == expected("supersede-multiple/0002.head")
    assert head(adr_dir / "0003-third-record.md", 12) == expected("supersede-multiple/0003.head")
    # the rest of each record is untouched: one Context section right after the status
    for path in adr_dir.iterdir():
        assert path.read_text("utf-8").count("## Context") == 1


def test_supersede_chain(tmp_path: Path) -> None:
    ok(tmp_path, "new", "First")
    ok(tmp_path, "new", "-s", "1", "Second")
    ok(tmp_path, "new", "-s", "2", "Third")
    adr_dir = tmp_path / "doc/adr"
    assert head(adr_dir / "0001-first.md", 9) == (
        "# 1. First\n\nDate: 1992-01-12\n\n## Status\n\n"
        "Superseded by [2. Second](0002-second.md)\n\n## Context\n"
    )
    assert head(adr_dir / "0002-second.md", 11) == (
        "# 2. Second\n\nDate: 1992-01-12\n\n## Status\n\n"
        "Supersedes [1. First](0001-first.md)\n\n"
        "Superseded by [3. Third](0003-third.md)\n\n## Context\n"
    )
    assert head(adr_dir / "0003-third.md", 9) == (
        "# 3. Third\n\nDate: 1992-01-12\n\n## Status\n\nAccepted\n\n"
        "Supersedes [2. Second](0002-second.md)\n"
    )


def test_supersede_by_partial_file_name(tmp_path: Path) -> None:
    ok(tmp_path, "new", "Use", "MySQL")
    ok(tmp_path, "new", "Use", "Redis")
    ok(tmp_path, "new", "-s", "mysql", "Use", "PostgreSQL")
    assert "\nSuperseded by [3. Use PostgreSQL](0003-use-postgresql.md)\n" in (
        tmp_path / "doc/adr/0001-use-mysql.md"
    ).read_text("utf-8")
    assert "Superseded" not in (tmp_path / "doc/adr/0002-use-redis.md").read_text("utf-8")


def test_new_with_links(tmp_path: Path) -> None:
    ok(tmp_path, "new", "First", "Record")
    ok(tmp_path, "new", "Second", "Record")
    assert (
        ok(
            tmp_path,
            "new",
            "-l",
            "1:Amends:Amended by",
            "-l",
            "2:Clarifies:Clarified by",
            "Third",
            "Record",
        )
        == "doc/adr/0003-third-record.md\n"
    )
    adr_dir = tmp_path / "doc/adr"
    assert head(adr_dir / "0001-first-record.md", 12) == expected("linking/0001.head")
    assert head(adr_dir / "0002-second-record.md", 12) == expected("linking/0002.head")
    assert head(adr_dir / "0003-third-record.md", 14) == expected("linking/0003.head")


def test_supersede_of_a_missing_record_is_one_line_and_writes_nothing(tmp_path: Path) -> None:
    ok(tmp_path, "new", "First")
    done = adr(tmp_path, "new", "-s", "7", "Second")
    assert done.code == 1 and done.out == ""
    assert done.err.count("\n") == 1 and "Traceback" not in done.err
    assert done.err.startswith("adr: ") and "7" in done.err
    assert [p.name for p in (tmp_path / "doc/adr").iterdir()] == ["0001-first.md"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["new", "-x", "Title"], "adr new: illegal option -- x\n"),
        (["new", "-s"], "adr new: option requires an argument -- s\n"),
        (
            ["link", "1", "Amends"],
            "adr link: missing TARGET (usage: adr link SOURCE LINK TARGET REVERSE-LINK)\n",
        ),
    ],
)
def test_bad_options_fail_with_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    done = adr(tmp_path, *args)
    assert (done.code, done.out, done.err) == (1, "", message)


# -- link ---------------------------------------------------------------------------------


def test_link_command_writes_both_directions(tmp_path: Path) -> None:
    for title in ("First", "Second", "Third"):
        ok(tmp_path, "new", title, "Record")
    assert ok(tmp_path, "link", "3", "Amends", "1", "Amended by") == ""
    assert ok(tmp_path, "link", "3", "Clarifies", "2", "Clarified by") == ""
    adr_dir = tmp_path / "doc/adr"
    assert head(adr_dir / "0001-first-record.md", 12) == expected("linking/0001.head")
    assert head(adr_dir / "0002-second-record.md", 12) == expected("linking/0002.head")
    assert head(adr_dir / "0003-third-record.md", 14) == expected("linking/0003.head")


# -- list ---------------------------------------------------------------------------------


def test_list_without_a_folder_fails_like_adr_tools(tmp_path: Path) -> None:
    done = adr(tmp_path, "list")
    assert (done.code, done.out, done.err) == (1, "", "The doc/adr directory does not exist\n")


def test_list_prints_paths_in_order(tmp_path: Path) -> None:
    for title in ("first", "second", "third"):
        ok(tmp_path, "new", title)
    adr_dir = tmp_path / "doc/adr"
    (adr_dir / "notes.md").write_text("not a record\n", encoding="utf-8")
    (adr_dir / "templates").mkdir()
    (adr_dir / "templates/template.md").write_text("# NUMBER. TITLE\n", "utf-8")
    (adr_dir / "0004-no-title.md").write_text("no heading at all\n", "utf-8")
    (adr_dir / "0005-binary.md").write_bytes(b"\0\1\2")
    # like adr-tools: every file named like a record, whatever is inside, and nothing else
    assert ok(tmp_path, "list") == (
        "doc/adr/0001-first.md\ndoc/adr/0002-second.md\ndoc/adr/0003-third.md\n"
        "doc/adr/0004-no-title.md\ndoc/adr/0005-binary.md\n"
    )


def test_unreadable_records_are_warnings_in_reports(tmp_path: Path) -> None:
    _three_decisions(tmp_path)
    (tmp_path / "doc/adr/0004-binary.md").write_bytes(b"\0\1\2")
    done = adr(tmp_path, "generate", "toc")
    assert (done.code, done.out) == (0, expected("toc.md"))
    assert done.err.startswith("adr: warning: doc/adr/0004-binary.md: ")
    assert done.err.count("\n") == 1


# -- finding the folder -------------------------------------------------------------------


def test_doc_adr_is_found_from_a_subfolder(tmp_path: Path) -> None:
    assert ok(tmp_path, "new", "First", "Record") == "doc/adr/0001-first-record.md\n"
    sub = tmp_path / "subdir"
    sub.mkdir()
    assert ok(sub, "new", "Second", "Record") == "../doc/adr/0002-second-record.md\n"
    assert ok(sub, "list") == "../doc/adr/0001-first-record.md\n../doc/adr/0002-second-record.md\n"
    assert ok(tmp_path, "list") == "doc/adr/0001-first-record.md\ndoc/adr/0002-second-record.md\n"


def test_adr_dir_file_is_found_in_a_parent_folder(tmp_path: Path) -> None:
    ok(tmp_path, "init", "architecture-log")
    assert ok(tmp_path, "new", "First", "Record") == "architecture-log/0002-first-record.md\n"
    sub = tmp_path / "subdir" / "deeper"
    sub.mkdir(parents=True)
    assert ok(sub, "new", "Second", "Record") == "../../architecture-log/0003-second-record.md\n"
    assert ok(sub, "list") == (
        "../../architecture-log/0001-record-architecture-decisions.md\n"
        "../../architecture-log/0002-first-record.md\n"
        "../../architecture-log/0003-second-record.md\n"
    )
    assert not (sub / "doc").exists() and not (tmp_path / "doc").exists()


# -- templates ----------------------------------------------------------------------------


def test_project_specific_template(tmp_path: Path) -> None:
    assert ok(tmp_path, "init", "adrs") == "adrs/0001-record-architecture-decisions.md\n"
    (tmp_path / "adrs/templates").mkdir()
    shutil.copy(EXPECTED / "project-template.md", tmp_path / "adrs/templates/template.md")
    assert ok(tmp_path, "new", "Aaa", "Bbb") == "adrs/0002-aaa-bbb.md\n"
    assert ok(tmp_path, "new", "Ccc", "Ddd") == "adrs/0003-ccc-ddd.md\n"
    assert (tmp_path / "adrs/0002-aaa-bbb.md").read_text("utf-8") == expected(
        "project-template-0002.md"
    )
    third = expected("project-template-0002.md").replace("Aaa Bbb", "Ccc Ddd")
    assert (tmp_path / "adrs/0003-ccc-ddd.md").read_text("utf-8") == third.replace(
        "Number: 2", "Number: 3"
    )
    assert ok(tmp_path, "list").splitlines() == [
        "adrs/0001-record-architecture-decisions.md",
        "adrs/0002-aaa-bbb.md",
        "adrs/0003-ccc-ddd.md",
    ]


def test_adr_template_environment_variable(tmp_path: Path) -> None:
    template = tmp_path / "mine.md"
    template.write_text("# NUMBER. TITLE\n\nDate: DATE\n\n## Status\n\nSTATUS\n\nMine.\n", "utf-8")
    (tmp_path / "doc/adr/templates").mkdir(parents=True)
    (tmp_path / "doc/adr/templates/template.md").write_text("# not used TITLE\n", "utf-8")
    assert ok(tmp_path, "new", "Use", "Mine", ADR_TEMPLATE="mine.md") == (
        "doc/adr/0001-use-mine.md\n"
    )
    assert (tmp_path / "doc/adr/0001-use-mine.md").read_text("utf-8") == (
        "# 1. Use Mine\n\nDate: 1992-01-12\n\n## Status\n\nAccepted\n\nMine.\n"
    )


def test_missing_adr_template_is_one_line(tmp_path: Path) -> None:
    done = adr(tmp_path, "new", "X", ADR_TEMPLATE="nope.md")
    assert done.code == 1 and done.out == ""
    assert done.err.count("\n") == 1 and "nope.md" in done.err


# -- editor -------------------------------------------------------------------------------


def _fake_editor(tmp_path: Path, name: str) -> str:
    script = tmp_path / f"fake-{name.lower()}"
    log = tmp_path / "editor.log"
    script.write_text(f'#!/bin/sh\necho "{name} $1 $(head -1 "$1")" >> "{log}"\n', encoding="utf-8")
    script.chmod(0o755)
    return str(script)


@pytest.mark.skipif(sys.platform == "win32", reason="shell script editor")
def test_editor_opens_the_new_file_and_visual_wins(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    editor, visual = _fake_editor(tmp_path, "EDITOR"), _fake_editor(tmp_path, "VISUAL")
    assert ok(work, "new", "with", "editor", EDITOR=editor) == "doc/adr/0001-with-editor.md\n"
    assert ok(work, "new", "with", "visual", VISUAL=visual) == "doc/adr/0002-with-visual.md\n"
    assert ok(work, "new", "both", EDITOR=editor, VISUAL=visual) == "doc/adr/0003-both.md\n"
    other = tmp_path / "other"
    other.mkdir()
    assert ok(other, "init", EDITOR=editor) == "doc/adr/0001-record-architecture-decisions.md\n"
    assert (tmp_path / "editor.log").read_text("utf-8") == (
        "EDITOR doc/adr/0001-with-editor.md # 1. with editor\n"
        "VISUAL doc/adr/0002-with-visual.md # 2. with visual\n"
        "VISUAL doc/adr/0003-both.md # 3. both\n"
    )


def test_failing_editor_is_reported(tmp_path: Path) -> None:
    done = adr(tmp_path, "new", "Title", EDITOR="false")
    assert done.code == 1 and done.out == ""
    assert done.err.count("\n") == 1 and "false" in done.err
    assert (tmp_path / "doc/adr/0001-title.md").is_file()


# -- generate -----------------------------------------------------------------------------


def _three_decisions(tmp_path: Path) -> None:
    for word in ("First", "Second", "Third"):
        ok(tmp_path, "new", word, "Decision")


def test_generate_toc(tmp_path: Path) -> None:
    _three_decisions(tmp_path)
    assert ok(tmp_path, "generate", "toc") == expected("toc.md")


def test_generate_toc_with_intro_and_outro(tmp_path: Path) -> None:
    _three_decisions(tmp_path)
    (tmp_path / "intro.md").write_text("An intro.\n\nMultiple paragraphs.\n", "utf-8")
    (tmp_path / "outro.md").write_text("An outro.\n", "utf-8")
    assert ok(tmp_path, "generate", "toc", "-i", "intro.md", "-o", "outro.md") == expected(
        "toc-intro-outro.md"
    )


def test_generate_toc_with_prefix(tmp_path: Path) -> None:
    _three_decisions(tmp_path)
    assert ok(tmp_path, "generate", "toc", "-p", "foo/doc/adr/") == expected("toc-prefix.md")


def _graph_records(tmp_path: Path) -> None:
    assert ok(tmp_path, "init") == "doc/adr/0001-record-architecture-decisions.md\n"
    ok(tmp_path, "new", "An", "idea", "that", "seems", "good", "at", "the", "time")
    assert (
        ok(tmp_path, "new", "-s", "2", "A", "better", "idea") == "doc/adr/0003-a-better-idea.md\n"
    )
    ok(tmp_path, "new", "This", "will", "work")
    assert ok(tmp_path, "new", "-s", "3", "The", "end") == "doc/adr/0005-the-end.md\n"


def test_generate_graph(tmp_path: Path) -> None:
    _graph_records(tmp_path)
    assert ok(tmp_path, "generate", "graph") == expected("graph-default.dot")
    assert ok(tmp_path, "generate", "graph", "-p", "http://example.com/", "-e", ".xxx") == (
        expected("graph-prefix-extension.dot")
    )


def test_generate_without_a_report_lists_the_reports(tmp_path: Path) -> None:
    assert ok(tmp_path, "generate") == "graph\ntoc\n"
    done = adr(tmp_path, "generate", "pie")
    assert done.code == 1 and done.out == "" and done.err.count("\n") == 1


# -- upgrade-repository -------------------------------------------------------------------


def test_upgrade_repository_migrates_old_dates(tmp_path: Path) -> None:
    ok(tmp_path, "init")
    ok(tmp_path, "new", "With", "Old", "Date", "Format")
    ok(tmp_path, "new", "With", "Current", "Date", "Format")
    old = tmp_path / "doc/adr/0002-with-old-date-format.md"
    old.write_text(old.read_text("utf-8").replace("Date: 1992-01-12", "Date: 12/01/1992"), "utf-8")
    assert ok(tmp_path, "upgrade-repository") == ""
    for path in sorted((tmp_path / "doc/adr").iterdir()):
        assert "\nDate: 1992-01-12\n" in path.read_text("utf-8"), path


# -- help and errors ----------------------------------------------------------------------


def test_help_lists_the_commands(tmp_path: Path) -> None:
    out = ok(tmp_path, "help")
    assert out.splitlines()[0] == "usage: adr help COMMAND [ARG] ..."
    assert out.splitlines()[1:9] == [
        "COMMAND is one of: ",
        "  generate",
        "  help",
        "  init",
        "  link",
        "  list",
        "  new",
        "  upgrade-repository",
    ]
    assert out.endswith("Run 'adr help COMMAND' for help on a specific command.\n")


@pytest.mark.parametrize(
    ("args", "usage"),
    [
        (["new"], "usage: adr new [-s SUPERSEDED] [-l TARGET:LINK:REVERSE-LINK] TITLE_TEXT..."),
        (["init"], "usage: adr init [DIRECTORY]"),
        (["link"], "usage: adr link SOURCE LINK TARGET REVERSE-LINK"),
        (["list"], "usage: adr list"),
        (["generate"], "usage: adr generate [REPORT [OPTION ...]]"),
        (["generate", "toc"], "usage: adr generate toc [-i INTRO] [-o OUTRO] [-p LINK_PREFIX]"),
        (["generate", "graph"], "usage: adr generate graph [-p LINK_PREFIX] [-e LINK-EXTENSION]"),
        (["upgrade-repository"], "usage: adr upgrade-repository"),
        (["help"], "usage: adr help [COMMAND [SUBCOMMAND...]]"),
    ],
)
def test_help_for_each_command(tmp_path: Path, args: list[str], usage: str) -> None:
    out = ok(tmp_path, "help", *args)
    assert out.splitlines()[0] == usage
    assert out.splitlines()[1] == ""
    assert len(out.splitlines()) > 2


def test_help_for_generate_names_its_subcommands(tmp_path: Path) -> None:
    out = ok(tmp_path, "help", "generate")
    assert out.endswith("\nSubcommands:\n  adr generate graph\n  adr generate toc\n")


def test_help_for_an_unknown_command_lists_the_commands(tmp_path: Path) -> None:
    assert ok(tmp_path, "help", "nonexistent-command") == ok(tmp_path, "help")


@pytest.mark.parametrize("args", [["frobnicate"], []])
def test_unknown_or_missing_command_prints_usage_and_fails(tmp_path: Path, args: list[str]) -> None:
    done = adr(tmp_path, *args)
    assert done.code == 1 and done.out == ""
    assert done.err == ok(tmp_path, "help")


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_dash_dash_help_is_help(tmp_path: Path, flag: str) -> None:
    assert ok(tmp_path, flag) == ok(tmp_path, "help")


# -- working on a folder adr-tools wrote --------------------------------------------------

ADR_TOOLS_INIT = """# 1. Record architecture decisions

Date: 2019-03-04

## Status

Accepted

## Context

We need to record the architectural decisions made on this project.

## Decision

We will use Architecture Decision Records.

## Consequences

See the article.
"""


def test_switching_mid_project_on_a_folder_adr_tools_wrote(tmp_path: Path) -> None:
    folder = tmp_path / "docs/architecture"
    folder.mkdir(parents=True)
    (tmp_path / ".adr-dir").write_text("docs/architecture\n", encoding="utf-8")
    (folder / "0001-record-architecture-decisions.md").write_text(ADR_TOOLS_INIT, "utf-8")
    (folder / "0002-use-mysql.md").write_text(
        ADR_TOOLS_INIT.replace("1. Record architecture decisions", "2. Use MySQL"), "utf-8"
    )
    assert ok(tmp_path, "new", "-s", "2", "Use PostgreSQL") == (
        "docs/architecture/0003-use-postgresql.md\n"
    )
    assert ok(tmp_path, "link", "3", "Amends", "1", "Amended by") == ""
    mysql = (folder / "0002-use-mysql.md").read_text("utf-8")
    assert mysql == ADR_TOOLS_INIT.replace(
        "1. Record architecture decisions", "2. Use MySQL"
    ).replace(
        "## Status\n\nAccepted\n",
        "## Status\n\nSuperseded by [3. Use PostgreSQL](0003-use-postgresql.md)\n",
    )
    first = (folder / "0001-record-architecture-decisions.md").read_text("utf-8")
    assert first == ADR_TOOLS_INIT.replace(
        "Accepted\n", "Accepted\n\nAmended by [3. Use PostgreSQL](0003-use-postgresql.md)\n"
    )
    assert ok(tmp_path, "generate", "toc") == (
        "# Architecture Decision Records\n\n"
        "* [1. Record architecture decisions](0001-record-architecture-decisions.md)\n"
        "* [2. Use MySQL](0002-use-mysql.md)\n"
        "* [3. Use PostgreSQL](0003-use-postgresql.md)\n"
    )
    graph = ok(tmp_path, "generate", "graph")
    assert graph.endswith(
        '  }\n  _3 -> _2 [label="Supersedes", weight=0]\n  _3 -> _1 [label="Amends", weight=0]\n}\n'
    )


def adr_tools_reading(folder: Path) -> tuple[str, list[str]]:
    """The toc and the graph edges adr-tools 3.0.0 derives from ``folder``, by its own rules
    (re-stated here so CI needs no bash; checked against the real scripts):
    adr-list takes names matching ``[0-9]+-*.md``, sorted; _adr_title is the first line
    without "# "; _adr_status keeps the non-blank, non-heading lines from "## Status" to the
    next heading; _adr_links turns "LABEL [...](0*N...)" into an edge to N; the graph drops
    labels ending in " by"."""
    import re

    names = sorted(n for n in os.listdir(folder) if re.match(r"[0-9]+-[^/]*\.md", n))
    toc = "# Architecture Decision Records\n\n"
    edges = []
    for name in names:
        lines = (folder / name).read_text("utf-8").splitlines()
        toc += f"* [{lines[0][2:]}]({name})\n"
        start = next(i for i, line in enumerate(lines) if line.startswith("## Status"))
        for line in lines[start + 1 :]:
            if line.startswith("#"):
                break
            link = re.match(r"^(.+) \[.*\]\(0*([1-9][0-9]*).*\)", line)
            if link and not link.group(1).endswith(" by"):
                number = int(re.match(r"0*(\d+)", name).group(1))  # type: ignore[union-attr]
                edges.append(f'  _{number} -> _{link.group(2)} [label="{link.group(1)}", weight=0]')
    return toc, edges


def test_adr_tools_reads_what_adrtool_wrote_on_its_folder(tmp_path: Path) -> None:
    # adr-tools writes the folder, adrtool supersedes and links, adr-tools reads it again
    from conftest import run as adrtool

    ok(tmp_path, "init")
    for title in ("First decision", "Second decision", "Third decision"):
        ok(tmp_path, "new", title)
    for args in (["-s", "2", "Fourth replaces two"], ["-s", "3", "-s", "4", "Fifth"],
                 ["-l", "1:Amends:Amended by", "Sixth amends one"]):
        done = adrtool("new", "--repo", str(tmp_path), "--no-edit", "--date", DATE,
                       "--status", "accepted", *args)
        assert done.exit_code == 0, done.stderr
    assert adrtool("link", "--repo", str(tmp_path), "5", "Clarifies", "3", "Clarified by"
                   ).exit_code == 0
    folder = tmp_path / "doc/adr"
    assert (folder / "0006-fifth.md").read_text("utf-8").startswith(
        "# 6. Fifth\n\nDate: 1992-01-12\n\n## Status\n\nAccepted\n\n"
        "Supersedes [3. Second decision](0003-second-decision.md)\n\n"
        "Supersedes [4. Third decision](0004-third-decision.md)\n\n## Context\n")
    toc, edges = adr_tools_reading(folder)
    assert edges == [
        '  _5 -> _2 [label="Supersedes", weight=0]',
        '  _5 -> _3 [label="Clarifies", weight=0]',
        '  _6 -> _3 [label="Supersedes", weight=0]',
        '  _6 -> _4 [label="Supersedes", weight=0]',
        '  _7 -> _1 [label="Amends", weight=0]',
    ]
    assert ok(tmp_path, "generate", "toc") == toc
    assert ok(tmp_path, "generate", "graph").endswith("  }\n" + "\n".join(edges) + "\n}\n")
    as_adrtool = adrtool("generate", "toc", "--repo", str(tmp_path))
    assert as_adrtool.stdout == toc
    dot = adrtool("generate", "graph", "--format", "dot", "--repo", str(tmp_path))
    assert dot.stdout == ok(tmp_path, "generate", "graph")


# -- the installed script -----------------------------------------------------------------


def _adr_command() -> list[str]:
    found = shutil.which("adr")
    if found:
        return [found]
    return [sys.executable, "-c", "from adrtool.compat_adr import main; main()"]


def test_installed_adr_script_end_to_end(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("VISUAL", "EDITOR", "ADR_TEMPLATE")}
    env["ADR_DATE"] = DATE

    def sh(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*_adr_command(), *args],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )

    done = sh("init")
    assert (done.returncode, done.stdout, done.stderr) == (
        0,
        "doc/adr/0001-record-architecture-decisions.md\n",
        "",
    )
    done = sh("new", "-s", "1", "Record", "decisions", "elsewhere")
    assert (done.returncode, done.stdout) == (0, "doc/adr/0002-record-decisions-elsewhere.md\n")
    done = sh("list")
    assert done.stdout == (
        "doc/adr/0001-record-architecture-decisions.md\ndoc/adr/0002-record-decisions-elsewhere.md\n"
    )
    done = sh("bogus")
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.startswith("usage: adr help COMMAND [ARG] ...\n")


def test_importing_adr_loads_no_heavy_library() -> None:
    code = (
        "import sys\nfrom io import StringIO\nfrom adrtool.compat_adr import run\n"
        "run(['help', 'new'], out=StringIO(), err=StringIO())\n"
        "print(','.join(sorted(m for m in ('git', 'jinja2', 'ruamel', 'click') "
        "if m in sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""


# -- errors from the services: one line, exit 1, nothing written ---------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["init"], "adr: doc/adr already holds ADRs; nothing to initialise\n"),
        (["link", "1", "Amends", "9", "Amended by"], "adr: no ADR numbered 9 in doc/adr\n"),
        (
            ["link", "1", "Amends", "1", "Amended by"],
            "adr: an ADR cannot link to itself (both are 1)\n",
        ),
        (["new", "-s", "zzz", "X"], 'adr: no decision record matches "zzz"\n'),
        (
            ["new", "-l", "1:Amends", "X"],
            'adr new: bad link "1:Amends": expected TARGET:LINK:REVERSE-LINK\n',
        ),
        (["new", "!!!"], "adr: title '!!!' has no letters or digits to make a file name from\n"),
        (["generate", "pie"], 'adr generate: no report called "pie" (reports: graph, toc)\n'),
    ],
)
def test_errors_are_one_line_and_change_nothing(
    tmp_path: Path, args: list[str], message: str
) -> None:
    ok(tmp_path, "init")
    before = {p.name: p.read_bytes() for p in (tmp_path / "doc/adr").iterdir()}
    done = adr(tmp_path, *args)
    assert (done.code, done.out) == (1, "")
    assert done.err.count("\n") == 1 and "Traceback" not in done.err
    assert message in done.err
    assert {p.name: p.read_bytes() for p in (tmp_path / "doc/adr").iterdir()} == before


def test_toc_without_its_intro_or_outro_file_is_still_written(tmp_path: Path) -> None:
    # adr-tools tests "[ -s FILE ]": a missing or empty intro/outro is left out, so
    # "adr generate toc -i intro.md > README.md" never leaves an empty README behind
    ok(tmp_path, "init")
    (tmp_path / "empty.md").write_text("", "utf-8")
    done = adr(tmp_path, "generate", "toc", "-i", "nope.md", "-o", "empty.md")
    assert done.code == 0
    assert done.out == (
        "# Architecture Decision Records\n\n"
        "* [1. Record architecture decisions](0001-record-architecture-decisions.md)\n"
    )
    assert done.err == "adr: warning: nope.md: no such file; the toc has no intro\n"


def test_a_failed_first_new_leaves_no_empty_folder(tmp_path: Path) -> None:
    done = adr(tmp_path, "new", "???")
    assert done.code == 1 and done.err.startswith("adr: title '???' has no letters")
    assert not (tmp_path / "doc").exists()


def test_absolute_path_in_adr_dir_is_printed_as_written(tmp_path: Path) -> None:
    folder = tmp_path / "elsewhere" / "decisions"
    work = tmp_path / "work"
    work.mkdir()
    (work / ".adr-dir").write_text(f"{folder}\n", encoding="utf-8")
    assert ok(work, "new", "Far", "Away") == f"{folder}/0001-far-away.md\n"
    assert (folder / "0001-far-away.md").is_file()


def test_empty_adr_dir_file_is_one_line(tmp_path: Path) -> None:
    (tmp_path / ".adr-dir").write_text("\n", encoding="utf-8")
    done = adr(tmp_path, "list")
    assert done.code == 1 and done.err.count("\n") == 1 and ".adr-dir: empty" in done.err


def test_options_after_the_title_are_title_words_like_getopts(tmp_path: Path) -> None:
    assert ok(tmp_path, "new", "Use", "-s", "1") == "doc/adr/0001-use-s-1.md\n"
    first = (tmp_path / "doc/adr/0001-use-s-1.md").read_text("utf-8")
    assert first.splitlines()[0] == "# 1. Use -s 1"


def test_superseding_a_proposed_record_replaces_its_status(tmp_path: Path) -> None:
    ok(tmp_path, "new", "First")
    first = tmp_path / "doc/adr/0001-first.md"
    first.write_text(first.read_text("utf-8").replace("\nAccepted\n", "\nProposed\n"), "utf-8")
    ok(tmp_path, "new", "-s", "1", "Second")
    assert head(first, 9) == (
        "# 1. First\n\nDate: 1992-01-12\n\n## Status\n\n"
        "Superseded by [2. Second](0002-second.md)\n\n## Context\n"
    )


def test_every_command_and_report_has_help() -> None:
    from adrtool.compat_adr import COMMANDS, REPORTS
    from adrtool.compat_adr_help import HELP

    assert set(HELP) == set(COMMANDS) | {f"generate {name}" for name in REPORTS}


def test_titles_with_sed_metacharacters_are_written_as_given(tmp_path: Path) -> None:
    # adr-tools' sed wrote "Use A TITLE B" for "&" and failed on "|" (an empty file left)
    assert ok(tmp_path, "new", "Use A & B") == "doc/adr/0001-use-a-b.md\n"
    assert ok(tmp_path, "new", "Pipe | here \\1") == "doc/adr/0002-pipe-here-1.md\n"
    assert head(tmp_path / "doc/adr/0001-use-a-b.md", 1) == "# 1. Use A & B\n"
    assert head(tmp_path / "doc/adr/0002-pipe-here-1.md", 1) == "# 2. Pipe | here \\1\n"


def test_graph_chain_skips_a_deleted_number(tmp_path: Path) -> None:
    # adr-tools drew "_3 -> _4" from the missing record 3 (dot then shows a bare "_3" node)
    ok(tmp_path, "init")
    for title in ("Two", "Three", "Four"):
        ok(tmp_path, "new", title)
    (tmp_path / "doc/adr/0003-three.md").unlink()
    graph = ok(tmp_path, "generate", "graph")
    assert '    _2 -> _4 [style="dotted", weight=1];\n' in graph
    assert "_3" not in graph


def test_graph_escapes_quotes_in_titles(tmp_path: Path) -> None:
    ok(tmp_path, "new", 'Say "hi"')
    assert '    _1 [label="1. Say \\"hi\\""; URL="0001-say-hi.html"];\n' in ok(
        tmp_path, "generate", "graph"
    )
