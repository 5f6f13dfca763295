"""The drafted ADR's template context, built from a score result. Pure: no I/O, no clock.

Templates only format; every sentence that depends on the numbers is composed here, so it
is unit-tested and the same for the MADR and Nygard templates. ``build_context`` is the
entry point; ``read_provenance`` reads back what a drafted record says about its inputs
(used by ``draft`` to decide whether to redraft and by ``check`` to spot stale decisions).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from adrtool.decision.model import RankedCandidate, ScoreResult, Weight, WeightReason
from adrtool.scan.profile import ProjectProfile

# Front-matter keys that record a drafted ADR's provenance (flat keys: any YAML reader and
# the records parser's fast path read them).
PROVENANCE_KEYS = (
    "topic",
    "catalog",
    "catalog-version",
    "inputs-sha256",
    "adrtool-version",
    "answers",
)
_PROVENANCE_COMMENT = re.compile(r"<!--\s*adrtool provenance\b[^\n]*\n(.*?)-->", re.DOTALL)

LANGUAGE_NAMES = {
    "python": "Python",
    "javascript": "JavaScript",
    "typescript": "TypeScript",
    "java": "Java",
    "kotlin": "Kotlin",
    "csharp": "C#",
    "ruby": "Ruby",
    "php": "PHP",
    "go": "Go",
    "elixir": "Elixir",
}

PROJECT_TYPES = {
    "mvp": "a startup MVP",
    "business-app": "a business application",
    "enterprise": "an enterprise system",
    "api": "an API-first service",
    "high-performance": "a high-performance system",
    "real-time": "a real-time application",
}

# The ten checklist questions, as a reviewer would name them.
QUESTION_LABELS = {
    "project_complexity": "Project complexity",
    "traffic_growth": "Expected traffic growth",
    "security_requirements": "Security requirements",
    "development_timeline": "Development timeline",
    "internal_expertise": "Team expertise",
    "hiring_availability": "Dependence on hiring",
    "ecosystem_maturity": "Need for a mature ecosystem",
    "cloud_deployment": "Deployment target",
    "maintenance_horizon": "Maintenance horizon",
    "integration_requirements": "Integrations",
}

DEPLOYMENT_NAMES = {
    "docker": "containers (Docker)",
    "kubernetes": "Kubernetes",
    "helm": "Kubernetes (Helm)",
    "serverless": "a serverless platform",
    "paas": "a PaaS",
}

GOOD_AT = 4.0  # a rating at or above this is a strength
BAD_AT = 2.0  # at or below this, a weakness
MAX_POINTS = 4  # pros or cons listed for the chosen option
MAX_POINTS_OTHERS = 3  # and for every other option
TABLE_MIN_SHARE = 0.03  # criteria lighter than this are left out of the score table
TABLE_MAX_COLUMNS = 7  # and at most this many criteria, heaviest first, keep it readable
MIN_SHARE = 0.03  # ... and out of the pros and cons
HEAVY_SHARE = 0.15  # an average rating on a criterion this heavy is worth a "Neutral" line
MIN_POINTS = 0.5  # smaller score differences are not worth naming
NARROW_MARGIN = 2.0  # a lead below this many points is a tie in all but name
UNRATED_CAVEAT_SHARE = 0.05  # an unrated criterion this heavy is a caveat of the choice


@dataclass(frozen=True)
class DraftInfo:
    """What the record is besides the decision: its number, title, status and history."""

    number: int
    title: str
    status: str
    today: date
    tool_version: str
    answers_path: str | None = None  # relative to the repo, POSIX
    supersedes: tuple[tuple[int, str, str], ...] = ()  # (number, title, file name)


def language_name(lang: str | None) -> str:
    if not lang:
        return "unknown language"
    return LANGUAGE_NAMES.get(lang, lang)


def fmt(value: float) -> str:
    """A number the way a person writes it: 3, 2.5, 1.25."""
    return f"{round(value, 2):g}"


def mermaid_label(text: str) -> str:
    """A label safe inside a Mermaid double-quoted string."""
    return " ".join(text.replace('"', "'").replace("`", "'").split())


def default_title(result: ScoreResult) -> str:
    """``Use Django as the backend framework`` (or a neutral title when nothing is left)."""
    topic = result.topic.replace("-", " ")
    if result.winner is None:
        return f"Choose the {topic}"
    return f"Use {result.winner.name} as the {topic}"


# -- answers and weights in words -----------------------------------------------------------


def answer_text(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value) if value else "none"
    return str(value)


# How an answer reads inside "because ...".
ANSWER_CLAUSES = {
    "project_complexity": "project complexity is {v}",
    "traffic_growth": "expected traffic growth is {v}",
    "security_requirements": "security requirements are {v}",
    "development_timeline": "the timeline is {v}",
    "internal_expertise": "the team knows {v}",
    "hiring_availability": "dependence on hiring is {v}",
    "ecosystem_maturity": "the need for a mature ecosystem is {v}",
    "cloud_deployment": "it will run on {v}",
    "maintenance_horizon": "the maintenance horizon is {v}",
    "integration_requirements": "the integrations include {v}",
}
_EMPTY = ("", "[]", "empty", "none")


def lower_first(text: str) -> str:
    """``Security`` -> ``security`` but ``API tooling`` stays (a capitalised acronym)."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def because_text(because: str) -> str:
    """``checklist.security_requirements=high`` -> ``security requirements are high``."""
    m = re.fullmatch(r"checklist\.([a-z_]+)=(.*)", because)
    if m:
        key, value = m.group(1), m.group(2).strip()
        if key == "internal_expertise" and value in _EMPTY:
            return "the team has no expertise that carries over"
        if key == "integration_requirements" and value in ("each", "tags"):
            return "each integration asked for"
        clause = ANSWER_CLAUSES.get(key, QUESTION_LABELS.get(key, key).lower() + " is {v}")
        return clause.format(v=value)
    m = re.fullmatch(r"(weights|config\.weights)\.([a-z_]+)", because)
    if m:
        where = "the answers file" if m.group(1) == "weights" else "the project config"
        return f"{where} sets a multiplier"
    return because


