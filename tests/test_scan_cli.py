"""``adrtool scan`` through the real CLI: both formats, warnings, exit codes, --help."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import git, run


def _repo(git_repo: Path) -> Path:
    files = {
        "pyproject.toml": '[project]\nname = "ledgerly"\ndependencies = ["django>=5"]\n',
        "ledgerly/models.py": "",
        "ledgerly/views.py": "",
        "web/package.json": '{"name": "web", "devDependencies": {"typescript": "5"}}',
        "web/src/app.ts": "",
        "Dockerfile": "FROM python:3.12\n",
        ".github/workflows/ci.yml": "on: push\n",
    }
    for rel, text in files.items():
        (git_repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (git_repo / rel).write_text(text, encoding="utf-8")
    git(git_repo, "add", "-A")
    git(git_repo, "-c", "user.email=dev@example.com", "commit", "-q", "-m", "app")
    return git_repo


def test_scan_json(git_repo: Path) -> None:
    result = run("scan", "--repo", str(_repo(git_repo)), "--format", "json")
    assert result.exit_code == 0
    assert result.stderr == ""
    data = json.loads(result.stdout)
    assert data["name"] == "ledgerly"
    assert data["languages"] == ["python", "typescript"]
    assert data["frameworks"] == ["django"]
    assert data["deployment"] == ["docker"]
    assert data["ci"] == ["github-actions"]
    assert data["contributors"] == 2 and data["commits"] == 2
    assert {"kind": "framework", "value": "django", "path": "pyproject.toml"} in data["evidence"]
    assert data["warnings"] == []


def test_scan_text(git_repo: Path) -> None:
    result = run("scan", "--repo", str(_repo(git_repo)))
    assert result.exit_code == 0
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[:6] == [
        "Project     ledgerly",
        "Languages   python (2 files), typescript (1 file)",
        "Frameworks  django",
        "Deployment  docker",
        "CI          github-actions",
        "Team        2 active contributors in the last 12 months, 2 commits",
    ]
    assert lines[6:9] == [
        "Components  ./ (python, django)",
        "            web/ (typescript)",
        "Evidence",
    ]
    assert "  framework django: pyproject.toml" in lines
    assert "  deployment docker: Dockerfile" in lines


def test_scan_outside_git_with_a_broken_manifest(tmp_path: Path) -> None:
    (tmp_path / "package.json").write_text('{"dependencies": {"express": "4"},}', encoding="utf-8")
    (tmp_path / "go.mod").write_text("module x\nrequire github.com/gin-gonic/gin v1\n")
    result = run("scan", "--repo", str(tmp_path), "--format", "text")
    assert result.exit_code == 0
    assert result.stderr == (
        "adrtool: warning: package.json:1: invalid JSON "
        "(Expecting property name enclosed in double quotes); skipped\n"
    )
    assert "Frameworks  gin\n" in result.stdout
    assert "Team        unknown (not a git repository, or no commits yet)\n" in result.stdout


def test_scan_bad_format_and_missing_repo(tmp_path: Path) -> None:
    bad = run("scan", "--repo", str(tmp_path), "--format", "yaml")
    assert bad.exit_code == 2
    assert "Invalid value for '--format'" in bad.stderr
    missing = run("scan", "--repo", str(tmp_path / "nope"))
    assert missing.exit_code == 2
    assert "does not exist" in missing.stderr


def test_scan_help() -> None:
    result = run("scan", "--help")
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: ") and " scan [OPTIONS]\n" in result.stdout
    assert "Show the languages, frameworks, deployment, CI and team" in result.stdout
    assert "--format [text|json]" in result.stdout
    assert "--repo DIR" in result.stdout
