"""Catalogs: the shipped data is valid and sourced; bad catalogs give file:line problems."""

from __future__ import annotations

import sys
import textwrap
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest

from adrtool.decision.catalog import (
    CatalogRegistry,
    build_catalog,
    load_catalog_file,
    load_checklist,
    validate_catalog_node,
)
from adrtool.errors import ConfigError
from adrtool.resources import data_dir
from adrtool.yamlio import load_yaml, plain

SHIPPED = sorted(p for p in data_dir("criteria").glob("*.yaml") if p.name != "checklist.yaml")
CANDIDATE_IDS = {
    "django",
    "fastapi",
    "flask",
    "express",
    "nestjs",
    "spring-boot",
    "aspnet-core",
    "rails",
    "laravel",
    "gin",
    "phoenix",
}
REQUIRED_CRITERIA = {
    "productivity",
    "performance",
    "scalability",
    "security",
    "ecosystem",
    "maturity",
    "hiring",
    "maintenance",
    "api_tooling",
    "realtime",
    "cloud",
    "learning_curve",
    "team_fit",
}
LANGUAGES = {
    "python",
    "javascript",
    "typescript",
    "java",
    "kotlin",
    "csharp",
    "ruby",
    "php",
    "go",
    "elixir",
}


@pytest.fixture(scope="module")
def backend():
    return load_catalog_file(data_dir("criteria") / "backend-frameworks.yaml")


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_catalog_is_valid(path: Path) -> None:
    raw = load_yaml(path)
    assert validate_catalog_node(raw, path) == []
    cat = build_catalog(plain(raw))
    assert cat.candidates and cat.criteria


def test_at_least_two_catalogs_ship() -> None:
    assert {p.stem for p in SHIPPED} >= {"backend-frameworks", "message-queues"}


def test_backend_catalog_has_the_contract_ids(backend) -> None:
    assert backend.topic == "backend-framework"
    assert {c.id for c in backend.candidates} == CANDIDATE_IDS
    assert {c.id for c in backend.criteria} >= REQUIRED_CRITERIA
    assert backend.criterion("team_fit").computed
    assert set(backend.profiles) == {
        "mvp",
        "business-app",
        "enterprise",
        "api",
        "high-performance",
        "real-time",
    }
    assert all(c.language in LANGUAGES for c in backend.candidates)


def test_every_rating_is_sourced_reasoned_and_consistent(backend) -> None:
    rated = [c.id for c in backend.criteria if not c.computed]
    for cand in backend.candidates:
        assert set(cand.ratings) == set(rated), cand.id
        for cid, r in cand.ratings.items():
            assert r.sources and all(s in backend.sources for s in r.sources), (cand.id, cid)
            assert r.reason and "\n" not in r.reason, (cand.id, cid)
            assert r.confidence in ("primary", "secondary", "stars-only", "unrated")
            assert (r.value is None) == (r.confidence == "unrated"), (cand.id, cid)
            assert r.value is None or 1 <= r.value <= 5


def test_sources_have_titles_and_dates(backend) -> None:
    for s in backend.sources.values():
        assert s.title and s.as_of, s.id


@pytest.mark.parametrize(
    ("cand", "crit", "value"),
    [
        # R-SEC worked examples of the reference sheet
        ("django", "security", 5),
        ("aspnet-core", "security", 5),
        ("laravel", "security", 5),
        ("rails", "security", 4),
        ("phoenix", "security", 4),
        ("spring-boot", "security", 4),
        ("nestjs", "security", 3),
        ("express", "security", 3),
        ("fastapi", "security", 2),
        ("flask", "security", 2),
        ("gin", "security", 1),
        # R-PERF: only six frameworks have a number; the rest stay unrated
        ("aspnet-core", "performance", 5),
        ("spring-boot", "performance", 4),
        ("express", "performance", 3),
        ("rails", "performance", 2),
        ("django", "performance", 2),
        ("laravel", "performance", 1),
        ("fastapi", "performance", None),
        ("gin", "performance", None),
        ("phoenix", "performance", None),
        # R-MAT and R-MAINT
        ("rails", "maturity", 5),
        ("fastapi", "maturity", 3),
        ("nestjs", "maturity", 3),
        ("django", "maintenance", 5),
        ("aspnet-core", "maintenance", 5),
        ("rails", "maintenance", 4),
        ("phoenix", "maintenance", 4),
        ("express", "maintenance", 3),
        ("fastapi", "maintenance", 1),
        # R-HIRE: no verified figures at all
        ("django", "hiring", None),
        ("spring-boot", "hiring", None),
        # R-POP stars-only
        ("fastapi", "ecosystem", 5),
        ("phoenix", "ecosystem", 1),
    ],
)
def test_ratings_follow_the_reference_rules(
    backend, cand: str, crit: str, value: int | None
) -> None:
    assert backend.candidate(cand).ratings[crit].value == value


