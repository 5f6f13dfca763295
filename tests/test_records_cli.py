"""The lifecycle commands through the real CLI, on real folders and git repos."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from conftest import git, run

TODAY = date.today().isoformat()
FIRST = "Record architecture decisions"


def adr_tools_folder(repo: Path) -> Path:
    """A folder exactly as adr-tools writes it (``adr init`` + ``adr new First Record``)."""
    folder = repo / "doc" / "adr"
    folder.mkdir(parents=True)
    for n, title in [(1, "Record architecture decisions"), (2, "First Record")]:
        slug = title.lower().replace(" ", "-")
        (folder / f"{n:04d}-{slug}.md").write_text(
            f"# {n}. {title}\n\nDate: 1992-01-12\n\n## Status\n\nAccepted\n\n## Context\n\n"
            "Context here...\n\n## Decision\n\nDecision here...\n\n## Consequences\n\n"
            "Consequences here...\n",
            encoding="utf-8",
        )
    return folder


def new(repo: Path, *args: str) -> str:
    result = run("new", "--repo", str(repo), "--no-edit", "--date", "1992-01-12", *args)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


# -- init -----------------------------------------------------------------------------------


def test_init_creates_madr_folder_and_first_record(git_repo: Path) -> None:
    result = run("init", "--repo", str(git_repo))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "docs/decisions/0001-record-architecture-decisions.md\n"
    assert result.stderr == ""
    text = (git_repo / "docs/decisions/0001-record-architecture-decisions.md").read_text("utf-8")
    assert text.startswith(f"---\nstatus: accepted\ndate: {TODAY}\ndecision-makers: []\n---\n\n"
                           "# Record architecture decisions\n")
    assert not (git_repo / ".adrtool.yaml").exists()


def test_init_nygard_in_custom_dir_writes_config(git_repo: Path) -> None:
    result = run("init", "--repo", str(git_repo), "--dir", "arch",
                 "--template", "nygard")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "arch/0001-record-architecture-decisions.md\n"
    assert result.stderr == "adrtool: wrote .adrtool.yaml (adr_dir: arch)\n"
    assert (git_repo / ".adrtool.yaml").read_text("utf-8") == "adr_dir: arch\n"
    text = (git_repo / "arch/0001-record-architecture-decisions.md").read_text("utf-8")
    assert text.startswith(f"# 1. Record architecture decisions\n\nDate: {TODAY}\n\n"
                           "## Status\n\nAccepted\n\n## Context\n\n")
    # later commands find the folder through the config
    listed = run("list", "--repo", str(git_repo))
    assert listed.stdout == f"1  accepted  {TODAY}  Record architecture decisions\n"


def test_init_refuses_a_folder_with_records(git_repo: Path) -> None:
    adr_tools_folder(git_repo)
    result = run("init", "--repo", str(git_repo))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == ("adrtool: error: doc/adr already holds ADRs; nothing to initialise\n"
                             '  hint: add one with "adrtool new TITLE"\n')


# -- new ------------------------------------------------------------------------------------


def test_new_in_madr_folder_starts_proposed(git_repo: Path) -> None:
    run("init", "--repo", str(git_repo))
    out = new(git_repo, "Use", "PostgreSQL", "for", "the", "ledger")
    assert out == "docs/decisions/0002-use-postgresql-for-the-ledger.md\n"
    text = (git_repo / out.strip()).read_text("utf-8")
    assert text.startswith("---\nstatus: proposed\ndate: 1992-01-12\n")
    assert "\n# Use PostgreSQL for the ledger\n\n## Context and Problem Statement\n" in text
    for section in ("## Considered Options", "## Decision Outcome", "### Consequences"):
        assert f"\n{section}\n" in text


def test_new_honours_default_status_from_config(git_repo: Path) -> None:
    run("init", "--repo", str(git_repo))
    (git_repo / ".adrtool.yaml").write_text("default_status: accepted\n", encoding="utf-8")
    out = new(git_repo, "Use Redis")
    assert "status: accepted\n" in (git_repo / out.strip()).read_text("utf-8")


def test_new_supersede_and_link_in_adr_tools_folder_writes_adr_tools_lines(git_repo: Path) -> None:
    folder = adr_tools_folder(git_repo)
    second = new(git_repo, "--status", "accepted", "Second Record")
    assert second == "doc/adr/0003-second-record.md\n"
    out = new(git_repo, "--status", "accepted", "-s", "2", "-l", "1:Amends:Amended by",
              "Third Record")
    assert out == "doc/adr/0004-third-record.md\n"
    assert (folder / "0002-first-record.md").read_text("utf-8").startswith(
        "# 2. First Record\n\nDate: 1992-01-12\n\n## Status\n\n"
        "Superseded by [4. Third Record](0004-third-record.md)\n\n## Context\n")
    assert (folder / "0001-record-architecture-decisions.md").read_text("utf-8").startswith(
        "# 1. Record architecture decisions\n\nDate: 1992-01-12\n\n## Status\n\nAccepted\n\n"
        "Amended by [4. Third Record](0004-third-record.md)\n\n## Context\n")
    assert (folder / "0004-third-record.md").read_text("utf-8").startswith(
        "# 4. Third Record\n\nDate: 1992-01-12\n\n## Status\n\nAccepted\n\n"
        "Supersedes [2. First Record](0002-first-record.md)\n\n"
        "Amends [1. Record architecture decisions](0001-record-architecture-decisions.md)\n\n"
        "## Context\n")


def test_new_supersede_in_madr_folder_uses_front_matter(git_repo: Path) -> None:
    run("init", "--repo", str(git_repo))
    new(git_repo, "Use MySQL")
    new(git_repo, "-s", "2", "Use PostgreSQL")
    old = (git_repo / "docs/decisions/0002-use-mysql.md").read_text("utf-8")
    assert old.startswith('---\nstatus: "superseded by [ADR-0003](0003-use-postgresql.md)"\n')
    newer = (git_repo / "docs/decisions/0003-use-postgresql.md").read_text("utf-8")
    assert newer.endswith("\n* Supersedes [ADR-0002: Use MySQL](0002-use-mysql.md)\n")
    listed = json.loads(run("list", "--repo", str(git_repo), "--format", "json").stdout)
    assert listed[1] == {"number": 2, "title": "Use MySQL", "status": "superseded",
                         "date": "1992-01-12", "path": "docs/decisions/0002-use-mysql.md",
                         "supersedes": [], "superseded_by": [3]}
    assert listed[2]["supersedes"] == [2] and listed[2]["status"] == "proposed"


def test_new_with_repo_template_override(git_repo: Path) -> None:
    run("init", "--repo", str(git_repo))
    local = git_repo / ".adrtool" / "templates"
    local.mkdir(parents=True)
    (local / "madr.md.j2").write_text("---\nstatus: {{ status }}\n---\n\n# {{ title }}\n",
                                      encoding="utf-8")
    out = new(git_repo, "Tiny")
    assert (git_repo / out.strip()).read_text("utf-8") == "---\nstatus: proposed\n---\n\n# Tiny\n"


def test_new_with_adr_tools_template_file(git_repo: Path) -> None:
    adr_tools_folder(git_repo)
    template = git_repo / "template.md"
    template.write_text("# NUMBER. TITLE\n\nDate: DATE\n\n## Status\n\nSTATUS\n", encoding="utf-8")
    out = new(git_repo, "--template", str(template), "Custom")
    assert (git_repo / out.strip()).read_text("utf-8") == (
        "# 3. Custom\n\nDate: 1992-01-12\n\n## Status\n\nProposed\n")


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("source", ["repo", "file-j2", "file-adr-tools"])
def test_new_refuses_a_template_without_a_title_and_writes_nothing(
    git_repo: Path, source: str
) -> None:
    run("init", "--repo", str(git_repo))
    folder = git_repo / "docs" / "decisions"
    before = files_of(folder)
    args: list[str] = []
    if source == "repo":
        local = git_repo / ".adrtool" / "templates"
        local.mkdir(parents=True)
        (local / "madr.md.j2").write_text("---\nstatus: {{ status }}\n---\n\nNo heading\n",
                                          encoding="utf-8")
        shown = ".adrtool/templates/madr.md.j2"
    else:
        name = "bad.md.j2" if source == "file-j2" else "bad.md"
        template = git_repo / name
        template.write_text("Title: TITLE {{ title }}\n" if name.endswith(".j2") else
                            "Title: TITLE\n", encoding="utf-8")
        args = ["--template", str(template)]
        shown = name
    result = run("new", "--repo", str(git_repo), "--no-edit", *args, "-s", "1", "Tiny")
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0].startswith("adrtool: error: ") and shown in lines[0], result.stderr
    assert "no title" in lines[0] and "nothing written" in lines[0], lines[0]
    assert files_of(folder) == before  # no new record, record 1 untouched


def test_new_supersede_with_a_held_lock_writes_nothing(
    git_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    import socket

    from adrtool.records import write

    monkeypatch.setattr(write, "_LOCK_WAIT", 0.2)
    folder = adr_tools_folder(git_repo)
    lock = folder / ".0001-record-architecture-decisions.md.lock"
    lock.write_text(f"{os.getpid()} {socket.gethostname()}\n", encoding="utf-8")  # alive
    before = files_of(folder)
    result = run("new", "--repo", str(git_repo), "--no-edit", "-s", "2", "-s", "1", "Blocked")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"adrtool: error: {folder}/0001-record-architecture-decisions.md: another process is "
        "editing it (.0001-record-architecture-decisions.md.lock exists); try again, or delete "
        f"{lock} if no adrtool is running; nothing written\n"
    )
    assert len(result.stderr.splitlines()) == 1
    assert files_of(folder) == before  # record 2 not rewritten, no record 3, the lock kept
    lock.unlink()
    assert new(git_repo, "-s", "2", "-s", "1", "Now") == "doc/adr/0003-now.md\n"


def test_new_uses_the_folders_own_adr_tools_template(git_repo: Path) -> None:
    # adr new takes <dir>/templates/template.md; adrtool new on that folder does too
    folder = adr_tools_folder(git_repo)
    (folder / "templates").mkdir()
    (folder / "templates" / "template.md").write_text(
        "# NUMBER. TITLE\n\nDate: DATE\n\n## Status\n\nSTATUS\n\n## Context\n\nOurs: TITLE.\n",
        encoding="utf-8")
    out = new(git_repo, "Own template")
    assert (git_repo / out.strip()).read_text("utf-8") == (
        "# 3. Own template\n\nDate: 1992-01-12\n\n## Status\n\nProposed\n\n"
        "## Context\n\nOurs: Own template.\n")
    out = new(git_repo, "--template", "nygard", "Built in")  # an explicit choice still wins
    assert "Ours:" not in (git_repo / out.strip()).read_text("utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--date", "2024-13-01", "X"],
         'adrtool: error: bad date "2024-13-01": expected YYYY-MM-DD, e.g. 2024-05-17\n'),
        (["--status", "acepted", "X"],
         'adrtool: error: unknown status "acepted" (did you mean "accepted"?)\n'
         "  hint: use one of: proposed, accepted, rejected, deprecated, superseded\n"),
        (["-s", "7", "X"],
         "adrtool: error: no ADR numbered 7 in doc/adr\n"
         '  hint: run "adrtool list" to see the numbers\n'),
        (["-l", "1:Amends", "X"],
         'adrtool: error: bad link "1:Amends": expected "N:Label:Reverse label"\n'
         '  hint: e.g. -l "3:Amends:Amended by"\n'),
        (["???"],
         "adrtool: error: title '???' has no letters or digits to make a file name from\n"
         "  hint: give a title with at least one letter or digit\n"),
        (["--template", "madrr", "X"],
         'adrtool: error: unknown template "madrr" (did you mean "madr"?)\n'
         "  hint: use madr, nygard or the path of a template file\n"),
    ],
)
def test_new_bad_input(git_repo: Path, args: list[str], message: str) -> None:
    adr_tools_folder(git_repo)
    before = sorted(p.name for p in (git_repo / "doc/adr").iterdir())
    result = run("new", "--repo", str(git_repo), "--no-edit", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == message
    assert sorted(p.name for p in (git_repo / "doc/adr").iterdir()) == before


def test_commands_without_a_folder_say_run_init(tmp_path: Path) -> None:
    for args in (["list"], ["new", "--no-edit", "X"], ["show", "1"], ["generate", "toc"]):
        result = run(*args, "--repo", str(tmp_path))
        assert result.exit_code == 2, args
        assert result.stderr == (f"adrtool: error: no ADR folder found in {tmp_path.resolve()}\n"
                                 '  hint: run "adrtool init"\n')


def mixed_folder(repo: Path) -> Path:
    """One record per dialect: Nygard, MADR 2 bullets, MADR 4 front matter, log4brains."""
    folder = repo / "docs" / "decisions"
    folder.mkdir(parents=True)
    files = {
        "0001-use-nygard.md": "# 1. Use Nygard\n\nDate: 2020-01-01\n\n## Status\n\nAccepted\n\n"
                              "## Context\n\nx\n",
        "0002-use-madr-2.md": "# Use MADR 2\n\n* Status: accepted\n* Date: 2020-02-01\n\n"
                              "## Context and Problem Statement\n\nx\n",
        "0003-use-madr-4.md": "---\nstatus: accepted\ndate: 2020-03-01\n---\n\n# Use MADR 4\n\n"
                              "## Context and Problem Statement\n\nx\n",
        "20200401-use-log4brains.md": "# Use log4brains\n\n- Status: accepted\n- Date: 2020-04-01"
                                      "\n\n## Context and Problem Statement\n\nx\n",
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_new_in_a_mixed_folder_takes_the_next_four_digit_number(git_repo: Path) -> None:
    # a log4brains date name is not a number: it must not set the width (was 00000004-...)
    folder = mixed_folder(git_repo)
    assert new(git_repo, "Mixed folder new") == "docs/decisions/0004-mixed-folder-new.md\n"
    listed = run("list", "--repo", str(git_repo))
    assert (listed.exit_code, listed.stderr) == (0, "")
    assert listed.stdout == (
        "1  accepted  2020-01-01  Use Nygard\n"
        "2  accepted  2020-02-01  Use MADR 2\n"
        "3  accepted  2020-03-01  Use MADR 4\n"
        "4  proposed  1992-01-12  Mixed folder new\n"
        "5  accepted  2020-04-01  Use log4brains\n")
    assert (folder / "0004-mixed-folder-new.md").read_text("utf-8").startswith(
        "---\nstatus: proposed\n")


def test_status_and_links_in_each_dialect(git_repo: Path) -> None:
    folder = mixed_folder(git_repo)
    for number in ("1", "2", "3", "4"):
        result = run("status", "--repo", str(git_repo), number, "deprecated")
        assert (result.exit_code, result.stderr) == (0, ""), result.stderr
    assert result.stdout == "docs/decisions/20200401-use-log4brains.md: accepted -> deprecated\n"
    text = {p.name: p.read_text("utf-8") for p in folder.iterdir()}
    assert "## Status\n\nDeprecated\n\n## Context" in text["0001-use-nygard.md"]
    assert "\n* Status: deprecated\n* Date: 2020-02-01\n" in text["0002-use-madr-2.md"]
    assert text["0003-use-madr-4.md"].startswith("---\nstatus: deprecated\ndate: 2020-03-01\n")
    assert "\n- Status: deprecated\n- Date: 2020-04-01\n" in text["20200401-use-log4brains.md"]
    # MADR records get "More Information" bullets; a log4brains file is linked by title only
    # (its number is just its place in the list), and the command names it by that number
    linked = run("link", "--repo", str(git_repo), "4", "Refines", "2", "Refined by")
    assert linked.stdout == ("docs/decisions/20200401-use-log4brains.md: Refines 2\n"
                             "docs/decisions/0002-use-madr-2.md: Refined by 4\n")
    assert (folder / "20200401-use-log4brains.md").read_text("utf-8").endswith(
        "## More Information\n\n* Refines [ADR-0002: Use MADR 2](0002-use-madr-2.md)\n")
    assert (folder / "0002-use-madr-2.md").read_text("utf-8").endswith(
        "## More Information\n\n* Refined by [Use log4brains](20200401-use-log4brains.md)\n")
    linked = run("link", "--repo", str(git_repo), "1", "Amends", "4", "Amended by")
    assert linked.exit_code == 0, linked.stderr
    assert "Deprecated\n\nAmends [Use log4brains](20200401-use-log4brains.md)\n\n## Context" in (
        folder / "0001-use-nygard.md").read_text("utf-8")
    data = json.loads(run("list", "--repo", str(git_repo), "--format", "json").stdout)
    assert [(d["number"], d["status"]) for d in data] == [
        (1, "deprecated"), (2, "deprecated"), (3, "deprecated"), (4, "deprecated")]
    graph = run("generate", "graph", "--repo", str(git_repo)).stdout
    assert '  adr4 -->|"Refines"| adr2\n' in graph and '  adr1 -->|"Amends"| adr4\n' in graph


@pytest.mark.parametrize(
    ("marker", "text", "message"),
    [
        (".adr-dir", "\n", "{repo}/.adr-dir:1: empty; write the ADR folder path (relative to "
                          "this file), e.g. doc/adr"),
        (".log4brains.yml", "project:\n  name: x\n", "{repo}/.log4brains.yml:1: "
         '"project.adrFolder" must name the ADR folder, e.g. docs/adr'),
        (".log4brains.yml", "project: [\n", "{repo}/.log4brains.yml:2: invalid YAML: expected "
         "the node content, but found '<stream end>'"),
    ],
)
def test_bad_folder_markers_stop_every_command(
    git_repo: Path, marker: str, text: str, message: str
) -> None:
    (git_repo / marker).write_text(text, encoding="utf-8")
    expected = "adrtool: error: " + message.format(repo=git_repo) + "\n"
    for args in (["list"], ["new", "--no-edit", "X"], ["generate", "toc"], ["init"]):
        result = run(*args, "--repo", str(git_repo))
        assert (result.exit_code, result.stdout, result.stderr) == (2, "", expected), args


def test_bad_link_status_and_ambiguous_numbers(git_repo: Path) -> None:
    folder = adr_tools_folder(git_repo)
    cases = [
        (["link", "2", "Am[ends", "1", "x"],
         'adrtool: error: bad LABEL "Am[ends": one line of words, e.g. "Amends"\n'),
        (["link", "2", "Amends", "1", " "],
         'adrtool: error: bad REVERSE " ": one line of words, e.g. "Amends"\n'),
        (["link", "2", "Amends", "2", "Amended by"],
         "adrtool: error: an ADR cannot link to itself (both are 2)\n"),
        (["status", "2", "done"],
         'adrtool: error: unknown status "done"\n'
         "  hint: use one of: proposed, accepted, rejected, deprecated, superseded\n"),
    ]
    (folder / "0002-second-copy.md").write_text("# 2. Copy\n", encoding="utf-8")
    ambiguous = ("adrtool: error: ADR 2 is ambiguous in doc/adr: 0002-first-record.md, "
                 "0002-second-copy.md\n"
                 '  hint: run "adrtool renumber" to give each record its own number\n')
    cases += [(["status", "2", "deprecated"], ambiguous), (["show", "2"], ambiguous),
              (["new", "--no-edit", "-s", "2", "X"], ambiguous)]
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    for args, message in cases:
        result = run(*args, "--repo", str(git_repo))
        assert (result.exit_code, result.stdout, result.stderr) == (2, "", message), args
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before  # nothing written


def test_unreadable_records_are_one_warning_each(git_repo: Path) -> None:
    folder = adr_tools_folder(git_repo)
    (folder / "0003-bin.md").write_bytes(b"# 3. Bin\n\0\1")
    (folder / "0004-latin.md").write_bytes(b"# 4. T\n\xe9\n")
    (folder / "0005-empty.md").write_bytes(b"")
    (folder / "0006-no-title.md").write_bytes(b"no title here\n")
    result = run("list", "--repo", str(git_repo))
    assert result.exit_code == 0
    assert result.stdout == ("1  accepted  1992-01-12  Record architecture decisions\n"
                             "2  accepted  1992-01-12  First Record\n")
    assert result.stderr == (
        "adrtool: warning: doc/adr/0003-bin.md: skipped: binary file (NUL bytes)\n"
        "adrtool: warning: doc/adr/0004-latin.md:2: skipped: not UTF-8 text (byte 0xe9); "
        "save the file as UTF-8\n"
        "adrtool: warning: doc/adr/0005-empty.md:1: skipped: empty file; an ADR needs at least "
        "a '# Title' line\n"
        "adrtool: warning: doc/adr/0006-no-title.md:1: skipped: no title; an ADR starts with a "
        "'# Title' heading\n")
    # a new record still takes the next number after every file named like one
    assert new(git_repo, "Next") == "doc/adr/0007-next.md\n"


def test_new_in_a_log4brains_folder_names_the_file_by_date(git_repo: Path) -> None:
    # log4brains files carry no number: a "0001-..." file would take number 1 from them
    folder = git_repo / "docs" / "adr"
    folder.mkdir(parents=True)
    (git_repo / ".log4brains.yml").write_text("project:\n  adrFolder: docs/adr\n", "utf-8")
    for day, title in (("20200401", "Use log4brains"), ("20200402", "Use MADR")):
        (folder / f"{day}-{title.lower().replace(' ', '-')}.md").write_text(
            f"# {title}\n\n- Status: accepted\n- Date: 2020-04-01\n\n## Context\n\nx\n", "utf-8")
    out = new(git_repo, "-s", "2", "-l", "1:Refines:Refined by", "Use adrtool")
    assert out == "docs/adr/19920112-use-adrtool.md\n"
    assert (folder / "20200402-use-madr.md").read_text("utf-8").startswith(
        "# Use MADR\n\n- Status: superseded by [Use adrtool](19920112-use-adrtool.md)\n")
    assert (folder / "19920112-use-adrtool.md").read_text("utf-8").endswith(
        "* Supersedes [Use MADR](20200402-use-madr.md)\n"
        "* Refines [Use log4brains](20200401-use-log4brains.md)\n")
    data = json.loads(run("list", "--repo", str(git_repo), "--format", "json").stdout)
    assert [(d["title"], d["supersedes"], d["superseded_by"]) for d in data] == [
        ("Use adrtool", [3], []), ("Use log4brains", [], []), ("Use MADR", [], [1])]
    again = run("new", "--repo", str(git_repo), "--no-edit", "--date", "1992-01-12", "Use adrtool")
    assert again.exit_code == 2
    assert again.stderr == (f"adrtool: error: {folder}/19920112-use-adrtool.md: already exists; "
                            "not overwritten\n")


# -- list and show --------------------------------------------------------------------------


def test_list_text_json_filter_and_warnings(git_repo: Path) -> None:
    folder = adr_tools_folder(git_repo)
    new(git_repo, "-s", "2", "A much longer title")
    (folder / "notes.md").write_text("# notes\n", encoding="utf-8")
    result = run("list", "--repo", str(git_repo))
    assert result.exit_code == 0
    assert result.stdout == (
        "1  accepted    1992-01-12  Record architecture decisions\n"
        "2  superseded  1992-01-12  First Record\n"
        "3  proposed    1992-01-12  A much longer title\n")
    assert result.stderr == ("adrtool: warning: doc/adr/notes.md: skipped: "
                             "not named like an ADR (NNNN-title.md)\n")
    only = run("list", "--repo", str(git_repo), "--status", "Superseded")
    assert only.stdout == "2  superseded  1992-01-12  First Record\n"
    data = json.loads(run("list", "--repo", str(git_repo), "--format", "json").stdout)
    assert [d["number"] for d in data] == [1, 2, 3]
    assert data[2] == {"number": 3, "title": "A much longer title", "status": "proposed",
                       "date": "1992-01-12", "path": "doc/adr/0003-a-much-longer-title.md",
                       "supersedes": [2], "superseded_by": []}


def test_show_prints_the_file_and_unknown_number_fails(git_repo: Path) -> None:
    folder = adr_tools_folder(git_repo)
    result = run("show", "--repo", str(git_repo), "2")
    assert result.exit_code == 0
    assert result.stdout == (folder / "0002-first-record.md").read_text("utf-8")
    missing = run("show", "--repo", str(git_repo), "7")
    assert missing.exit_code == 2
    assert missing.stderr == ("adrtool: error: no ADR numbered 7 in doc/adr\n"
                              '  hint: run "adrtool list" to see the numbers\n')


# -- status ---------------------------------------------------------------------------------


def test_status_lifecycle(git_repo: Path) -> None:
    folder = adr_tools_folder(git_repo)
    new(git_repo, "Third")
    path = folder / "0003-third.md"
    ok = run("status", "--repo", str(git_repo), "3", "Accepted")
    assert (ok.exit_code, ok.stderr) == (0, "")
    assert ok.stdout == "doc/adr/0003-third.md: proposed -> accepted\n"
    assert "## Status\n\nAccepted\n\n## Context" in path.read_text("utf-8")
    same = run("status", "--repo", str(git_repo), "3", "accepted")
    assert same.stdout == "doc/adr/0003-third.md: already accepted\n"
    bad = run("status", "--repo", str(git_repo), "3", "proposed")
    assert bad.exit_code == 2
    assert bad.stderr == ("adrtool: error: ADR 3 is accepted; it cannot become proposed "
                          "(allowed from accepted: deprecated, superseded)\n"
                          "  hint: pass --force to change it anyway\n")
    forced = run("status", "--repo", str(git_repo), "3", "proposed", "--force")
    assert forced.exit_code == 0
    assert "## Status\n\nProposed\n\n" in path.read_text("utf-8")
    unknown = run("status", "--repo", str(git_repo), "3", "done")
    assert unknown.exit_code == 2
    assert unknown.stderr.startswith('adrtool: error: unknown status "done"')


def test_status_superseded_cannot_return_to_proposed(git_repo: Path) -> None:
    adr_tools_folder(git_repo)
    new(git_repo, "-s", "2", "Replacement")
    result = run("status", "--repo", str(git_repo), "2", "proposed")
    assert result.exit_code == 2
    assert result.stderr == ("adrtool: error: ADR 2 is superseded; it cannot become proposed "
                             "(allowed from superseded: none)\n"
                             "  hint: pass --force to change it anyway\n")
    forced = run("status", "--repo", str(git_repo), "2", "accepted", "--force")
    assert forced.stdout == "doc/adr/0002-first-record.md: superseded -> accepted\n"
    assert "## Status\n\nAccepted\n\n## Context" in (
        git_repo / "doc/adr/0002-first-record.md").read_text("utf-8")
    listed = run("list", "--repo", str(git_repo), "--status", "accepted")
    assert "2  accepted" in listed.stdout


def test_status_keeps_crlf_and_bom(git_repo: Path) -> None:
    run("init", "--repo", str(git_repo))
    path = git_repo / "docs/decisions/0002-crlf.md"
    raw = "\ufeff---\r\nstatus: proposed\r\ndate: 2024-01-01\r\n---\r\n\r\n# CRLF\r\n"
    path.write_bytes(raw.encode("utf-8"))
    result = run("status", "--repo", str(git_repo), "2", "rejected")
    assert result.exit_code == 0, result.stderr
    assert path.read_bytes() == raw.replace("proposed", "rejected").encode("utf-8")


def test_crlf_folder_stays_crlf_through_new_supersede_link_status_renumber(
    git_repo: Path,
) -> None:
    folder = adr_tools_folder(git_repo)
    for path in folder.iterdir():
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    new(git_repo, "-s", "2", "-l", "1:Amends:Amended by", "Third")
    linked = run("link", "--repo", str(git_repo), "3", "Clarifies", "1", "Clarified by")
    assert linked.exit_code == 0
    assert run("status", "--repo", str(git_repo), "3", "accepted").exit_code == 0
    (folder / "0003-dup.md").write_bytes(b"# 3. Dup\r\n\r\n## Status\r\n\r\nAccepted\r\n")
    assert run("renumber", "--repo", str(git_repo)).exit_code == 0
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["0001-record-architecture-decisions.md", "0002-first-record.md",
                     "0003-dup.md", "0004-third.md"]
    for name in names:
        data = (folder / name).read_bytes()
        assert data.count(b"\n") == data.count(b"\r\n") > 4, name
    assert b"Superseded by [4. Third](0004-third.md)\r\n" in (
        folder / "0002-first-record.md").read_bytes()


# -- link -----------------------------------------------------------------------------------


def test_link_writes_both_directions(git_repo: Path) -> None:
    folder = adr_tools_folder(git_repo)
    result = run("link", "--repo", str(git_repo), "2", "Amends", "1", "Amended by")
    assert result.exit_code == 0
    assert result.stdout == ("doc/adr/0002-first-record.md: Amends 1\n"
                             "doc/adr/0001-record-architecture-decisions.md: Amended by 2\n")
    assert ("## Status\n\nAccepted\n\nAmends [1. Record architecture decisions]"
            "(0001-record-architecture-decisions.md)\n\n## Context") in (
        folder / "0002-first-record.md").read_text("utf-8")
    assert "Accepted\n\nAmended by [2. First Record](0002-first-record.md)\n\n## Context" in (
        folder / "0001-record-architecture-decisions.md").read_text("utf-8")
    bad = run("link", "--repo", str(git_repo), "2", "Amends", "9", "Amended by")
    assert bad.exit_code == 2
    assert bad.stderr.startswith("adrtool: error: no ADR numbered 9 in doc/adr\n")


# -- generate -------------------------------------------------------------------------------


def test_generate_toc_adr_tools_list_with_intro_outro_prefix(
    git_repo: Path, tmp_path: Path
) -> None:
    adr_tools_folder(git_repo)
    intro, outro = tmp_path / "intro.md", tmp_path / "outro.md"
    intro.write_text("An intro.\n\nMultiple paragraphs.\n", encoding="utf-8")
    outro.write_text("An outro.\n", encoding="utf-8")
    plain = run("generate", "toc", "--repo", str(git_repo))
    assert plain.stdout == ("# Architecture Decision Records\n\n"
                            f"* [1. {FIRST}](0001-record-architecture-decisions.md)\n"
                            "* [2. First Record](0002-first-record.md)\n")
    full = run("generate", "toc", "--repo", str(git_repo), "-i", str(intro), "--outro", str(outro),
               "-p", "doc/adr/")
    assert full.stdout == ("# Architecture Decision Records\n\n"
                           "An intro.\n\nMultiple paragraphs.\n\n"
                           f"* [1. {FIRST}](doc/adr/0001-record-architecture-decisions.md)\n"
                           "* [2. First Record](doc/adr/0002-first-record.md)\n\nAn outro.\n")


def test_generate_toc_table_with_status_to_file(git_repo: Path) -> None:
    run("init", "--repo", str(git_repo))
    new(git_repo, "Use | pipes")
    out = git_repo / "docs/decisions/README.md"
    result = run("generate", "toc", "--repo", str(git_repo), "-o", str(out))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == f"adrtool: wrote {out}\n"
    assert out.read_text("utf-8") == (
        "# Architecture Decision Records\n\n"
        "| Number | Title | Status | Date |\n|---:|---|---|---|\n"
        f"| 1 | [{FIRST}](0001-record-architecture-decisions.md) | accepted | {TODAY} |\n"
        "| 2 | [Use \\| pipes](0002-use-pipes.md) | proposed | 1992-01-12 |\n")
    # README.md is not an ADR: listing still shows two records, without warnings
    listed = run("list", "--repo", str(git_repo))
    assert listed.stderr == "" and len(listed.stdout.splitlines()) == 2


@pytest.mark.parametrize("name", ["0000-toc.md", "decisions.md"])
@pytest.mark.parametrize("command", ["toc", "graph"])
def test_generate_refuses_an_output_the_reader_would_take_for_an_adr(
    git_repo: Path, name: str, command: str
) -> None:
    run("init", "--repo", str(git_repo))
    out = git_repo / "docs/decisions" / name
    result = run("generate", command, "--repo", str(git_repo), "-o", str(out))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (f"adrtool: error: {out}: adrtool would take this file in the ADR "
                             "folder for an ADR; call it README.md or index.md, or write it "
                             "elsewhere\n")
    assert not out.exists()
    mermaid = git_repo / "docs/decisions/graph.mmd"  # not Markdown: fine next to the records
    assert run("generate", "graph", "--repo", str(git_repo), "-o", str(mermaid)).exit_code == 0
    assert run("list", "--repo", str(git_repo)).stderr == ""


def test_generate_graph_dot_like_adr_tools(git_repo: Path) -> None:
    adr_tools_folder(git_repo)
    new(git_repo, "-s", "2", "A better idea")
    new(git_repo, "-l", "1:Amends:Amended by", "The end")
    result = run("generate", "graph", "--repo", str(git_repo), "--format", "dot",
                 "-p", "http://example.com/", "-e", ".xxx")
    assert result.exit_code == 0
    assert result.stdout == (
        "digraph {\n  node [shape=plaintext];\n  subgraph {\n"
        '    _1 [label="1. Record architecture decisions"; '
        'URL="http://example.com/0001-record-architecture-decisions.xxx"];\n'
        '    _2 [label="2. First Record"; URL="http://example.com/0002-first-record.xxx"];\n'
        '    _1 -> _2 [style="dotted", weight=1];\n'
        '    _3 [label="3. A better idea"; URL="http://example.com/0003-a-better-idea.xxx"];\n'
        '    _2 -> _3 [style="dotted", weight=1];\n'
        '    _4 [label="4. The end"; URL="http://example.com/0004-the-end.xxx"];\n'
        '    _3 -> _4 [style="dotted", weight=1];\n'
        "  }\n"
        '  _3 -> _2 [label="Supersedes", weight=0]\n'
        '  _4 -> _1 [label="Amends", weight=0]\n'
        "}\n")


def test_generate_graph_mermaid(git_repo: Path) -> None:
    run("init", "--repo", str(git_repo))
    new(git_repo, "-s", "1", 'Say "hi"')
    result = run("generate", "graph", "--repo", str(git_repo))
    assert result.exit_code == 0
    assert result.stdout == (
        "flowchart TB\n"
        '  adr1["1. Record architecture decisions (superseded)"]\n'
        '  adr2["2. Say #quot;hi#quot; (proposed)"]\n'
        '  adr2 -->|"Supersedes"| adr1\n'
        '  click adr1 "0001-record-architecture-decisions.md"\n'
        '  click adr2 "0002-say-hi.md"\n')


# -- renumber -------------------------------------------------------------------------------


def test_renumber_after_merge_moves_the_later_record(git_repo: Path) -> None:
    folder = adr_tools_folder(git_repo)
    git(git_repo, "add", "doc")
    git(git_repo, "commit", "-q", "-m", "adrs")
    git(git_repo, "checkout", "-q", "-b", "feature")
    new(git_repo, "-l", "2:Amends:Amended by", "Feature idea")
    git(git_repo, "add", "doc")
    git(git_repo, "commit", "-q", "--date", "2030-01-02T00:00:00", "-m", "feature adr")
    git(git_repo, "checkout", "-q", "main")
    new(git_repo, "Main idea")
    git(git_repo, "add", "doc")
    git(git_repo, "commit", "-q", "--date", "2030-01-01T00:00:00", "-m", "main adr")
    git(git_repo, "merge", "-q", "--no-edit", "feature")
    assert sorted(p.name[:4] for p in folder.iterdir()) == ["0001", "0002", "0003", "0003"]

    dry = run("renumber", "--repo", str(git_repo), "--dry-run")
    assert dry.exit_code == 0
    assert dry.stdout == ("would move doc/adr/0003-feature-idea.md -> "
                          "doc/adr/0004-feature-idea.md\n"
                          "  would update doc/adr/0002-first-record.md\n")
    assert (folder / "0003-feature-idea.md").exists()

    result = run("renumber", "--repo", str(git_repo))
    assert result.exit_code == 0
    assert result.stdout == ("moved doc/adr/0003-feature-idea.md -> doc/adr/0004-feature-idea.md\n"
                             "  updated doc/adr/0002-first-record.md\n")
    assert not (folder / "0003-feature-idea.md").exists()
    moved = (folder / "0004-feature-idea.md").read_text("utf-8")
    assert moved.startswith("# 4. Feature idea\n")
    assert "Amended by [4. Feature idea](0004-feature-idea.md)" in (
        folder / "0002-first-record.md").read_text("utf-8")
    assert (folder / "0003-main-idea.md").read_text("utf-8").startswith("# 3. Main idea\n")
    again = run("renumber", "--repo", str(git_repo))
    assert again.stdout == "no duplicate numbers\n"


def test_renumber_without_git_moves_the_later_file_name(tmp_path: Path) -> None:
    folder = adr_tools_folder(tmp_path)
    (folder / "0002-another.md").write_text("# 2. Another\n", encoding="utf-8")
    result = run("renumber", "--repo", str(tmp_path))
    assert result.stdout == "moved doc/adr/0002-first-record.md -> doc/adr/0003-first-record.md\n"
    assert result.stderr == ("adrtool: warning: not a git repository; the record added first "
                             "in git history (else the earlier file name) keeps its number\n")
    bad = run("renumber", "--repo", str(tmp_path), "--base", "main")
    assert bad.exit_code == 3
    assert bad.stderr == (f"adrtool: error: --base main: {tmp_path} is not in a git repository\n"
                          "  hint: run renumber without --base here\n")


# -- help -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "snippet"),
    [
        (["init"], "--template [madr|nygard]"),
        (["new"], '-l, --link "N:Label:Reverse label"'),
        (["list"], "--format [text|json]"),
        (["show"], "Print ADR NUMBER."),
        (["status"], "--force"),
        (["link"], "adrtool link 3 Amends 1"),
        (["generate"], "toc"),
        (["generate", "toc"], "--intro F"),
        (["generate", "graph"], "--format [mermaid|dot]"),
        (["renumber"], "--dry-run"),
        (["renumber"], "--base REF"),
    ],
)
def test_help(args: list[str], snippet: str) -> None:
    result = run(*args, "--help")
    assert result.exit_code == 0
    assert snippet in result.stdout
    assert "--repo DIR" in result.stdout or args == ["generate"]


# -- editor ---------------------------------------------------------------------------------


def _fake_editor(tmp_path: Path) -> tuple[str, Path]:
    import sys

    log = tmp_path / "edited.txt"
    script = tmp_path / "editor.py"
    script.write_text(f"import sys\nopen({str(log)!r}, 'a').write(sys.argv[1] + '\\n')\n",
                      encoding="utf-8")
    return f"{sys.executable} {script}", log


def test_new_does_not_open_the_editor_without_a_terminal(git_repo: Path, tmp_path: Path) -> None:
    editor, log = _fake_editor(tmp_path)
    run("init", "--repo", str(git_repo))
    result = run("new", "--repo", str(git_repo), "Quiet", env={"VISUAL": editor})
    assert result.exit_code == 0
    assert result.stdout == "docs/decisions/0002-quiet.md\n"
    assert not log.exists()


@pytest.mark.slow
@pytest.mark.parametrize("no_edit", [False, True])
def test_new_opens_visual_on_a_terminal(git_repo: Path, tmp_path: Path, no_edit: bool) -> None:
    import os
    import pty
    import subprocess
    import sys

    editor, log = _fake_editor(tmp_path)
    run("init", "--repo", str(git_repo))
    controller, terminal = pty.openpty()
    args = [sys.executable, "-m", "adrtool", "new", "--repo", str(git_repo), "Loud"]
    env = {**os.environ, "VISUAL": editor, "EDITOR": "false"}
    done = subprocess.run([*args, *(["--no-edit"] if no_edit else [])], stdin=terminal,
                          stdout=terminal, stderr=subprocess.PIPE, env=env, timeout=60,
                          check=False)
    os.close(terminal)
    output = os.read(controller, 4096).decode()
    os.close(controller)
    assert done.returncode == 0, done.stderr
    assert output.strip() == "docs/decisions/0002-loud.md"
    if no_edit:
        assert not log.exists()
    else:
        assert log.read_text("utf-8") == f"{git_repo.resolve() / 'docs/decisions/0002-loud.md'}\n"


def _branches_both_adding_0005(tmp_path: Path) -> Path:
    """origin/main and "feature" each add their own ADR 0005; main's is merged into feature.

    The feature's record is older in git history, so the history rule alone would keep it."""
    from tests.guard_repos import D, cloned, commit, nygard, publish, write

    work = cloned(tmp_path)
    for n, title in enumerate(["Record decisions", "Use PostgreSQL", "Use Django", "Use Redis"],
                              1):
        write(work, f"{D}/{n:04d}-{title.lower().replace(' ', '-')}.md", nygard(n, title))
    commit(work, "start")
    publish(work, "feature")
    write(work, f"{D}/0005-use-rabbitmq.md",
          nygard(5, "Use RabbitMQ", links="Amends [4. Use Redis](0004-use-redis.md)"))
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "rabbitmq", "--date", "2024-01-01T00:00:00")
    git(work, "switch", "-q", "-c", "other", "origin/main")
    write(work, f"{D}/0005-use-kafka.md", nygard(5, "Use Kafka"))
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "kafka", "--date", "2025-01-01T00:00:00")
    git(work, "push", "-q", "origin", "other:main")
    git(work, "fetch", "-q", "origin")
    git(work, "switch", "-q", "feature")
    git(work, "merge", "-q", "--no-edit", "origin/main")
    return work


