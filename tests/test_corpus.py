"""Every folder in tests/corpus/ is a realistic ADR folder in one real-world style.

Each holds an ``expected.json`` written by hand: per record file the number, title, status,
date, supersession links, other typed links and dialect; and the warning lines that
``load_folder`` must give for files it skips.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from adrtool.records.store import Folder, load_folder

CORPUS = Path(__file__).parent / "corpus"
FOLDERS = sorted(p.name for p in CORPUS.iterdir() if (p / "expected.json").is_file())


def _load(name: str) -> tuple[Folder, dict]:
    expected = json.loads((CORPUS / name / "expected.json").read_text(encoding="utf-8"))
    return load_folder(CORPUS, CORPUS / name), expected


def _actual(folder: Folder, extra_keys: set[str]) -> dict[str, dict]:
    out = {}
    for r in folder.records:
        row = {
            "number": r.number,
            "title": r.title,
            "status": r.status,
            "date": r.date.isoformat() if r.date else None,
            "supersedes": list(r.supersedes),
            "superseded_by": list(r.superseded_by),
            "links": [[lk.label, lk.target] for lk in r.links],
            "dialect": r.dialect,
        }
        for key in extra_keys:
            row[key] = getattr(r, key)
        out[r.path.name] = row
    return out


def test_corpus_is_big_enough():
    assert len(FOLDERS) >= 12
    dialects = set()
    for name in FOLDERS:
        _, expected = _load(name)
        dialects |= {row["dialect"] for row in expected["records"].values()}
    assert dialects == {"nygard", "madr2", "madr3", "madr4", "log4brains", "frontmatter"}


@pytest.mark.parametrize("name", FOLDERS)
def test_corpus_folder(name):
    folder, expected = _load(name)
    extra = {k for row in expected["records"].values() for k in row} - {
        "number",
        "title",
        "status",
        "date",
        "supersedes",
        "superseded_by",
        "links",
        "dialect",
    }
    actual = _actual(folder, extra)
    for file_name, row in expected["records"].items():
        assert file_name in actual, f"{name}/{file_name} was not read as a record"
        want = {k: row[k] for k in actual[file_name] if k in row}
        assert {k: actual[file_name][k] for k in want} == want, f"{name}/{file_name}"
    assert sorted(actual) == sorted(expected["records"]), "records read but not expected"
    assert list(folder.warnings) == expected["warnings"]


@pytest.mark.parametrize("name", FOLDERS)
def test_corpus_records_are_sorted_and_relative(name):
    folder, _ = _load(name)
    keys = [(r.number, r.path.name) for r in folder.records]
    assert keys == sorted(keys)
    for r in folder.records:
        assert str(r.path) == f"{name}/{r.path.name}"
        assert not r.path.is_absolute()
        assert r.notes == ()


@pytest.mark.parametrize("name", FOLDERS)
def test_corpus_links_point_at_records_in_the_folder(name):
    folder, _ = _load(name)
    numbers = {r.number for r in folder.records}
    for r in folder.records:
        for n in (*r.supersedes, *r.superseded_by, *(lk.target for lk in r.links)):
            assert n in numbers, f"{r.path}: link to {n} which is not in the folder"


def test_corpus_duplicates_after_merge():
    folder, _ = _load("merge-duplicates")
    assert [r.path.name for r in folder.by_number(2)] == [
        "0002-use-celery-for-background-jobs.md",
        "0002-use-htmx-for-the-admin-pages.md",
    ]
    assert folder.by_number(7) == []
    assert folder.next_number() == 3
    assert set(folder.duplicates()) == {2}


def test_corpus_log4brains_links_resolved_by_file_name():
    folder, _ = _load("log4brains")
    old = folder.by_filename("20201102-host-the-frontend-on-s3.md")
    assert old is not None
    (link,) = old.raw_links
    assert link.target_file == "20210415-host-the-frontend-on-a-cdn-edge-platform.md"
    assert link.target == 4
    assert link.line == 3


def test_corpus_text_is_kept_without_bom():
    folder, _ = _load("crlf-bom")
    r = folder.by_number(2)[0]
    assert r.text.startswith("# 2. Ship with MSIX\r\n")
    assert (r.title_line, r.status_line) == (1, 7)
    assert [(lk.label, lk.line) for lk in r.raw_links] == [("Amends", 9)]


@pytest.mark.parametrize("name", FOLDERS)
def test_corpus_line_numbers_point_at_the_text(name):
    folder, _ = _load(name)
    for r in folder.records:
        lines = r.text.splitlines()
        assert r.title_line is not None, r.path
        assert r.title in lines[r.title_line - 1], r.path
        if r.status is not None:
            assert r.status_line is not None, r.path
            line = lines[r.status_line - 1].lower()
            wanted = ("supersed", "superced") if r.status == "superseded" else (r.status.lower(),)
            assert any(w in line for w in wanted), (r.path, line)
        for lk in r.raw_links:
            assert lk.line is not None
            line = lines[lk.line - 1]
            assert lk.label.split()[0].lower() in line.lower(), (r.path, lk)
            if lk.target_file:  # front matter lists name the file on the lines below the key
                where = lines[: r.body_start_line] if lk.line < r.body_start_line else [line]
                assert any(lk.target_file in ln for ln in where), (r.path, lk)
