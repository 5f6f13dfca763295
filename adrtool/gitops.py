"""The one place that talks to git (through GitPython, imported lazily).

Every function takes a ``Path`` and returns plain values. GitPython's exceptions never
leave this module: they become :class:`adrtool.errors.GitError` (exit 3) carrying the
first line of git's own message and a hint saying what to do next.

Commits go through real ``git commit`` so the user's hooks and signing apply, and name
their paths (``git commit -- PATHS``, i.e. ``--only``): the commit holds exactly those
paths, while everything else the user staged stays staged and unstaged edits stay as
they were.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from adrtool.config import find_git_root
from adrtool.errors import GitError

if TYPE_CHECKING:
    import git

# Files in the git dir that mean an operation is half done, and how to name it.
_IN_PROGRESS = (
    ("rebase-merge", "rebase"),
    ("rebase-apply", "rebase"),
    ("MERGE_HEAD", "merge"),
    ("CHERRY_PICK_HEAD", "cherry-pick"),
    ("REVERT_HEAD", "revert"),
)

_FINISH_HINT = {
    "merge": 'finish it with "git commit" or cancel it with "git merge --abort", then run again',
    "rebase": 'finish it with "git rebase --continue" or cancel it with "git rebase --abort"',
    "cherry-pick": 'finish it with "git cherry-pick --continue" or "git cherry-pick --abort"',
    "revert": 'finish it with "git revert --continue" or "git revert --abort"',
}


@dataclass(frozen=True)
class RepoState:
    """What state a folder's git repository is in (``root is None``: not a repo)."""

    root: Path | None = None
    branch: str | None = None  # current branch name; None when HEAD is detached
    detached: bool = False
    has_commits: bool = False
    operation: str | None = None  # merge | rebase | cherry-pick | revert, when in progress
    unmerged: tuple[str, ...] = ()  # paths with unresolved conflicts, relative to root

    @property
    def is_repo(self) -> bool:
        return self.root is not None

    def problem(self) -> GitError | None:
        """The reason we must not commit here, or None when committing is safe."""
        if self.root is None:
            return None
        if self.unmerged:
            shown = ", ".join(self.unmerged[:3]) + (" ..." if len(self.unmerged) > 3 else "")
            return GitError(
                f"{self.root}: the repository has unresolved conflicts ({shown})",
                hint='resolve them and "git add" the files, or pass --no-commit to only write',
            )
        if self.operation is not None:
            return GitError(
                f"{self.root}: a {self.operation} is in progress; refusing to commit",
                hint=_FINISH_HINT[self.operation] + ", or pass --no-commit to only write",
            )
        return None


def _git_module() -> Any:
    try:
        import git
    except ImportError:
        raise GitError(
            "git is not installed or not on PATH",
            hint="install git (https://git-scm.com) or pass --no-commit",
        ) from None
    return git


def _first_line(text: str | bytes | None) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    for line in (text or "").splitlines():
        line = line.strip()
        if line.startswith("stderr:"):
            line = line[len("stderr:") :].strip().strip("'").strip()
        if line:
            return line
    return "git failed"


@contextmanager
def _translate(action: str, hint: str | None = None) -> Iterator[None]:
    """Turn GitPython's exceptions raised inside the block into GitError."""
    exc = _git_module().exc
    try:
        yield
    except exc.GitCommandNotFound:
        raise GitError(
            "git is not installed or not on PATH",
            hint="install git (https://git-scm.com) or pass --no-commit",
        ) from None
    except exc.GitCommandError as e:
        detail = _first_line(e.stderr) or _first_line(str(e))
        if "index.lock" in str(e.stderr):
            hint = (
                "another git process is using this repository; wait for it and retry "
                "(remove .git/index.lock only if no git process is running)"
            )
        raise GitError(f"{action}: {detail}", hint=hint) from None
    except (exc.InvalidGitRepositoryError, exc.NoSuchPathError) as e:
        raise GitError(
            f"{action}: not a git repository: {e}", hint='run "git init" there, or pass --no-commit'
        ) from None


def _open(path: Path) -> git.Repo:
    gitmod = _git_module()
    with _translate(f"cannot open the repository at {path}"):
        repo: git.Repo = gitmod.Repo(path, search_parent_directories=True)
        if repo.bare:
            raise GitError(f"{path}: is a bare repository; there is no work tree to write to")
        return repo


def _root(repo: git.Repo) -> Path:
    assert repo.working_tree_dir is not None
    return Path(repo.working_tree_dir).resolve()


