"""Scoring: weights from answers, values per candidate, the ranking. Pure functions.

score(c) = 100 * sum_k(w_k * v_ck) / (5 * sum_k w_k), where v_ck is the 1-5 rating (unrated:
the catalog's ``unrated_value``) or a computed 0-5 value (team fit, integration fit), and w_k
is the project type's base weight moved by the answers. ``contributions[k]`` is one term of
that sum in points, so a candidate's contributions add up to its score.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from adrtool.decision import sensitivity
from adrtool.decision.catalog import canonical_sha256
from adrtool.decision.model import (
    Answers,
    Candidate,
    Catalog,
    Checklist,
    Effect,
    Excluded,
    RankedCandidate,
    ScoreResult,
    TeamFitRules,
    Weight,
    WeightReason,
)

ENGINE_VERSION = "1"
STRENGTH_MIN_POINTS = 0.5


def base_weights(catalog: Catalog, project_type: str) -> tuple[dict[str, float], str]:
    """The profile's weights for every criterion (absent = 1.0) and the profile used."""
    profile = catalog.profiles.get(project_type) or catalog.profiles.get("default")
    used = profile.id if profile else "uniform"
    return {
        c.id: (profile.weights.get(c.id, 1.0) if profile else 1.0) for c in catalog.criteria
    }, used


def answer_effects(answers: Answers, checklist: Checklist) -> list[tuple[str, Effect]]:
    """Every effect the answers trigger, in checklist order, with what triggered it."""
    out: list[tuple[str, Effect]] = []
    for q in checklist.questions:
        value = answers.checklist.get(q.key)
        if q.type == "list":
            items = list(value or ())
            if not items:
                out += [(f"checklist.{q.key}=[]", e) for e in q.effects.get("empty", ())]
                continue
            known = [
                i
                for i in items
                if q.key != "integration_requirements" or i in checklist.integration_tags
            ]
            for item in known:
                out += [(f"checklist.{q.key}={item}", e) for e in q.effects.get("each", ())]
                out += [(f"checklist.{q.key}={item}", e) for e in q.effects.get(item, ())]
        else:
            out += [(f"checklist.{q.key}={value}", e) for e in q.effects.get(str(value), ())]
    return out


def compute_weights(
    catalog: Catalog,
    checklist: Checklist,
    answers: Answers,
    config_weights: Mapping[str, float] | None = None,
    config_name: str = "config",
) -> tuple[Weight, ...]:
    """Final weight of every criterion, with the chain of reasons that produced it."""
    base, _profile = base_weights(catalog, answers.project_type)
    values = dict(base)
    reasons: dict[str, list[WeightReason]] = {k: [] for k in values}
    for because, effect in answer_effects(answers, checklist):
        if effect.criterion not in values:
            continue
        values[effect.criterion] = values[effect.criterion] * effect.factor + effect.add
        reasons[effect.criterion].append(WeightReason(effect.factor, effect.add, because))
    for k, factor in answers.weights.items():
        if k in values:
            values[k] *= factor
            reasons[k].append(WeightReason(factor, 0.0, f"weights.{k}"))
    for k, factor in (config_weights or {}).items():
        if k in values:
            values[k] *= factor
            reasons[k].append(WeightReason(factor, 0.0, f"config.weights.{k}"))
    tags = _known_tags(answers, checklist)
    for c in catalog.criteria:
        if c.computed_kind == "integration_fit" and not tags and values[c.id] > 0:
            reasons[c.id].append(WeightReason(0.0, 0.0, "no known integration tag asked for"))
            values[c.id] = 0.0
    total = sum(values.values())
    return tuple(
        Weight(
            criterion=k,
            base=base[k],
            value=v,
            share=(v / total if total else 0.0),
            reasons=tuple(reasons[k]),
        )
        for k, v in values.items()
    )


def _known_tags(answers: Answers, checklist: Checklist) -> list[str]:
    tags = answers.checklist.get("integration_requirements") or ()
    return [t for t in tags if t in checklist.integration_tags]


def team_fit(
    candidate: Candidate, expertise: Sequence[str], catalog: Catalog, rules: TeamFitRules
) -> tuple[float, str]:
    """0-5 fit of the team's expertise to ``candidate``, and why."""
    items = [e.lower() for e in expertise]
    if not items:
        return rules.none, "no internal expertise given"
    if candidate.id in items:
        return rules.exact, f"the team knows {candidate.name}"
    by_id = {c.id: c for c in catalog.candidates}
    languages: dict[str, str] = {}
    for item in items:
        if item in by_id and by_id[item].language:
            languages.setdefault(
                str(by_id[item].language), f"{by_id[item].name} ({by_id[item].language})"
            )
        else:
            languages.setdefault(item, item)
    own = candidate.languages
    for lang in own:
        if lang in languages:
            return rules.language, f"the team knows {languages[lang]}"
    for lang in own:
        for a, b in rules.related_languages:
            for mine, theirs in ((a, b), (b, a)):
                if lang == mine and theirs in languages:
                    return (
                        rules.related,
                        f"{lang} is close to {languages[theirs]}, which the team knows",
                    )
    return rules.none, f"the team knows none of {', '.join(own) or candidate.id}"


def integration_fit(candidate: Candidate, tags: Sequence[str]) -> float:
    """1-5: 1 + 4 x the share of requested tags among the candidate's capabilities."""
    if not tags:
        return 0.0
    covered = sum(1 for t in tags if t in candidate.capabilities)
    return 1.0 + 4.0 * covered / len(tags)


