"""Lint rules over the records of one folder (ADR001-ADR008). Pure: records in, problems out."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence

from adrtool.checks import Problem, problem
from adrtool.records.model import KNOWN_STATUSES, Record
from adrtool.records.parse import link_kind

# Statuses a dialect's own tool writes besides the common five.
DIALECT_STATUSES = {"log4brains": ("draft",)}

# 0005-slug.md, 005-slug.md, ADR-0005-slug.md; not log4brains' 20240131-slug.md.
_FILE_NUMBER = re.compile(r"^(?:adr-)?(\d{1,4})-", re.IGNORECASE)
# "# 5. Title", "# 0005 Title", "# ADR 5: Title", "# ADR-0005 - Title"
_TITLE_NUMBER = re.compile(r"^#\s*(?:adr[\s-]*)?(\d+)\b", re.IGNORECASE)


def file_number(filename: str) -> int | None:
    """The number a file name carries, when it follows the NNNN-slug.md convention."""
    m = _FILE_NUMBER.match(filename)
    return int(m.group(1)) if m else None


def title_number(record: Record) -> int | None:
    """The number written in the title line (``# 5. Title``), if the title has one."""
    if not record.title_line:
        return None
    lines = record.text.splitlines()
    if record.title_line > len(lines):
        return None
    m = _TITLE_NUMBER.match(lines[record.title_line - 1].strip())
    return int(m.group(1)) if m else None


def ref_line(record: Record, target: int) -> int | None:
    """The line of ``record`` that refers to record ``target`` (a link, else the status)."""
    for link in (*record.raw_links, *record.links):
        if link.target == target and link.line:
            return link.line
    pattern = re.compile(rf"(?<!\d)0*{target}(?!\d)")
    for i, line in enumerate(record.text.splitlines(), 1):
        lowered = line.lower()
        if ("supersed" in lowered or "superced" in lowered) and pattern.search(line):
            return i
    return record.status_line or record.title_line


def lint_records(records: Sequence[Record]) -> list[Problem]:
    """Every lint rule over one folder's records."""
    out: list[Problem] = []
    by_number: dict[int, list[Record]] = defaultdict(list)
    for r in records:
        by_number[r.number].append(r)
    for r in records:
        out.extend(_numbers(r))
        out.extend(_status(r))
        out.extend(_links(r, by_number))
    out.extend(_duplicates(by_number))
    return out


def _numbers(r: Record) -> Iterable[Problem]:
    path = str(r.path)
    from_file = file_number(r.filename)
    if from_file is not None and from_file != r.number:
        yield problem(
            path,
            r.title_line,
            "ADR002",
            f"file name says {from_file} but the record is number {r.number}",
        )
    in_title = title_number(r)
    if from_file is not None and in_title is not None and in_title != from_file:
        yield problem(
            path,
            r.title_line,
            "ADR002",
            f"title says {in_title} but the file name says {from_file}; make them agree",
        )


def _status(r: Record) -> Iterable[Problem]:
    path = str(r.path)
    if r.status is None:
        yield problem(
            path, r.title_line, "ADR008", f"no status; add one of: {', '.join(KNOWN_STATUSES)}"
        )
    elif r.status not in KNOWN_STATUSES and not (
        r.dialect in DIALECT_STATUSES and r.status.lower() in DIALECT_STATUSES[r.dialect]
    ):
        yield problem(
            path,
            r.status_line,
            "ADR003",
            f'unknown status "{r.status}"; use one of: {", ".join(KNOWN_STATUSES)}',
        )


def _links(r: Record, by_number: dict[int, list[Record]]) -> Iterable[Problem]:
    path = str(r.path)
    seen: set[int] = set()
    for link in r.links:
        if link.target <= 0:  # a link to a file that is not a record of this folder
            if link.target_file:
                yield problem(
                    path,
                    link.line,
                    "ADR004",
                    f'link "{link.label}" points to {link.target_file}, which is not a record '
                    "in this folder",
                )
            continue
        if link.target not in by_number and link.target not in seen:
            seen.add(link.target)
            yield problem(
                path,
                link.line,
                "ADR004",
                f'link "{link.label}" points to record {link.target}, which does not exist',
            )
    for lk in r.raw_links:
        if lk.target <= 0 and lk.target_file and link_kind(lk.label) != "link":
            yield problem(
                path,
                lk.line,
                "ADR004",
                f'"{lk.label}" points to {lk.target_file}, which is not a record in this folder',
            )
    for forward, numbers in ((True, r.supersedes), (False, r.superseded_by)):
        for n in numbers:
            others = by_number.get(n)
            if others:
                yield from (_supersedes if forward else _superseded_by)(r, n, others)
            elif n not in seen:
                seen.add(n)
                verb = "supersedes" if forward else "superseded by"
                yield problem(
                    path, ref_line(r, n), "ADR004", f"{verb} {_named(r, n)}, which does not exist"
                )


def _supersedes(r: Record, target: int, others: list[Record]) -> Iterable[Problem]:
    """ADR005/ADR006 on the records ``r`` says it supersedes."""
    for other in others:
        where = (str(other.path), other.status_line or other.title_line)
        if r.number not in other.superseded_by:
            yield problem(
                *where,
                "ADR005",
                f"record {r.number} ({r.filename}) supersedes {target} but "
                f'{target} does not say "Superseded by {r.number}"',
            )
        if other.status != "superseded":
            yield problem(
                *where,
                "ADR006",
                f'status is "{other.status or "none"}" but record {r.number} '
                f'supersedes it; set it to "superseded"',
            )


def _superseded_by(r: Record, source: int, others: list[Record]) -> Iterable[Problem]:
    """ADR005 on the records ``r`` says supersede it; ADR006 on ``r`` itself."""
    for other in others:
        if r.number not in other.supersedes:
            yield problem(
                str(other.path),
                ref_line(other, r.number) or 1,
                "ADR005",
                f"record {r.number} ({r.filename}) says it is superseded by "
                f'{source} but {source} does not say "Supersedes {r.number}"',
            )
    if r.status != "superseded" and not any(r.number in o.supersedes for o in others):
        yield problem(
            str(r.path),
            r.status_line or r.title_line,
            "ADR006",
            f'status is "{r.status or "none"}" but it says it is superseded by '
            f'{source}; set it to "superseded"',
        )


def _named(r: Record, target: int) -> str:
    """``record 7``, or the linked file's name when it did not resolve to a number."""
    if target > 0:
        return f"record {target}"
    files = [lk.target_file for lk in r.raw_links if lk.target == target and lk.target_file]
    return files[0] if files else "a record"


def _duplicates(by_number: dict[int, list[Record]]) -> Iterable[Problem]:
    for number, group in sorted(by_number.items()):
        if len(group) < 2:
            continue
        names = sorted(str(r.path) for r in group)
        for name in names[1:]:
            rec = next(r for r in group if str(r.path) == name)
            yield problem(
                name,
                rec.title_line,
                "ADR007",
                f"number {number} is also used by {names[0]}; "
                'run "adrtool renumber" to give each record its own number',
            )
