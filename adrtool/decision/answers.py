"""The answers file, version 1: load, validate with file:line errors, infer what is omitted.

Validation is strict about structure (unknown keys and values are errors with a "did you
mean" hint) and lenient where teams legitimately know more than the catalog (unknown
integration tags and unknown expertise are warnings). Inference is pure: it takes the
``ProjectProfile`` the scanner produced.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from adrtool.decision.model import Answers, Catalog, Checklist, Inferred
from adrtool.errors import ConfigError, did_you_mean, located
from adrtool.scan.profile import ProjectProfile

ANSWERS_VERSION = 1
_TOP_KEYS = ("version", "project", "checklist", "constraints", "weights")
_PROJECT_KEYS = ("name", "type")
_CONSTRAINT_KEYS = ("languages", "exclude")
# Deployment signals of the scan -> cloud_deployment answer, strongest first.
_DEPLOYMENT_ORDER = (
    ("kubernetes", "kubernetes"),
    ("helm", "kubernetes"),
    ("serverless", "serverless"),
    ("paas", "paas"),
    ("docker", "containers"),
)


def default_answers_path(repo: Path, topic: str) -> Path:
    """``<repo>/.adrtool/answers/<topic>.yaml`` (DESIGN.md)."""
    return repo / ".adrtool" / "answers" / f"{topic}.yaml"


@dataclass(frozen=True)
class GivenAnswers:
    """What the answers file actually says (validated), before inference."""

    project_name: str | None = None
    project_type: str | None = None
    checklist: dict[str, Any] = field(default_factory=dict)
    constraints_languages: tuple[str, ...] = ()
    constraints_exclude: tuple[str, ...] = ()
    weights: dict[str, float] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    path: str | None = None


def parse_answers(raw: Any, display: str, checklist: Checklist, catalog: Catalog) -> GivenAnswers:
    """Validate a loaded answers document (ruamel round-trip node); raise on the first error."""
    from adrtool.yamlio import line_of

    warnings: list[str] = []

    def fail(node: Any, key: Any, message: str) -> ConfigError:
        return ConfigError(located(display, line_of(node, key) or line_of(node), message))

    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise fail(
            raw, None, "the answers file must be a mapping (version, project, checklist, ...)"
        )
    _only_known_keys(raw, "", _TOP_KEYS, fail)
    if "version" not in raw:
        raise fail(raw, None, "missing 'version: 1' (the answers file format version)")
    if raw["version"] != ANSWERS_VERSION or isinstance(raw["version"], bool):
        raise fail(raw, "version", f"unsupported answers version {raw['version']!r} (allowed: 1)")

    project = _mapping(raw, "project", fail)
    _only_known_keys(project, "project.", _PROJECT_KEYS, fail)
    name = project.get("name")
    if name is not None and not isinstance(name, str):
        raise fail(project, "name", "project.name must be a string")
    ptype = project.get("type")
    types = tuple(checklist.project_types)
    if ptype is not None and (not isinstance(ptype, str) or ptype not in types):
        raise fail(
            project,
            "type",
            f"unknown value '{ptype}' for project.type (allowed: {', '.join(types)})"
            f"{did_you_mean(str(ptype), types)}",
        )

    given: dict[str, Any] = {}
    section = _mapping(raw, "checklist", fail)
    keys = tuple(q.key for q in checklist.questions)
    for key in section:
        question = checklist.question(str(key))
        if question is None:
            raise _unknown_key(section, key, "checklist.", keys, fail)
        value = section[key]
        where = f"checklist.{key}"
        if question.type == "list":
            items = _str_list(
                value,
                lambda k=key, w=where: fail(
                    section, k, f"{w} must be a list of names, e.g. [python]"
                ),
            )
            if key == "internal_expertise":
                items, more = _normalise_expertise(
                    items, checklist, catalog, display, line_of(section, key)
                )
                warnings.extend(more)
            elif key == "integration_requirements":
                items = [i.lower() for i in items]
                unknown = [i for i in items if i not in checklist.integration_tags]
                for tag in unknown:
                    warnings.append(
                        located(
                            display,
                            line_of(section, key),
                            f"unknown integration tag '{tag}'"
                            f"{did_you_mean(tag, checklist.integration_tags)}"
                            f" (known: {', '.join(checklist.integration_tags)}); it is kept but no "
                            "candidate is credited for it",
                        )
                    )
            given[str(key)] = tuple(dict.fromkeys(items))
        else:
            text = value if isinstance(value, str) else ("" if value is None else str(value))
            if isinstance(value, bool):  # YAML 1.1-style yes/no
                text = str(value).lower()
            if text not in question.values:
                raise fail(
                    section,
                    key,
                    f"unknown value '{text}' for {where} (allowed: {', '.join(question.values)})"
                    f"{did_you_mean(text, question.values)}",
                )
            given[str(key)] = text

    constraints = _mapping(raw, "constraints", fail)
    _only_known_keys(constraints, "constraints.", _CONSTRAINT_KEYS, fail)
    languages = _str_list(
        constraints.get("languages", []),
        lambda: fail(
            constraints, "languages", "constraints.languages must be a list of language ids"
        ),
    )
    for i, lang in enumerate(languages):
        if lang not in checklist.languages:
            raise fail(
                constraints["languages"],
                i,
                f"unknown value '{lang}' for constraints.languages "
                f"(allowed: {', '.join(checklist.languages)})"
                f"{did_you_mean(lang, checklist.languages)}",
            )
    exclude = _str_list(
        constraints.get("exclude", []),
        lambda: fail(constraints, "exclude", "constraints.exclude must be a list of candidate ids"),
    )
    ids = tuple(c.id for c in catalog.candidates)
    for i, cid in enumerate(exclude):
        if cid not in ids:
            raise fail(
                constraints["exclude"],
                i,
                f"unknown value '{cid}' for constraints.exclude "
                f"(allowed: {', '.join(ids)}){did_you_mean(cid, ids)}",
            )

    weights_node = _mapping(raw, "weights", fail)
    crit_ids = tuple(c.id for c in catalog.criteria)
    weights: dict[str, float] = {}
    for key, value in weights_node.items():
        if key not in crit_ids:
            raise fail(
                weights_node,
                key,
                f"unknown criterion 'weights.{key}' (allowed: {', '.join(crit_ids)})"
                f"{did_you_mean(str(key), crit_ids)}",
            )
        if (
            not isinstance(value, (int, float))
            or isinstance(value, bool)
            or not 0 <= value <= 100  # also refuses NaN
        ):
            raise fail(
                weights_node,
                key,
                f"weights.{key} must be a multiplier between 0 and 100, got {value!r}",
            )
        weights[str(key)] = float(value)

    return GivenAnswers(
        project_name=name,
        project_type=ptype,
        checklist=given,
        constraints_languages=tuple(dict.fromkeys(languages)),
        constraints_exclude=tuple(dict.fromkeys(exclude)),
        weights=weights,
        warnings=tuple(warnings),
        path=display,
    )


def _only_known_keys(node: Any, prefix: str, allowed: tuple[str, ...], fail: Any) -> None:
    """Raise on the first key of ``node`` not in ``allowed``."""
    for key in node:
        if key not in allowed:
            raise _unknown_key(node, key, prefix, allowed, fail)


def _unknown_key(node: Any, key: Any, prefix: str, allowed: tuple[str, ...], fail: Any) -> Any:
    """The error for ``prefix + key``, with the allowed keys and a "did you mean"."""
    return fail(
        node,
        key,
        f"unknown key '{prefix}{key}' (allowed: {', '.join(allowed)})"
        f"{did_you_mean(str(key), allowed)}",
    )


def _mapping(raw: Any, key: str, fail: Any) -> Any:
    value = raw.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise fail(raw, key, f"'{key}' must be a mapping")
    return value


def _str_list(value: Any, error: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [v.strip() for v in value.split(",") if v.strip()]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise error()
    return [str(v).strip() for v in value]


def _normalise_expertise(
    items: list[str], checklist: Checklist, catalog: Catalog, display: str, line: int | None
) -> tuple[list[str], list[str]]:
    known = (*checklist.languages, *(c.id for c in catalog.candidates))
    out: list[str] = []
    warnings: list[str] = []
    for item in items:
        word = item.lower()
        word = checklist.expertise_aliases.get(word, word)
        if word not in known:
            warnings.append(
                located(
                    display,
                    line,
                    f"internal_expertise '{item}' matches no language or "
                    f"candidate{did_you_mean(word, known)}; it does not count for team fit",
                )
            )
        out.append(word)
    return out, warnings


def load_answers_file(
    path: Path, checklist: Checklist, catalog: Catalog, *, display: str | None = None
) -> GivenAnswers:
    """Read and validate one answers file."""
    from adrtool.yamlio import load_yaml, read_text

    name = display or str(path)
    raw = load_yaml(Path(name), read_text(path))
    return parse_answers(raw, name, checklist, catalog)


# --------------------------------------------------------------------------- inference


def complete_answers(
    given: GivenAnswers, profile: ProjectProfile, checklist: Checklist, catalog: Catalog
) -> Answers:
    """Fill every omitted item from the scan (or a neutral default) and record why. Pure."""
    inferred: list[Inferred] = []
    checklist_values: dict[str, Any] = {}
    for question in checklist.questions:
        if question.key in given.checklist:
            checklist_values[question.key] = given.checklist[question.key]
            continue
        value, reason = infer_item(question.key, profile, checklist, catalog)
        checklist_values[question.key] = value
        inferred.append(Inferred(key=question.key, value=value, reason=reason))
    ptype = given.project_type
    if ptype is None:
        ptype = checklist.default_project_type
        inferred.insert(
            0,
            Inferred(
                key="project.type",
                value=ptype,
                reason=f"not answered; default project type {ptype}",
            ),
        )
    name = given.project_name or profile.name
    return Answers(
        version=ANSWERS_VERSION,
        project_name=name,
        project_type=ptype,
        checklist=checklist_values,
        constraints_languages=given.constraints_languages,
        constraints_exclude=given.constraints_exclude,
        weights=dict(given.weights),
        inferred=tuple(inferred),
        warnings=given.warnings,
        path=given.path,
    )


def infer_item(
    key: str, profile: ProjectProfile, checklist: Checklist, catalog: Catalog
) -> tuple[Any, str]:
    """The inferred value of one checklist item and the reason, from the scan."""
    question = checklist.question(key)
    default = question.default if question is not None else None
    if key == "internal_expertise":
        langs = [lang for lang in profile.languages if lang in checklist.languages]
        ids = {c.id for c in catalog.candidates}
        frameworks = [f for f in profile.frameworks if f in ids]
        value = tuple(dict.fromkeys([*langs, *frameworks]))
        if not value:
            return (
                (),
                "nothing the catalog knows was detected in the repo, so team fit does not count",
            )
        parts = []
        if langs:
            parts.append(f"languages in the repo: {', '.join(langs)}")
        if frameworks:
            parts.append(f"frameworks in use: {', '.join(frameworks)}")
        return value, "; ".join(parts)
    if key == "cloud_deployment":
        found = set(profile.deployment)
        for signal, answer in _DEPLOYMENT_ORDER:
            if signal in found:
                return answer, f"deployment signal in the repo: {signal}"
        return default, f"no deployment files found; neutral default {default}"
    if isinstance(default, list):
        return tuple(default), "not answered; neutral default (none)"
    return default, f"not answered; neutral default {default}"
