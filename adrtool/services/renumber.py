"""Renumbering after a merge: two branches each added "ADR 7"; one of them moves."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from adrtool.config import Config
from adrtool.errors import RecordError
from adrtool.records import write
from adrtool.records.model import Record
from adrtool.records.store import relative_path
from adrtool.services.records import open_folder


@dataclass(frozen=True)
class Move:
    """One record moved by ``renumber``."""

    old_path: Path
    new_path: Path
    old_number: int
    new_number: int
    rewritten: tuple[Path, ...] = field(default_factory=tuple)


def _added_order(repo: Path, adr_dir: Path) -> dict[str, tuple[int, int]]:
    """file name -> (author time, position) of the commit that added it, oldest first.

    Uses the ``git`` executable directly (a read-only log); outside a repository, or when
    git is missing, the result is empty and file names decide.
    """
    try:
        done = subprocess.run(
            ["git", "log", "--reverse", "--date-order", "--diff-filter=A", "--format=%x00%at",
             "--name-only", "--no-renames", "--", str(adr_dir)],
            cwd=repo, capture_output=True, text=True, check=False,
        )
    except OSError:
        return {}
    if done.returncode != 0:
        return {}
    order: dict[str, tuple[int, int]] = {}
    stamp = 0
    for position, line in enumerate(done.stdout.splitlines()):
        if line.startswith("\0"):
            stamp = int(line[1:] or 0)
        elif line.strip():
            order.setdefault(PurePosixPath(line.strip()).name, (stamp, position))
    return order


@dataclass(frozen=True)
class Renumbering:
    """What ``renumber_records`` did: the moves, the base it compared with (None when
    none could be resolved) and, then, a note saying which rule decided instead."""

    moves: list[Move]
    base: str | None = None
    note: str | None = None


def _names_at(repo: Path, adr_dir: Path, ref: str) -> set[str] | None:
    """File names in ``adr_dir`` at ``ref`` (a read-only ``git ls-tree``); None on failure."""
    import os

    rel = os.path.relpath(adr_dir, repo)
    spec = "." if rel == "." else rel.replace(os.sep, "/") + "/"
    try:
        done = subprocess.run(["git", "ls-tree", "-z", "--name-only", ref, "--", spec],
                              cwd=repo, capture_output=True, text=True, check=False)
    except OSError:
        return None
    if done.returncode != 0:
        return None
    return {PurePosixPath(name).name for name in done.stdout.split("\0") if name}


def _on_base(repo: Path, adr_dir: Path, config: Config,
             base: str | None) -> tuple[set[str], str | None, str | None]:
    """(names of the ADR folder's files on the base branch, the base, a fallback note).

    The base is resolved as ``check`` does (``--base``, ``check.base`` in the config,
    ``origin/$GITHUB_BASE_REF``, ``origin/main``, ``origin/master``); an explicit base that
    does not resolve is a GitError, otherwise no base means git history alone decides."""
    from adrtool.config import find_git_root
    from adrtool.errors import GitError
    from adrtool.gitops import resolve_base

    explicit = base or config.check.base
    history = "the record added first in git history (else the earlier file name) keeps its number"
    if find_git_root(repo) is None:
        if base is not None:
            raise GitError(f"--base {base}: {repo} is not in a git repository",
                           hint="run renumber without --base here")
        return set(), None, f"not a git repository; {history}"
    try:
        ref = resolve_base(repo, explicit)
    except GitError as e:
        if base is not None:
            raise
        return set(), None, f"{e}; {history}"
    names = _names_at(repo, adr_dir, ref)
    if names is None:
        return set(), None, f"cannot list {relative_path(repo, adr_dir)} on {ref}; {history}"
    return names, ref, None


def renumber(repo: Path, config: Config, *, explicit_dir: Path | None = None,
             dry_run: bool = False, base: str | None = None) -> list[Move]:
    """``renumber_records(...).moves``."""
    return renumber_records(repo, config, explicit_dir=explicit_dir, dry_run=dry_run,
                            base=base).moves


def renumber_records(repo: Path, config: Config, *, explicit_dir: Path | None = None,
                     dry_run: bool = False, base: str | None = None) -> Renumbering:
    """Give every record its own number after a merge; rewrite references to moved files.

    Of records sharing a number, one already on the base branch (its path exists there:
    it was merged) keeps it; else the one added first in git history (ties and uncommitted
    files: the earlier file name). Each other one moves to the next free number: its file
    is renamed, its ``# N.`` title fixed, and every link to it in the folder rewritten.
    Without a base branch git history alone decides, and the note says so.
    """
    folder = open_folder(repo, config, explicit_dir)
    duplicates = folder.duplicates()
    if not duplicates:
        if base is not None:  # a wrong --base is an error even when nothing moves
            _on_base(repo, folder.dir, config, base)
        return Renumbering([])
    on_base, ref, note = _on_base(repo, folder.dir, config, base)
    order = _added_order(repo, folder.dir)
    never = (2**63, 2**63)
    taken = set(write.numbers_in(folder.dir)) | {r.number for r in folder.records}
    moves: list[tuple[Record, int]] = []
    for number in sorted(duplicates):
        group = sorted(duplicates[number],
                       key=lambda r: (r.path.name not in on_base,
                                      order.get(r.path.name, never), r.path.name))
        for record in group[1:]:
            new_number = max(taken) + 1
            taken.add(new_number)
            moves.append((record, new_number))
    result: list[Move] = []
    for record, new_number in moves:
        old_path = repo / record.path
        new_path = old_path.with_name(write.renumbered_filename(old_path.name, new_number))
        rewritten: list[Path] = []
        if not dry_run:
            if new_path.exists():
                raise RecordError(f"{relative_path(repo, new_path)}: already exists; not moved")
            with write.locked(old_path):
                original = write.read_for_rewrite(old_path)
                text = write.set_nygard_title_number(original.text, record.number, new_number)
                write.write_new(new_path, "")
                write.atomic_write(new_path, original.encode(text))
                old_path.unlink()

        def retarget(text: str, old_name: str = old_path.name, new_name: str = new_path.name,
                     old: int = record.number, new: int = new_number) -> str:
            return write.retarget_links(text, old_name, new_name, old, new)

        for other in sorted(folder.dir.iterdir()):
            if other.suffix.lower() != ".md" or not other.is_file():
                continue
            try:
                current = write.read_for_rewrite(other)
            except RecordError:
                continue
            if retarget(current.text) != current.text:
                rewritten.append(other)
                if not dry_run:
                    write.edit(other, retarget)
        result.append(Move(old_path, new_path, record.number, new_number, tuple(rewritten)))
    return Renumbering(result, ref, note)