# The reference sheet's inputs (frameworks.md: section 1 first releases, section 3 capability
# cells, section 5.2 stars, section 11 the guide's lists), typed in once so every rule that is
# plain arithmetic is recomputed here instead of trusted.
# id: (R-FEAT sum, OpenAPI cell, validation cell, WebSockets cell, async cell, first year, stars)
SHEET = {
    "django": (10.75, "3P", "Y", "F", "P", 2005, 88_588),
    "fastapi": (8.5, "Y", "Y", "Y", "Y", 2018, 101_745),
    "flask": (2.5, "3P", "3P", "3P", "P", 2010, 72_133),
    "express": (1.25, "3P", "3P", "3P", "P", 2010, 69_386),
    "nestjs": (8.5, "F", "Y", "F", "Y", 2017, 76_421),
    "spring-boot": (9.75, "3P", "F", "F", "Y", 2014, 81_334),
    "aspnet-core": (12.0, "Y", "Y", "Y", "Y", 2016, 38_389),
    "rails": (9.5, "N", "Y", "Y", "P", 2004, 58_701),
    "laravel": (11.25, "N", "Y", "F", "P", 2011, 34_875),
    "gin": (3.0, "3P", "Y", "3P", "Y", 2014, 89_099),
    "phoenix": (8.5, "3P", "F", "Y", "Y", 2014, 23_130),
}
GUIDE_DELIVERY = {"django", "laravel", "rails"}  # "named for accelerating delivery"
GUIDE_API_FIRST = {"fastapi", "nestjs", "express", "aspnet-core"}
GUIDE_REAL_TIME = {"phoenix", "express", "nestjs"}  # Phoenix and "Node.js-based solutions"
GUIDE_SCALE = {"gin", "fastapi", "aspnet-core", "phoenix", "spring-boot", "nestjs"}


def _band(x: float, cuts: tuple[float, ...]) -> int:
    """1 + how many of the ascending ``cuts`` x reaches."""
    return 1 + sum(x >= c for c in cuts)


def _expected(cid: str) -> dict[str, int]:
    feat, openapi, validation, ws, asynchronous, year, stars = SHEET[cid]
    feat_band = _band(feat, (3, 6, 9, 11))
    api = {"Y": 2, "F": 1.5, "3P": 0.5, "N": 0}[openapi] + {"Y": 1, "F": 0.75}.get(validation, 0)
    api += cid in GUIDE_API_FIRST
    age = 2026 - year
    return {
        "productivity": min(5, feat_band + (cid in GUIDE_DELIVERY)),
        "learning_curve": min(4, max(2, 6 - feat_band)),
        "api_tooling": _band(api, (0.75, 1.5, 2.5, 3.5)),
        "realtime": min(5, {"Y": 4, "F": 3, "P": 2}.get(ws, 1) + (cid in GUIDE_REAL_TIME)),
        "scalability": {"Y": 4, "P": 3}[asynchronous] + (cid in GUIDE_SCALE),
        "maturity": _band(age, (3, 6, 10, 15)),
        "ecosystem": _band(stars, (25_000, 45_000, 65_000, 85_000)),
    }


@pytest.mark.parametrize("cid", sorted(SHEET))
def test_rule_ratings_recomputed_from_the_sheet(backend, cid: str) -> None:
    ratings = backend.candidate(cid).ratings
    assert {k: ratings[k].value for k in _expected(cid)} == _expected(cid)


def test_stars_only_ratings_are_flagged(backend) -> None:
    assert {c.ratings["ecosystem"].confidence for c in backend.candidates} == {"stars-only"}


GOOD = """\
id: demo
version: "1"
title: Demo
topic: demo
sources:
  S1: {title: A source}
criteria:
  - {id: speed, name: Speed}
  - {id: team_fit, name: Team fit, computed: team_fit}
profiles:
  default:
    weights: {speed: 1, team_fit: 2}
candidates:
  - id: a
    name: A
    ratings:
      speed: {value: 3, source: S1, reason: fast enough, confidence: primary}
"""


def problems_of(text: str) -> list[str]:
    return [str(p) for p in validate_catalog_node(load_yaml(Path("c.yaml"), text), "c.yaml")]


