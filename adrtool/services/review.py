"""``adrtool review``: what a pull request changes in the decision records (no printing).

``review_branch`` reads both sides from git (the fork point of ``head`` from ``base``, and
``head``) and returns a :class:`Review`; ``review_context`` turns it into the escaped values
``templates/review.md.j2`` formats; ``review_json`` is the ``--format json`` shape.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from adrtool.checks import Problem
from adrtool.checks.stale import INACTIVE, flatten
from adrtool.config import Config, find_git_root
from adrtool.errors import RecordError
from adrtool.records.model import Record


@dataclass(frozen=True)
class RecordChange:
    """One record added, changed, renamed or removed on the branch."""

    kind: str  # added | changed | renamed | removed
    number: int
    title: str
    path: str
    status_before: str | None = None
    status_after: str | None = None
    parts: tuple[str, ...] = ()  # for "changed": title, status, links, text
    old_path: str | None = None


@dataclass(frozen=True)
class ChainLink:
    number: int
    title: str
    status: str | None


@dataclass(frozen=True)
class AnswerChange:
    key: str  # dotted, e.g. checklist.traffic_growth
    before: Any
    after: Any


@dataclass(frozen=True)
class RankRow:
    id: str
    name: str
    rank: int
    score: float
    base_score: float | None = None
    base_rank: int | None = None


@dataclass(frozen=True)
class DecisionChange:
    """A drafted record on the branch: its ranking now, and what moved it since the base."""

    number: int
    title: str
    path: str
    topic: str
    answers_path: str | None = None
    winner: str | None = None
    base_winner: str | None = None
    ranking: tuple[RankRow, ...] = ()
    answers: tuple[AnswerChange, ...] = ()
    note: str | None = None  # why there is no ranking, when there is none
    supersedes: tuple[int, ...] = ()
    answers_new: bool = False  # the answers file does not exist on the base side
    answers_missing: bool = False  # the answers file does not exist on the head side
    recorded_winner: str | None = None  # the option the record itself chose


@dataclass(frozen=True)
class Review:
    base: str
    head: str
    records: tuple[RecordChange, ...] = ()
    chains: tuple[tuple[ChainLink, ...], ...] = ()
    decisions: tuple[DecisionChange, ...] = ()
    problems: tuple[Problem, ...] = ()
    tool_version: str = ""
    adr_dir: str | None = None

    def of_kind(self, kind: str) -> list[RecordChange]:
        return [r for r in self.records if r.kind == kind]

    @property
    def transitions(self) -> list[RecordChange]:
        return [
            r for r in self.records if r.kind == "changed" and r.status_before != r.status_after
        ]

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.severity == "error")


def review_branch(
    repo: Path,
    config: Config,
    *,
    base: str | None = None,
    head: str = "HEAD",
    adr_dir: Path | None = None,
    with_check: bool = True,
) -> Review:
    """Compare ``head`` with the base branch (three-dot) and describe the decision changes."""
    from adrtool import __version__, gitops
    from adrtool.records.discover import choose_adr_dir
    from adrtool.records.store import relative_path

    base_ref = gitops.resolve_base(repo, base or config.check.base)
    fork = gitops.merge_base(repo, base_ref, head)
    changes = gitops.changed_files(repo, base_ref, head)
    root = (find_git_root(repo) or repo).resolve()
    folder = choose_adr_dir(repo, config, adr_dir).path
    folder_git = PurePosixPath(os.path.relpath(folder.resolve(), root)).as_posix()

    def rel(git_path: str) -> str:
        return PurePosixPath(os.path.relpath(root / git_path, repo.resolve())).as_posix()

    def parse(texts: dict[str, str], git_path: str) -> Record | None:
        text = texts.get(git_path)
        if text is None:
            return None
        try:
            return _parse(text, rel(git_path))
        except RecordError:
            return None

    listed = [p for p in gitops.list_files_at(repo, head, folder_git) if _is_record_path(p)]
    head_texts = gitops.read_files_at(repo, head, listed)
    head_records = [r for r in (parse(head_texts, p) for p in listed) if r is not None]
    in_folder = [
        c
        for c in changes
        if PurePosixPath(c.path).parent.as_posix() == folder_git and _is_record_path(c.path)
    ]
    fork_texts = gitops.read_files_at(
        repo, fork, [c.old_path or c.path for c in in_folder if c.status != "A"]
    )
    records: list[RecordChange] = []
    touched: list[Record] = []
    for c in in_folder:
        old = parse(fork_texts, c.old_path or c.path) if c.status != "A" else None
        new = parse(head_texts, c.path) if c.status != "D" else None
        change = describe_change(c.status, old, new, rel(c.old_path) if c.old_path else None)
        if change is not None:
            records.append(change)
        if new is not None:
            touched.append(new)
    records.sort(key=lambda r: (r.number, r.path))
    # Drafted decisions in force that this branch touched, or whose answers file it changed.
    changed_git = {c.path for c in changes}
    touched_numbers = {r.number for r in touched}
    decisions = [
        _decision(repo, config, r, fork, head)
        for r in head_records
        if _drafted_topic(r) is not None
        and r.status not in INACTIVE
        and not r.superseded_by
        and (r.number in touched_numbers or _answers_git_path(repo, r) in changed_git)
    ]
    problems: tuple[Problem, ...] = ()
    if with_check and head == "HEAD":
        from adrtool.services.check import check_repo

        problems = check_repo(repo, config, adr_dir=adr_dir, base=base_ref).problems
    return Review(
        base=base_ref,
        head=head,
        records=tuple(records),
        chains=tuple(supersession_chains(head_records, [r.number for r in touched])),
        decisions=tuple(sorted(decisions, key=lambda d: d.number)),
        problems=problems,
        tool_version=__version__,
        adr_dir=str(relative_path(repo, folder)),
    )


def _parse(text: str, path: str) -> Record:
    from adrtool.records.parse import parse_record

    return parse_record(text, PurePosixPath(path))


def _is_record_path(path: str) -> bool:
    from adrtool.records.parse import is_record_filename

    return is_record_filename(PurePosixPath(path).name)


def describe_change(
    status: str, old: Record | None, new: Record | None, old_path: str | None = None
) -> RecordChange | None:
    """One git change of a record file as a RecordChange (pure)."""
    if new is None and old is None:
        return None
    if new is None:
        assert old is not None
        return RecordChange("removed", old.number, old.title, str(old.path), old.status, None)
    if old is None:
        return RecordChange("added", new.number, new.title, str(new.path), None, new.status)
    parts = changed_parts(old, new)
    kind = "renamed" if status == "R" else "changed"
    if kind == "changed" and not parts:
        return None
    return RecordChange(
        kind, new.number, new.title, str(new.path), old.status, new.status, parts, old_path
    )


def changed_parts(old: Record, new: Record) -> tuple[str, ...]:
    """Which parts of a record changed: number, title, status, links, text (pure)."""
    from adrtool.checks.branch import allowed_lines

    parts = []
    if old.number != new.number:
        parts.append(f"number {old.number} → {new.number}")
    if old.title != new.title:
        parts.append("title")
    if old.status != new.status:
        parts.append("status")
    if (
        set(old.supersedes),
        set(old.superseded_by),
        {(lk.label, lk.target) for lk in old.links},
    ) != (set(new.supersedes), set(new.superseded_by), {(lk.label, lk.target) for lk in new.links}):
        parts.append("links")
    skip_old = allowed_lines(old) | ({old.title_line} if old.title_line else set())
    skip_new = allowed_lines(new) | ({new.title_line} if new.title_line else set())
    body_old = [
        ln.rstrip()
        for i, ln in enumerate(old.text.splitlines(), 1)
        if i not in skip_old and ln.strip()
    ]
    body_new = [
        ln.rstrip()
        for i, ln in enumerate(new.text.splitlines(), 1)
        if i not in skip_new and ln.strip()
    ]
    if body_old != body_new:
        parts.append("text")
    return tuple(parts)


def supersession_chains(
    records: Sequence[Record], involved: Sequence[int]
) -> list[tuple[ChainLink, ...]]:
    """Chains ``oldest -> ... -> newest`` that pass through an ``involved`` record (pure)."""
    by_number = {r.number: r for r in records}
    after: dict[int, int] = {}
    for r in records:
        for old in r.supersedes:
            after.setdefault(old, r.number)
        for newer in r.superseded_by:
            after.setdefault(r.number, newer)
    before = {new: old for old, new in after.items()}
    chains: list[tuple[ChainLink, ...]] = []
    seen: set[int] = set()
    for n in involved:
        if n in seen or (n not in after and n not in before):
            continue
        start, guard = n, 0
        while start in before and guard < 1000:
            start, guard = before[start], guard + 1
        chain: list[ChainLink] = []
        cur: int | None = start
        while cur is not None and cur not in [c.number for c in chain]:
            rec = by_number.get(cur)
            chain.append(
                ChainLink(cur, rec.title if rec else "(missing)", rec.status if rec else None)
            )
            cur = after.get(cur)
        seen.update(c.number for c in chain)
        if len(chain) > 1:
            chains.append(tuple(chain))
    return chains


def _drafted_topic(record: Record) -> str | None:
    from adrtool.checks.stale import provenance

    prov = provenance(record)
    return prov["topic"] if prov else None


def answer_changes(before: Any, after: Any) -> tuple[AnswerChange, ...]:
    """Dotted keys whose value differs between two answers files, but the file format
    ``version`` (pure)."""
    a, b = flatten(before or {}), flatten(after or {})
    return tuple(
        AnswerChange(k, a.get(k), b.get(k))
        for k in sorted(set(a) | set(b))
        if a.get(k) != b.get(k) and k != "version"
    )


def _answers_git_path(repo: Path, record: Record) -> str:
    """The answers file behind a drafted record, as git names it."""
    from adrtool.checks import stale

    return stale.git_path(repo, stale.answers_path_for(record, _drafted_topic(record) or ""))


def _decision(repo: Path, config: Config, record: Record, fork: str, head: str) -> DecisionChange:
    from adrtool import gitops
    from adrtool.checks import stale

    topic = _drafted_topic(record) or ""
    answers_rel = stale.answers_path_for(record, topic)
    answers_git = _answers_git_path(repo, record)
    new_text = gitops.show_file(repo, head, answers_git)
    old_text = gitops.show_file(repo, fork, answers_git)
    changes = answer_changes(_yaml(old_text, answers_rel), _yaml(new_text, answers_rel))
    base = DecisionChange(
        record.number,
        record.title,
        str(record.path),
        topic,
        answers_rel,
        answers=changes,
        supersedes=record.supersedes,
        answers_new=old_text is None and new_text is not None,
        recorded_winner=stale.recorded_winner(record),
    )
    if new_text is None:
        return _replace(
            base,
            answers_missing=True,
            note=(
                f"The answers file {answers_rel} is not committed on this branch, so the "
                "ranking cannot be recomputed; commit it with the record."
            ),
        )
    now = stale.score_text(repo, topic, new_text, answers_rel, config)
    if isinstance(now, str):
        return _replace(base, note=now)
    then = (
        stale.score_text(repo, topic, old_text, answers_rel, config)
        if old_text is not None
        else None
    )
    old_rows = {} if then is None or isinstance(then, str) else {r.id: r for r in then.ranking}
    rows = tuple(
        RankRow(
            r.id,
            r.name,
            r.rank,
            r.score,
            old_rows[r.id].score if r.id in old_rows else None,
            old_rows[r.id].rank if r.id in old_rows else None,
        )
        for r in now.ranking
    )
    return _replace(
        base,
        winner=now.winner.name if now.winner else None,
        base_winner=(
            then.winner.name
            if then is not None and not isinstance(then, str) and then.winner
            else None
        ),
        ranking=rows,
    )


def _replace(d: DecisionChange, **changes: Any) -> DecisionChange:
    from dataclasses import replace

    return replace(d, **changes)


def _yaml(text: str | None, display: str) -> Any:
    if text is None:
        return None
    from adrtool.errors import ConfigError
    from adrtool.yamlio import load_yaml, plain

    try:
        return plain(load_yaml(Path(display), text))
    except ConfigError:
        return None


# --------------------------------------------------------------------------- presentation

TOP_OPTIONS = 5  # ranking rows shown before the rest fold into <details>
_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]|~#$"})


def md_text(value: object) -> str:
    """Text from the repo made inert in Markdown: one line; no HTML (``< > &`` as entities),
    no emphasis, links, images, math or table breaks (punctuation escaped), no @mentions,
    #N references or autolinked URLs (a zero-width joiner breaks them)."""
    import re

    text = " ".join(str(value).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.translate(_MD_SPECIAL)
    text = re.sub(r"@(?=[\w-])", "@\u200d", text)
    text = re.sub(r"#(?=\d)", "#\u200d", text)  # no cross-reference to issue or PR #N
    text = re.sub(r"(?i)\b(https?|ftp|mailto|javascript|data)(?=:)", "\\1\u200d", text)
    return re.sub(r"(?i)\bwww\.", "www\u200d.", text)


def md_code(value: object, *, cell: bool = False) -> str:
    """A path or ref as an inline code span (backticks inside become quotes).

    ``cell``: the span sits in a table row, where even inside a code span a ``|`` ends the
    cell unless escaped (GFM renders ``\\|`` there as ``|``; elsewhere it would show).
    """
    text = " ".join(str(value).split()).replace("`", "'")
    if cell:
        text = text.replace("|", "\\|")
    return f"`{text}`" if text else "``"


def _value(v: Any) -> str:
    if v is None:
        return "(not set)"
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(str(x) for x in v) + "]" if v else "[]"
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def _score(v: float | None) -> str:
    return "" if v is None else f"{v:.1f}"


def _delta(now: float, then: float | None) -> str:
    if then is None:
        return "new"
    d = round(now - then, 1)
    return "±0.0" if d == 0 else f"{d:+.1f}"


def review_context(review: Review) -> dict[str, Any]:
    """The values ``templates/review.md.j2`` formats, every repo string already escaped."""

    def status(s: str | None) -> str:
        return md_text(s) if s else "(none)"

    def rec(r: RecordChange) -> dict[str, Any]:
        return {
            "number": r.number,
            "title": md_text(r.title),
            "path": md_code(r.path),
            "cell_path": md_code(r.path, cell=True),
            "old_path": md_code(r.old_path, cell=True) if r.old_path else None,
            "status": status(r.status_after if r.kind != "removed" else r.status_before),
            "status_before": status(r.status_before),
            "status_after": status(r.status_after),
            "parts": ", ".join(r.parts) if r.parts else "file name only",
        }

    counts = []
    for kind, word in (
        ("added", "added"),
        ("changed", "changed"),
        ("renamed", "renamed"),
        ("removed", "removed"),
    ):
        n = len(review.of_kind(kind))
        if n:
            counts.append(f"{n} record{'s' if n != 1 else ''} {word}")
    on_branch = {r.number for r in review.records}
    answers_only = sum(1 for d in review.decisions if d.number not in on_branch)
    if answers_only:
        counts.append(
            f"the answers behind {answers_only} drafted decision{'s' if answers_only != 1 else ''}"
            " changed"
        )
    decisions = []
    for d in review.decisions:
        decisions.append(
            {
                "number": d.number,
                "title": md_text(d.title),
                "path": md_code(d.path),
                "topic": md_text(d.topic),
                "answers_path": md_code(d.answers_path) if d.answers_path else None,
                "winner": md_text(d.winner) if d.winner else None,
                "base_winner": md_text(d.base_winner) if d.base_winner else None,
                "winner_changed": bool(d.base_winner and d.winner != d.base_winner),
                "recorded": md_text(d.recorded_winner) if d.recorded_winner else None,
                "record_disagrees": bool(
                    d.winner and d.recorded_winner and d.winner.lower() != d.recorded_winner.lower()
                ),
                "has_base": any(r.base_score is not None for r in d.ranking),
                "supersedes": ", ".join(f"ADR {n}" for n in d.supersedes),
                "ranking": [
                    {
                        "rank": r.rank,
                        "name": md_text(r.name),
                        "score": _score(r.score),
                        "base_score": _score(r.base_score),
                        "delta": _delta(r.score, r.base_score),
                        "move": (
                            ""
                            if r.base_rank is None or r.base_rank == r.rank
                            else f"{'▲' if r.rank < r.base_rank else '▼'} from {r.base_rank}"
                        ),
                    }
                    for r in d.ranking
                ],
                "shown": TOP_OPTIONS,
                "answers_new": d.answers_new,
                "answers_missing": d.answers_missing,
                "answers": [
                    {
                        "key": md_code(a.key, cell=True),
                        "before": md_text(_value(a.before)),
                        "after": md_text(_value(a.after)),
                    }
                    for a in d.answers
                ],
                "note": md_text(d.note) if d.note else None,
            }
        )
    return {
        "base": md_code(review.base),
        "head": md_code(review.head),
        "summary": ", ".join(counts) if counts else "no decision records changed",
        "added": [rec(r) for r in review.of_kind("added")],
        "changed": [rec(r) for r in (*review.of_kind("changed"), *review.of_kind("renamed"))],
        "removed": [rec(r) for r in review.of_kind("removed")],
        "transitions": [rec(r) for r in review.transitions],
        "chains": [
            [
                {"number": c.number, "title": md_text(c.title), "status": status(c.status)}
                for c in chain
            ]
            for chain in review.chains
        ],
        "decisions": decisions,
        "problems": [
            {
                "where": md_code(f"{p.path}:{p.line}" if p.line else p.path),
                "code": p.code,
                "severity": p.severity,
                "message": md_text(p.message),
            }
            for p in review.problems
        ],
        "errors": review.errors,
        "tool_version": md_text(review.tool_version),
    }


def review_json(review: Review) -> dict[str, Any]:
    """The ``review --format json`` document (raw values, not escaped)."""
    from dataclasses import asdict

    data = asdict(review)
    data["problems"] = [p.to_json() for p in review.problems]
    data["transitions"] = [
        {"number": r.number, "path": r.path, "from": r.status_before, "to": r.status_after}
        for r in review.transitions
    ]
    return data
