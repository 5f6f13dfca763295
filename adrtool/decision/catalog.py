"""Catalogs and the checklist: load, validate (with file:line problems) and discover.

Catalogs come from three places, later ones overriding earlier ones with the same id:
the package (``criteria/*.yaml``), installed plugins (entry point group ``adrtool.catalogs``,
only when ``allow_plugins`` is true, loaded on first use) and the repo
(``<repo>/.adrtool/criteria/*.yaml``).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from adrtool.decision.model import (
    CONFIDENCES,
    Candidate,
    Catalog,
    Checklist,
    Criterion,
    Effect,
    Profile,
    Question,
    Rating,
    Source,
    TeamFitRules,
)
from adrtool.errors import ConfigError, did_you_mean, located

CHECKLIST_FILE = "checklist.yaml"
ENTRY_POINT_GROUP = "adrtool.catalogs"
COMPUTED_KINDS = ("team_fit", "integration_fit")
_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
_TOP_KEYS = (
    "id",
    "version",
    "title",
    "topic",
    "as_of",
    "unrated_value",
    "rules",
    "sources",
    "criteria",
    "profiles",
    "candidates",
    "description",
)
_CRITERION_KEYS = ("id", "name", "description", "computed")
_CANDIDATE_KEYS = (
    "id",
    "name",
    "language",
    "other_languages",
    "kind",
    "capabilities",
    "summary",
    "ratings",
    "url",
)
_RATING_KEYS = ("value", "source", "reason", "confidence", "rule")
_SOURCE_KEYS = ("title", "url", "as_of")
_PROFILE_KEYS = ("description", "weights")


@dataclass(frozen=True)
class Problem:
    """One validation finding, printed as ``file:line: message``."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        return located(self.path, self.line, self.message)


# --------------------------------------------------------------------------- hashing


def canonical_sha256(data: Any) -> str:
    """sha256 of the canonical JSON of ``data`` (sorted keys, no whitespace)."""
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------- validation