def test_minimal_catalog_is_valid() -> None:
    assert problems_of(GOOD) == []


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("value: 3", "value: 6", "c.yaml:17: rating a.speed must be an integer 1-5 or null, got 6"),
        ("value: 3", "value: 0", "c.yaml:17: rating a.speed must be an integer 1-5 or null, got 0"),
        (
            "value: 3",
            "value: high",
            "c.yaml:17: rating a.speed must be an integer 1-5 or null, got 'high'",
        ),
        ("source: S1, ", "", "c.yaml:17: rating a.speed needs a source (one or more source ids)"),
        (
            "source: S1",
            "source: S1x",
            'c.yaml:17: rating a.speed cites unknown source "S1x" (did you mean "S1"?)',
        ),
        ("reason: fast enough, ", "", "c.yaml:17: rating a.speed needs a one-line reason"),
        (
            "confidence: primary",
            "confidence: primray",
            "c.yaml:17: rating a.speed has confidence 'primray' (allowed: primary, secondary, "
            'stars-only, unrated) (did you mean "primary"?)',
        ),
        (
            "value: 3",
            "value: null",
            "c.yaml:17: rating a.speed: confidence unrated goes with value null, and only then",
        ),
        (
            "      speed:",
            "      sped:",
            'c.yaml:17: unknown criterion "sped" in ratings of "a" (did you mean "speed"?)',
        ),
        ("title: Demo", "titel: Demo", 'c.yaml:3: unknown key "titel" (did you mean "title"?)'),
        (
            "id: demo",
            "id: Demo Catalog",
            'c.yaml:1: "id" must be a lower-case id (a-z, 0-9, "-", "_"), got \'Demo Catalog\'',
        ),
        (
            "{speed: 1, team_fit: 2}",
            "{speed: -1, team_fit: 2}",
            'c.yaml:12: weight of "speed" in profile "default" must be a number >= 0, got -1',
        ),
        (
            "{speed: 1, team_fit: 2}",
            "{sped: 1, team_fit: 2}",
            'c.yaml:12: unknown criterion "sped" in profile "default" (did you mean "speed"?)',
        ),
        (
            "computed: team_fit",
            "computed: magic",
            "c.yaml:9: unknown computed kind 'magic' (allowed: team_fit, integration_fit)",
        ),
    ],
)
def test_bad_catalogs_name_file_line_and_fix(old: str, new: str, expected: str) -> None:
    text = GOOD.replace(old, new, 1)
    assert text != GOOD
    assert expected in problems_of(text)


def test_missing_rating_and_duplicate_candidate() -> None:
    text = GOOD + "  - id: a\n    name: Again\n    ratings: {}\n"
    found = problems_of(text)
    assert 'c.yaml:18: duplicate candidate id "a"' in found
    assert any('candidate "a" has no rating for "speed"' in p for p in found)


def test_rating_a_computed_criterion_is_an_error() -> None:
    text = GOOD + "      team_fit: {value: 3, source: S1, reason: x, confidence: primary}\n"
    assert (
        'c.yaml:18: "team_fit" is computed by the engine; remove its rating from "a"'
        in problems_of(text)
    )


def test_not_a_mapping() -> None:
    assert problems_of("- a\n- b\n") == ["c.yaml:1: a catalog must be a mapping of keys"]


def test_load_raises_the_first_problem_with_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        GOOD.replace("value: 3", "value: 9").replace("S1, reason", "S9, reason"), encoding="utf-8"
    )
    with pytest.raises(ConfigError) as e:
        load_catalog_file(path)
    assert str(e.value).startswith(f"{path}:17: rating a.speed")
    assert e.value.hint and "catalog validate" in e.value.hint


def test_checklist_has_the_ten_contract_questions() -> None:
    ck = load_checklist()
    assert [q.key for q in ck.questions] == [
        "project_complexity",
        "traffic_growth",
        "security_requirements",
        "development_timeline",
        "internal_expertise",
        "hiring_availability",
        "ecosystem_maturity",
        "cloud_deployment",
        "maintenance_horizon",
        "integration_requirements",
    ]
    assert ck.question("traffic_growth").values == ("low", "moderate", "high", "extreme")
    assert ck.question("cloud_deployment").values == (
        "on-premises",
        "paas",
        "containers",
        "kubernetes",
        "serverless",
    )
    assert set(ck.integration_tags) == {
        "ai-ml",
        "microsoft",
        "real-time",
        "admin-ui",
        "payments",
        "mobile-api",
        "third-party-apis",
        "legacy-systems",
        "graphql",
        "messaging",
        "data-pipelines",
    }
    assert set(ck.languages) == LANGUAGES
    for q in ck.questions:
        if q.type == "choice":
            assert q.default in q.values and set(q.effects) <= set(q.values), q.key
    sec = {e.criterion: e.factor for e in ck.question("security_requirements").effects["high"]}
    assert sec == {"security": 1.5}


