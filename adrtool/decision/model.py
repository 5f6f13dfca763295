"""The decision engine's data model: catalogs, answers and the scored decision. Pure.

These frozen dataclasses are the contract between the engine (catalog, answers, scoring,
sensitivity) and its consumers (``score``, ``draft``). ``ScoreResult.to_json()`` is the
``score --format json`` contract of DESIGN.md (more keys may be added, none removed).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

CONFIDENCES = ("primary", "secondary", "stars-only", "unrated")
"""How well a rating is backed: a primary source, a secondary one, only a popularity
signal, or not at all (value is ``None``)."""


@dataclass(frozen=True)
class Source:
    """One reference a rating cites (``sources:`` of a catalog)."""

    id: str
    title: str
    url: str | None = None  # or a location such as "frameworks.md §3"
    as_of: str | None = None  # YYYY-MM or YYYY-MM-DD


@dataclass(frozen=True)
class Criterion:
    """One thing candidates are compared on, e.g. ``security``.

    ``computed`` criteria (team fit) are not rated in the catalog; the engine computes
    them from the answers.
    """

    id: str
    name: str
    description: str = ""
    computed: bool = False
    computed_kind: str | None = None  # "team_fit" | "integration_fit" when computed


@dataclass(frozen=True)
class Rating:
    """A 1-5 rating of one candidate on one criterion, or ``value=None`` (unrated)."""

    value: int | None
    sources: tuple[str, ...] = ()
    reason: str = ""
    confidence: str = "secondary"  # one of CONFIDENCES
    rule: str | None = None  # e.g. "R-PERF" from the reference sheet
    line: int | None = None  # line in the catalog file, for error messages

    @property
    def rated(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class Candidate:
    """One option of a decision topic, e.g. ``django``."""

    id: str
    name: str
    language: str | None = None
    kind: str = ""  # e.g. "full-stack", "micro", "api"
    capabilities: tuple[str, ...] = ()  # integration tags it serves well
    summary: str = ""
    ratings: dict[str, Rating] = field(default_factory=dict)  # criterion id -> rating
    other_languages: tuple[str, ...] = ()  # further languages it supports first-class

    @property
    def languages(self) -> tuple[str, ...]:
        """Its main language first, then the others (team fit and constraints use all)."""
        main = [self.language] if self.language else []
        return tuple(dict.fromkeys([*main, *self.other_languages]))


@dataclass(frozen=True)
class Profile:
    """A project type's base weights (criterion id -> weight >= 0)."""

    id: str
    description: str = ""
    weights: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Catalog:
    """A decision topic: criteria, candidates, sources and project-type profiles."""

    id: str
    version: str
    title: str
    topic: str
    criteria: tuple[Criterion, ...]
    candidates: tuple[Candidate, ...]
    sources: dict[str, Source] = field(default_factory=dict)
    profiles: dict[str, Profile] = field(default_factory=dict)
    unrated_value: float = 3.0  # what an unrated criterion scores as (neutral midpoint)
    path: str | None = None  # where it was loaded from
    origin: str = "package"  # package | repo | plugin:<name>
    content_sha256: str = ""  # hash of the canonical catalog content

    def criterion(self, cid: str) -> Criterion | None:
        return next((c for c in self.criteria if c.id == cid), None)

    def candidate(self, cid: str) -> Candidate | None:
        return next((c for c in self.candidates if c.id == cid), None)


@dataclass(frozen=True)
class Inferred:
    """Why an omitted answer has the value it has."""

    key: str  # e.g. "internal_expertise"
    value: Any
    reason: str  # e.g. "languages found in the repo: python (pyproject.toml)"


@dataclass(frozen=True)
class Answers:
    """A validated v1 answers file, with omitted items filled in and marked inferred."""

    version: int = 1
    project_name: str | None = None
    project_type: str = "business-app"
    checklist: dict[str, Any] = field(default_factory=dict)  # all ten keys present
    constraints_languages: tuple[str, ...] = ()
    constraints_exclude: tuple[str, ...] = ()
    weights: dict[str, float] = field(default_factory=dict)  # user multipliers
    inferred: tuple[Inferred, ...] = ()
    warnings: tuple[str, ...] = ()
    path: str | None = None  # the answers file, relative to the repo when possible

    @property
    def inferred_keys(self) -> tuple[str, ...]:
        return tuple(i.key for i in self.inferred)

    def to_json(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "project": {"name": self.project_name, "type": self.project_type},
            "checklist": {k: _jsonable(v) for k, v in self.checklist.items()},
            "constraints": {
                "languages": list(self.constraints_languages),
                "exclude": list(self.constraints_exclude),
            },
            "weights": dict(self.weights),
            "inferred": [
                {"key": i.key, "value": _jsonable(i.value), "reason": i.reason}
                for i in self.inferred
            ],
        }


