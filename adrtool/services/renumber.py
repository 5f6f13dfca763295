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


def renumber(repo: Path, config: Config, *, explicit_dir: Path | None = None,
             dry_run: bool = False) -> list[Move]:
    """Give every record its own number after a merge; rewrite references to moved files.

    Of records sharing a number, the one added first in git history keeps it (ties and
    uncommitted files: the earlier file name); each other one moves to the next free
    number. Its file is renamed, its ``# N.`` title fixed, and every link to it in the
    folder rewritten.
    """
    folder = open_folder(repo, config, explicit_dir)
    duplicates = folder.duplicates()
    if not duplicates:
        return []
    order = _added_order(repo, folder.dir)
    never = (2**63, 2**63)
    taken = set(write.numbers_in(folder.dir)) | {r.number for r in folder.records}
    moves: list[tuple[Record, int]] = []
    for number in sorted(duplicates):
        group = sorted(duplicates[number],
                       key=lambda r: (order.get(r.path.name, never), r.path.name))
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
    return result
