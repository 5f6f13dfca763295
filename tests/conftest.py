"""Shared test fixtures: isolated git config, real temporary repos, the CLI, golden files."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

GOLDEN = Path(__file__).parent / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/ files")


@pytest.fixture(autouse=True)
def isolated_git(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No inherited GIT_* variables; a throwaway global config; no system config."""
    for key in list(os.environ):
        if key.startswith("GIT_"):
            monkeypatch.delenv(key)
    inherited = ("VISUAL", "EDITOR", "ADR_DATE", "ADR_TEMPLATE", "CI", "GITHUB_BASE_REF",
                 "GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "GITLAB_CI")
    for key in inherited:
        monkeypatch.delenv(key, raising=False)
    home = tmp_path_factory.mktemp("gitconfig")
    cfg = home / "gitconfig"
    cfg.write_text(
        "[user]\n\tname = Test User\n\temail = test@example.com\n"
        "[init]\n\tdefaultBranch = main\n[commit]\n\tgpgSign = false\n"
        "[tag]\n\tgpgSign = false\n[core]\n\tautocrlf = false\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(cfg))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_TERMINAL_PROMPT", "0")


@pytest.fixture(autouse=True)
def isolated_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """adrtool's catalog cache lives in this session's temp folder, never in ~/.cache."""
    folder = tmp_path_factory.getbasetemp() / "adrtool-cache"
    monkeypatch.setenv("ADRTOOL_CACHE_DIR", str(folder))


def git(repo: Path, *args: str) -> str:
    """Run real git in ``repo`` and return stdout (raises on failure)."""
    done = subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True)
    return done.stdout


@pytest.fixture
def git_repo(tmp_path: Path) -> Path:
    """A fresh git repository with one initial commit."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / "README.md").write_text("# demo\n", encoding="utf-8")
    git(repo, "add", "README.md")
    git(repo, "commit", "-q", "-m", "initial")
    return repo


def run(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
    """Invoke the real adrtool CLI in-process (stdout and stderr kept apart)."""
    from adrtool.cli import cli

    return CliRunner().invoke(cli, list(args), input=input, env=env, catch_exceptions=False)


@pytest.fixture
def golden(request: pytest.FixtureRequest):
    """Compare text with tests/golden/<name>, or rewrite it with --update-golden."""

    def check(actual: str, name: str) -> None:
        path = GOLDEN / name
        if request.config.getoption("--update-golden"):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8", newline="\n")
        assert path.exists(), f"missing golden file {path}; run pytest --update-golden"
        expected = path.read_text(encoding="utf-8")
        assert actual == expected, f"rerun with --update-golden; review {path}"

    return check
