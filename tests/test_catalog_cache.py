"""The per-user cache of parsed packaged catalogs (adrtool.decision.cache)."""

from __future__ import annotations

import datetime
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from adrtool.decision import cache
from adrtool.decision.catalog import CatalogRegistry, load_catalog_file, load_checklist
from adrtool.errors import ConfigError
from adrtool.resources import data_dir
from tests.conftest import run

CRITERIA = data_dir("criteria")
BACKEND = CRITERIA / "backend-frameworks.yaml"
PACKAGED = sorted(p for p in CRITERIA.glob("*.yaml") if p.name != "checklist.yaml")


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("ADRTOOL_CACHE_DIR", str(folder))
    monkeypatch.delenv("ADRTOOL_NO_CACHE", raising=False)
    return folder


def entries(folder: Path, kind: str = "catalog") -> list[Path]:
    return sorted(folder.glob(f"{kind}-*.json")) if folder.is_dir() else []


def copy_catalog(tmp_path: Path) -> Path:
    path = tmp_path / "src" / "backend-frameworks.yaml"
    path.parent.mkdir()
    shutil.copyfile(BACKEND, path)
    return path


# --------------------------------------------------------------------------- hits


def test_a_hit_gives_the_same_catalog_as_a_fresh_load(cache_dir: Path) -> None:
    fresh = load_catalog_file(BACKEND, display="criteria/backend-frameworks.yaml")
    first = load_catalog_file(BACKEND, display="criteria/backend-frameworks.yaml", cache=True)
    assert len(entries(cache_dir)) == 1
    hit = load_catalog_file(BACKEND, display="criteria/backend-frameworks.yaml", cache=True)
    assert first == fresh
    assert hit == fresh
    assert repr(hit) == repr(first)
    assert hit.content_sha256 == fresh.content_sha256


def test_a_hit_really_reads_the_entry(cache_dir: Path, tmp_path: Path) -> None:
    path = copy_catalog(tmp_path)
    load_catalog_file(path, cache=True)
    [entry] = entries(cache_dir)
    doc = json.loads(entry.read_text(encoding="utf-8"))
    doc["data"]["title"] = "Read from the cache"
    doc["data_sha256"] = cache.data_sha256(doc["data"])
    entry.write_text(json.dumps(doc), encoding="utf-8")
    assert load_catalog_file(path, cache=True).title == "Read from the cache"


