"""The record model: one ADR file, whatever dialect it was written in. Pure, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePosixPath
from typing import Any

KNOWN_STATUSES = ("proposed", "accepted", "rejected", "deprecated", "superseded")

# Dialects the reader recognises (Record.dialect).
DIALECTS = ("nygard", "madr2", "madr3", "madr4", "log4brains", "frontmatter", "unknown")


@dataclass(frozen=True)
class Link:
    """A typed link from one record to another, e.g. ("Amends", 3)."""

    label: str
    target: int
    target_file: str | None = None  # the linked file name when the record names one
    line: int | None = None  # 1-based line in the source file


@dataclass(frozen=True)
class Record:
    """One ADR as read from disk (or from a string).

    ``path`` is relative to the repo root, POSIX style, so output is the same everywhere.
    ``status`` is normalised to lower case for known statuses, kept as written otherwise.
    """

    number: int
    title: str
    status: str | None
    date: date | None
    path: PurePosixPath
    dialect: str = "unknown"
    supersedes: tuple[int, ...] = ()
    superseded_by: tuple[int, ...] = ()
    links: tuple[Link, ...] = ()
    front_matter: dict[str, Any] = field(default_factory=dict)
    text: str = ""  # the file's text, BOM removed, newlines as in the file
    title_line: int | None = None
    status_line: int | None = None
    # Added by the reader (parse.py); all optional so existing callers keep working.
    slug: str = ""  # file stem without the number prefix (log4brains: the whole stem)
    body_start_line: int = 1  # first line after the front matter (1-based)
    raw_links: tuple[Link, ...] = ()  # every link as written, supersession included;
    # ``target`` is -1 while a file-named link is not resolved (load_folder resolves it)
    notes: tuple[str, ...] = ()  # non-fatal reader remarks, "path:line: message"
    newline: str = "\n"  # "\r\n" when the file uses CRLF line endings
    bom: bool = False  # the file started with a UTF-8 byte order mark

    @property
    def filename(self) -> str:
        return self.path.name

    def to_json(self) -> dict[str, Any]:
        """The ``list --format json`` shape (DESIGN.md contract)."""
        return {
            "number": self.number,
            "title": self.title,
            "status": self.status,
            "date": self.date.isoformat() if self.date else None,
            "path": str(self.path),
            "supersedes": list(self.supersedes),
            "superseded_by": list(self.superseded_by),
        }


def normalise_status(raw: str | None) -> str | None:
    """Lower-case a known status (first word, so 'Accepted (2020)' -> 'accepted')."""
    if raw is None:
        return None
    text = raw.strip().strip("*_`\"'").strip()
    if not text:
        return None
    lowered = text.lower()
    for known in KNOWN_STATUSES:
        if lowered == known or lowered.startswith(known + " ") or lowered.startswith(known + ","):
            return known
    # adr-tools spelling of superseded
    if lowered.startswith("superceded"):
        return "superseded"
    return text