def validate_catalog_node(raw: Any, path: Path | str) -> list[Problem]:
    """Every problem in a catalog document (a ruamel round-trip node), in file order."""
    from adrtool.yamlio import line_of

    where = str(path)
    problems: list[Problem] = []

    def add(node: Any, key: Any, message: str) -> None:
        problems.append(Problem(where, line_of(node, key) or line_of(node), message))

    if not isinstance(raw, dict):
        return [Problem(where, line_of(raw) or 1, "a catalog must be a mapping of keys")]
    for key in raw:
        if key not in _TOP_KEYS:
            add(raw, key, f'unknown key "{key}"{did_you_mean(str(key), _TOP_KEYS)}')
    for key in ("id", "version", "title", "topic", "criteria", "candidates"):
        if key not in raw:
            add(raw, None, f'missing required key "{key}"')
    for key in ("id", "topic"):
        if key in raw and not (isinstance(raw[key], str) and _ID.match(raw[key])):
            add(raw, key, f'"{key}" must be a lower-case id (a-z, 0-9, "-", "_"), got {raw[key]!r}')
    for key in ("version", "title"):
        if key in raw and not isinstance(raw[key], (str, int, float)):
            add(raw, key, f'"{key}" must be a string')
    unrated = raw.get("unrated_value", 3)
    if not _is_number(unrated) or not 1 <= unrated <= 5:
        add(raw, "unrated_value", f'"unrated_value" must be a number 1-5, got {unrated!r}')

    sources = raw.get("sources") or {}
    if not isinstance(sources, dict):
        add(raw, "sources", '"sources" must map source ids to {title, url, as_of}')
        sources = {}
    for sid, src in sources.items():
        if not isinstance(src, dict) or not isinstance(src.get("title"), str):
            add(sources, sid, f'source "{sid}" needs a "title"')
            continue
        for k in src:
            if k not in _SOURCE_KEYS:
                add(
                    src,
                    k,
                    f'unknown key "{k}" in source "{sid}" (allowed: {", ".join(_SOURCE_KEYS)})',
                )

    criterion_ids: list[str] = []
    rated_ids: list[str] = []
    for crit, cid in _items_with_ids(raw, "criteria", "criterion", _CRITERION_KEYS, add):
        criterion_ids.append(cid)
        computed = crit.get("computed")
        if computed not in (None, False, *COMPUTED_KINDS):
            add(
                crit,
                "computed",
                f"unknown computed kind {computed!r} (allowed: {', '.join(COMPUTED_KINDS)})",
            )
        if not computed:
            rated_ids.append(cid)

    profiles = raw.get("profiles") or {}
    if not isinstance(profiles, dict):
        add(raw, "profiles", '"profiles" must map project types to {description, weights}')
        profiles = {}
    for pid, prof in profiles.items():
        if not isinstance(prof, dict):
            add(profiles, pid, f'profile "{pid}" must be a mapping with "weights"')
            continue
        for k in prof:
            if k not in _PROFILE_KEYS:
                add(
                    prof,
                    k,
                    f'unknown key "{k}" in profile "{pid}"{did_you_mean(str(k), _PROFILE_KEYS)}',
                )
        weights = prof.get("weights") or {}
        if not isinstance(weights, dict):
            add(prof, "weights", f'profile "{pid}" weights must map criterion ids to numbers')
            continue
        for cid, w in weights.items():
            if cid not in criterion_ids:
                add(
                    weights,
                    cid,
                    f'unknown criterion "{cid}" in profile "{pid}"'
                    f"{did_you_mean(str(cid), criterion_ids)}",
                )
            elif not _is_number(w) or w < 0:
                add(
                    weights,
                    cid,
                    f'weight of "{cid}" in profile "{pid}" must be a number >= 0, got {w!r}',
                )

    for cand, cand_id in _items_with_ids(raw, "candidates", "candidate", _CANDIDATE_KEYS, add):
        if not isinstance(cand.get("name"), str):
            add(cand, "id", f'candidate "{cand_id}" needs a "name"')
        caps = cand.get("capabilities", [])
        if not isinstance(caps, list) or not all(isinstance(c, str) for c in caps):
            add(cand, "capabilities", f'capabilities of "{cand_id}" must be a list of tags')
        others = cand.get("other_languages", [])
        if not isinstance(others, list) or not all(isinstance(x, str) for x in others):
            add(
                cand,
                "other_languages",
                f'other_languages of "{cand_id}" must be a list of language ids',
            )
        ratings = cand.get("ratings") or {}
        if not isinstance(ratings, dict):
            add(cand, "ratings", f'ratings of "{cand_id}" must map criterion ids to ratings')
            continue
        for cid in rated_ids:
            if cid not in ratings:
                add(
                    cand,
                    "ratings",
                    f'candidate "{cand_id}" has no rating for "{cid}" (use value: null '
                    "and confidence: unrated when unknown)",
                )
        for cid, rating in ratings.items():
            _validate_rating(cand_id, cid, rating, ratings, criterion_ids, rated_ids, sources, add)
    return sorted(problems, key=lambda p: (p.line or 0, p.message))


def _items_with_ids(
    raw: dict[str, Any],
    key: str,
    noun: str,
    allowed: tuple[str, ...],
    add: Callable[[Any, Any, str], None],
) -> Iterator[tuple[dict[str, Any], str]]:
    """Each entry of the list ``raw[key]`` that has an id, after the checks every such list
    shares: a non-empty list, an id per entry, lower-case, unique, only ``allowed`` keys."""
    items = raw.get(key) or []
    if not isinstance(items, list) or not items:
        add(raw, key, f'"{key}" must be a non-empty list')
        return
    seen: list[str] = []
    for i, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            add(items, i, f'each {noun} needs an "id"')
            continue
        item_id = item["id"]
        if not _ID.match(item_id):
            add(item, "id", f"{noun} id must be lower-case, got {item_id!r}")
        if item_id in seen:
            add(item, "id", f'duplicate {noun} id "{item_id}"')
        seen.append(item_id)
        for k in item:
            if k not in allowed:
                add(
                    item,
                    k,
                    f'unknown key "{k}" in {noun} "{item_id}"{did_you_mean(str(k), allowed)}',
                )
        yield item, item_id


