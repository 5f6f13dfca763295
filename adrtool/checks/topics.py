"""Which records decide a topic, and the ``--require TOPIC`` rule (ADR010). Pure.

A record is about topic ``T`` when (simple, documented rules, first match wins):
1. its front matter says ``topic: T`` (``adrtool draft`` writes this), or
2. its front matter ``tags`` include ``T``, or
3. its title, written as a slug, contains ``T`` (``Use FastAPI as backend framework``
   is about ``backend-framework``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from adrtool.checks import Problem, problem
from adrtool.records.model import Record


def slug(text: str) -> str:
    """Lower case, other runs as one ``-``: ``Backend Framework`` -> ``backend-framework``."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _tags(value: object) -> list[str]:
    if isinstance(value, str):
        return [t.strip() for t in value.split(",")]
    if isinstance(value, (list, tuple)):
        return [str(t).strip() for t in value]
    return []


def is_about(record: Record, topic: str) -> bool:
    """Whether ``record`` decides ``topic`` (see the module docstring)."""
    want = slug(topic)
    if not want:
        return False
    fm = record.front_matter
    if slug(str(fm.get("topic") or "")) == want:
        return True
    if any(slug(t) == want for t in _tags(fm.get("tags"))):
        return True
    return f"-{want}-" in f"-{slug(record.title)}-"


def records_about(records: Iterable[Record], topic: str) -> list[Record]:
    return [r for r in records if is_about(r, topic)]


def require_topics(
    records: Sequence[Record], topics: Sequence[str], statuses: Sequence[str], adr_dir: str
) -> list[Problem]:
    """ADR010 for each topic without a record in one of ``statuses``."""
    out = []
    wanted = tuple(s.lower() for s in statuses) or ("accepted",)
    for topic in dict.fromkeys(topics):
        about = records_about(records, topic)
        if any(r.status in wanted for r in about):
            continue
        states = " or ".join(wanted)
        found = (
            "; found " + ", ".join(f"{r.filename} ({r.status or 'no status'})" for r in about)
            if about
            else ""
        )
        out.append(
            problem(
                adr_dir,
                None,
                "ADR010",
                f'no {states} record for topic "{topic}"{found}; run "adrtool draft" or add a '
                f'record with "topic: {topic}" in its front matter',
            )
        )
    return out