@dataclass(frozen=True)
class WeightReason:
    """One step that moved a criterion's weight (e.g. x1.5 by security_requirements=high)."""

    factor: float  # multiplier applied (1.0 for pure adds)
    add: float  # amount added
    because: str  # "checklist.security_requirements=high", "weights.security", ...


@dataclass(frozen=True)
class Weight:
    """The final weight of one criterion and how it got there."""

    criterion: str
    base: float  # from the project-type profile
    value: float  # after every adjustment
    share: float  # value / sum of all values (0..1)
    reasons: tuple[WeightReason, ...] = ()

    def explain(self) -> str:
        """``"1.0 (business-app) x1.5 security_requirements=high = 1.5"``-style text."""
        parts = [f"{self.base:g} (base)"]
        for r in self.reasons:
            if r.factor != 1.0:
                parts.append(f"x{r.factor:g} {r.because}")
            if r.add:
                parts.append(f"{r.add:+g} {r.because}")
        return " ".join(parts) + f" = {self.value:.3g}"


@dataclass(frozen=True)
class RankedCandidate:
    """One candidate's place in the ranking."""

    id: str
    name: str
    rank: int
    score: float  # 0-100, rounded to 1 decimal
    contributions: dict[str, float]  # criterion id -> points (sum == score, up to rounding)
    ratings: dict[str, float]  # criterion id -> the 1-5 value scored (unrated -> midpoint)
    unrated: tuple[str, ...] = ()  # criteria scored at the midpoint because unrated
    strengths: tuple[str, ...] = ()  # criteria where it beats the field average most
    weaknesses: tuple[str, ...] = ()  # criteria where it trails most
    language: str | None = None
    team_fit: str = ""  # why team fit is what it is, e.g. "the team knows python"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "rank": self.rank,
            "score": self.score,
            "language": self.language,
            "contributions": dict(self.contributions),
            "ratings": dict(self.ratings),
            "unrated": list(self.unrated),
            "strengths": list(self.strengths),
            "weaknesses": list(self.weaknesses),
            "team_fit": self.team_fit,
        }


@dataclass(frozen=True)
class Excluded:
    """A candidate removed by a hard constraint."""

    id: str
    reason: str


@dataclass(frozen=True)
class Flip:
    """The smallest single-weight change that hands the win to ``winner``."""

    criterion: str
    factor: float | None  # multiply the weight by this; None = no flip within the range
    winner: str | None  # who wins after the change


@dataclass(frozen=True)
class Sensitivity:
    """How robust the winner is to weight changes."""

    winner: str | None
    runner_up: str | None
    margin: float  # points between winner and runner-up
    flips: tuple[Flip, ...] = ()  # one per criterion with weight > 0
    jitter_draws: int = 0
    jitter_low: float = 0.7
    jitter_high: float = 1.3
    jitter_seed: int = 0
    jitter_survival: float = 1.0  # share of draws the winner stays first (0..1)
    search_range: tuple[float, float] = (0.25, 4.0)

    @property
    def nearest_flip(self) -> Flip | None:
        """The flip needing the least relative change (|log factor| smallest)."""
        import math

        real = [f for f in self.flips if f.factor is not None]
        if not real:
            return None
        return min(real, key=lambda f: (abs(math.log(f.factor or 1.0)), f.criterion))

    def summary(self) -> str:
        """One sentence in words, for tables and ADRs."""
        if self.winner is None:
            return "no candidate left to rank"
        if self.runner_up is None:
            return f"{self.winner} is the only candidate left"
        near = self.nearest_flip
        lo, hi = self.search_range
        flip = (
            f"the nearest flip is {near.criterion} weight x{near.factor:g} -> {near.winner}"
            if near is not None
            else f"no single weight change within x{lo:g}..x{hi:g} changes the winner"
        )
        return (
            f"{self.winner} leads {self.runner_up} by {self.margin:.1f} points; {flip}; "
            f"it stays first in {self.jitter_survival:.0%} of {self.jitter_draws} draws "
            f"with every weight x U({self.jitter_low:g},{self.jitter_high:g})"
        )

    def to_json(self) -> dict[str, Any]:
        near = self.nearest_flip
        return {
            "winner": self.winner,
            "runner_up": self.runner_up,
            "margin": self.margin,
            "flips": [
                {"criterion": f.criterion, "factor": f.factor, "winner": f.winner}
                for f in self.flips
            ],
            "nearest_flip": (
                None
                if near is None
                else {"criterion": near.criterion, "factor": near.factor, "winner": near.winner}
            ),
            "search_range": list(self.search_range),
            "jitter": {
                "draws": self.jitter_draws,
                "low": self.jitter_low,
                "high": self.jitter_high,
                "seed": self.jitter_seed,
                "winner_survival": self.jitter_survival,
            },
            "summary": self.summary(),
        }