def candidate_values(
    candidate: Candidate, catalog: Catalog, checklist: Checklist, answers: Answers
) -> tuple[dict[str, float], tuple[str, ...], str]:
    """Values scored for each criterion, the unrated criteria, and the team-fit reason."""
    values: dict[str, float] = {}
    unrated: list[str] = []
    fit_reason = ""
    for c in catalog.criteria:
        if c.computed_kind == "team_fit":
            values[c.id], fit_reason = team_fit(
                candidate,
                answers.checklist.get("internal_expertise") or (),
                catalog,
                checklist.team_fit,
            )
        elif c.computed_kind == "integration_fit":
            values[c.id] = integration_fit(candidate, _known_tags(answers, checklist))
        else:
            rating = candidate.ratings.get(c.id)
            if rating is None or rating.value is None:
                values[c.id] = catalog.unrated_value
                unrated.append(c.id)
            else:
                values[c.id] = float(rating.value)
    return values, tuple(unrated), fit_reason


def exclusions(catalog: Catalog, answers: Answers) -> tuple[Excluded, ...]:
    """Candidates removed by ``constraints``, with the reason."""
    out = []
    for cand in catalog.candidates:
        if cand.id in answers.constraints_exclude:
            out.append(Excluded(cand.id, "excluded by constraints.exclude"))
        elif answers.constraints_languages and not any(
            lang in answers.constraints_languages for lang in cand.languages
        ):
            out.append(
                Excluded(
                    cand.id,
                    f"{' / '.join(cand.languages) or 'no language'} is not in "
                    f"constraints.languages ({', '.join(answers.constraints_languages)})",
                )
            )
    return tuple(out)


def decide(
    catalog: Catalog,
    checklist: Checklist,
    answers: Answers,
    *,
    config_weights: Mapping[str, float] | None = None,
    config_name: str = "config",
    draws: int = sensitivity.DEFAULT_DRAWS,
    seed: int = sensitivity.DEFAULT_SEED,
) -> ScoreResult:
    """Rank the catalog's candidates for these answers and explain the result."""
    weights = compute_weights(catalog, checklist, answers, config_weights, config_name)
    wmap = {w.criterion: w.value for w in weights}
    total = sum(wmap.values())
    excluded = exclusions(catalog, answers)
    gone = {e.id for e in excluded}
    pool = [c for c in catalog.candidates if c.id not in gone]
    values: dict[str, dict[str, float]] = {}
    unrated: dict[str, tuple[str, ...]] = {}
    fits: dict[str, str] = {}
    contributions: dict[str, dict[str, float]] = {}
    scores: dict[str, float] = {}
    for cand in pool:
        values[cand.id], unrated[cand.id], fits[cand.id] = candidate_values(
            cand, catalog, checklist, answers
        )
        contributions[cand.id] = {
            k: (100.0 * wmap[k] * v / (5.0 * total) if total else 0.0)
            for k, v in values[cand.id].items()
        }
        scores[cand.id] = sum(contributions[cand.id].values())
    order = sorted(pool, key=lambda c: (-round(scores[c.id], 9), c.id))
    mean = {
        k: (sum(contributions[c.id][k] for c in pool) / len(pool) if pool else 0.0) for k in wmap
    }
    ranking = []
    for rank, cand in enumerate(order, start=1):
        contrib = contributions[cand.id]
        deltas = sorted(
            ((contrib[k] - mean[k], k) for k in wmap if wmap[k] > 0), key=lambda d: (-d[0], d[1])
        )
        strengths = tuple(k for d, k in deltas if d >= STRENGTH_MIN_POINTS)[:3]
        weaknesses = tuple(k for d, k in sorted(deltas) if d <= -STRENGTH_MIN_POINTS)[:3]
        ranking.append(
            RankedCandidate(
                id=cand.id,
                name=cand.name,
                rank=rank,
                score=round(scores[cand.id], 1),
                contributions={k: round(v, 2) for k, v in contrib.items()},
                ratings=dict(values[cand.id]),
                unrated=unrated[cand.id],
                strengths=strengths,
                weaknesses=weaknesses,
                language=cand.language,
                team_fit=fits[cand.id],
            )
        )
    ids = [c.id for c in order]
    sens = sensitivity.analyse(values, wmap, ids, scores, draws=draws, seed=seed)
    warnings: list[str] = []  # engine-level; the answers carry their own warnings
    if not ids:
        warnings.append("every candidate was excluded by the constraints")
    return ScoreResult(
        topic=catalog.topic,
        catalog_id=catalog.id,
        catalog_version=catalog.version,
        catalog_title=catalog.title,
        inputs_sha256=inputs_sha256(catalog, checklist, answers, weights, draws=draws, seed=seed),
        project_type=answers.project_type,
        ranking=tuple(ranking),
        excluded=excluded,
        weights=weights,
        sensitivity=sens,
        answers=answers,
        criteria=catalog.criteria,
        sources=dict(catalog.sources),
        catalog=catalog,
        warnings=tuple(warnings),
    )


def inputs_sha256(
    catalog: Catalog,
    checklist: Checklist,
    answers: Answers,
    weights: Sequence[Weight],
    *,
    draws: int,
    seed: int,
) -> str:
    """sha256 over everything that affects the result (not the project's display name)."""
    payload: dict[str, Any] = {
        "engine": ENGINE_VERSION,
        "catalog": {"id": catalog.id, "version": catalog.version, "sha256": catalog.content_sha256},
        "checklist": checklist.content_sha256,
        "answers": {
            "project_type": answers.project_type,
            "checklist": {
                k: list(v) if isinstance(v, tuple) else v
                for k, v in sorted(answers.checklist.items())
            },
            "constraints": {
                "languages": sorted(answers.constraints_languages),
                "exclude": sorted(answers.constraints_exclude),
            },
        },
        "weights": {w.criterion: round(w.value, 9) for w in weights},
        "sensitivity": {"draws": draws, "seed": seed},
    }
    return canonical_sha256(payload)