def _step_text(r: WeightReason) -> str:
    parts = []
    if r.factor == 0:
        parts.append("switched off")
    elif r.factor != 1.0:
        parts.append(f"x{fmt(r.factor)}")
    if r.add:
        parts.append(f"{r.add:+g}")
    return f"{' '.join(parts)} because {because_text(r.because)}"


def weight_story(w: Weight, project_type: str) -> str:
    """Why a criterion weighs what it weighs, in one clause."""
    kind = PROJECT_TYPES.get(project_type, project_type)
    if not w.reasons:
        return f"the standard weight for {kind} ({fmt(w.base)}), not changed by the answers"
    steps = ", ".join(_step_text(r) for r in w.reasons)
    return f"weight {fmt(w.base)} for {kind}, {steps}"


# -- sensitivity in words -------------------------------------------------------------------


def _factor_words(factor: float) -> str:
    if factor >= 1:
        return f"{fmt(factor)} times its weight"
    return f"{round((1 - factor) * 100):g}% less weight"


def robustness(result: ScoreResult, names: dict[str, str]) -> tuple[str, list[str]]:
    """A verdict word and the sentences that back it."""
    s = result.sensitivity
    if s.winner is None or s.runner_up is None:
        return "unopposed", [
            "No other option is left to compare with, so there is no margin to test."
        ]
    win, second = names.get(s.winner, s.winner), names.get(s.runner_up, s.runner_up)
    lines: list[str] = []
    near = s.nearest_flip
    lo, hi = s.search_range
    if near is None or near.factor is None:
        lines.append(
            f"No single criterion changes the winner when its weight is scaled anywhere from "
            f"x{fmt(lo)} to x{fmt(hi)}."
        )
        flip_far = True
    else:
        crit = lower_first(criterion_name(result, near.criterion))
        other = names.get(near.winner or "", near.winner or "another option")
        lines.append(
            f"The closest call is {crit}: with {_factor_words(near.factor)}, "
            f"{other} would come first instead."
        )
        flip_far = abs(math.log(near.factor)) >= math.log(2)
    if s.jitter_draws:
        lines.append(
            f"When every weight is varied at random between x{fmt(s.jitter_low)} and "
            f"x{fmt(s.jitter_high)} ({s.jitter_draws} draws), {win} stays first in "
            f"{s.jitter_survival:.0%} of them."
        )
    survival = s.jitter_survival if s.jitter_draws else 1.0
    if s.margin < NARROW_MARGIN:
        verdict = "close call"
        lines.append(
            f"Still, a lead of {s.margin:.1f} points is within what one revised rating could "
            f"change, so on the numbers {win} and {second} are equals: reviewers should decide "
            f"between them on the drivers above."
        )
    elif survival >= 0.9 and flip_far:
        verdict = "robust"
        lines.append("The choice does not hinge on any one judgement call about weights.")
    elif survival >= 0.6:
        verdict = "sensitive"
        lines.append(
            f"The choice holds under moderate disagreement about the weights, but {second} "
            f"is a credible alternative; revisit if the priorities above change."
        )
    else:
        verdict = "close call"
        lines.append(
            f"This is a close call: small changes in priorities favour {second}. Reviewers "
            f"should weigh the two options themselves before accepting."
        )
    return verdict, lines


