"""Read an ADR folder from disk (the read side; writes live in ``records/write.py``).

``load_folder`` reads every file named like a record with one open and read each,
skips what cannot be a record (binary, not UTF-8, too large, no title) with one warning
line each, and resolves links that name a file (log4brains) to record numbers.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from adrtool.errors import RecordError, located
from adrtool.records.links import split_links
from adrtool.records.model import Link, Record
from adrtool.records.parse import (
    is_record_filename,
    number_from_filename,
    parse_record,
)

MAX_RECORD_BYTES = 1_000_000

# Markdown files that live next to ADRs and are not ADRs: skipped without a warning.
_COMPANIONS = {
    "readme.md",
    "index.md",
    "template.md",
    "adr-template.md",
    "changelog.md",
    "contributing.md",
    "license.md",
    "summary.md",
    "toc.md",
    "_sidebar.md",
    "_index.md",
}


def _is_companion(lower_name: str) -> bool:
    """README, index, templates (``adr-template-minimal.md``) and hidden files: not ADRs."""
    return lower_name in _COMPANIONS or "template" in lower_name or lower_name.startswith(".")


def skipped_quietly(name: str) -> bool:
    """True for a file ``load_folder`` passes over without a word: not named like a record,
    and not Markdown or a companion (README, index, a template, a hidden file)."""
    lower = name.lower()
    return not is_record_filename(name) and (not lower.endswith(".md") or _is_companion(lower))


@dataclass(frozen=True)
class Folder:
    """The records of one ADR folder, sorted by number then file name."""

    repo: Path
    dir: Path
    records: tuple[Record, ...]
    warnings: tuple[str, ...]  # one line each: "path: why skipped"

    def by_number(self, n: int) -> list[Record]:
        """Every record numbered ``n`` (more than one after a merge; see ``renumber``)."""
        return [r for r in self.records if r.number == n]

    @property
    def notes(self) -> tuple[str, ...]:
        """Non-fatal remarks about records that were read (e.g. front matter ignored)."""
        return tuple(note for r in self.records for note in r.notes)

    def by_filename(self, name: str) -> Record | None:
        """The record whose file is called ``name``, if any."""
        for r in self.records:
            if r.path.name == name:
                return r
        return None

    def next_number(self) -> int:
        """One more than the highest number in use (1 for an empty folder)."""
        return max((r.number for r in self.records), default=0) + 1

    def duplicates(self) -> dict[int, list[Record]]:
        """Numbers used by more than one record."""
        seen: dict[int, list[Record]] = {}
        for r in self.records:
            seen.setdefault(r.number, []).append(r)
        return {n: rs for n, rs in seen.items() if len(rs) > 1}


def relative_path(repo: Path, file: Path) -> PurePosixPath:
    """``file`` relative to ``repo`` as a POSIX path (``..`` parts when outside it)."""
    try:
        rel = file.relative_to(repo)
    except ValueError:
        rel = Path(os.path.relpath(file, repo))
    return PurePosixPath(rel.as_posix())


def decode_record(data: bytes, where: PurePosixPath) -> str:
    """Bytes of a record file as text, or RecordError for binary / non-UTF-8 content."""
    if b"\0" in data:
        raise RecordError(located(str(where), None, "skipped: binary file (NUL bytes)"))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise RecordError(
            located(
                str(where),
                line,
                f"skipped: not UTF-8 text (byte 0x{data[e.start]:02x}); save the file as UTF-8",
            )
        ) from None


def _read_bytes(file: str | Path, where: PurePosixPath) -> bytes:
    """One open + read; files over MAX_RECORD_BYTES become RecordError without reading them all.

    ``os.open``/``os.read`` rather than ``open()``: no buffered file object per record
    (half the cost of reading a small file). The descriptor is not inheritable (PEP 446).
    """
    too_large = False
    chunks: list[bytes] = []
    try:
        fd = os.open(file, os.O_RDONLY)
        try:
            size = os.fstat(fd).st_size
            if size > MAX_RECORD_BYTES:
                too_large = True
            else:
                # size + 1 so a file that reports its size finishes in one read plus the EOF
                # read; size 0 may be a file that does not report its size (/proc), so keep
                # reading until EOF or one byte over the limit.
                left = MAX_RECORD_BYTES + 1
                while left > 0:
                    chunk = os.read(fd, min(left, size + 1 if size else left))
                    if not chunk:
                        break
                    chunks.append(chunk)
                    left -= len(chunk)
                too_large = left <= 0
        finally:
            os.close(fd)
    except OSError as e:
        raise RecordError(
            located(str(where), None, f"skipped: cannot read ({e.strerror or e})")
        ) from None
    if too_large:
        raise RecordError(
            located(str(where), None, f"skipped: too large (over {MAX_RECORD_BYTES} bytes)")
        )
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def read_record(repo: Path, file: Path) -> Record:
    """Read and parse one record file; RecordError names the file when it cannot be read."""
    where = relative_path(repo, file)
    return parse_record(decode_record(_read_bytes(file, where), where), where)


def load_folder(repo: Path, adr_dir: Path) -> Folder:
    """Read every record in ``adr_dir`` (not recursive). Never raises for a bad file."""
    records: list[Record] = []
    warnings: list[str] = []
    try:
        entries = sorted(os.scandir(adr_dir), key=lambda e: e.name)
    except OSError as e:
        where = relative_path(repo, adr_dir)
        return Folder(
            repo,
            adr_dir,
            (),
            (located(str(where), None, f"cannot list folder ({e.strerror or e})"),),
        )
    rel_dir = str(relative_path(repo, adr_dir))
    for entry in entries:
        name = entry.name
        if not is_record_filename(name):
            lower = name.lower()
            if lower.endswith(".md") and not _is_companion(lower):
                warnings.append(
                    located(
                        str(relative_path(repo, Path(entry.path))),
                        None,
                        "skipped: not named like an ADR (NNNN-title.md)",
                    )
                )
            continue
        where = PurePosixPath(f"{rel_dir}/{name}") if rel_dir != "." else PurePosixPath(name)
        try:
            if entry.is_dir():
                continue
            regular = entry.is_file()
        except OSError:
            regular = False
        if not regular:  # a broken symlink, a FIFO (opening it would block), a socket
            warnings.append(located(str(where), None, "skipped: not a regular file"))
            continue
        try:
            text = decode_record(_read_bytes(entry.path, where), where)
            records.append(parse_record(text, where))
        except RecordError as e:
            warnings.append(_skipped(str(e)))
    records = _number_unnumbered(records)
    records = _resolve_links(records)
    records.sort(key=lambda r: (r.number, r.path.name))
    return Folder(repo, adr_dir, tuple(records), tuple(warnings))


def _skipped(message: str) -> str:
    """``"a.md:1: no title"`` -> ``"a.md:1: skipped: no title"`` (once)."""
    if ": skipped: " in message:
        return message
    return re.sub(r"^(.*?\.md(?::\d+)?): ", r"\1: skipped: ", message, count=1)


def _unnumbered(r: Record) -> bool:
    return r.number == 0 and number_from_filename(r.path.name) is None


def _number_unnumbered(records: list[Record]) -> list[Record]:
    """Records without a number (log4brains) get numbers after the highest, in name order."""
    if not any(_unnumbered(r) for r in records):
        return records
    nxt = max((r.number for r in records if not _unnumbered(r)), default=0) + 1
    out: list[Record] = []
    for r in records:  # already in file name order
        if _unnumbered(r):
            r = replace(r, number=nxt)
            nxt += 1
        out.append(r)
    return out


def _resolve_links(records: list[Record]) -> list[Record]:
    """Second pass: links that name a file in this folder point at that file's number."""
    by_name: dict[str, int] = {}
    for r in records:
        by_name[r.path.name] = r.number
        by_name.setdefault(r.path.name.lower(), r.number)
    out: list[Record] = []
    for r in records:
        if not r.raw_links or not any(lk.target_file for lk in r.raw_links):
            out.append(r)
            continue
        raw: list[Link] = []
        for lk in r.raw_links:
            if lk.target_file:
                n = by_name.get(lk.target_file, by_name.get(lk.target_file.lower()))
                if n is not None and n != lk.target:
                    lk = replace(lk, target=n)
            raw.append(lk)
        supersedes, superseded_by, links = split_links(raw)
        out.append(
            replace(
                r,
                raw_links=tuple(raw),
                links=links,
                supersedes=supersedes,
                superseded_by=superseded_by,
            )
        )
    return out