def repo_state(path: Path) -> RepoState:
    """Inspect the repository holding ``path``; ``RepoState()`` when there is none.

    Deciding "not a repository" needs no git binary: only a repository that exists needs
    git to inspect (and then a missing git is a GitError).
    """
    if find_git_root(path) is None:
        return RepoState()
    repo = _open(path)
    with _translate("cannot read the repository state"):
        git_dir = Path(repo.git_dir)
        operation = next((op for name, op in _IN_PROGRESS if (git_dir / name).exists()), None)
        detached = repo.head.is_detached
        branch = None if detached else repo.head.ref.name
        has_commits = repo.head.is_valid()
        unmerged_out = repo.git.ls_files("--unmerged", "-z")
    unmerged = sorted(
        {entry.split("\t", 1)[1] for entry in unmerged_out.split("\0") if "\t" in entry}
    )
    return RepoState(
        root=_root(repo),
        branch=branch,
        detached=detached,
        has_commits=has_commits,
        operation=operation,
        unmerged=tuple(unmerged),
    )


def _relative(root: Path, paths: Sequence[Path]) -> list[str]:
    rel = []
    for p in paths:
        full = (p if p.is_absolute() else root / p).resolve()
        try:
            rel.append(full.relative_to(root).as_posix())
        except ValueError:
            raise GitError(f"{p}: is outside the repository at {root}") from None
    return rel


def path_status(repo_path: Path, paths: Sequence[Path]) -> dict[str, str]:
    """Paths among ``paths`` with staged, unstaged or untracked changes -> git's XY code.

    An empty result means every path is either absent or committed as it is on disk, so
    adrtool may write and commit them without touching anything of the user's.
    """
    repo = _open(repo_path)
    root = _root(repo)
    rel = _relative(root, paths)
    if not rel:
        return {}
    with _translate("cannot read git status"):
        out = repo.git.status("--porcelain=v1", "-z", "--untracked-files=all", "--", *rel)
    changed: dict[str, str] = {}
    entries = iter(out.split("\0"))
    for entry in entries:
        if len(entry) < 4:
            continue
        code, name = entry[:2], entry[3:]
        changed[name] = code
        if code[0] in "RC":  # a rename or copy names its source in the next entry
            next(entries, None)
    return changed


def path_codes(repo_path: Path, paths: Sequence[Path]) -> dict[Path, str]:
    """Like ``path_status``, keyed by the given paths (clean or absent paths are left out)."""
    status = path_status(repo_path, paths)
    if not status:
        return {}
    root = _root(_open(repo_path))
    keys = _relative(root, paths)
    return {p: status[k] for p, k in zip(paths, keys, strict=True) if k in status}


def commit_paths(repo_path: Path, paths: Sequence[Path], message: str) -> str:
    """Stage ``paths`` and commit exactly them with real ``git commit``; return the sha.

    ``git add -- PATHS`` (rather than GitPython's own index writer) keeps git's clean
    filters, attributes and index extensions; ``git commit -m MSG -- PATHS`` runs the
    user's hooks and signing and leaves every other staged entry staged. When the commit
    fails (a hook said no, signing failed) the files stay written and staged, and the
    GitError says what happened.
    """
    repo = _open(repo_path)
    root = _root(repo)
    rel = _relative(root, paths)
    if not rel:
        raise GitError("nothing to commit: no paths given")
    with _translate("git add failed", hint="check .gitignore, or pass --no-commit"):
        repo.git.add("--", *rel)
    shown = " ".join(rel)
    with _translate(
        "git commit failed (a hook or signing refused it)",
        hint=f'the file(s) are written and staged; fix the cause, then run "git commit -- {shown}"',
    ):
        repo.git.commit("-q", "-m", message, "--", *rel)
        return str(repo.head.commit.hexsha)


def branch_exists(repo_path: Path, name: str) -> bool:
    """Whether a local branch ``name`` exists."""
    repo = _open(repo_path)
    with _translate("cannot list branches"):
        out = repo.git.branch("--list", name)
    return bool(out.strip())


def create_branch(repo_path: Path, name: str) -> None:
    """Create branch ``name`` from HEAD and switch to it; refuse if it exists.

    Staged and unstaged changes are carried over untouched, as ``git checkout -b`` does.
    """
    repo = _open(repo_path)
    with _translate(
        f'"{name}" is not a valid branch name',
        hint="branch names cannot contain spaces, '..', '~', '^', ':' or end in '/'",
    ):
        repo.git.check_ref_format("--branch", name)
    if branch_exists(repo_path, name):
        raise GitError(
            f'branch "{name}" already exists',
            hint=f'choose another name, or "git switch {name}" and run without --branch',
        )
    with _translate(f'cannot create branch "{name}"'):
        repo.git.checkout("-q", "-b", name)