def criterion_name(result: ScoreResult, cid: str) -> str:
    c = next((c for c in result.criteria if c.id == cid), None)
    return c.name if c is not None else cid.replace("_", " ")


# -- per-option analysis ----------------------------------------------------------------------


def _rating_reason(
    result: ScoreResult, cand: RankedCandidate, cid: str
) -> tuple[str, tuple[str, ...]]:
    catalog = result.catalog
    if catalog is not None:
        c = catalog.candidate(cand.id)
        if c is not None and cid in c.ratings:
            r = c.ratings[cid]
            return r.reason, r.sources
    return "", ()


def _team_fit_reason(result: ScoreResult, cand: RankedCandidate, value: float) -> str:
    expertise = result.answers.checklist.get("internal_expertise") or []
    frameworks = {c.id: c.name for c in result.catalog.candidates} if result.catalog else {}
    known = (
        ", ".join(
            language_name(x) if x in LANGUAGE_NAMES else frameworks.get(x, x) for x in expertise
        )
        or "nothing"
    )
    if value >= 5:
        return f"the team already works with {cand.name}"
    if value >= 4:
        catalog_cand = result.catalog.candidate(cand.id) if result.catalog else None
        own = catalog_cand.languages if catalog_cand else (cand.language,)
        known_own = [x for x in own if x in expertise] or list(own[:1])
        return f"the team knows {language_name(known_own[0])}"
    if value > 0:
        return f"the team knows a related language ({known})"
    return f"the team's expertise ({known}) does not carry over to {language_name(cand.language)}"


# What a high or a low rating means, in a reviewer's words (other catalogs fall back to
# "rates N/5 on <criterion>").
GOOD_PHRASES = {
    "productivity": "it delivers features quickly, with most of what a web app needs built in",
    "performance": "it is fast under load",
    "scalability": "it scales well as traffic grows",
    "security": "it ships strong built-in protections and a well-run security process",
    "ecosystem": "it has a large community and package ecosystem",
    "maturity": "it has a long production track record",
    "hiring": "developers who know it are easy to hire",
    "maintenance": "it has a long, published support window",
    "api_tooling": "it has first-class API tooling (OpenAPI documents, request validation)",
    "realtime": "it handles real-time features (WebSockets, push) well",
    "cloud": "it fits container and cloud deployment well",
    "learning_curve": "there is little to learn before being productive",
    "integration_fit": "it covers the integrations asked for",
}
BAD_PHRASES = {
    "productivity": "more has to be chosen, assembled and maintained by the team",
    "performance": "its measured throughput is low",
    "scalability": "its concurrency model limits how far it scales",
    "security": "many protections must be added and kept up to date by the team",
    "ecosystem": "its community and package ecosystem are small",
    "maturity": "it has a short track record",
    "hiring": "developers who know it are hard to find",
    "maintenance": "its support window is short or not firmly published",
    "api_tooling": "API tooling (OpenAPI documents, validation) needs third-party packages",
    "realtime": "real-time features need extra work",
    "cloud": "cloud deployment needs extra work",
    "learning_curve": "there is a lot to learn before being productive",
    "integration_fit": "it covers few of the integrations asked for",
}