def test_repo_catalog_overrides_the_packaged_one(tmp_path: Path) -> None:
    folder = tmp_path / ".adrtool" / "criteria"
    folder.mkdir(parents=True)
    (folder / "mine.yaml").write_text(
        GOOD.replace("id: demo", "id: backend-frameworks"), encoding="utf-8"
    )
    (folder / "queues.yaml").write_text(GOOD.replace("id: demo", "id: my-topic"), encoding="utf-8")
    cats = CatalogRegistry(tmp_path).all()
    assert cats["backend-frameworks"].origin == "repo"
    assert cats["backend-frameworks"].path == ".adrtool/criteria/mine.yaml"
    assert cats["my-topic"].title == "Demo"
    assert cats["message-queues"].origin == "package"


def test_bad_repo_catalog_names_its_repo_path(tmp_path: Path) -> None:
    folder = tmp_path / ".adrtool" / "criteria"
    folder.mkdir(parents=True)
    (folder / "x.yaml").write_text(GOOD.replace("value: 3", "value: 7"), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"^\.adrtool/criteria/x\.yaml:17: rating a\.speed"):
        CatalogRegistry(tmp_path).all()


def test_unknown_catalog_suggests(tmp_path: Path) -> None:
    with pytest.raises(
        ConfigError, match='unknown catalog "backend-framewrks".*did you mean "backend-frameworks"'
    ):
        CatalogRegistry(tmp_path).get("backend-framewrks")


@pytest.fixture
def plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A real module on sys.path, exposed through a real EntryPoint object."""
    mod = tmp_path / "plugmod"
    mod.mkdir()
    (mod / "demo.yaml").write_text(GOOD.replace("id: demo", "id: plugged"), encoding="utf-8")
    (mod / "__init__.py").write_text(
        "from pathlib import Path\nCATALOGS = Path(__file__).parent\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "plugmod", raising=False)
    ep = EntryPoint(name="demo", value="plugmod:CATALOGS", group="adrtool.catalogs")
    import importlib.metadata

    monkeypatch.setattr(
        importlib.metadata,
        "entry_points",
        lambda group=None: [ep] if group == "adrtool.catalogs" else [],
    )
    return tmp_path


def test_plugins_are_not_imported_unless_allowed(plugin: Path) -> None:
    cats = CatalogRegistry(plugin, allow_plugins=False).all()
    assert "plugged" not in cats
    assert "plugmod" not in sys.modules


def test_plugins_load_lazily_when_allowed(plugin: Path) -> None:
    registry = CatalogRegistry(plugin, allow_plugins=True)
    assert "plugmod" not in sys.modules  # nothing happens until first use
    assert registry.get("plugged").origin == "plugin:demo"
    assert "plugmod" in sys.modules


def test_message_queue_catalog_is_honest_about_unrated() -> None:
    cat = load_catalog_file(data_dir("criteria") / "message-queues.yaml")
    assert cat.topic == "message-queue"
    perf = {c.id: c.ratings["performance"].value for c in cat.candidates}
    assert perf == {"rabbitmq": None, "kafka": None, "nats": None}


def test_catalog_hash_changes_with_content() -> None:
    a = build_catalog(plain(load_yaml(Path("a.yaml"), GOOD)))
    b = build_catalog(plain(load_yaml(Path("b.yaml"), GOOD.replace("value: 3", "value: 4"))))
    c = build_catalog(plain(load_yaml(Path("c.yaml"), textwrap.dedent(GOOD))))
    assert a.content_sha256 != b.content_sha256
    assert a.content_sha256 == c.content_sha256


def test_every_checklist_effect_names_a_backend_criterion(backend) -> None:
    criteria = {c.id for c in backend.criteria}
    ck = load_checklist()
    for q in ck.questions:
        for answer, effects in q.effects.items():
            assert answer in (*q.values, "empty", "each", *ck.integration_tags), (q.key, answer)
            for e in effects:
                assert e.criterion in criteria, (q.key, answer, e.criterion)
                assert e.factor >= 0


def test_checklist_hash_ignores_wording_but_not_effects(tmp_path: Path) -> None:
    """Rewording a question or its help must not make every drafted ADR stale; changing what
    an answer does must."""
    original = (data_dir("criteria") / "checklist.yaml").read_text(encoding="utf-8")
    base = load_checklist().content_sha256

    def hash_of(text: str) -> str:
        path = tmp_path / "checklist.yaml"
        path.write_text(text, encoding="utf-8")
        return load_checklist(path).content_sha256

    reworded = original.replace("Where will it run?", "Where will it be deployed?")
    reworded = reworded.replace("Startup MVP: validate fast", "Startup MVP: learn fast")
    assert reworded != original and hash_of(reworded) == base
    moved = original.replace("high: {security: x1.5}", "high: {security: x1.6}")
    assert moved != original and hash_of(moved) != base
