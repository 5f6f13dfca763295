"""How robust a winner is to weight changes. Pure and deterministic.

Scores are ``sum(w_k * v_ck) / (5 * sum(w_k)) * 100``; the denominator is the same for every
candidate, so who wins depends only on the numerators ``N_c = sum(w_k * v_ck)``. That makes
the single-weight flip point exact: scaling weight k by f changes ``N_a - N_b`` by
``(f - 1) * w_k * (v_ak - v_bk)``.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence

from adrtool.decision.model import Flip, Sensitivity

Values = Mapping[str, Mapping[str, float]]  # candidate id -> criterion id -> 0..5

DEFAULT_DRAWS = 500
DEFAULT_SEED = 20260101
DEFAULT_JITTER = (0.7, 1.3)
DEFAULT_RANGE = (0.25, 4.0)


def winner(values: Values, weights: Mapping[str, float], candidates: Sequence[str]) -> str | None:
    """The best candidate (highest weighted sum; ties go to the smaller id)."""
    best: tuple[float, str] | None = None
    for cid in sorted(candidates):
        total = sum(w * values[cid].get(k, 0.0) for k, w in weights.items())
        if best is None or total > best[0] + 1e-12:
            best = (total, cid)
    return None if best is None else best[1]


def flip_for(
    values: Values,
    weights: Mapping[str, float],
    candidates: Sequence[str],
    criterion: str,
    search: tuple[float, float] = DEFAULT_RANGE,
) -> Flip:
    """The multiplier of ``criterion``'s weight, closest to 1, that changes the winner."""
    lo, hi = search
    current = winner(values, weights, candidates)
    w = weights.get(criterion, 0.0)
    if current is None or w <= 0 or len(candidates) < 2:
        return Flip(criterion=criterion, factor=None, winner=None)
    totals = {c: sum(wk * values[c].get(k, 0.0) for k, wk in weights.items()) for c in candidates}
    up: float | None = None
    down: float | None = None
    va = values[current].get(criterion, 0.0)
    for other in candidates:
        if other == current:
            continue
        d = totals[current] - totals[other]
        dv = values[other].get(criterion, 0.0) - va
        if dv > 0:
            f = 1 + d / (w * dv)
            up = f if up is None else min(up, f)
        elif dv < 0:
            f = 1 - d / (w * -dv)
            if f > 0:
                down = f if down is None else max(down, f)
    options: list[tuple[float, float, str]] = []
    for threshold, step in ((up, 0.01), (down, -0.01)):
        if threshold is None:
            continue
        factor = _nudge(threshold, step)
        for _ in range(5):  # the rounded factor must really flip (ties go by id)
            if not lo <= factor <= hi:
                break
            new = winner(values, {**weights, criterion: w * factor}, candidates)
            if new != current and new is not None:
                options.append((abs(math.log(factor)), factor, new))
                break
            factor = round(factor + step, 2)
    if not options:
        return Flip(criterion=criterion, factor=None, winner=None)
    _, factor, new = min(options)
    return Flip(criterion=criterion, factor=factor, winner=new)


def _nudge(threshold: float, step: float) -> float:
    if step > 0:
        return math.ceil(threshold * 100 - 1e-9) / 100
    return math.floor(threshold * 100 + 1e-9) / 100


def jitter_survival(
    values: Values,
    weights: Mapping[str, float],
    candidates: Sequence[str],
    *,
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
    spread: tuple[float, float] = DEFAULT_JITTER,
) -> float:
    """Share of ``draws`` in which the winner stays first when every weight is multiplied by
    an independent U(low, high) factor (``random.Random(seed)``, criteria in the given order)."""
    current = winner(values, weights, candidates)
    if current is None or draws <= 0:
        return 1.0
    rng = random.Random(seed)
    low, high = spread
    keys = list(weights)
    kept = 0
    for _ in range(draws):
        drawn = {k: weights[k] * rng.uniform(low, high) for k in keys}
        if winner(values, drawn, candidates) == current:
            kept += 1
    return kept / draws


def analyse(
    values: Values,
    weights: Mapping[str, float],
    candidates: Sequence[str],
    scores: Mapping[str, float],
    *,
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
    spread: tuple[float, float] = DEFAULT_JITTER,
    search: tuple[float, float] = DEFAULT_RANGE,
) -> Sensitivity:
    """Flip points for every weighted criterion plus the jitter test.

    ``candidates`` must be in ranking order (the winner first)."""
    ordered = list(candidates)  # already ranked: score desc, then id
    first = ordered[0] if ordered else None
    second = ordered[1] if len(ordered) > 1 else None
    # Between the scores as shown (1 decimal), so "leads by" is the difference a reader sees.
    margin = (
        round(round(scores[first], 1) - round(scores[second], 1), 1) if first and second else 0.0
    )
    flips = tuple(
        flip_for(values, weights, candidates, k, search) for k, w in weights.items() if w > 0
    )
    survival = jitter_survival(values, weights, candidates, draws=draws, seed=seed, spread=spread)
    return Sensitivity(
        winner=first,
        runner_up=second,
        margin=margin,
        flips=flips,
        jitter_draws=draws,
        jitter_low=spread[0],
        jitter_high=spread[1],
        jitter_seed=seed,
        jitter_survival=round(survival, 4),
        search_range=search,
    )
