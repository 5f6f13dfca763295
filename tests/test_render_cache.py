"""Compiled packaged templates in the per-user cache (adrtool.render's bytecode cache)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from adrtool.render import _BYTECODE_MAGIC, MAX_BYTECODE_ENTRIES, environment, render
from adrtool.resources import data_dir

ROWS = [
    {"number": 1, "title": "Use | pipes", "link": "0001-a.md", "status": "accepted", "date": ""},
    {"number": 2, "title": "Second", "link": "0002-b.md", "status": "", "date": "2020-01-02"},
]
CONTEXT = {"records": ROWS, "style": "table", "intro": "", "outro": ""}


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("ADRTOOL_CACHE_DIR", str(folder))
    monkeypatch.delenv("ADRTOOL_NO_CACHE", raising=False)
    return folder


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("template-*.bin")) if folder.is_dir() else []


def fresh_render(monkeypatch: pytest.MonkeyPatch, repo: Path | None = None) -> str:
    with monkeypatch.context() as m:
        m.setenv("ADRTOOL_NO_CACHE", "1")
        return render("toc.md.j2", CONTEXT, repo)


def test_a_packaged_template_is_cached_and_a_hit_renders_the_same(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = fresh_render(monkeypatch)
    assert entries(cache_dir) == []
    assert render("toc.md.j2", CONTEXT) == expected
    (entry,) = entries(cache_dir)
    assert entry.stat().st_mode & 0o077 == 0  # a private file
    before = entry.stat().st_mtime_ns
    assert render("toc.md.j2", CONTEXT) == expected  # the hit
    assert entry.stat().st_mtime_ns == before  # read, not rewritten
    assert "\\|" in expected  # the md_cell filter ran


def test_a_hit_really_runs_the_cached_code(cache_dir: Path) -> None:
    """Put other code under the packaged template's entry (valid checks): it is what runs."""
    from jinja2.bccache import Bucket

    render("toc.md.j2", CONTEXT)
    (entry,) = entries(cache_dir)
    env = environment(None)
    assert env.bytecode_cache is not None
    source = (data_dir("templates") / "toc.md.j2").read_text(encoding="utf-8")
    bucket = Bucket(env, entry.name, env.bytecode_cache.get_source_checksum(source))
    bucket.code = env.compile("HIT\n", "toc.md.j2", "toc.md.j2")
    payload = bucket.bytecode_to_string()
    digest = hashlib.sha256(payload).hexdigest().encode("ascii")
    entry.write_bytes(_BYTECODE_MAGIC + digest + b"\n" + payload)
    assert render("toc.md.j2", CONTEXT) == "HIT\n"


@pytest.mark.parametrize("damage", ["truncate", "flip", "empty", "garbage"])
def test_a_damaged_entry_is_ignored_and_rewritten(
    damage: str, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = fresh_render(monkeypatch)
    render("toc.md.j2", CONTEXT)
    (entry,) = entries(cache_dir)
    good = entry.read_bytes()
    bad = {
        "truncate": good[: len(good) // 2],
        "flip": good[:-10] + bytes([good[-10] ^ 0xFF]) + good[-9:],
        "empty": b"",
        "garbage": b"\0" * 4096,
    }[damage]
    entry.write_bytes(bad)
    assert render("toc.md.j2", CONTEXT) == expected
    assert entry.read_bytes() == good  # compiled again and rewritten whole


def test_a_repo_template_is_never_cached(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "repo"
    (repo / ".adrtool" / "templates").mkdir(parents=True)
    (repo / ".adrtool" / "templates" / "toc.md.j2").write_text(
        "{% for r in records %}{{ r.number }};{% endfor %}\n", encoding="utf-8"
    )
    assert render("toc.md.j2", CONTEXT, repo) == "1;2;"  # trim_blocks
    assert render("toc.md.j2", CONTEXT, repo) == "1;2;"  # trim_blocks
    assert entries(cache_dir) == []


def test_a_repo_template_never_reads_a_packaged_entry(
    cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Same name as a cached packaged template: the repo's own text is what renders."""
    render("toc.md.j2", CONTEXT)
    repo = tmp_path / "repo"
    (repo / ".adrtool" / "templates").mkdir(parents=True)
    (repo / ".adrtool" / "templates" / "toc.md.j2").write_text("mine\n", encoding="utf-8")
    assert render("toc.md.j2", CONTEXT, repo) == "mine\n"


def test_no_cache_writes_nothing(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADRTOOL_NO_CACHE", "1")
    render("toc.md.j2", CONTEXT)
    assert not cache_dir.exists()


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_a_folder_others_can_write_is_not_used(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = fresh_render(monkeypatch)
    cache_dir.mkdir()
    cache_dir.chmod(0o777)
    assert render("toc.md.j2", CONTEXT) == expected
    assert entries(cache_dir) == []


def test_an_unusable_cache_path_does_not_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = fresh_render(monkeypatch)
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("ADRTOOL_CACHE_DIR", str(blocker / "cache"))
    monkeypatch.delenv("ADRTOOL_NO_CACHE", raising=False)
    assert render("toc.md.j2", CONTEXT) == expected


def test_old_entries_are_pruned(cache_dir: Path) -> None:
    cache_dir.mkdir(mode=0o700)
    for i in range(MAX_BYTECODE_ENTRIES + 5):
        old = cache_dir / f"template-{i:064x}.bin"
        old.write_bytes(b"old")
        os.utime(old, ns=(1_000_000_000 + i, 1_000_000_000 + i))
    render("toc.md.j2", CONTEXT)
    left = entries(cache_dir)
    assert len(left) == MAX_BYTECODE_ENTRIES
    assert not (cache_dir / f"template-{0:064x}.bin").exists()  # the oldest went first
    assert list(cache_dir.glob(".*.tmp")) == []