def _validate_rating(
    cand_id: str,
    cid: Any,
    rating: Any,
    ratings: Any,
    criterion_ids: list[str],
    rated_ids: list[str],
    sources: Any,
    add: Any,
) -> None:
    label = f"{cand_id}.{cid}"
    if cid not in criterion_ids:
        add(
            ratings,
            cid,
            f'unknown criterion "{cid}" in ratings of "{cand_id}"'
            f"{did_you_mean(str(cid), criterion_ids)}",
        )
        return
    if cid not in rated_ids:
        add(ratings, cid, f'"{cid}" is computed by the engine; remove its rating from "{cand_id}"')
        return
    if not isinstance(rating, dict):
        add(
            ratings, cid, f"rating {label} must be a mapping with value, source, reason, confidence"
        )
        return
    for k in rating:
        if k not in _RATING_KEYS:
            add(
                rating,
                k,
                f'unknown key "{k}" in rating {label} (allowed: {", ".join(_RATING_KEYS)})',
            )
    if "value" not in rating:
        add(rating, None, f"rating {label} needs a value (1-5, or null when unrated)")
    value = rating.get("value")
    if value is not None and (
        not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5
    ):
        add(rating, "value", f"rating {label} must be an integer 1-5 or null, got {value!r}")
    source = rating.get("source")
    ids = [source] if isinstance(source, str) else source
    if not ids or not isinstance(ids, list) or not all(isinstance(s, str) for s in ids):
        add(rating, None, f"rating {label} needs a source (one or more source ids)")
    else:
        for sid in ids:
            if sid not in sources:
                add(
                    rating,
                    "source",
                    f'rating {label} cites unknown source "{sid}"'
                    f"{did_you_mean(sid, [str(s) for s in sources])}",
                )
    reason = rating.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        add(rating, None, f"rating {label} needs a one-line reason")
    elif "\n" in reason.strip():
        add(rating, "reason", f"the reason of rating {label} must be one line")
    confidence = rating.get("confidence")
    if confidence not in CONFIDENCES:
        add(
            rating,
            "confidence" if "confidence" in rating else None,
            f"rating {label} has confidence {confidence!r} (allowed: {', '.join(CONFIDENCES)})"
            f"{did_you_mean(str(confidence), CONFIDENCES)}",
        )
    elif (confidence == "unrated") != (value is None):
        add(
            rating,
            "confidence",
            f"rating {label}: confidence unrated goes with value null, and only then",
        )


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


# --------------------------------------------------------------------------- building


