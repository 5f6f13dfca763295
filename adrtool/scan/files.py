"""Which files the scanner may look at, and the team signals in git history. Read-only.

In a git work tree the listing comes from the index plus untracked files that are not
ignored (one ``git ls-files`` call); elsewhere the tree is walked with ``os.scandir``.
Either way, dependency and build folders (``node_modules``, ``vendor``, ``.venv``, ...)
are left out, even when someone committed them.

git runs as a plain subprocess rather than through gitpython: ``import git`` costs about
45 ms plus a ``git version`` subprocess, which is more than the whole listing of a large
repo. These calls never write (``GIT_OPTIONAL_LOCKS=0``: not even an index refresh).
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

# Folder names the scanner never enters or reads from, at any depth.
SKIP_DIRS: frozenset[str] = frozenset(
    {
        # the brief's list
        "node_modules", "vendor", ".venv", "venv", "env", "target", "build", "dist", ".git",
        "__pycache__", ".tox", ".mypy_cache", "bower_components", ".gradle", ".idea",
        # more dependency, cache and output folders of the same ecosystems
        ".nox", ".pytest_cache", ".ruff_cache", ".eggs", "site-packages", ".bundle",
        "_build", "deps", ".next", ".nuxt", ".svelte-kit", ".serverless", ".terraform",
        ".cache", "jspm_packages", ".yarn", ".pnpm-store", "obj", ".vs",
    }
)  # fmt: skip

_SKIP_RE = re.compile(
    r"(?:^|/)(?:" + "|".join(re.escape(d) for d in sorted(SKIP_DIRS)) + r"|[^/]*\.egg-info)/"
)

GIT_TIMEOUT = 60.0


def skipped(rel: str) -> bool:
    """True when the POSIX path ``rel`` lies inside a dependency or build folder."""
    return _SKIP_RE.search(rel) is not None


@dataclass(frozen=True)
class Listing:
    """The files under the repo folder the scanner may consider, relative POSIX paths."""

    files: tuple[str, ...]
    source: str  # "git" (index + untracked) or "walk"


def list_files(root: Path) -> Listing:
    """List ``root``'s files: from git where it is a work tree, else by walking it."""
    done = _git(root, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    if done is not None and done.returncode == 0:
        paths = (os.fsdecode(p) for p in done.stdout.split(b"\0") if p)
        # unmerged paths appear once per stage: keep the first
        kept = [p for p in dict.fromkeys(paths) if not skipped(p)]
        return Listing(tuple(sorted(kept)), "git")
    return Listing(tuple(sorted(_walk(root))), "walk")


def _walk(root: Path) -> Iterator[str]:
    """Every file below ``root`` outside the skipped folders; symlinked folders are not entered."""
    stack: list[tuple[str, str]] = [("", str(root))]
    while stack:
        prefix, folder = stack.pop()
        try:
            it = os.scandir(folder)
        except OSError:
            if not prefix:
                raise
            continue  # an unreadable sub-folder: skip it, keep the rest of the scan
        with it:
            for entry in it:
                try:
                    if entry.is_dir(follow_symlinks=False):
                        if entry.name not in SKIP_DIRS and not entry.name.endswith(".egg-info"):
                            stack.append((f"{prefix}{entry.name}/", entry.path))
                    elif entry.is_file():
                        yield prefix + entry.name
                except OSError:
                    continue


@dataclass(frozen=True)
class Activity:
    """Team signals from git history (None outside git or before the first commit)."""

    contributors: int | None = None  # distinct author emails with commits in the window
    commits: int | None = None  # all commits reachable from HEAD


def git_activity(root: Path, *, now: datetime | None = None, days: int = 365) -> Activity:
    """Count commits on HEAD and the distinct authors of the last ``days`` days."""
    count = _git(root, "rev-list", "--count", "HEAD")
    if count is None or count.returncode != 0:
        return Activity()  # not a repo, or no commits yet
    try:
        commits = int(count.stdout.strip() or b"0")
    except ValueError:
        return Activity()
    since = (now or datetime.now(timezone.utc)) - timedelta(days=days)
    log = _git(
        root,
        "-c", "log.showSignature=false",
        "log", "HEAD", f"--since={since.strftime('%Y-%m-%d %H:%M:%S %z')}", "--format=%aE",
    )  # fmt: skip
    if log is None or log.returncode != 0:
        return Activity(None, commits)
    emails = {line.strip().lower() for line in os.fsdecode(log.stdout).splitlines() if line.strip()}
    return Activity(len(emails), commits)


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes] | None:
    """Run a read-only git command in ``root``; None when git is missing or hangs."""
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0"}
    try:
        return subprocess.run(
            ["git", *args], cwd=root, capture_output=True, env=env, check=False, timeout=GIT_TIMEOUT
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
