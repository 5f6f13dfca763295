"""Finding the ADR folder: every rule of DESIGN.md, with real folders and a real git repo."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import git

from adrtool.config import Config
from adrtool.errors import ConfigError
from adrtool.records.discover import adr_dir_for_init, choose_adr_dir, find_adr_dir


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    r = tmp_path / "repo"
    r.mkdir()
    git(r, "init", "-q")
    return r


def mk(repo: Path, rel: str) -> Path:
    p = repo / rel
    p.mkdir(parents=True, exist_ok=True)
    return p


def test_nothing_found_and_init_default(repo):
    assert find_adr_dir(repo, Config()) is None
    assert adr_dir_for_init(repo, Config()) == repo / "docs" / "decisions"
    assert choose_adr_dir(repo, Config()).source == "default"


@pytest.mark.parametrize(
    ("present", "winner"),
    [
        (["docs/decisions", "docs/adr", "doc/adr"], "docs/decisions"),
        (["docs/adr", "doc/adr", "docs/architecture/decisions"], "docs/adr"),
        (["doc/adr", "docs/architecture/decisions"], "doc/adr"),
        (["docs/architecture/decisions"], "docs/architecture/decisions"),
    ],
)
def test_conventional_folders_in_order(repo, present, winner):
    for rel in present:
        mk(repo, rel)
    assert find_adr_dir(repo, Config()) == repo / winner
    assert adr_dir_for_init(repo, Config()) == repo / winner
    assert choose_adr_dir(repo, Config()).source == "convention"


def test_a_file_named_like_a_folder_is_not_a_folder(repo):
    (repo / "docs").mkdir()
    (repo / "docs" / "decisions").write_text("not a folder", encoding="utf-8")
    mk(repo, "doc/adr")
    assert find_adr_dir(repo, Config()) == repo / "doc" / "adr"


def test_explicit_dir_wins_over_everything(repo):
    mk(repo, "docs/decisions")
    mk(repo, "architecture")
    (repo / ".adr-dir").write_text("docs/decisions\n", encoding="utf-8")
    cfg = Config(adr_dir="docs/decisions")
    assert find_adr_dir(repo, cfg, Path("architecture")) == repo / "architecture"
    assert find_adr_dir(repo, cfg, repo / "architecture") == repo / "architecture"
    assert choose_adr_dir(repo, cfg, Path("architecture")).source == "--dir"


def test_explicit_dir_that_does_not_exist(repo):
    mk(repo, "docs/decisions")
    assert find_adr_dir(repo, Config(), Path("nope")) is None
    assert adr_dir_for_init(repo, Config(), Path("nope")) == repo / "nope"


def test_config_wins_over_adr_dir_file_and_conventions(repo):
    mk(repo, "docs/adr")
    mk(repo, "records/adr")
    (repo / ".adr-dir").write_text("docs/adr", encoding="utf-8")
    cfg = Config(adr_dir="records/adr")
    assert find_adr_dir(repo, cfg) == repo / "records" / "adr"
    assert choose_adr_dir(repo, cfg).source == "config"


def test_configured_folder_not_created_yet(repo):
    mk(repo, "docs/adr")
    cfg = Config(adr_dir="architecture/decisions")
    assert find_adr_dir(repo, cfg) is None
    assert adr_dir_for_init(repo, cfg) == repo / "architecture" / "decisions"


def test_adr_dir_file_at_repo_root(repo):
    mk(repo, "docs/decisions")
    mk(repo, "doc/architecture/decisions")
    (repo / ".adr-dir").write_text("doc/architecture/decisions\n", encoding="utf-8")
    assert find_adr_dir(repo, Config()) == repo / "doc" / "architecture" / "decisions"
    assert choose_adr_dir(repo, Config()).source == ".adr-dir"


def test_adr_dir_file_found_upward_relative_to_its_own_folder(repo):
    service = mk(repo, "services/billing")
    mk(repo, "adrs")
    (repo / ".adr-dir").write_text("adrs", encoding="utf-8")
    assert find_adr_dir(service, Config()) == repo / "adrs"


def test_nearest_adr_dir_file_wins(repo):
    service = mk(repo, "services/billing")
    mk(repo, "adrs")
    mk(service, "decisions")
    (repo / ".adr-dir").write_text("adrs", encoding="utf-8")
    (service / ".adr-dir").write_text("decisions", encoding="utf-8")
    assert find_adr_dir(service, Config()) == service / "decisions"


def test_adr_dir_file_with_parent_path_and_spaces(repo):
    sub = mk(repo, "code")
    mk(repo, "my docs/adr")
    (sub / ".adr-dir").write_text("../my docs/adr\n", encoding="utf-8")
    assert find_adr_dir(sub, Config()) == repo / "my docs" / "adr"


def test_upward_search_stops_at_the_git_root(tmp_path):
    outer = tmp_path / "outer"
    mk(outer, "adrs")
    (outer / ".adr-dir").write_text("adrs", encoding="utf-8")
    inner = mk(outer, "inner")
    git(inner, "init", "-q")
    mk(inner, "doc/adr")
    sub = mk(inner, "pkg")
    # The .adr-dir above the git root belongs to another project: ignored.
    assert find_adr_dir(sub, Config()) is None
    assert find_adr_dir(inner, Config()) == inner / "doc" / "adr"


def test_upward_search_without_git_goes_to_the_top(tmp_path):
    top = tmp_path / "plain"
    mk(top, "adrs")
    (top / ".adr-dir").write_text("adrs", encoding="utf-8")
    deep = mk(top, "a/b/c")
    assert find_adr_dir(deep, Config()) == top / "adrs"


def test_empty_adr_dir_file_is_a_config_error(repo):
    (repo / ".adr-dir").write_text("\n  \n", encoding="utf-8")
    with pytest.raises(ConfigError) as e:
        find_adr_dir(repo, Config())
    assert str(e.value) == (
        f"{repo / '.adr-dir'}:1: empty; write the ADR folder path (relative to this file), "
        "e.g. doc/adr"
    )
    assert e.value.exit_code == 2


def test_log4brains_folder(repo):
    mk(repo, "docs/adr")
    mk(repo, "kb/decisions")
    (repo / ".log4brains.yml").write_text(
        "---\nproject:\n  name: Shop\n  tz: Europe/Paris\n  adrFolder: ./kb/decisions\n",
        encoding="utf-8",
    )
    assert find_adr_dir(repo, Config()) == repo / "kb" / "decisions"
    assert choose_adr_dir(repo, Config()).source == ".log4brains.yml"


def test_adr_dir_file_wins_over_log4brains(repo):
    mk(repo, "a")
    mk(repo, "b")
    (repo / ".adr-dir").write_text("a", encoding="utf-8")
    (repo / ".log4brains.yml").write_text("project:\n  adrFolder: b\n", encoding="utf-8")
    assert find_adr_dir(repo, Config()) == repo / "a"


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("project:\n  adrFolder: [a\n", 3, "invalid YAML"),
        ("project:\n  name: x\n", 1, '"project.adrFolder" must name the ADR folder'),
        (
            "project:\n  name: x\n  adrFolder: 12\n",
            3,
            '"project.adrFolder" must name the ADR folder',
        ),
        ("name: x\n", 1, 'no "project" mapping'),
        ("project: docs\n", 1, 'no "project" mapping'),
        ("- a\n- b\n", 1, 'no "project" mapping'),
    ],
)
def test_bad_log4brains_file(repo, text, line, message):
    (repo / ".log4brains.yml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as e:
        find_adr_dir(repo, Config())
    assert str(e.value).startswith(f"{repo / '.log4brains.yml'}:{line}: {message}")


def test_adr_dir_file_with_windows_separators(repo):
    mk(repo, "doc/architecture")
    (repo / ".adr-dir").write_text("doc\\architecture\r\n", encoding="utf-8")
    assert find_adr_dir(repo, Config()) == repo / "doc" / "architecture"


def test_symlinked_checkout_keeps_its_own_prefix(repo, tmp_path):
    mk(repo, "adrs")
    (repo / ".adr-dir").write_text("adrs", encoding="utf-8")
    link = tmp_path / "link-to-repo"
    link.symlink_to(repo)
    assert find_adr_dir(link, Config()) == link / "adrs"
    assert find_adr_dir(link / "adrs", Config()) == link / "adrs"


@pytest.mark.parametrize(
    ("marker", "content", "source"),
    [
        (".adr-dir", "architecture/adr\n", ".adr-dir"),
        (".log4brains.yml", "project:\n  adrFolder: ./architecture/adr\n", ".log4brains.yml"),
    ],
)
def test_marker_naming_a_folder_not_created_yet(repo, marker, content, source):
    mk(repo, "docs/decisions")  # a conventional folder exists, but the marker decides
    (repo / marker).write_text(content, encoding="utf-8")
    assert find_adr_dir(repo, Config()) is None
    assert adr_dir_for_init(repo, Config()) == repo / "architecture" / "adr"
    found = choose_adr_dir(repo, Config())
    assert (found.source, found.exists) == (source, False)
