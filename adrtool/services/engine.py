"""Engine services: score a project, list/show/validate catalogs, build and write answers.

Orchestration only: reading files, scanning the repo and choosing the catalog happen here;
the decision itself is the pure ``adrtool.decision.scoring.decide``. Nothing here prints.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from adrtool.decision.answers import (
    GivenAnswers,
    complete_answers,
    default_answers_path,
    load_answers_file,
)
from adrtool.decision.catalog import (
    CatalogRegistry,
    Problem,
    check_catalog_file,
    load_checklist,
)
from adrtool.decision.model import Answers, Catalog, Checklist, ScoreResult
from adrtool.decision.scoring import decide
from adrtool.errors import ConfigError, RecordError
from adrtool.scan.profile import ProjectProfile

if TYPE_CHECKING:
    from adrtool.config import Config

DEFAULT_TOPIC = "backend-framework"


def registry_for(repo: Path, config: Config | None) -> CatalogRegistry:
    """The catalogs visible from ``repo`` (plugins only when the config allows them)."""
    return CatalogRegistry(repo, allow_plugins=bool(config and config.allow_plugins))


def display_path(repo: Path, path: Path) -> str:
    """``path`` relative to the repo when inside it (POSIX), else as given."""
    try:
        return path.resolve().relative_to(repo.resolve()).as_posix()
    except ValueError:
        return str(path)


def scan_profile(repo: Path) -> ProjectProfile:
    """The scanner's profile of ``repo``."""
    from adrtool.scan.scanner import scan_repo

    return scan_repo(repo)


@dataclass(frozen=True)
class LoadedAnswers:
    """Answers completed by inference, and where they came from."""

    answers: Answers
    catalog: Catalog
    checklist: Checklist
    path: Path
    exists: bool


def load_project_answers(
    repo: Path,
    answers_path: Path | None = None,
    config: Config | None = None,
    *,
    topic: str | None = None,
    profile: ProjectProfile | None = None,
    registry: CatalogRegistry | None = None,
) -> LoadedAnswers:
    """Find the catalog, read and validate the answers file, infer what it omits."""
    registry = registry or registry_for(repo, config)
    catalog = registry.for_topic(topic or DEFAULT_TOPIC)
    checklist = load_checklist()
    path = answers_path if answers_path is not None else default_answers_path(repo, catalog.topic)
    shown = display_path(repo, path)
    exists = path.is_file()
    if exists:
        given = load_answers_file(path, checklist, catalog, display=shown)
    elif answers_path is not None:
        raise ConfigError(
            f"{shown}: answers file not found",
            hint=f'run "adrtool checklist --answers {shown}" to write one',
        )
    else:
        given = GivenAnswers(path=None)
    if profile is None:
        missing = [q.key for q in checklist.questions if q.key not in given.checklist]
        profile = scan_profile(repo) if missing or given.project_name is None else ProjectProfile()
    answers = complete_answers(given, profile, checklist, catalog)
    return LoadedAnswers(answers, catalog, checklist, path, exists)


def score_project(
    repo: Path,
    answers_path: Path | None = None,
    config: Config | None = None,
    *,
    topic: str | None = None,
    profile: ProjectProfile | None = None,
    registry: CatalogRegistry | None = None,
) -> ScoreResult:
    """Rank the candidates of ``topic`` (default: backend-framework) for this repo."""
    loaded = load_project_answers(
        repo, answers_path, config, topic=topic, profile=profile, registry=registry
    )
    result = decide(
        loaded.catalog,
        loaded.checklist,
        loaded.answers,
        config_weights=config.weights if config is not None else None,
    )
    if config is not None and config.weights:
        known = {c.id for c in loaded.catalog.criteria}
        unknown = sorted(k for k in config.weights if k not in known)
        if unknown:
            where = display_path(repo, config.source) if config.source else "the config"
            note = (
                f"{where}: weights for {', '.join(unknown)} match no criterion of catalog "
                f"{loaded.catalog.id} (known: {', '.join(sorted(known))})"
            )
            result = replace(result, warnings=(note, *result.warnings))
    if not loaded.exists:
        note = (
            f"no answers file at {display_path(repo, loaded.path)}: every item was inferred or "
            'took a neutral default (run "adrtool checklist" to answer them)'
        )
        result = replace(result, warnings=(note, *result.warnings))
    return result


# --------------------------------------------------------------------------- catalogs


def list_catalogs(repo: Path, config: Config | None = None) -> list[Catalog]:
    """Every visible catalog, by id."""
    return sorted(registry_for(repo, config).all().values(), key=lambda c: c.id)


def show_catalog(repo: Path, catalog_id: str, config: Config | None = None) -> Catalog:
    """One catalog by id (or by topic)."""
    return registry_for(repo, config).for_topic(catalog_id)


def validate_catalog(path: Path, repo: Path | None = None) -> list[Problem]:
    """Every problem of the catalog file at ``path`` (empty when it is valid)."""
    shown = display_path(repo, path) if repo is not None else str(path)
    if not path.is_file():
        return [Problem(shown, None, "catalog file not found")]
    problems, _data = check_catalog_file(path, display=shown)
    return problems


# --------------------------------------------------------------------------- answers file