def test_renumber_keeps_the_record_merged_on_the_base_branch(tmp_path: Path) -> None:
    from tests.guard_repos import D, commit

    work = _branches_both_adding_0005(tmp_path)
    folder = work / D
    dry = run("renumber", "--repo", str(work), "--dry-run")
    assert (dry.exit_code, dry.stderr) == (0, "")
    assert dry.stdout == f"would move {D}/0005-use-rabbitmq.md -> {D}/0006-use-rabbitmq.md\n"
    moved = run("renumber", "--repo", str(work))
    assert (moved.exit_code, moved.stderr) == (0, "")
    assert moved.stdout == f"moved {D}/0005-use-rabbitmq.md -> {D}/0006-use-rabbitmq.md\n"
    assert (folder / "0005-use-kafka.md").read_text("utf-8").startswith("# 5. Use Kafka\n")
    assert (folder / "0006-use-rabbitmq.md").read_text("utf-8").startswith("# 6. Use RabbitMQ\n")
    commit(work, "renumber")
    checked = run("check", "--repo", str(work))
    assert (checked.exit_code, checked.stdout) == (0, ""), checked.stdout
    assert "compared with origin/main" in checked.stderr


def test_renumber_base_option_and_fallback_to_history(tmp_path: Path) -> None:
    work = _branches_both_adding_0005(tmp_path)
    bad = run("renumber", "--repo", str(work), "--base", "origin/nope")
    assert bad.exit_code == 3
    assert bad.stderr.startswith('adrtool: error: base "origin/nope" is not a branch, tag or '
                                 "commit here\n")
    # --base HEAD: both records are on it, so git history decides (the older RabbitMQ stays)
    kept = run("renumber", "--repo", str(work), "--base", "HEAD", "--dry-run")
    assert kept.exit_code == 0, kept.stderr
    assert kept.stdout == ("would move docs/decisions/0005-use-kafka.md -> "
                           "docs/decisions/0006-use-kafka.md\n")
    # no origin at all: the history rule, and stderr says so
    git(work, "remote", "remove", "origin")
    alone = run("renumber", "--repo", str(work), "--dry-run")
    assert alone.exit_code == 0
    assert alone.stdout == ("would move docs/decisions/0005-use-kafka.md -> "
                            "docs/decisions/0006-use-kafka.md\n")
    assert alone.stderr == (
        "adrtool: warning: no base branch to compare with (tried origin/main, origin/master); "
        "the record added first in git history (else the earlier file name) keeps its number\n")


def test_link_with_a_held_lock_on_the_target_changes_neither_record(
    git_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    import socket

    from adrtool.records import write

    monkeypatch.setattr(write, "_LOCK_WAIT", 0.2)
    folder = adr_tools_folder(git_repo)
    lock = folder / ".0002-first-record.md.lock"
    lock.write_text(f"{os.getpid()} {socket.gethostname()}\n", encoding="utf-8")  # alive
    before = files_of(folder)
    result = run("link", "--repo", str(git_repo), "1", "Amends", "2", "Amended by")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(f"adrtool: error: {folder}/0002-first-record.md: another "
                                    "process is editing it"), result.stderr
    assert result.stderr.endswith("; nothing written\n") and len(result.stderr.splitlines()) == 1
    assert files_of(folder) == before  # record 1 has no one-way link