@dataclass(frozen=True)
class ScoreResult:
    """The engine's output: a ranked, explained decision (``score`` and ``draft`` input)."""

    topic: str
    catalog_id: str
    catalog_version: str
    catalog_title: str
    inputs_sha256: str
    project_type: str
    ranking: tuple[RankedCandidate, ...]
    excluded: tuple[Excluded, ...]
    weights: tuple[Weight, ...]  # every criterion, catalog order
    sensitivity: Sensitivity
    answers: Answers
    criteria: tuple[Criterion, ...] = ()
    sources: dict[str, Source] = field(default_factory=dict)
    catalog: Catalog | None = None  # full catalog, for rating reasons and sources in ADRs
    warnings: tuple[str, ...] = ()

    @property
    def winner(self) -> RankedCandidate | None:
        return self.ranking[0] if self.ranking else None

    @property
    def runner_up(self) -> RankedCandidate | None:
        return self.ranking[1] if len(self.ranking) > 1 else None

    def weight(self, criterion: str) -> Weight | None:
        return next((w for w in self.weights if w.criterion == criterion), None)

    def drivers(self, n: int = 4) -> tuple[Weight, ...]:
        """The heaviest criteria, heaviest first (ties by id)."""
        ordered = sorted(self.weights, key=lambda w: (-w.value, w.criterion))
        return tuple(w for w in ordered if w.value > 0)[:n]

    def to_json(self) -> dict[str, Any]:
        return {
            "topic": self.topic,
            "catalog": {"id": self.catalog_id, "version": self.catalog_version},
            "inputs_sha256": self.inputs_sha256,
            "project_type": self.project_type,
            "ranking": [r.to_json() for r in self.ranking],
            "excluded": [{"id": e.id, "reason": e.reason} for e in self.excluded],
            "weights": {
                w.criterion: {
                    "base": w.base,
                    "value": round(w.value, 4),
                    "share": round(w.share, 4),
                    "explain": w.explain(),
                    "reasons": [
                        {"factor": r.factor, "add": r.add, "because": r.because} for r in w.reasons
                    ],
                }
                for w in self.weights
            },
            "sensitivity": self.sensitivity.to_json(),
            "answers": self.answers.to_json(),
            "warnings": list(self.warnings),
        }


def _jsonable(value: Any) -> Any:
    if isinstance(value, tuple):
        return list(value)
    return value


@dataclass(frozen=True)
class Effect:
    """How one answer moves one criterion's weight: multiply by ``factor``, then add ``add``."""

    criterion: str
    factor: float = 1.0
    add: float = 0.0


@dataclass(frozen=True)
class Question:
    """One checklist question (``criteria/checklist.yaml``)."""

    key: str
    question: str
    help: str = ""
    type: str = "choice"  # choice | list
    values: tuple[str, ...] = ()  # allowed values of a choice
    default: Any = None
    effects: dict[str, tuple[Effect, ...]] = field(default_factory=dict)  # answer -> effects


@dataclass(frozen=True)
class TeamFitRules:
    """How internal_expertise maps to the computed ``team_fit`` criterion (0-5)."""

    exact: float = 5.0
    language: float = 4.0
    related: float = 2.5
    none: float = 0.0
    related_languages: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Checklist:
    """The ten questions, their allowed answers and how answers move weights."""

    version: int
    questions: tuple[Question, ...]
    project_types: dict[str, str]
    default_project_type: str
    languages: tuple[str, ...]
    integration_tags: tuple[str, ...]
    team_fit: TeamFitRules
    expertise_aliases: dict[str, str] = field(default_factory=dict)
    content_sha256: str = ""

    def question(self, key: str) -> Question | None:
        return next((q for q in self.questions if q.key == key), None)
