"""A small, hand-built score result for pure tests of the draft context (no engine, no I/O)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from adrtool.decision.model import (
    Answers,
    Candidate,
    Catalog,
    Criterion,
    Excluded,
    Flip,
    Inferred,
    RankedCandidate,
    Rating,
    ScoreResult,
    Sensitivity,
    Source,
    Weight,
    WeightReason,
)

CRITERIA = (
    Criterion("security", "Security"),
    Criterion("performance", "Performance"),
    Criterion("productivity", "Productivity"),
    Criterion("team_fit", "Team fit", computed=True),
)

SOURCES = {
    "S1": Source("S1", "Security policies", "https://example.org/security", "2026-08"),
    "S2": Source("S2", "Benchmarks", "frameworks.md#bench", None),
}


def _cand(cid: str, name: str, lang: str, ratings: dict[str, int | None]) -> Candidate:
    return Candidate(
        id=cid,
        name=name,
        language=lang,
        kind="full-stack" if cid == "django" else "micro",
        summary=f"{name} | the summary.",
        ratings={
            k: Rating(
                v,
                ("S1",) if k == "security" else ("S2",),
                f"{k} reason of {cid}",
                "primary" if k == "security" else "secondary",
            )
            for k, v in ratings.items()
        },
    )


CATALOG = Catalog(
    id="demo-catalog",
    version="2026.1",
    title="Backend web framework",
    topic="backend-framework",
    criteria=CRITERIA,
    candidates=(
        _cand("django", "Django", "python", {"security": 5, "performance": 2, "productivity": 5}),
        _cand("fastapi", "FastAPI", "python", {"security": 3, "performance": 5, "productivity": 3}),
        _cand("gin", "Gin", "go", {"security": 2, "performance": 5, "productivity": None}),
        _cand("flask", "Flask", "python", {"security": 2, "performance": 3, "productivity": 2}),
    ),
    sources=SOURCES,
)


def ranked(
    cid: str,
    name: str,
    rank: int,
    score: float,
    contrib: dict[str, float],
    ratings: dict[str, float],
    lang: str,
    unrated: tuple[str, ...] = (),
) -> RankedCandidate:
    return RankedCandidate(cid, name, rank, score, contrib, ratings, unrated, language=lang)


def sample_result(**changes: Any) -> ScoreResult:
    weights = (
        Weight(
            "security",
            1.5,
            2.25,
            0.36,
            (WeightReason(1.5, 0.0, "checklist.security_requirements=high"),),
        ),
        Weight("performance", 0.75, 0.75, 0.12),
        Weight("productivity", 2.0, 2.0, 0.32),
        Weight("team_fit", 4.0, 1.25, 0.2, (WeightReason(0.3125, 0.0, "weights.team_fit"),)),
    )
    answers = Answers(
        project_name="Ledgerly",
        project_type="business-app",
        checklist={
            "project_complexity": "high",
            "security_requirements": "high",
            "internal_expertise": ("python",),
            "integration_requirements": ("admin-ui", "payments"),
        },
        constraints_exclude=("flask",),
        inferred=(
            Inferred(
                "internal_expertise",
                ("python",),
                "languages found in the repo: python (pyproject.toml)",
            ),
        ),
    )
    result = ScoreResult(
        topic="backend-framework",
        catalog_id="demo-catalog",
        catalog_version="2026.1",
        catalog_title="Backend web framework",
        inputs_sha256="ab" * 32,
        project_type="business-app",
        ranking=(
            ranked(
                "django",
                "Django",
                1,
                88.8,
                {"security": 36.0, "performance": 4.8, "productivity": 32.0, "team_fit": 16.0},
                {"security": 5, "performance": 2, "productivity": 5, "team_fit": 4},
                "python",
            ),
            ranked(
                "fastapi",
                "FastAPI",
                2,
                68.8,
                {"security": 21.6, "performance": 12.0, "productivity": 19.2, "team_fit": 16.0},
                {"security": 3, "performance": 5, "productivity": 3, "team_fit": 4},
                "python",
            ),
            ranked(
                "gin",
                "Gin",
                3,
                45.6,
                {"security": 14.4, "performance": 12.0, "productivity": 19.2, "team_fit": 0.0},
                {"security": 2, "performance": 5, "productivity": 3, "team_fit": 0},
                "go",
                unrated=("productivity",),
            ),
        ),
        excluded=(Excluded("flask", "excluded by constraints.exclude"),),
        weights=weights,
        sensitivity=Sensitivity(
            winner="django",
            runner_up="fastapi",
            margin=20.0,
            flips=(Flip("performance", 3.5, "fastapi"), Flip("security", None, None)),
            jitter_draws=500,
            jitter_survival=0.98,
            jitter_seed=7,
        ),
        answers=answers,
        criteria=CRITERIA,
        sources=SOURCES,
        catalog=CATALOG,
    )
    return replace(result, **changes)
