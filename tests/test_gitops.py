"""gitops against real temporary repositories (no mocks of git)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from adrtool import gitops
from adrtool.errors import GitError
from tests.conftest import git


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _staged(repo: Path) -> list[str]:
    return git(repo, "diff", "--cached", "--name-only").split()


def _unstaged(repo: Path) -> list[str]:
    return git(repo, "diff", "--name-only").split()


def _hook(repo: Path, name: str, body: str) -> None:
    hook = repo / ".git" / "hooks" / name
    hook.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    hook.chmod(hook.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)


# -- repo_state ------------------------------------------------------------------------


def test_state_outside_a_repository(tmp_path: Path) -> None:
    state = gitops.repo_state(tmp_path)
    assert not state.is_repo
    assert state.problem() is None


def test_state_of_a_clean_repository(git_repo: Path) -> None:
    state = gitops.repo_state(git_repo)
    assert state.root == git_repo.resolve()
    assert (state.branch, state.detached, state.has_commits) == ("main", False, True)
    assert state.operation is None and state.unmerged == ()
    assert state.problem() is None


def test_state_from_a_subfolder_finds_the_root(git_repo: Path) -> None:
    sub = git_repo / "docs" / "decisions"
    sub.mkdir(parents=True)
    assert gitops.repo_state(sub).root == git_repo.resolve()


def test_state_of_an_unborn_branch(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    state = gitops.repo_state(tmp_path)
    assert state.is_repo and not state.has_commits and state.branch == "main"
    assert gitops.head_sha(tmp_path) is None


def test_state_detached_head(git_repo: Path) -> None:
    git(git_repo, "checkout", "-q", "--detach")
    state = gitops.repo_state(git_repo)
    assert state.detached and state.branch is None


def _conflict(repo: Path) -> None:
    git(repo, "checkout", "-q", "-b", "other")
    _write(repo / "README.md", "# other\n")
    git(repo, "commit", "-q", "-am", "other")
    git(repo, "checkout", "-q", "main")
    _write(repo / "README.md", "# main\n")
    git(repo, "commit", "-q", "-am", "main")


def test_state_during_a_conflicted_merge_refuses(git_repo: Path) -> None:
    _conflict(git_repo)
    subprocess.run(["git", "merge", "other"], cwd=git_repo, capture_output=True, check=False)
    state = gitops.repo_state(git_repo)
    assert state.operation == "merge"
    assert state.unmerged == ("README.md",)
    problem = state.problem()
    assert problem is not None and problem.exit_code == 3
    assert "unresolved conflicts (README.md)" in str(problem)


def test_state_during_a_resolved_merge_still_refuses(git_repo: Path) -> None:
    _conflict(git_repo)
    subprocess.run(["git", "merge", "other"], cwd=git_repo, capture_output=True, check=False)
    _write(git_repo / "README.md", "# both\n")
    git(git_repo, "add", "README.md")
    state = gitops.repo_state(git_repo)
    assert state.unmerged == ()
    problem = state.problem()
    assert problem is not None
    assert str(problem).endswith("a merge is in progress; refusing to commit")
    assert problem.hint is not None and "git merge --abort" in problem.hint


def test_state_during_a_rebase(git_repo: Path) -> None:
    _conflict(git_repo)
    subprocess.run(["git", "rebase", "other"], cwd=git_repo, capture_output=True, check=False)
    state = gitops.repo_state(git_repo)
    assert state.operation == "rebase"
    assert state.problem() is not None


def test_state_during_a_cherry_pick(git_repo: Path) -> None:
    _conflict(git_repo)
    subprocess.run(["git", "cherry-pick", "other"], cwd=git_repo, capture_output=True, check=False)
    assert gitops.repo_state(git_repo).operation == "cherry-pick"


# -- path_status -------------------------------------------------------------------------


def test_path_status_reports_only_changed_paths(git_repo: Path) -> None:
    _write(git_repo / "a.md", "a\n")
    _write(git_repo / "b.md", "b\n")
    git(git_repo, "add", "a.md", "b.md")
    git(git_repo, "commit", "-q", "-m", "ab")
    _write(git_repo / "a.md", "a changed\n")  # unstaged
    _write(git_repo / "b.md", "b changed\n")
    git(git_repo, "add", "b.md")  # staged
    _write(git_repo / "new.md", "new\n")  # untracked
    status = gitops.path_status(
        git_repo,
        [Path("a.md"), git_repo / "b.md", Path("new.md"), Path("README.md"), Path("absent.md")],
    )
    assert status == {"a.md": " M", "b.md": "M ", "new.md": "??"}


def test_path_status_outside_the_repository_is_an_error(git_repo: Path, tmp_path: Path) -> None:
    with pytest.raises(GitError, match="is outside the repository"):
        gitops.path_status(git_repo, [tmp_path / "elsewhere.md"])


# -- commit_paths ------------------------------------------------------------------------


def test_commit_holds_exactly_our_paths_and_keeps_the_users_work(git_repo: Path) -> None:
    _write(git_repo / "app.py", "print(1)\n")
    _write(git_repo / "old.md", "old\n")
    git(git_repo, "add", "app.py", "old.md")
    git(git_repo, "commit", "-q", "-m", "base")
    # The user's work in progress: one staged file, one unstaged edit, one untracked file.
    _write(git_repo / "staged.py", "staged\n")
    git(git_repo, "add", "staged.py")
    _write(git_repo / "app.py", "print(2)\n")
    _write(git_repo / "scratch.txt", "notes\n")
    # What adrtool wrote: a new record and an update of an existing one.
    _write(git_repo / "docs/decisions/0002-new.md", "# new\n")
    _write(git_repo / "old.md", "old, superseded\n")

    sha = gitops.commit_paths(
        git_repo, [Path("docs/decisions/0002-new.md"), git_repo / "old.md"], "docs(adr): 0002 new"
    )

    shown = git(git_repo, "show", "--name-only", "--format=%s", sha).split()
    assert shown == ["docs(adr):", "0002", "new", "docs/decisions/0002-new.md", "old.md"]
    assert _staged(git_repo) == ["staged.py"]
    assert _unstaged(git_repo) == ["app.py"]
    assert (git_repo / "app.py").read_text(encoding="utf-8") == "print(2)\n"
    assert "?? scratch.txt" in git(git_repo, "status", "--porcelain")
    assert gitops.head_sha(git_repo) == sha


def test_commit_runs_the_users_hooks(git_repo: Path) -> None:
    _hook(git_repo, "commit-msg", 'echo "Signed-off-by: Hook" >> "$1"\n')
    _write(git_repo / "x.md", "x\n")
    sha = gitops.commit_paths(git_repo, [Path("x.md")], "add x")
    assert "Signed-off-by: Hook" in git(git_repo, "log", "-1", "--format=%B", sha)


def test_rejecting_pre_commit_hook_leaves_the_file_and_says_why(git_repo: Path) -> None:
    _hook(git_repo, "pre-commit", 'echo "lint: trailing whitespace" >&2\nexit 1\n')
    _write(git_repo / "staged.py", "staged\n")
    git(git_repo, "add", "staged.py")
    record = _write(git_repo / "docs/0001-x.md", "# x\n")
    head = gitops.head_sha(git_repo)
    with pytest.raises(GitError) as info:
        gitops.commit_paths(git_repo, [Path("docs/0001-x.md")], "docs(adr): 0001 x")
    assert str(info.value) == (
        "git commit failed (a hook or signing refused it): lint: trailing whitespace"
    )
    assert info.value.exit_code == 3
    assert info.value.hint is not None and "git commit -- docs/0001-x.md" in info.value.hint
    assert record.read_text(encoding="utf-8") == "# x\n"
    assert gitops.head_sha(git_repo) == head
    assert sorted(_staged(git_repo)) == ["docs/0001-x.md", "staged.py"]


def test_commit_of_an_ignored_path_is_a_git_error(git_repo: Path) -> None:
    _write(git_repo / ".gitignore", "docs/\n")
    _write(git_repo / "docs/0001-x.md", "# x\n")
    with pytest.raises(GitError, match=r"^git add failed: The following paths are ignored"):
        gitops.commit_paths(git_repo, [Path("docs/0001-x.md")], "x")


def test_commit_in_an_unborn_repository(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    _write(tmp_path / "other.txt", "staged\n")
    git(tmp_path, "add", "other.txt")
    _write(tmp_path / "0001-x.md", "# x\n")
    sha = gitops.commit_paths(tmp_path, [Path("0001-x.md")], "first")
    assert git(tmp_path, "show", "--name-only", "--format=", sha).split() == ["0001-x.md"]
    assert _staged(tmp_path) == ["other.txt"]


def test_open_a_folder_that_is_not_a_repository(tmp_path: Path) -> None:
    with pytest.raises(GitError, match="not a git repository") as info:
        gitops.commit_paths(tmp_path, [Path("x.md")], "x")
    assert info.value.hint is not None and "--no-commit" in info.value.hint


# -- branches ----------------------------------------------------------------------------


def test_create_branch_switches_and_keeps_changes(git_repo: Path) -> None:
    _write(git_repo / "staged.py", "s\n")
    git(git_repo, "add", "staged.py")
    _write(git_repo / "README.md", "# edited\n")
    gitops.create_branch(git_repo, "adr/backend")
    assert gitops.repo_state(git_repo).branch == "adr/backend"
    assert _staged(git_repo) == ["staged.py"]
    assert _unstaged(git_repo) == ["README.md"]


def test_create_branch_refuses_an_existing_branch(git_repo: Path) -> None:
    git(git_repo, "branch", "taken")
    with pytest.raises(GitError, match='^branch "taken" already exists$'):
        gitops.create_branch(git_repo, "taken")
    assert gitops.repo_state(git_repo).branch == "main"


@pytest.mark.parametrize("name", ["has space", "a..b", "end/", "-dash"])
def test_create_branch_refuses_a_bad_name(git_repo: Path, name: str) -> None:
    with pytest.raises(GitError, match="is not a valid branch name"):
        gitops.create_branch(git_repo, name)


def test_is_tracked(git_repo: Path) -> None:
    _write(git_repo / "new.md", "n\n")
    assert gitops.is_tracked(git_repo, Path("README.md"))
    assert not gitops.is_tracked(git_repo, git_repo / "new.md")


# -- no git at all -----------------------------------------------------------------------


def test_missing_git_binary_is_a_git_error_with_a_hint(git_repo: Path) -> None:
    code = (
        "import sys\nfrom pathlib import Path\nfrom adrtool import gitops\n"
        "from adrtool.errors import GitError\n"
        "print(gitops.repo_state(Path(sys.argv[2])).is_repo)\n"
        "try:\n    gitops.repo_state(Path(sys.argv[1]))\n"
        "except GitError as e:\n    print(e, '|', e.hint)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PATH"}
    env["PATH"] = "/nonexistent"
    done = subprocess.run(
        [sys.executable, "-c", code, str(git_repo), str(git_repo.parent)],
        capture_output=True,
        text=True,
        env=env,
        cwd=Path(__file__).parent.parent,
        check=True,
    )
    lines = done.stdout.splitlines()
    assert lines[0] == "False"  # not a repository: no git needed to say so
    assert lines[1].startswith("git is not installed or not on PATH | install git")
