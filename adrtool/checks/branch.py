"""Rules that compare a branch with its base (ADR030-ADR032). Pure: texts in, problems out.

The service (``services/check.py``) reads the files from git; these functions only compare.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from adrtool.checks import Problem, problem
from adrtool.checks.topics import is_about
from adrtool.errors import RecordError
from adrtool.records.model import Record
from adrtool.records.parse import number_from_filename, parse_record

# Statuses whose records may still be edited freely after they were merged.
EDITABLE_STATUSES = ("proposed", "draft")
# Front matter keys that may change after the merge: status, links, and MADR's "date"
# ("when the decision was last updated", so it moves with a status change).
_LINK_KEYS = (
    "status",
    "date",
    "supersedes",
    "supercedes",
    "superseded-by",
    "superseded_by",
    "superceded-by",
    "superceded_by",
    "links",
)
_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")


@dataclass(frozen=True)
class NewFramework:
    """A framework id a manifest names on the head but the base did not use."""

    id: str
    path: str  # the manifest that names it on the head
    line: int | None


def number_collisions(
    added: Sequence[str], base_files: Sequence[str], gone: Iterable[str], base: str
) -> list[Problem]:
    """ADR030: records added on this branch whose number a different file holds on ``base``.

    ``added`` are paths added (or renamed to) on this branch, ``base_files`` the files of
    the ADR folder at the tip of ``base``, ``gone`` the paths this branch deleted or renamed.
    """
    gone_set = set(gone)
    taken: dict[int, list[str]] = {}
    for path in base_files:
        n = number_from_filename(PurePosixPath(path).name)
        if n is not None:
            taken.setdefault(n, []).append(path)
    out = []
    for path in added:
        n = number_from_filename(PurePosixPath(path).name)
        if n is None:
            continue
        for other in taken.get(n, []):
            if other == path or other in gone_set:
                continue
            out.append(
                problem(
                    path,
                    1,
                    "ADR030",
                    f"number {n} is already taken on {base} by {other}; merge {base} and run "
                    '"adrtool renumber" to give this record the next free number',
                )
            )
    return out


def allowed_lines(record: Record) -> set[int]:
    """1-based lines of ``record`` that may change after it was merged: status and links."""
    allowed: set[int] = set()
    if record.status_line:
        allowed.add(record.status_line)
    for link in (*record.raw_links, *record.links):
        if link.line:
            allowed.add(link.line)
    lines = record.text.splitlines()
    # Front matter keys that carry status and links (with their list items).
    if lines and lines[0].rstrip() == "---":
        current_ok = False
        for i in range(1, len(lines)):
            line = lines[i]
            if line.rstrip() in ("---", "..."):
                break
            if line[:1] not in (" ", "\t", "-") and ":" in line:
                current_ok = line.split(":", 1)[0].strip().lower() in _LINK_KEYS
            if current_ok:
                allowed.add(i + 1)
    # The "## Status" section of adr-tools records, with its link lines.
    in_status = False
    for i, line in enumerate(lines, 1):
        m = _HEADING.match(line)
        if m:
            in_status = m.group(1).strip().rstrip(":").lower() == "status"
            continue
        if in_status:
            allowed.add(i)
    return allowed


def rewritten(
    base_text: str, head_text: str, path: str, base: str, old_path: str | None = None
) -> Problem | None:
    """ADR031 when a merged record was renumbered, or its text changed beyond its status
    and link lines. ``old_path`` is its path on the base side when the branch renamed it."""
    try:
        old = parse_record(base_text, PurePosixPath(old_path or path))
        new = parse_record(head_text, PurePosixPath(path))
    except RecordError:
        return None  # lint reports unreadable records (ADR001)
    if old.status in EDITABLE_STATUSES:
        return None
    if old.number != new.number:
        return problem(
            path,
            new.title_line or 1,
            "ADR031",
            f"record {old.number} is {old.status or 'merged'} on {base} but this branch "
            f"renumbered it to {new.number}; restore it from {base} and give this branch's "
            "own record the next free number instead",
        )
    ok_old, ok_new = allowed_lines(old), allowed_lines(new)
    a = [ln.rstrip() for ln in old.text.splitlines()]
    b = [ln.rstrip() for ln in new.text.splitlines()]
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        bad_old = [i for i in range(i1, i2) if a[i].strip() and i + 1 not in ok_old]
        bad_new = [j for j in range(j1, j2) if b[j].strip() and j + 1 not in ok_new]
        if not bad_old and not bad_new:
            continue
        line = bad_new[0] + 1 if bad_new else min(j1 + 1, max(len(b), 1))
        what = "changed" if bad_new and bad_old else ("added" if bad_new else "removed")
        return problem(
            path,
            line,
            "ADR031",
            f"record {old.number} is {old.status or 'merged'} on {base} but this branch {what} "
            "text beyond its status and links; supersede it instead: "
            f'adrtool new -s {old.number} "New title"',
        )
    return None


def deleted(base_text: str, path: str, base: str) -> Problem | None:
    """ADR031 when the branch deletes a record merged on ``base`` (not a proposal)."""
    try:
        old = parse_record(base_text, PurePosixPath(path))
    except RecordError:
        return None
    if old.status in EDITABLE_STATUSES:
        return None
    return problem(
        path,
        None,
        "ADR031",
        f"record {old.number} is {old.status or 'merged'} on {base} but this branch deleted "
        f"it; keep it and mark it deprecated or superseded instead: adrtool status {old.number} "
        "deprecated",
    )


def undecided_frameworks(
    new: Sequence[NewFramework], records: Sequence[Record], changed: Iterable[str], topic: str
) -> list[Problem]:
    """ADR032 for each new framework without a record for ``topic`` on this branch.

    A framework is covered when a record about ``topic`` was added or changed on this
    branch, or an existing, still valid record about ``topic`` names the framework.
    """
    changed_set = set(changed)
    about = [r for r in records if is_about(r, topic)]
    if any(str(r.path) in changed_set for r in about):
        return []
    out = []
    in_force = [r for r in about if r.status not in ("superseded", "rejected", "deprecated")]
    for fw in new:
        if any(_names(r, fw.id) for r in in_force):
            continue
        if in_force:
            current = ", ".join(r.filename for r in in_force)
            latest = max(r.number for r in in_force)
            which = "decision" if len(in_force) == 1 else "decisions"
            verb = "does" if len(in_force) == 1 else "do"
            message = (
                f'{fw.id} was added on this branch but the "{topic}" {which} ({current}) '
                f"{verb} not name it and no record for the topic was added or changed; run "
                f'"adrtool draft" (or "adrtool new -s {latest} TITLE") in this branch'
            )
        else:
            message = (
                f'{fw.id} was added on this branch but no record for topic "{topic}" was '
                f'added or changed; run "adrtool draft" (or add a record with "topic: {topic}") '
                "in this branch"
            )
        out.append(problem(fw.path, fw.line, "ADR032", message))
    return out


def _names(record: Record, framework: str) -> bool:
    pattern = re.compile(rf"(?<![\w-]){re.escape(framework)}(?![\w-])", re.IGNORECASE)
    values = [
        record.title,
        *(str(v) for v in record.front_matter.values() if isinstance(v, (str, int, float))),
    ]
    return any(pattern.search(v) for v in values)


def framework_line(text: str, framework: str) -> int | None:
    """The first line of a manifest that names ``framework`` (for the problem location)."""
    pattern = re.compile(rf"(?<![\w-]){re.escape(framework)}(?![\w-])", re.IGNORECASE)
    for i, line in enumerate(text.splitlines(), 1):
        if pattern.search(line):
            return i
    return None