def build_catalog(
    data: dict[str, Any], *, path: str | None = None, origin: str = "package"
) -> Catalog:
    """A Catalog from validated plain data."""
    criteria = tuple(
        Criterion(
            id=c["id"],
            name=str(c.get("name") or c["id"]),
            description=str(c.get("description", "")),
            computed=bool(c.get("computed")),
            computed_kind=str(c["computed"]) if c.get("computed") else None,
        )
        for c in data["criteria"]
    )
    candidates = []
    for cand in data["candidates"]:
        ratings = {}
        for cid, r in (cand.get("ratings") or {}).items():
            source = r.get("source")
            ratings[cid] = Rating(
                value=r.get("value"),
                sources=tuple([source] if isinstance(source, str) else source or []),
                reason=str(r.get("reason", "")).strip(),
                confidence=str(r.get("confidence", "secondary")),
                rule=r.get("rule"),
            )
        candidates.append(
            Candidate(
                id=cand["id"],
                name=cand.get("name", cand["id"]),
                language=cand.get("language"),
                kind=str(cand.get("kind", "")),
                capabilities=tuple(cand.get("capabilities") or ()),
                other_languages=tuple(cand.get("other_languages") or ()),
                summary=str(cand.get("summary", "")),
                ratings=ratings,
            )
        )
    sources = {
        str(sid): Source(
            id=str(sid),
            title=str(s["title"]),
            url=s.get("url"),
            as_of=None if s.get("as_of") is None else str(s.get("as_of")),
        )
        for sid, s in (data.get("sources") or {}).items()
    }
    profiles = {
        str(pid): Profile(
            id=str(pid),
            description=str(p.get("description", "")),
            weights={str(k): float(v) for k, v in (p.get("weights") or {}).items()},
        )
        for pid, p in (data.get("profiles") or {}).items()
    }
    return Catalog(
        id=data["id"],
        version=str(data["version"]),
        title=str(data["title"]),
        topic=data["topic"],
        criteria=criteria,
        candidates=tuple(candidates),
        sources=sources,
        profiles=profiles,
        unrated_value=float(data.get("unrated_value", 3)),
        path=path,
        origin=origin,
        content_sha256=canonical_sha256(data),
    )


def load_catalog_file(
    path: Path, *, origin: str = "package", display: str | None = None, cache: bool = False
) -> Catalog:
    """Load and validate one catalog file; the first problem raises ConfigError.

    With ``cache`` (packaged catalogs only, see ``adrtool.decision.cache``) the validated
    data is read from / written to the per-user cache, keyed by the file's exact text.
    """
    if cache:
        return _load_catalog_cached(path, origin=origin, display=display)
    problems, data = check_catalog_file(path, display=display)
    if problems:
        raise _catalog_error(problems, display or str(path))
    assert data is not None
    return build_catalog(data, path=display or str(path), origin=origin)


def check_catalog_file(
    path: Path, *, display: str | None = None
) -> tuple[list[Problem], dict[str, Any] | None]:
    """All problems of one catalog file, and its plain data when it has none."""
    from adrtool.yamlio import read_text

    return _check_catalog_text(read_text(path), Path(display) if display else path)


def _load_catalog_cached(path: Path, *, origin: str, display: str | None) -> Catalog:
    from adrtool.decision import cache
    from adrtool.yamlio import read_text

    shown = display or str(path)
    text = read_text(path)
    data = cache.read_entry("catalog", text)
    if isinstance(data, dict) and not validate_catalog_node(data, shown):
        return build_catalog(data, path=shown, origin=origin)
    problems, data = _check_catalog_text(text, path if display is None else Path(display))
    if problems:
        raise _catalog_error(problems, shown)
    assert data is not None
    exact = cache.as_json_data(data)
    if exact is not None:
        cache.write_entry("catalog", text, exact)
        data = exact
    return build_catalog(data, path=shown, origin=origin)


def _check_catalog_text(text: str, shown: Path) -> tuple[list[Problem], dict[str, Any] | None]:
    from adrtool.yamlio import load_yaml, plain

    raw = load_yaml(shown, text)
    problems = validate_catalog_node(raw, shown)
    return problems, (None if problems else plain(raw))


def _catalog_error(problems: list[Problem], shown: str) -> ConfigError:
    """The first problem as the error; the hint points at ``catalog validate`` for the rest."""
    more = f'run "adrtool catalog validate {shown}" to see every problem'
    return ConfigError(str(problems[0]), hint=more if len(problems) > 1 else None)


# --------------------------------------------------------------------------- the checklist


