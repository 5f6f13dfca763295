"""Stale drafted decisions (ADR020, ADR021): placeholder until the engine lands."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from adrtool.checks import Problem
from adrtool.records.model import Record


def stale_records(repo: Path, records: Sequence[Record], *, today: date | None) -> list[Problem]:
    """ADR020/ADR021 for each drafted, still valid record."""
    return []