def point(
    result: ScoreResult, cand: RankedCandidate, cid: str, *, computed: bool
) -> dict[str, Any]:
    """One pro or con: a phrase a reviewer would write, backed by the rating and its reason."""
    value = cand.ratings.get(cid, 0.0)
    unrated = cid in cand.unrated
    name = criterion_name(result, cid)
    sources: tuple[str, ...] = ()
    if computed and cid == "team_fit":
        reason = _team_fit_reason(result, cand, value)
        phrase = reason
        evidence = f"{name} {fmt(value)}/5"
    else:
        reason, sources = _rating_reason(result, cand, cid)
        phrases = GOOD_PHRASES if value >= GOOD_AT else BAD_PHRASES if value <= BAD_AT else {}
        default = (
            f"it rates {fmt(value)}/5 on {lower_first(name)}"
            if phrases
            else f"it is average on {lower_first(name)}"
        )
        phrase = phrases.get(cid, default)
        evidence = f"{name} {fmt(value)}/5" + (f": {reason}" if reason else "")
    if unrated:
        text = (
            f"{lower_first(name)} is not rated in the catalog (counted as a neutral {fmt(value)})"
        )
    else:
        text = f"{phrase} ({evidence})"
    return {
        "criterion": cid,
        "name": name,
        "rating": value,
        "unrated": unrated,
        "text": text,
        "sources": list(sources),
    }