def load_checklist(path: Path | None = None) -> Checklist:
    """The packaged checklist (``criteria/checklist.yaml``), validated.

    The packaged one (no ``path``) goes through the per-user cache (``decision.cache``).
    """
    from adrtool.resources import data_dir

    if path is not None:
        return _load_checklist_text(path, None)
    from adrtool.decision import cache
    from adrtool.yamlio import read_text

    path = data_dir("criteria") / CHECKLIST_FILE
    text = read_text(path)
    data = cache.read_entry("checklist", text)
    if isinstance(data, dict):
        try:
            return _build_checklist(path, data, None)
        except (ConfigError, KeyError, TypeError, ValueError, AttributeError):
            pass  # a damaged entry: parse the file as usual and rewrite it
    return _load_checklist_text(path, text)


def _load_checklist_text(path: Path, text: str | None) -> Checklist:
    """Parse and validate a checklist file (its ``text`` when already read)."""
    from adrtool.yamlio import line_of, load_yaml, plain

    raw = load_yaml(path, text)
    if not isinstance(raw, dict) or not isinstance(raw.get("questions"), list):
        raise ConfigError(located(path, line_of(raw), 'the checklist needs a "questions" list'))
    data = plain(raw)
    if text is not None:
        from adrtool.decision import cache

        exact = cache.as_json_data(data)
        if exact is not None:
            checklist = _build_checklist(path, exact, raw)
            cache.write_entry("checklist", text, exact)
            return checklist
    return _build_checklist(path, data, raw)


def _build_checklist(path: Path, data: dict[str, Any], raw: Any) -> Checklist:
    """A Checklist from plain ``data``; ``raw`` (round-trip nodes) gives error lines."""
    from adrtool.yamlio import line_of

    if not isinstance(data.get("questions"), list):
        raise ConfigError(located(path, None, 'the checklist needs a "questions" list'))
    questions = []
    for i, q in enumerate(data["questions"]):
        node = raw["questions"][i] if raw is not None else None
        if not isinstance(q, dict) or "key" not in q:
            raise ConfigError(
                located(
                    path,
                    line_of(raw["questions"], i) if raw is not None else None,
                    'each question needs a "key"',
                )
            )
        effects: dict[str, tuple[Effect, ...]] = {}
        for answer, moves in (q.get("effects") or {}).items():
            line = line_of(node.get("effects", {}), answer) if node is not None else None
            effects[str(answer)] = tuple(
                _parse_effect(path, line, crit, spec) for crit, spec in (moves or {}).items()
            )
        questions.append(
            Question(
                key=q["key"],
                question=str(q.get("question", q["key"])),
                help=str(q.get("help", "")),
                type=str(q.get("type", "choice")),
                values=tuple(str(v) for v in q.get("values") or ()),
                default=q.get("default"),
                effects=effects,
            )
        )
    tf = data.get("team_fit") or {}
    team_fit = TeamFitRules(
        exact=float(tf.get("exact", 5)),
        language=float(tf.get("language", 4)),
        related=float(tf.get("related", 2.5)),
        none=float(tf.get("none", 0)),
        related_languages=tuple((str(a), str(b)) for a, b in tf.get("related_languages") or ()),
    )
    return Checklist(
        version=int(data.get("version", 1)),
        questions=tuple(questions),
        project_types={str(k): str(v) for k, v in (data.get("project_types") or {}).items()},
        default_project_type=str(data.get("default_project_type", "business-app")),
        languages=tuple(data.get("languages") or ()),
        integration_tags=tuple(data.get("integration_tags") or ()),
        team_fit=team_fit,
        content_sha256=canonical_sha256(_checklist_semantics(data)),
        expertise_aliases={
            str(k).lower(): str(v) for k, v in (data.get("expertise_aliases") or {}).items()
        },
    )


def _checklist_semantics(data: dict[str, Any]) -> dict[str, Any]:
    """What in a checklist can change a score: its wording (question, help, project type
    descriptions) is left out, so rewording it does not make every drafted ADR stale."""
    out = {k: v for k, v in data.items() if k not in ("questions", "project_types")}
    out["project_types"] = sorted(str(k) for k in data.get("project_types") or {})
    out["questions"] = [
        {k: v for k, v in q.items() if k not in ("question", "help")} if isinstance(q, dict) else q
        for q in data.get("questions") or []
    ]
    return out