def answers_document(answers: Answers, checklist: Checklist) -> dict[str, Any]:
    """The v1 answers file for ``answers`` (plain data, checklist order)."""
    project: dict[str, Any] = {}
    if answers.project_name:
        project["name"] = answers.project_name
    project["type"] = answers.project_type
    doc: dict[str, Any] = {"version": 1, "project": project, "checklist": {}}
    for q in checklist.questions:
        value = answers.checklist.get(q.key, q.default)
        doc["checklist"][q.key] = list(value) if isinstance(value, (list, tuple)) else value
    constraints: dict[str, Any] = {}
    if answers.constraints_languages:
        constraints["languages"] = list(answers.constraints_languages)
    if answers.constraints_exclude:
        constraints["exclude"] = list(answers.constraints_exclude)
    if constraints:
        doc["constraints"] = constraints
    if answers.weights:
        doc["weights"] = dict(answers.weights)
    return doc


def write_answers(path: Path, text: str, *, force: bool = False) -> None:
    """Write the answers file: exclusive create, or (with ``force``) temp file + os.replace."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and not force:
        raise RecordError(
            f"{path}: the answers file already exists", hint="pass --force to overwrite it"
        )
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        if force:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)  # atomic and fails if someone created it meanwhile
            except FileExistsError:
                raise RecordError(
                    f"{path}: the answers file already exists", hint="pass --force to overwrite it"
                ) from None
            except OSError:  # file systems without hard links
                with open(path, "x", encoding="utf-8", newline="\n") as handle:
                    handle.write(text)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


@dataclass(frozen=True)
class ChecklistDraft:
    """Pre-filled answers waiting to be confirmed and written to ``target``."""

    target: Path
    shown: str  # target as printed (relative to the repo when inside it)
    answers: Answers
    checklist: Checklist
    catalog: Catalog


def start_checklist(
    repo: Path,
    answers_path: Path | None = None,
    config: Config | None = None,
    *,
    topic: str | None = None,
    force: bool = False,
) -> ChecklistDraft:
    """Pre-fill the checklist from the scan (or from the existing file, with ``force``)."""
    registry = registry_for(repo, config)
    catalog = registry.for_topic(topic or DEFAULT_TOPIC)
    target = answers_path or default_answers_path(repo, catalog.topic)
    shown = display_path(repo, target)
    if target.exists() and not force:
        raise RecordError(
            f"{shown}: the answers file already exists", hint="pass --force to overwrite it"
        )
    try:
        loaded = load_project_answers(
            repo, target if target.exists() else None, config, topic=catalog.id, registry=registry
        )
    except ConfigError:
        if not target.exists():
            raise
        # --force over a broken file: start again from the scan and the defaults.
        loaded = load_project_answers(repo, None, config, topic=catalog.id, registry=registry)
    return ChecklistDraft(target, shown, loaded.answers, loaded.checklist, catalog)


def save_checklist(
    draft: ChecklistDraft, answers: Answers, *, force: bool = False
) -> tuple[str, ...]:
    """Write ``answers`` to the draft's target after validating the text; return warnings."""
    from adrtool.decision.answers import parse_answers
    from adrtool.yamlio import load_yaml

    text = answers_yaml(answers, draft.checklist, topic=draft.catalog.topic)
    raw = load_yaml(Path(draft.shown), text)
    given = parse_answers(raw, draft.shown, draft.checklist, draft.catalog)  # never write junk
    write_answers(draft.target, text, force=force)
    return given.warnings


def answers_yaml(answers: Answers, checklist: Checklist, *, topic: str = DEFAULT_TOPIC) -> str:
    """The answers file text: v1 keys in checklist order, each with its allowed values."""
    doc = answers_document(answers, checklist)
    inferred = {i.key: i.reason for i in answers.inferred}
    lines = [
        f"# adrtool answers for the {topic} decision (format version 1).",
        '# Edit and re-run "adrtool score"; "inferred" notes mark values taken from the repo scan.',
        "version: 1",
        "project:",
    ]
    if "name" in doc["project"]:
        lines.append(f"  name: {_scalar(doc['project']['name'])}")
    types = " | ".join(checklist.project_types)
    lines.append(f"  type: {doc['project']['type']}  # {types}")
    lines.append("checklist:")
    for q in checklist.questions:
        value = doc["checklist"][q.key]
        text = (
            "[" + ", ".join(_scalar(v) for v in value) + "]" if isinstance(value, list) else value
        )
        allowed = " | ".join(q.values) if q.values else "list"
        note = f"  # {allowed}" + (f"; inferred: {inferred[q.key]}" if q.key in inferred else "")
        lines.append(f"  {q.key}: {text}{note}")
    for key in ("constraints", "weights"):
        if key in doc:
            lines.append(f"{key}:")
            for k, v in doc[key].items():
                shown = "[" + ", ".join(v) + "]" if isinstance(v, list) else f"{v:g}"
                lines.append(f"  {k}: {shown}")
    return "\n".join(lines) + "\n"


def _scalar(value: Any) -> str:
    import json
    import re

    text = str(value)
    plain = re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9 ._/+-]*", text) and not re.fullmatch(
        r"[0-9.+-]+|.*\s", text
    )
    if plain and text.lower() not in (
        "yes",
        "no",
        "true",
        "false",
        "on",
        "off",
        "null",
        "none",
        "y",
        "n",
    ):
        return text
    return json.dumps(text, ensure_ascii=False)
