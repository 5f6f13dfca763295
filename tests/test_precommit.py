"""The pre-commit hooks, run through the real ``pre-commit try-repo`` (slow: one test)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import git
from tests.guard_repos import D, nygard, write

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_hooks_through_pre_commit_try_repo(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    git(project, "init", "-q")
    write(
        project,
        f"{D}/0001-record-architecture-decisions.md",
        nygard(1, "Record architecture decisions"),
    )
    write(project, f"{D}/0002-use-postgresql.md", nygard(3, "Use PostgreSQL"))
    write(project, f"{D}/README.md", "# Decisions\n\n(outdated index)\n")
    git(project, "add", "-A")
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "PRE_COMMIT_COLOR": "never",
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }

    def try_repo() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "--all-files"],
            cwd=project,
            capture_output=True,
            text=True,
            env=env,
            timeout=600,
        )

    done = try_repo()
    out = done.stdout + done.stderr
    assert done.returncode == 1, out
    # adrtool-check found the mismatched number and printed it compiler style.
    assert (
        f"{D}/0002-use-postgresql.md:1: ADR002 title says 3 but the file name says 2; "
        "make them agree"
    ) in out
    # adrtool-toc rewrote the outdated index, which pre-commit reports as a modified file.
    toc = (project / D / "README.md").read_text(encoding="utf-8")
    assert "Record architecture decisions" in toc and "Use PostgreSQL" in toc
    assert "outdated" not in toc
    assert "files were modified by this hook" in out
    # Fixed and with the index staged, both hooks pass (the environment is reused).
    write(project, f"{D}/0002-use-postgresql.md", nygard(2, "Use PostgreSQL"))
    git(project, "add", "-A")
    again = try_repo()
    assert again.returncode == 0, again.stdout + again.stderr
    assert again.stdout.count("Passed") == 2, again.stdout