def _parse_effect(path: Path, line: int | None, criterion: str, spec: Any) -> Effect:
    text = str(spec).strip()
    try:
        if text.startswith("x"):
            return Effect(criterion=criterion, factor=float(text[1:]))
        if text.startswith(("+", "-")):
            return Effect(criterion=criterion, add=float(text))
        if _is_number(spec):
            return Effect(criterion=criterion, factor=float(spec))
    except ValueError:
        pass
    raise ConfigError(
        located(
            path, line, f'effect on "{criterion}" must look like "x1.5" or "+0.5", got {spec!r}'
        )
    )


# --------------------------------------------------------------------------- discovery


class CatalogRegistry:
    """Every catalog visible from a repo; plugin entry points load on first use only."""

    def __init__(self, repo: Path | None = None, *, allow_plugins: bool = False) -> None:
        self.repo = repo
        self.allow_plugins = allow_plugins
        self._catalogs: dict[str, Catalog] | None = None

    def all(self) -> dict[str, Catalog]:
        if self._catalogs is None:
            self._catalogs = self._discover()
        return self._catalogs

    def get(self, catalog_id: str) -> Catalog:
        catalogs = self.all()
        if catalog_id not in catalogs:
            known = sorted(catalogs)
            raise ConfigError(
                f'unknown catalog "{catalog_id}" (known: {", ".join(known)})'
                f"{did_you_mean(catalog_id, known)}",
                hint='add one as .adrtool/criteria/<id>.yaml, or run "adrtool catalog list"',
            )
        return catalogs[catalog_id]

    def for_topic(self, topic: str) -> Catalog:
        """The catalog for ``topic`` (its id, or the one catalog whose topic it is)."""
        catalogs = self.all()
        if topic in catalogs:
            return catalogs[topic]
        matches = sorted((c for c in catalogs.values() if c.topic == topic), key=lambda c: c.id)
        if matches:
            return matches[0]
        return self.get(topic)

    def _discover(self) -> dict[str, Catalog]:
        from adrtool.resources import data_dir

        found: dict[str, Catalog] = {}
        for path in _catalog_files(data_dir("criteria")):
            cat = load_catalog_file(
                path, origin="package", display=f"criteria/{path.name}", cache=True
            )
            found[cat.id] = cat
        if self.allow_plugins:
            for cat in _plugin_catalogs():
                found[cat.id] = cat
        if self.repo is not None:
            folder = self.repo / ".adrtool" / "criteria"
            for path in _catalog_files(folder):
                rel = path.relative_to(self.repo).as_posix()
                cat = load_catalog_file(path, origin="repo", display=rel)
                found[cat.id] = cat
        return found


def _catalog_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.yaml") if p.name != CHECKLIST_FILE and p.is_file())


def _plugin_catalogs() -> Iterable[Catalog]:
    """Catalogs from entry points ``adrtool.catalogs``: each loads to a path (file or folder),
    a dict (catalog data) or a callable returning one of those or a list of them."""
    from importlib.metadata import entry_points

    for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        obj = ep.load()
        if callable(obj) and not isinstance(obj, (str, Path)):
            obj = obj()
        items = obj if isinstance(obj, (list, tuple)) else [obj]
        for item in items:
            origin = f"plugin:{ep.name}"
            if isinstance(item, dict):
                from adrtool.yamlio import dump_yaml, load_yaml

                display = f"<plugin {ep.name}>"
                raw = load_yaml(Path(display), dump_yaml(item))
                problems = validate_catalog_node(raw, display)
                if problems:
                    raise ConfigError(str(problems[0]))
                yield build_catalog(item, path=display, origin=origin)
            else:
                path = Path(str(item))
                for file in _catalog_files(path) if path.is_dir() else [path]:
                    yield load_catalog_file(file, origin=origin)