def test_a_warm_cache_never_imports_ruamel(cache_dir: Path) -> None:
    code = (
        "import sys\n"
        "from adrtool.decision.catalog import CatalogRegistry, load_checklist\n"
        "CatalogRegistry(None).all(); load_checklist()\n"
        "print('ruamel.yaml' in sys.modules)\n"
    )
    env = {**os.environ, "ADRTOOL_CACHE_DIR": str(cache_dir)}

    def imported_ruamel() -> str:
        done = subprocess.run(
            [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
        )
        return done.stdout.strip()

    assert imported_ruamel() == "True"  # cold: parses the YAML
    assert imported_ruamel() == "False"  # warm: JSON only


def test_checklist_hit_equals_a_fresh_load(cache_dir: Path) -> None:
    fresh = load_checklist(CRITERIA / "checklist.yaml")  # an explicit path is never cached
    assert entries(cache_dir, "checklist") == []
    first = load_checklist()
    assert len(entries(cache_dir, "checklist")) == 1
    assert load_checklist() == first == fresh


def test_score_output_is_identical_with_and_without_the_cache(
    cache_dir: Path, git_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = run("score", "--repo", str(git_repo), "--format", "json")
    warm = run("score", "--repo", str(git_repo), "--format", "json")
    monkeypatch.setenv("ADRTOOL_NO_CACHE", "1")
    off = run("score", "--repo", str(git_repo), "--format", "json")
    assert cold.exit_code == warm.exit_code == off.exit_code == 0
    assert len(entries(cache_dir)) == len(PACKAGED)
    assert warm.stdout == cold.stdout == off.stdout
    assert json.loads(warm.stdout)["inputs_sha256"] == json.loads(off.stdout)["inputs_sha256"]


# --------------------------------------------------------------------------- invalidation


def test_a_changed_file_misses_and_loads_the_new_content(cache_dir: Path, tmp_path: Path) -> None:
    path = copy_catalog(tmp_path)
    before = load_catalog_file(path, cache=True)
    text = path.read_text(encoding="utf-8")
    assert "\ntitle: " in text
    path.write_text(text.replace("\ntitle: ", "\ntitle: Changed ", 1), encoding="utf-8")
    after = load_catalog_file(path, cache=True)
    assert after.title == "Changed " + before.title
    assert after.content_sha256 != before.content_sha256
    assert len(entries(cache_dir)) == 2
    assert load_catalog_file(path, cache=True) == after


def test_a_changed_file_that_is_now_invalid_fails_with_file_and_line(
    cache_dir: Path, tmp_path: Path
) -> None:
    path = copy_catalog(tmp_path)
    load_catalog_file(path, cache=True)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\ntitle: ", "\ntitel: ", 1), encoding="utf-8")
    with pytest.raises(ConfigError) as cached:
        load_catalog_file(path, display="criteria/x.yaml", cache=True)
    with pytest.raises(ConfigError) as uncached:
        load_catalog_file(path, display="criteria/x.yaml")
    assert str(cached.value) == str(uncached.value)
    assert str(cached.value).startswith("criteria/x.yaml:")
    assert str(cached.value).endswith('missing required key "title"')
    assert (
        cached.value.hint == 'run "adrtool catalog validate criteria/x.yaml" to see every problem'
    )
    assert len(entries(cache_dir)) == 1  # nothing cached for the broken text


def test_the_key_covers_kind_text_and_code() -> None:
    assert cache.entry_key("catalog", "a: 1\n") == cache.entry_key("catalog", "a: 1\n")
    assert cache.entry_key("catalog", "a: 1\n") != cache.entry_key("catalog", "a: 2\n")
    assert cache.entry_key("catalog", "a: 1\n") != cache.entry_key("checklist", "a: 1\n")
    assert len(cache.code_fingerprint()) == 64


# --------------------------------------------------------------------------- damage


def _set_title(doc: dict, value: object) -> None:
    doc["data"]["title"] = value


def _rehash(doc: dict) -> None:
    doc["data_sha256"] = cache.data_sha256(doc["data"])


CORRUPTIONS = {
    "garbage": lambda blob: b"\x00\xffnot json",
    "truncated": lambda blob: blob[: len(blob) // 2],
    "empty": lambda blob: b"",
    "a list": lambda blob: b"[1, 2]",
    "other key": lambda blob: blob.replace(b'"key": "', b'"key": "0', 1),
    "other format": lambda blob: blob.replace(b'"format": 1', b'"format": 99', 1),
    "edited data, old hash": lambda blob: blob.replace(b'"title": "', b'"title": "X', 1),
    "invalid data, right hash": "invalid",
    "data not a mapping": "list",
}


@pytest.mark.parametrize("damage", sorted(CORRUPTIONS))
def test_a_damaged_entry_is_ignored_and_rewritten(
    damage: str, cache_dir: Path, tmp_path: Path
) -> None:
    path = copy_catalog(tmp_path)
    fresh = load_catalog_file(path, cache=True)
    [entry] = entries(cache_dir)
    how = CORRUPTIONS[damage]
    if how == "invalid":
        doc = json.loads(entry.read_text(encoding="utf-8"))
        doc["data"]["criteria"] = "no longer a list"
        _rehash(doc)
        entry.write_text(json.dumps(doc), encoding="utf-8")
    elif how == "list":
        doc = json.loads(entry.read_text(encoding="utf-8"))
        doc["data"] = [1, 2, 3]
        _rehash(doc)
        entry.write_text(json.dumps(doc), encoding="utf-8")
    else:
        entry.write_bytes(how(entry.read_bytes()))
    assert load_catalog_file(path, cache=True) == fresh
    assert cache.read_entry("catalog", path.read_text(encoding="utf-8")) is not None


@pytest.mark.parametrize("damage", ["garbage", "questions gone", "bad effect"])
def test_a_damaged_checklist_entry_is_ignored(damage: str, cache_dir: Path) -> None:
    fresh = load_checklist()
    [entry] = entries(cache_dir, "checklist")
    if damage == "garbage":
        entry.write_text("{", encoding="utf-8")
    else:
        doc = json.loads(entry.read_text(encoding="utf-8"))
        if damage == "questions gone":
            del doc["data"]["questions"]
        else:
            doc["data"]["questions"][0]["effects"] = {"high": {"security": "lots"}}
        _rehash(doc)
        entry.write_text(json.dumps(doc), encoding="utf-8")
    assert load_checklist() == fresh


# --------------------------------------------------------------------------- off switches


@pytest.mark.parametrize("value", ["1", "yes"])
def test_no_cache_writes_and_reads_nothing(
    value: str, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = load_catalog_file(BACKEND, cache=True)
    [entry] = entries(cache_dir)
    doc = json.loads(entry.read_text(encoding="utf-8"))
    doc["data"]["title"] = "Read from the cache"
    _rehash(doc)
    entry.write_text(json.dumps(doc), encoding="utf-8")
    monkeypatch.setenv("ADRTOOL_NO_CACHE", value)
    assert cache.cache_dir() is None
    assert load_catalog_file(BACKEND, cache=True) == fresh
    assert load_checklist() is not None
    assert entries(cache_dir, "checklist") == []


def test_no_cache_zero_means_on(cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADRTOOL_NO_CACHE", "0")
    assert cache.cache_dir() == cache_dir


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"ADRTOOL_CACHE_DIR": "/x/own", "XDG_CACHE_HOME": "/x/xdg"}, "/x/own"),
        ({"XDG_CACHE_HOME": "/x/xdg"}, "/x/xdg/adrtool"),
        ({"XDG_CACHE_HOME": "relative/ignored", "HOME": "/x/home"}, "/x/home/.cache/adrtool"),
        ({"HOME": "/x/home"}, "/x/home/.cache/adrtool"),
    ],
)
def test_where_the_cache_lives(
    env: dict[str, str], expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key in ("ADRTOOL_CACHE_DIR", "XDG_CACHE_HOME", "ADRTOOL_NO_CACHE"):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert cache.cache_dir() == Path(expected)


def _under_a_file(tmp_path: Path) -> Path:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n", encoding="utf-8")
    return blocker / "cache"


def _a_file(tmp_path: Path) -> Path:
    path = tmp_path / "cache-file"
    path.write_text("not a folder\n", encoding="utf-8")
    return path


def _group_writable(tmp_path: Path) -> Path:
    path = tmp_path / "shared-cache"
    path.mkdir()
    path.chmod(0o777)
    return path


@pytest.mark.parametrize("make", [_under_a_file, _a_file, _group_writable])
def test_an_unusable_cache_dir_does_not_crash(
    make, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = make(tmp_path)
    monkeypatch.setenv("ADRTOOL_CACHE_DIR", str(folder))
    monkeypatch.delenv("ADRTOOL_NO_CACHE", raising=False)
    fresh = load_catalog_file(BACKEND)
    assert load_catalog_file(BACKEND, cache=True) == fresh
    assert load_catalog_file(BACKEND, cache=True) == fresh
    assert load_checklist() == load_checklist(CRITERIA / "checklist.yaml")
    assert entries(folder) == []


def test_a_full_or_read_only_disk_is_ignored(cache_dir: Path, monkeypatch) -> None:
    # Root ignores permission bits, so make the write itself fail: os.replace onto a folder.
    cache_dir.mkdir(mode=0o700)
    key = cache.entry_key("catalog", BACKEND.read_text(encoding="utf-8"))
    (cache_dir / f"catalog-{key}.json").mkdir()
    fresh = load_catalog_file(BACKEND)
    assert load_catalog_file(BACKEND, cache=True) == fresh
    assert sorted(p.name for p in cache_dir.iterdir()) == [f"catalog-{key}.json"]  # no temp left


# --------------------------------------------------------------------------- policy


def test_repo_catalogs_are_never_cached(cache_dir: Path, git_repo: Path) -> None:
    local = git_repo / ".adrtool" / "criteria" / "queues.yaml"
    local.parent.mkdir(parents=True)
    text = (CRITERIA / "message-queues.yaml").read_text(encoding="utf-8")
    local.write_text(text.replace("id: message-queues", "id: my-queues", 1), encoding="utf-8")
    catalogs = CatalogRegistry(git_repo).all()
    assert catalogs["my-queues"].origin == "repo"
    assert len(entries(cache_dir)) == len(PACKAGED)
    assert cache.read_entry("catalog", local.read_text(encoding="utf-8")) is None


def test_entries_are_private_files(cache_dir: Path) -> None:
    load_catalog_file(BACKEND, cache=True)
    [entry] = entries(cache_dir)
    if hasattr(os, "getuid"):
        assert entry.stat().st_mode & 0o077 == 0
        assert cache_dir.stat().st_mode & 0o077 == 0
    assert list(cache_dir.glob(".*.tmp")) == []


# --------------------------------------------------------------------------- JSON exactness


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"a": [1, 2.5, "x", None, True]}, {"a": [1, 2.5, "x", None, True]}),
        ({"when": datetime.date(2025, 1, 2)}, None),
        ({"nan": float("nan")}, None),
        ({"inf": float("inf")}, None),
        ({1: "int key"}, None),
        ({"s": "\u00e9\u4e2d"}, {"s": "\u00e9\u4e2d"}),
    ],
)
def test_as_json_data(data: object, expected: object) -> None:
    assert cache.as_json_data(data) == expected


