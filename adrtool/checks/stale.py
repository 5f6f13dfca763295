"""Stale drafted decisions (ADR020, ADR021): re-score with today's answers and catalog.

A drafted record carries provenance (``topic``, ``catalog-version``, ``inputs-sha256``).
When today's inputs hash differently, the record no longer follows from the answers:
if the winner changed too that is an error (ADR020), else a warning (ADR021). The message
names what changed: answers (compared with the answers file in the commit that added the
record), the catalog version, or else "the checklist, catalog ratings or engine".
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from adrtool.checks import Problem, problem
from adrtool.errors import ConfigError
from adrtool.records.model import Record

if TYPE_CHECKING:
    from adrtool.config import Config
    from adrtool.decision.model import ScoreResult

INACTIVE = ("superseded", "rejected", "deprecated")
_CHOSEN = (
    re.compile(r'^Chosen option:\s*"([^"]+)"', re.MULTILINE),
    re.compile(r"^We will use (.+?), because", re.MULTILINE),
)


def provenance(record: Record) -> dict[str, str] | None:
    """The provenance of a drafted record, or None for a hand-written one."""
    from adrtool.decision.context import read_provenance

    return read_provenance(record.front_matter, record.text)


def answers_path_for(record: Record, topic: str) -> str:
    """The answers file a drafted record was scored from (repo-relative, POSIX)."""
    given = record.front_matter.get("answers")
    if not given:
        from adrtool.decision.context import read_provenance

        given = (read_provenance(record.front_matter, record.text) or {}).get("answers")
    if isinstance(given, str) and given.strip():
        return given.strip()
    return f".adrtool/answers/{topic}.yaml"


def recorded_winner(record: Record) -> str | None:
    """The option the record chose, as written (``Chosen option: "Django"``)."""
    for key in ("decision", "chosen", "winner"):
        value = record.front_matter.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    for pattern in _CHOSEN:
        m = pattern.search(record.text)
        if m:
            return m.group(1).strip().strip("*_`")
    return None


def score_text(
    repo: Path, topic: str, text: str | None, display: str, config: Config | None = None
) -> ScoreResult | str:
    """Score ``topic`` with an answers file given as text (None: no file, infer all).

    Returns the result, or one line saying why it could not be scored (naming ``display``).
    """
    from adrtool.services.engine import score_project

    if text is None:
        return score_current(repo, topic, None, config)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / Path(display).name
        path.write_text(text, encoding="utf-8")
        try:
            return score_project(repo, path, config, topic=topic)
        except ConfigError as e:
            return str(e).replace(str(path), display)


def score_current(
    repo: Path, topic: str, path: Path | None, config: Config | None = None
) -> ScoreResult | str:
    """Score ``topic`` with the answers file at ``path`` (None: no file, infer all)."""
    from adrtool.services.engine import score_project

    try:
        return score_project(repo, path, config, topic=topic)
    except ConfigError as e:
        return str(e)


def flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    """``{"a": {"b": 1}}`` -> ``{"a.b": 1}`` (lists stay values) (pure)."""
    if isinstance(data, dict):
        out: dict[str, Any] = {}
        for k, v in data.items():
            out.update(flatten(v, f"{prefix}{k}."))
        return out
    return {prefix[:-1]: data}


def _show(v: Any) -> str:
    if v is None:
        return "unset"
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(str(x) for x in v) + "]"
    return str(v)


def answer_diff(old_text: str | None, new_text: str | None, display: str) -> list[str]:
    """``checklist.traffic_growth moderate -> extreme`` for each answer that differs."""
    from adrtool.yamlio import load_yaml, plain

    def load(text: str | None) -> dict[str, Any]:
        if text is None:
            return {}
        try:
            return flatten(plain(load_yaml(Path(display), text)) or {})
        except ConfigError:
            return {}

    a, b = load(old_text), load(new_text)
    return [
        f"{k} {_show(a.get(k))} -> {_show(b.get(k))}"
        for k in sorted(set(a) | set(b))
        if a.get(k) != b.get(k) and k != "version"
    ]


def stale_records(
    repo: Path, records: Sequence[Record], *, config: Config | None = None
) -> list[Problem]:
    """ADR020/ADR021 for each drafted record that is still in force."""
    drafted = [
        (r, p)
        for r in records
        if (p := provenance(r)) is not None and r.status not in INACTIVE and not r.superseded_by
    ]
    out: list[Problem] = []
    for record, prov in drafted:
        topic = prov["topic"]
        answers_rel = answers_path_for(record, topic)
        answers_file = repo / answers_rel
        exists = answers_file.is_file()
        text = answers_file.read_text(encoding="utf-8-sig") if exists else None
        result = score_current(repo, topic, answers_file if exists else None, config)
        if isinstance(result, str):
            raise ConfigError(result, hint=f"fix the answers file behind {record.path}")
        if result.inputs_sha256 == prov.get("inputs-sha256"):
            continue
        what = _what_changed(repo, record, prov, result, answers_rel, text)
        line = _line_of(record, "inputs-sha256") or record.title_line
        old = recorded_winner(record)
        new = result.winner.name if result.winner else None
        if old and new and old.lower() != new.lower():
            out.append(
                problem(
                    str(record.path),
                    line,
                    "ADR020",
                    f"stale decision: with today's inputs {new} ranks first, not {old} "
                    f'({what}); run "adrtool draft" to supersede this record',
                )
            )
        else:
            out.append(
                problem(
                    str(record.path),
                    line,
                    "ADR021",
                    f"inputs changed since this record was drafted ({what}) but "
                    f"{new or 'the same option'} still ranks first; "
                    'run "adrtool draft" to refresh it',
                )
            )
    return out


def _what_changed(
    repo: Path,
    record: Record,
    prov: dict[str, str],
    result: ScoreResult,
    answers_rel: str,
    text: str | None,
) -> str:
    from adrtool import gitops

    parts: list[str] = []
    commit = gitops.commit_adding(repo, git_path(repo, str(record.path)))
    then = (
        gitops.first_version_since(repo, commit, git_path(repo, answers_rel))
        if commit is not None
        else None
    )
    if then is not None or text is None:
        parts += answer_diff(then, text, answers_rel)
    else:  # nothing committed to compare with: do not list every answer as "unset -> x"
        parts.append(f"the answers in {answers_rel}, of which git has no earlier version")
    was = prov.get("catalog-version")
    if was and was != result.catalog_version:
        parts.append(f"catalog {result.catalog_id} {was} -> {result.catalog_version}")
    if not parts:
        return "the checklist, catalog ratings or engine changed"
    shown = "; ".join(parts[:5])
    return shown + (f"; and {len(parts) - 5} more" if len(parts) > 5 else "")


def git_path(repo: Path, rel: str) -> str:
    """A path relative to ``repo`` as git names it (relative to the git root, POSIX)."""
    import os
    from pathlib import PurePosixPath

    from adrtool.config import find_git_root

    root = (find_git_root(repo) or repo).resolve()
    return PurePosixPath(os.path.relpath((repo / rel).resolve(), root)).as_posix()


def _line_of(record: Record, key: str) -> int | None:
    for i, line in enumerate(record.text.splitlines(), 1):
        if line.lstrip().startswith(f"{key}:"):
            return i
    return None
