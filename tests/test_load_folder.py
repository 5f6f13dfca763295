"""load_folder on real temporary folders: skipped files, numbering, paths, speed."""

from __future__ import annotations

import time
from pathlib import Path, PurePosixPath

from adrtool.records.store import MAX_RECORD_BYTES, load_folder, read_record


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_huge_file_is_a_warning(tmp_path):
    adr = tmp_path / "docs" / "adr"
    write(adr, "0001-ok.md", "# 1. Ok\n")
    write(adr, "0002-huge.md", "# 2. Huge\n\n" + "x" * MAX_RECORD_BYTES)
    folder = load_folder(tmp_path, adr)
    assert [r.number for r in folder.records] == [1]
    assert folder.warnings == (
        f"docs/adr/0002-huge.md: skipped: too large (over {MAX_RECORD_BYTES} bytes)",
    )


def test_missing_folder_is_a_warning(tmp_path):
    folder = load_folder(tmp_path, tmp_path / "docs" / "decisions")
    assert folder.records == ()
    assert folder.warnings == ("docs/decisions: cannot list folder (No such file or directory)",)


def test_subfolders_and_hidden_files_are_ignored(tmp_path):
    adr = tmp_path / "adr"
    write(adr / "0002-a-folder.md", "0001-inner.md", "# 1. Inner\n")
    write(adr, ".0003-hidden.md", "# 3. Hidden\n")
    write(adr, ".draft.md", "# Draft\n")
    write(adr, "0001-real.md", "# 1. Real\n")
    folder = load_folder(tmp_path, adr)
    assert [str(r.path) for r in folder.records] == ["adr/0001-real.md"]
    assert folder.warnings == ()


def test_unnumbered_records_follow_the_highest_number(tmp_path):
    adr = tmp_path / "adr"
    write(adr, "0004-numbered.md", "# 4. Numbered\n")
    write(adr, "20210101-b.md", "# B\n\n- Status: superseded by [20200101-a](20200101-a.md)\n")
    write(adr, "20200101-a.md", "# A\n")
    folder = load_folder(tmp_path, adr)
    assert [(r.number, r.path.name) for r in folder.records] == [
        (4, "0004-numbered.md"),
        (5, "20200101-a.md"),
        (6, "20210101-b.md"),
    ]
    assert folder.by_number(6)[0].superseded_by == (5,)


def test_link_to_a_missing_file_keeps_the_number_from_its_name(tmp_path):
    adr = tmp_path / "adr"
    write(adr, "0002-b.md", "# 2. B\n\n## Status\n\nAccepted\n\nSupercedes [1. A](0001-a.md)\n")
    write(adr, "0003-c.md", "# 3. C\n\n- Status: superseded by [x](20200101-gone.md)\n")
    folder = load_folder(tmp_path, adr)
    assert folder.by_number(2)[0].supersedes == (1,)
    c = folder.by_number(3)[0]
    assert (c.status, c.superseded_by, c.raw_links[0].target) == ("superseded", (), -1)


def test_folder_is_the_repo_itself_and_outside_it(tmp_path):
    write(tmp_path / "repo", "0001-a.md", "# 1. A\n")
    write(tmp_path / "elsewhere", "0001-b.md", "# 1. B\n")
    assert load_folder(tmp_path / "repo", tmp_path / "repo").records[0].path == PurePosixPath(
        "0001-a.md"
    )
    outside = load_folder(tmp_path / "repo", tmp_path / "elsewhere")
    assert outside.records[0].path == PurePosixPath("../elsewhere/0001-b.md")


def test_read_record_one_file(tmp_path):
    path = write(tmp_path / "docs" / "adr", "0001-a.md", "# 1. A\n\nDate: 2020-02-02\n")
    r = read_record(tmp_path, path)
    assert (r.number, r.title, str(r.path), str(r.date)) == (
        1,
        "A",
        "docs/adr/0001-a.md",
        "2020-02-02",
    )


def test_many_records_load_quickly(tmp_path):
    adr = tmp_path / "docs" / "decisions"
    adr.mkdir(parents=True)
    for i in range(1, 3001):
        (adr / f"{i:04d}-decision-{i}.md").write_text(
            f"# {i}. Decision {i}\n\nDate: 2020-01-01\n\n## Status\n\nAccepted\n\n"
            f"Supercedes [1. First](0001-decision-1.md)\n\n## Context\n\nText.\n",
            encoding="utf-8",
        )
    start = time.perf_counter()
    folder = load_folder(tmp_path, adr)
    elapsed = time.perf_counter() - start
    assert len(folder.records) == 3000
    assert folder.records[-1].supersedes == (1,)
    assert elapsed < 1.5, f"load_folder took {elapsed:.2f}s for 3000 records"


def test_companion_files_are_skipped_silently(tmp_path):
    adr = tmp_path / "docs" / "decisions"
    for name in [
        "README.md",
        "index.md",
        "adr-template.md",
        "adr-template-bare-minimal.md",
        "template.md",
        "Readme.md",
        ".markdownlint.yml",
        "0008-example-badge.png",
    ]:
        write(adr, name, "# Not an ADR\n")
    write(adr, "0001-a.md", "# 1. A\n")
    write(adr, "notes-from-offsite.md", "# Notes\n")
    folder = load_folder(tmp_path, adr)
    assert [r.path.name for r in folder.records] == ["0001-a.md"]
    assert folder.warnings == (
        "docs/decisions/notes-from-offsite.md: skipped: not named like an ADR (NNNN-title.md)",
    )


def test_broken_symlink_and_fifo_are_warnings(tmp_path):
    import os

    adr = tmp_path / "adr"
    write(adr, "0001-a.md", "# 1. A\n")
    (adr / "0002-gone.md").symlink_to(adr / "nowhere.md")
    os.mkfifo(adr / "0003-pipe.md")
    (adr / "0004-linked.md").symlink_to(adr / "0001-a.md")
    folder = load_folder(tmp_path, adr)
    assert [r.path.name for r in folder.records] == ["0001-a.md", "0004-linked.md"]
    assert folder.warnings == (
        "adr/0002-gone.md: skipped: not a regular file",
        "adr/0003-pipe.md: skipped: not a regular file",
    )


def test_folder_notes_collect_record_remarks(tmp_path):
    adr = tmp_path / "adr"
    write(adr, "0001-a.md", "---\nstatus: [accepted\n---\n# 1. A\n")
    write(adr, "0002-b.md", "# 2. B\n")
    folder = load_folder(tmp_path, adr)
    assert [r.number for r in folder.records] == [1, 2]
    assert len(folder.notes) == 1
    assert folder.notes[0].startswith("adr/0001-a.md:2: front matter ignored: invalid YAML")