def test_ruamel_scalars_become_plain_numbers() -> None:
    from adrtool.yamlio import load_yaml, plain

    raw = plain(load_yaml(Path("x.yaml"), "a: 1.50\nb: 0\nc: 0x10\nd: true\n"))
    out = cache.as_json_data(raw)
    assert out == {"a": 1.5, "b": 0, "c": 16, "d": True}
    assert [type(v) for v in out.values()] == [float, int, int, bool]


def test_old_entries_are_pruned(cache_dir: Path, tmp_path: Path) -> None:
    path = copy_catalog(tmp_path)
    text = path.read_text(encoding="utf-8")
    for i in range(cache.MAX_ENTRIES_PER_KIND + 3):
        path.write_text(text.replace("\ntitle: ", f"\ntitle: v{i} ", 1), encoding="utf-8")
        load_catalog_file(path, cache=True)
        newest = max(entries(cache_dir), key=lambda p: p.stat().st_mtime_ns)
        os.utime(newest, ns=(i * 10**9, i * 10**9))  # distinct, increasing ages
    assert len(entries(cache_dir)) == cache.MAX_ENTRIES_PER_KIND
    assert load_catalog_file(path, cache=True).title.startswith(
        f"v{cache.MAX_ENTRIES_PER_KIND + 2} "
    )
    assert cache.read_entry("catalog", path.read_text(encoding="utf-8")) is not None