def is_tracked(repo_path: Path, path: Path) -> bool:
    """Whether git tracks ``path`` (it is in the index)."""
    repo = _open(repo_path)
    rel = _relative(_root(repo), [path])
    with _translate("cannot read the index"):
        return bool(repo.git.ls_files("--", *rel).strip())


def head_sha(repo_path: Path) -> str | None:
    """The commit HEAD points at, or None on an unborn branch."""
    repo = _open(repo_path)
    with _translate("cannot read HEAD"):
        return str(repo.head.commit.hexsha) if repo.head.is_valid() else None


# -- read-only queries for ``check`` and ``review`` (comparing a branch with its base) ------

_SHALLOW_HINT = 'use fetch-depth: 0 with actions/checkout (or run "git fetch --unshallow")'
_BASE_HINT = 'run "git fetch origin" first, or pass --base REF'


@dataclass(frozen=True)
class Change:
    """One path changed between the merge base and the head (``git diff --name-status``)."""

    status: str  # A (added), M (modified), D (deleted), R (renamed), C (copied), T (type)
    path: str  # the path on the head side (POSIX, relative to the repo root)
    old_path: str | None = None  # the path on the base side for renames and copies


def _open_for_read(repo_path: Path) -> git.Repo:
    if find_git_root(repo_path) is None:
        raise GitError(
            f"{repo_path}: not a git repository; comparing with a base branch needs git",
            hint="run inside a clone of the repository, or pass --lint-only",
        )
    return _open(repo_path)


def is_shallow(repo_path: Path) -> bool:
    """Whether the repository is a shallow clone (history cut off, as CI checkouts are)."""
    repo = _open_for_read(repo_path)
    with _translate("cannot read the repository"):
        return str(repo.git.rev_parse("--is-shallow-repository")).strip() == "true"