def pros_and_cons(
    result: ScoreResult, cand: RankedCandidate, limit: int = MAX_POINTS
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Strengths, weaknesses and unrated points on the criteria that matter, heaviest first."""
    computed = {c.id for c in result.criteria if c.computed}
    heavy = [
        w for w in sorted(result.weights, key=lambda w: (-w.value, w.criterion)) if w.value > 0
    ]
    good, bad, neutral = [], [], []
    for w in heavy:
        if w.criterion not in cand.ratings or w.share < MIN_SHARE:
            continue
        p = point(result, cand, w.criterion, computed=w.criterion in computed)
        if p["unrated"]:
            if not all(w.criterion in r.unrated for r in result.ranking):
                neutral.append(p)
        elif p["rating"] >= GOOD_AT:
            good.append(p)
        elif p["rating"] <= BAD_AT:
            bad.append(p)
        elif w.share >= HEAVY_SHARE:
            neutral.append(p)
    return good[:limit], bad[:limit], neutral


def versus(result: ScoreResult, winner: RankedCandidate, cand: RankedCandidate) -> dict[str, Any]:
    """Where ``cand`` lost points to ``winner`` and where it gained, in score points."""
    diffs = []
    for w in result.weights:
        cid = w.criterion
        d = cand.contributions.get(cid, 0.0) - winner.contributions.get(cid, 0.0)
        if abs(d) >= MIN_POINTS:
            diffs.append((d, cid))
    lost = sorted((d, c) for d, c in diffs if d < 0)
    gained = sorted(((d, c) for d, c in diffs if d > 0), reverse=True)

    def items(pairs: list[tuple[float, str]]) -> list[dict[str, Any]]:
        return [
            {"criterion": c, "name": criterion_name(result, c), "points": round(d, 1)}
            for d, c in pairs[:3]
        ]

    lost_items, gained_items = items(lost), items(gained)
    gap = gap_between(winner, cand)
    sentence = f"{cand.name} ends {gap:.1f} points behind {winner.name}"
    if lost_items:
        sentence += ": it loses " + _join(
            [f"{-i['points']:.1f} on {lower_first(i['name'])}" for i in lost_items]
        )
    if gained_items:
        sentence += (
            (", and" if lost_items else ";")
            + " gains "
            + _join([f"{i['points']:.1f} on {lower_first(i['name'])}" for i in gained_items])
        )
    return {"gap": gap, "lost": lost_items, "gained": gained_items, "sentence": sentence + "."}


def gap_between(winner: RankedCandidate, cand: RankedCandidate) -> float:
    """Points between two options, from unrounded contributions (matches the sensitivity)."""
    return round(sum(winner.contributions.values()) - sum(cand.contributions.values()), 1)


def _join(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# -- the repo, in words -----------------------------------------------------------------------


def _evidence_for(profile: ProjectProfile, kind: str, value: str) -> str | None:
    for e in profile.evidence:
        if e.kind == kind and e.value == value:
            return e.path
    return None


def repo_story(profile: ProjectProfile, names: dict[str, str]) -> str:
    """One paragraph about what the scan found."""
    parts = []
    if profile.languages:
        wheres = [_evidence_for(profile, "language", lang) for lang in profile.languages]
        names_ = [language_name(lang) for lang in profile.languages]
        if len(set(wheres)) == 1 and wheres[0]:
            langs = [_join(names_) + f" (`{wheres[0]}`)"]
        else:
            langs = [n + (f" (`{w}`)" if w else "") for n, w in zip(names_, wheres, strict=True)]
        parts.append(f"The repository is written in {_join(langs)}")
    else:
        parts.append("The scan found no source code or manifests yet")
    if profile.deployment:
        deps = [DEPLOYMENT_NAMES.get(d, d) for d in profile.deployment]
        parts[-1] += f" and is set up to run on {_join(deps)}"
    sentence = parts[0] + "."
    if profile.frameworks:
        fws = []
        for fw in profile.frameworks:
            where = _evidence_for(profile, "framework", fw)
            fws.append(names.get(fw, fw) + (f" (`{where}`)" if where else ""))
        sentence += (
            f" It already uses {_join(fws)}, so this record decides whether to keep that "
            f"choice or move away from it."
        )
    else:
        sentence += " No backend framework is in use yet."
    if profile.contributors:
        who = "person" if profile.contributors == 1 else "people"
        sentence += f" {profile.contributors} {who} committed in the last twelve months."
    return sentence


# -- the whole context ------------------------------------------------------------------------


def _answer_rows(result: ScoreResult) -> list[dict[str, Any]]:
    answers = result.answers
    inferred = {i.key: i for i in answers.inferred}
    rows = []
    for key, label in QUESTION_LABELS.items():
        if key not in answers.checklist:
            continue
        inf = inferred.get(key) or inferred.get(f"checklist.{key}")
        rows.append(
            {
                "key": key,
                "label": label,
                "value": answer_text(answers.checklist[key]),
                "inferred": inf is not None,
                "source": f"inferred: {inf.reason}" if inf else "answered",
            }
        )
    return rows


def _option_line(name: str, language: str, kind: str, summary: str) -> str:
    detail = language + (f", {kind}" if kind else "")
    return f"{name} ({detail})" + (f": {summary}" if summary else "")


def _consequences(
    result: ScoreResult, profile: ProjectProfile, names: dict[str, str], inferred_labels: list[str]
) -> tuple[dict[str, Any] | None, list[str], list[str]]:
    """The chosen option and the good and bad consequences of choosing it (clauses)."""
    winner, runner = result.winner, result.runner_up
    if winner is None:
        return None, [], []
    w_good, w_bad, _ = pros_and_cons(result, winner, 3)
    strong = _join([lower_first(p["name"]) for p in w_good[:3]])
    because = f"it has the best weighted score ({winner.score:.1f} of 100)"
    if strong:
        because += f", carried by {strong}"
    margin = None
    if runner is not None:
        margin = gap_between(winner, runner)
        because += f", and leads the runner-up, {runner.name}, by {margin:.1f} points"
    chosen = {
        "id": winner.id,
        "name": winner.name,
        "score": f"{winner.score:.1f}",
        "because": because,
        "runner_up": runner.name if runner else None,
        "margin": None if margin is None else f"{margin:.1f}",
    }
    good = [p["text"] for p in w_good]
    bad = [p["text"] for p in w_bad[:2]]
    if runner is not None:
        for item in versus(result, winner, runner)["gained"][:1]:
            if item["criterion"] == "team_fit":
                fit = _team_fit_reason(result, runner, runner.ratings.get("team_fit", 0.0))
                bad.append(
                    f"{runner.name} fits the team better: {fit} (worth "
                    f"{item['points']:.1f} points to it), so {winner.name} means learning "
                    f"something new"
                )
                continue
            bad.append(
                f"{runner.name} is stronger on {lower_first(item['name'])} "
                f"(worth {item['points']:.1f} points to it); if that becomes the priority, "
                f"this decision should be revisited"
            )
    gaps = [
        f"{lower_first(criterion_name(result, w.criterion))} ({w.share:.0%} of the weight)"
        for w in sorted(result.weights, key=lambda w: (-w.value, w.criterion))
        if w.criterion in winner.unrated
        and w.share >= UNRATED_CAVEAT_SHARE
        and not all(w.criterion in r.unrated for r in result.ranking)
    ]
    if gaps:
        bad.append(
            f"the catalog has no rating of {winner.name} for {_join(gaps)}, so "
            + ("it counts" if len(gaps) == 1 else "each counts")
            + " as a neutral 3; a measured rating could move the result either way"
        )
    in_use = [f for f in profile.frameworks if f in names]
    if in_use and winner.id in in_use:
        good.append(f"{winner.name} is already in use here, so nothing has to be migrated")
    elif in_use:
        bad.append(
            f"the repository already uses {_join([names[f] for f in in_use])}; moving to "
            f"{winner.name} means migrating that code, a cost the scores do not include"
        )
    if inferred_labels:
        bad.append(
            "part of the input was inferred rather than answered ("
            + _join(inferred_labels)
            + "); a wrong guess there could change the outcome"
        )
    if not good:
        good.append(f"no weakness of {winner.name} outweighs its overall lead")
    return chosen, good, bad


def build_context(result: ScoreResult, profile: ProjectProfile, info: DraftInfo) -> dict[str, Any]:
    """Everything the ADR templates need, as plain values."""
    catalog = result.catalog
    names = {r.id: r.name for r in result.ranking}
    if catalog is not None:
        names.update({c.id: c.name for c in catalog.candidates})
    computed = {c.id for c in result.criteria if c.computed}
    answers = result.answers
    inferred = {i.key for i in answers.inferred}
    answer_rows = _answer_rows(result)
    inferred_labels = [lower_first(r["label"]) for r in answer_rows if r["inferred"]]
    by_weight = [
        w for w in sorted(result.weights, key=lambda w: (-w.value, w.criterion)) if w.value > 0
    ]

    drivers = [
        {
            "id": w.criterion,
            "name": criterion_name(result, w.criterion),
            "share": round(w.share * 100),
            "weight": fmt(w.value),
            "why": weight_story(w, answers.project_type) + _separates(result, w.criterion),
        }
        for w in result.drivers(4)
    ]

    options = []
    for r in result.ranking:
        cat = catalog.candidate(r.id) if catalog is not None else None
        kind, summary = (cat.kind, cat.summary) if cat is not None else ("", "")
        langs = " / ".join(
            language_name(x) for x in (cat.languages if cat and cat.languages else (r.language,))
        )
        options.append(
            {
                "id": r.id,
                "name": r.name,
                "rank": r.rank,
                "score": f"{r.score:.1f}",
                "language": langs,
                "kind": kind,
                "summary": summary,
                "line": _option_line(r.name, langs, kind, summary),
            }
        )
    summaries = {o["id"]: o["summary"] for o in options}
    excluded = [
        {"id": e.id, "name": names.get(e.id, e.id), "reason": e.reason} for e in result.excluded
    ]

    verdict, robust_lines = robustness(result, names)
    chosen, good, bad = _consequences(result, profile, names, inferred_labels)

    pros_cons = []
    for r in result.ranking:
        winner = result.winner
        is_winner = winner is not None and r.id == winner.id
        g, b, n = pros_and_cons(result, r, MAX_POINTS if is_winner else MAX_POINTS_OTHERS)
        vs = versus(result, winner, r) if winner is not None and r.id != winner.id else None
        pros_cons.append(
            {
                "id": r.id,
                "name": r.name,
                "chosen": winner is not None and r.id == winner.id,
                "summary": summaries.get(r.id, ""),
                "good": [p["text"] for p in g],
                "strong_on": _join([lower_first(p["name"]) for p in g]),
                "neutral": [p["text"] for p in n if not p["unrated"]]
                + _unrated_clause([p["name"] for p in n if p["unrated"]]),
                "bad": [p["text"] for p in b],
                "versus": vs,
            }
        )

    # A column unrated for every option says nothing (all "–"): it goes to the note below.
    nowhere_rated = {
        w.criterion for w in by_weight if all(w.criterion in r.unrated for r in result.ranking)
    }
    informative = [
        w for w in by_weight if w.share >= TABLE_MIN_SHARE and w.criterion not in nowhere_rated
    ]
    in_table = informative[:TABLE_MAX_COLUMNS]
    left_out = [w for w in by_weight if w not in in_table]
    columns = [
        {
            "id": w.criterion,
            "name": criterion_name(result, w.criterion),
            "share": round(w.share * 100),
        }
        for w in in_table
    ]
    column_ids = [w.criterion for w in in_table]
    rows = [
        {
            "rank": r.rank,
            "name": r.name,
            "score": f"{r.score:.1f}",
            "cells": [
                "–" if cid in r.unrated else fmt(r.ratings.get(cid, 0.0)) for cid in column_ids
            ],
        }
        for r in result.ranking
    ]
    rerun_answers = info.answers_path or f".adrtool/answers/{result.topic}.yaml"

    return {
        "number": info.number,
        "number_padded": f"{info.number:04d}",
        "title": info.title,
        "status": info.status,
        "status_word": info.status[:1].upper() + info.status[1:],
        "date": info.today.isoformat(),
        "provenance": {
            "topic": result.topic,
            "catalog": result.catalog_id,
            "catalog_version": result.catalog_version,
            "inputs_sha256": result.inputs_sha256,
            "tool_version": info.tool_version,
            # Only a non-default answers file is named, so check and review can find it again.
            "answers": info.answers_path
            if info.answers_path and info.answers_path != f".adrtool/answers/{result.topic}.yaml"
            else None,
        },
        "topic_words": result.topic.replace("-", " "),
        "catalog_title": result.catalog_title,
        "project": {
            "name": answers.project_name or profile.name or "This project",
            "type": answers.project_type,
            "type_phrase": PROJECT_TYPES.get(answers.project_type, answers.project_type),
            "type_inferred": "project.type" in inferred or "project_type" in inferred,
        },
        "repo_story": repo_story(profile, names),
        "answers": answer_rows,
        "answers_path": info.answers_path,
        "inferred": inferred_labels,
        "constraints": _constraints(result),
        "multipliers": _multipliers(result),
        "drivers": drivers,
        "weight_pie": [
            {"label": mermaid_label(criterion_name(result, w.criterion)), "value": fmt(w.value)}
            for w in by_weight
        ],
        "options": options,
        "excluded": excluded,
        "chosen": chosen,
        "verdict": verdict,
        "robustness": robust_lines,
        "good": good,
        "bad": bad,
        "pros_cons": pros_cons,
        "table": {
            "columns": columns,
            "rows": rows,
            "any_unrated": any(set(r.unrated) & set(column_ids) for r in result.ranking),
            "left_out": _join(
                [
                    f"{lower_first(criterion_name(result, w.criterion))} ({w.share:.0%}"
                    + (", unrated for every option)" if w.criterion in nowhere_rated else ")")
                    for w in left_out
                ]
            ),
        },
        "chart": {
            "labels": [mermaid_label(r.name) for r in result.ranking],
            "scores": [f"{r.score:.1f}" for r in result.ranking],
        },
        "sources": _sources(result),
        "computed": [criterion_name(result, c) for c in sorted(computed)],
        "computed_sentence": _computed_sentence(result, computed),
        "rerun": f"adrtool draft --answers {rerun_answers}",
        "rerun_score": f"adrtool score --answers {rerun_answers}",
        "supersedes": [
            {"number": n, "padded": f"{n:04d}", "title": t, "file": f}
            for n, t, f in info.supersedes
        ],
        "warnings": list(result.warnings) + list(answers.warnings),
    }


def _separates(result: ScoreResult, cid: str) -> str:
    """A note when a driver cannot change the ranking (every option rates the same on it)."""
    if len(result.ranking) < 2:
        return ""
    if all(cid in r.unrated for r in result.ranking):
        return ". The catalog rates no option on it yet, so it does not separate them"
    values = {r.ratings.get(cid) for r in result.ranking}
    if len(values) == 1:
        return ". Every option rates the same on it here, so it does not change the ranking"
    return ""


def _computed_sentence(result: ScoreResult, computed: set[str]) -> str:
    """``Team fit is computed from the answers, not rated by a source.``"""
    used = [w.criterion for w in result.weights if w.criterion in computed and w.value > 0]
    if not used:
        return ""
    names = [criterion_name(result, c) for c in sorted(used)]
    text = _join([names[0], *[lower_first(n) for n in names[1:]]])
    verb = "is" if len(names) == 1 else "are"
    return f"{text} {verb} computed from the answers, not rated by a source."


def _unrated_clause(names: list[str]) -> list[str]:
    if not names:
        return []
    verb = "is" if len(names) == 1 else "are"
    each = "" if len(names) == 1 else "each "
    return [
        f"{_join([lower_first(n) for n in names])} {verb} not rated in the catalog "
        f"({each}counted as a neutral 3)"
    ]


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    return text[0].upper() + text[1:] + ("" if text.endswith((".", "!", "?")) else ".")


def _constraints(result: ScoreResult) -> list[str]:
    a = result.answers
    out = []
    if a.constraints_languages:
        out.append(
            "only " + _join([language_name(x) for x in a.constraints_languages]) + " candidates"
        )
    if a.constraints_exclude:
        names = {c.id: c.name for c in result.catalog.candidates} if result.catalog else {}
        out.append("never " + _join([names.get(x, x) for x in a.constraints_exclude]))
    return out


def _multipliers(result: ScoreResult) -> str:
    return ", ".join(
        f"{lower_first(criterion_name(result, k))} x{fmt(v)}"
        for k, v in sorted(result.answers.weights.items())
    )


SOURCE_OPTIONS = 3  # sources are listed for the ratings of the top options only


def _sources(result: ScoreResult) -> dict[str, Any]:
    """Confidence of every rating behind the ranking, and the sources of the top options."""
    catalog = result.catalog
    if catalog is None:
        return {"summary": "", "options": [], "items": []}
    weighted = {w.criterion for w in result.weights if w.value > 0}
    top = [r.id for r in result.ranking[:SOURCE_OPTIONS]]
    ranked = {r.id for r in result.ranking}
    confidence: dict[str, int] = {}
    used: dict[str, dict[str, int]] = {}
    for c in catalog.candidates:
        if c.id not in ranked:
            continue
        for cid, rating in c.ratings.items():
            if cid not in weighted:
                continue
            level = rating.confidence if rating.rated else "unrated"
            confidence[level] = confidence.get(level, 0) + 1
            if c.id not in top or not rating.rated:
                continue
            for sid in rating.sources:
                counts = used.setdefault(sid, {})
                counts[rating.confidence] = counts.get(rating.confidence, 0) + 1
    total = sum(confidence.values())
    words = {
        "primary": ("rests", "rest", "on the project's own repository or documentation"),
        "secondary": ("rests", "rest", "on third-party sources or a documented rule"),
        "stars-only": ("rests", "rest", "only on GitHub stars"),
        "unrated": ("is", "are", "unrated and counted as a neutral 3"),
    }
    parts = []
    for level in (*words, *sorted(set(confidence) - set(words))):
        if level in confidence:
            one, many, what = words.get(level, ("is", "are", level))
            n = confidence[level]
            parts.append(f"{n} {one if n == 1 else many} {what}")
    summary = f"Of the {total} catalog ratings behind the scores, {_join(parts)}." if total else ""
    items = []
    for sid in sorted(used, key=lambda k: (-sum(used[k].values()), k)):
        src = result.sources.get(sid) or catalog.sources.get(sid)
        counts = used[sid]
        items.append(
            {
                "id": sid,
                "title": src.title if src else sid,
                "url": src.url if src else None,
                "as_of": src.as_of if src else None,
                "ratings": sum(counts.values()),
                "confidence": ", ".join(f"{v} {k}" for k, v in sorted(counts.items())),
            }
        )
    names = [r.name for r in result.ranking[:SOURCE_OPTIONS]]
    return {"summary": summary, "options": names, "options_text": _join(names), "items": items}


# -- provenance ---------------------------------------------------------------------------------


def read_provenance(front_matter: dict[str, Any], text: str) -> dict[str, str] | None:
    """The provenance a drafted record carries (front matter, or the Nygard comment)."""
    data: dict[str, Any] = {k: front_matter[k] for k in PROVENANCE_KEYS if k in front_matter}
    if "inputs-sha256" not in data:
        m = _PROVENANCE_COMMENT.search(text)
        if m is None:
            return None
        for line in m.group(1).splitlines():
            key, sep, value = line.partition(":")
            if sep and key.strip() in PROVENANCE_KEYS:
                data[key.strip()] = value.strip().strip('"')
    if "inputs-sha256" not in data or "topic" not in data:
        return None
    return {k: str(v) for k, v in data.items()}