def _commit_of(repo: git.Repo, ref: str) -> str | None:
    exc = _git_module().exc
    if not ref or ref.startswith("-"):
        return None
    try:
        return str(
            repo.git.rev_parse("--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
        )
    except exc.GitCommandError:
        return None


def resolve_base(repo_path: Path, explicit: str | None) -> str:
    """The base ref to compare with: ``explicit``, else ``origin/$GITHUB_BASE_REF``, else
    ``origin/main``, else ``origin/master``. A shallow clone is refused (the three-dot diff
    needs the history back to the merge base)."""
    import os

    repo = _open_for_read(repo_path)
    if is_shallow(repo_path):
        raise GitError(
            "this clone is shallow; comparing with the base branch needs the history back to "
            "where the branch forked",
            hint=_SHALLOW_HINT,
        )
    if explicit:
        if _commit_of(repo, explicit) is None:
            raise GitError(
                f'base "{explicit}" is not a branch, tag or commit here',
                hint='check the name ("git branch -a" lists them), or run "git fetch origin" first',
            )
        return explicit
    tried = []
    env_base = os.environ.get("GITHUB_BASE_REF", "").strip()
    for ref in ([f"origin/{env_base}"] if env_base else []) + ["origin/main", "origin/master"]:
        tried.append(ref)
        if _commit_of(repo, ref) is not None:
            return ref
    current = None if repo.head.is_detached else repo.head.ref.name
    local = [
        b
        for b in ("main", "master")
        if b != current and _commit_of(repo, f"refs/heads/{b}") is not None
    ]
    hint = (
        f"pass --base {local[0]} to compare with your local {local[0]} branch, or run "
        '"git fetch origin" first'
        if local
        else 'pass --base REF (a branch, tag or commit), or run "git fetch origin" first'
    )
    raise GitError(f"no base branch to compare with (tried {', '.join(tried)})", hint=hint)


def merge_base(repo_path: Path, base: str, head: str = "HEAD") -> str:
    """The commit where ``head`` forked from ``base`` (what a three-dot diff starts from)."""
    repo = _open_for_read(repo_path)
    exc = _git_module().exc
    head_hint = "name a branch, tag or commit that exists here"
    for ref, hint in ((base, _BASE_HINT), (head, head_hint)):
        if _commit_of(repo, ref) is None:
            raise GitError(f'"{ref}" is not a branch, tag or commit here', hint=hint)
    try:
        return str(repo.git.merge_base(base, head)).strip()
    except exc.GitCommandError:
        raise GitError(
            f'"{base}" and "{head}" have no common history', hint=_SHALLOW_HINT
        ) from None


def changed_files(repo_path: Path, base: str, head: str = "HEAD") -> list[Change]:
    """Paths changed on ``head`` since it forked from ``base`` (``git diff BASE...HEAD``)."""
    repo = _open_for_read(repo_path)
    with _translate(f"cannot compare {base} with {head}", hint=_BASE_HINT):
        out = repo.git.diff("--name-status", "-z", "-M", "--no-color", f"{base}...{head}", "--")
    parts = out.split("\0")
    changes: list[Change] = []
    i = 0
    while i < len(parts):
        code = parts[i]
        if not code:
            i += 1
            continue
        kind = code[0]
        if kind in "RC" and i + 2 < len(parts):
            changes.append(Change(kind, parts[i + 2], parts[i + 1]))
            i += 3
        elif i + 1 < len(parts):
            changes.append(Change(kind, parts[i + 1]))
            i += 2
        else:
            break
    return changes


MAX_SHOW_BYTES = 5_000_000  # larger blobs are treated as absent (no record is that big)


def show_file(repo_path: Path, ref: str, path: str) -> str | None:
    """The text of ``path`` at ``ref`` (UTF-8, BOM kept), or None when it is not there."""
    return read_files_at(repo_path, ref, [path]).get(path)


def read_files_at(
    repo_path: Path, ref: str, paths: Sequence[str], max_bytes: int = MAX_SHOW_BYTES
) -> dict[str, str]:
    """The texts of ``paths`` at ``ref`` (absent, non-file and oversized paths left out).

    One ``git cat-file --batch`` process serves every path, so reading thousands of
    manifests costs milliseconds, not a process each.
    """
    repo = _open_for_read(repo_path)
    exc = _git_module().exc
    out: dict[str, str] = {}
    try:
        for path in paths:
            if "\n" in path or "\r" in path:  # the batch protocol is line based
                continue
            try:
                _sha, kind, size, data = repo.git.get_object_data(f"{ref}:{path}")
            except (ValueError, exc.GitCommandError):
                continue  # missing at that ref
            kind_name = kind.decode() if isinstance(kind, bytes) else str(kind)
            if kind_name != "blob" or int(size) > max_bytes:
                continue
            out[path] = bytes(data).decode("utf-8", errors="replace")
    finally:
        repo.close()
    return out


def list_files_at(repo_path: Path, ref: str, folder: str) -> list[str]:
    """Paths of the files directly inside ``folder`` at ``ref`` (POSIX, repo-relative)."""
    repo = _open_for_read(repo_path)
    prefix = folder.strip("/")
    with _translate(f"cannot list {prefix or '.'} at {ref}", hint=_BASE_HINT):
        out = repo.git.ls_tree(
            "-z", "--name-only", "--full-tree", ref, "--", f"{prefix}/" if prefix else "."
        )
    return sorted(p for p in out.split("\0") if p)


def tree_files(repo_path: Path, ref: str) -> list[str]:
    """Every file path in the tree of ``ref`` (POSIX, repo-relative, sorted)."""
    repo = _open_for_read(repo_path)
    with _translate(f"cannot list the files at {ref}", hint=_BASE_HINT):
        out = repo.git.ls_tree("-r", "-z", "--name-only", "--full-tree", ref)
    return sorted(p for p in out.split("\0") if p)


def commit_adding(repo_path: Path, path: str) -> str | None:
    """The newest commit that added ``path`` (repo-relative), or None when git has none."""
    if find_git_root(repo_path) is None:
        return None
    repo = _open(repo_path)
    exc = _git_module().exc
    try:
        out = repo.git.log("-n1", "--format=%H", "--diff-filter=A", "--", path)
    except exc.GitCommandError:
        return None
    return str(out).strip() or None


def first_version_since(repo_path: Path, commit: str, path: str) -> str | None:
    """The text of ``path`` at ``commit``, else in the oldest later commit (up to HEAD)
    that has it: e.g. the answers file committed just after the record drafted from it."""
    text = show_file(repo_path, commit, path)
    if text is not None:
        return text
    repo = _open_for_read(repo_path)
    exc = _git_module().exc
    try:
        out = repo.git.log("--reverse", "--format=%H", f"{commit}..HEAD", "--", path)
    except exc.GitCommandError:
        return None
    for later in str(out).split():
        text = show_file(repo_path, later, path)
        if text is not None:
            return text
    return None


def init_repo(path: Path, *, user_name: str, user_email: str) -> None:
    """``git init`` a new repository at ``path`` with a repo-local identity (for demos)."""
    gitmod = _git_module()
    with _translate(f"cannot create a git repository at {path}"):
        repo = gitmod.Repo.init(path)
        with repo.config_writer() as cfg:
            cfg.set_value("user", "name", user_name)
            cfg.set_value("user", "email", user_email)
            cfg.set_value("commit", "gpgsign", "false")
