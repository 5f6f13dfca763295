"""Golden ADRs: the real catalog and engine, fixed inputs, compared byte for byte.

Each case is a project a team could plausibly have; the rendered records were read and
judged for wording. After an intended change: ``pytest --update-golden`` and review the diff.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

import pytest
from markdown_it import MarkdownIt

from adrtool.decision.answers import GivenAnswers, complete_answers
from adrtool.decision.catalog import load_catalog_file, load_checklist
from adrtool.decision.context import DraftInfo, build_context, default_title
from adrtool.decision.model import Catalog, Checklist
from adrtool.decision.scoring import decide
from adrtool.render import render
from adrtool.resources import data_dir
from adrtool.scan.profile import Evidence, ProjectProfile

TODAY = date(2026, 11, 23)


def _profile(
    name: str,
    langs: tuple[str, ...],
    deploy: tuple[str, ...] = (),
    manifest: str = "pyproject.toml",
    frameworks: tuple[str, ...] = (),
) -> ProjectProfile:
    evidence = [Evidence("language", lang, manifest) for lang in langs]
    evidence += [
        Evidence("deployment", d, "Dockerfile" if d == "docker" else "k8s/deploy.yaml")
        for d in deploy
    ]
    evidence += [Evidence("framework", f, manifest) for f in frameworks]
    return ProjectProfile(
        name=name,
        languages=langs,
        frameworks=frameworks,
        deployment=deploy,
        evidence=tuple(evidence),
        contributors=4,
    )


CASES: dict[str, tuple[GivenAnswers, ProjectProfile]] = {
    "mvp": (
        GivenAnswers(
            project_name="Tasklet",
            project_type="mvp",
            checklist={
                "project_complexity": "low",
                "development_timeline": "urgent",
                "internal_expertise": ("javascript",),
                "hiring_availability": "low",
                "traffic_growth": "low",
                "cloud_deployment": "paas",
            },
        ),
        _profile("tasklet", ("javascript",), manifest="package.json"),
    ),
    "business-app": (
        GivenAnswers(
            project_name="Ledgerly",
            project_type="business-app",
            checklist={
                "project_complexity": "high",
                "traffic_growth": "moderate",
                "security_requirements": "high",
                "development_timeline": "normal",
                "internal_expertise": ("python",),
                "hiring_availability": "medium",
                "ecosystem_maturity": "high",
                "cloud_deployment": "containers",
                "maintenance_horizon": "long",
                "integration_requirements": ("admin-ui", "payments"),
            },
            constraints_exclude=("flask",),
            weights={"security": 1.5},
        ),
        _profile("ledgerly", ("python",), ("docker",)),
    ),
    "enterprise": (
        GivenAnswers(
            project_name="Claimsdesk",
            project_type="enterprise",
            checklist={
                "project_complexity": "high",
                "security_requirements": "regulated",
                "maintenance_horizon": "long",
                "hiring_availability": "high",
                "integration_requirements": ("legacy-systems", "messaging"),
                "cloud_deployment": "kubernetes",
            },
        ),
        _profile("claimsdesk", ("java", "kotlin"), ("docker", "kubernetes"), manifest="pom.xml"),
    ),
    "api": (
        GivenAnswers(
            project_name="Routewise",
            project_type="api",
            checklist={
                "traffic_growth": "high",
                "internal_expertise": ("python", "typescript"),
                "integration_requirements": ("mobile-api", "third-party-apis"),
                "cloud_deployment": "serverless",
                "development_timeline": "urgent",
            },
        ),
        _profile("routewise", ("python", "typescript"), manifest="pyproject.toml"),
    ),
    "high-performance": (
        GivenAnswers(
            project_name="Tickstream",
            project_type="high-performance",
            checklist={
                "traffic_growth": "extreme",
                "internal_expertise": ("go",),
                "security_requirements": "high",
                "integration_requirements": ("data-pipelines",),
            },
            constraints_languages=("go", "java", "csharp", "elixir"),
        ),
        _profile("tickstream", ("go",), ("docker", "kubernetes"), manifest="go.mod"),
    ),
    "real-time": (
        GivenAnswers(
            project_name="Huddle",
            project_type="real-time",
            checklist={
                "traffic_growth": "high",
                "integration_requirements": ("real-time", "messaging"),
                "hiring_availability": "high",
            },
        ),
        _profile(
            "huddle", ("typescript",), ("docker",), manifest="package.json", frameworks=("express",)
        ),
    ),
}


@lru_cache(maxsize=1)
def _engine() -> tuple[Catalog, Checklist]:
    catalog = load_catalog_file(
        data_dir("criteria") / "backend-frameworks.yaml", display="criteria/backend-frameworks.yaml"
    )
    return catalog, load_checklist()


def render_case(case: str, template: str = "madr", number: int = 7) -> str:
    catalog, checklist = _engine()
    given, profile = CASES[case]
    answers = complete_answers(given, profile, checklist, catalog)
    result = decide(catalog, checklist, answers)
    info = DraftInfo(
        number,
        default_title(result),
        "proposed",
        TODAY,
        "0.0.0-golden",
        ".adrtool/answers/backend-framework.yaml",
    )
    return render(f"draft-{template}.md.j2", build_context(result, profile, info))


@pytest.mark.parametrize("case", sorted(CASES))
def test_golden_madr(case: str, golden: Any) -> None:
    golden(render_case(case), f"draft-{case}.md")


def test_golden_nygard(golden: Any) -> None:
    golden(render_case("business-app", "nygard", 4), "draft-business-app-nygard.md")


def test_rendering_is_deterministic() -> None:
    assert render_case("api") == render_case("api")


@pytest.mark.parametrize("template", ["madr", "nygard"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_no_stray_blank_lines(case: str, template: str) -> None:
    text = render_case(case, template)
    assert "\n\n\n" not in text
    assert text.endswith("\n") and not text.endswith("\n\n")
    assert "\r" not in text


def _tables(tokens: list[Any]) -> list[list[list[str]]]:
    """Every table as rows of cell texts (header row first)."""
    tables: list[list[list[str]]] = []
    row: list[str] | None = None
    for i, tok in enumerate(tokens):
        if tok.type == "table_open":
            tables.append([])
        elif tok.type == "tr_open":
            row = []
        elif tok.type in ("th_open", "td_open") and row is not None:
            row.append(tokens[i + 1].content)
        elif tok.type == "tr_close" and row is not None:
            tables[-1].append(row)
            row = None
    return tables


@pytest.mark.parametrize(
    ("case", "template"), [(c, "madr") for c in sorted(CASES)] + [("real-time", "nygard")]
)
def test_markdown_parses_tables_and_mermaid(case: str, template: str) -> None:
    text = render_case(case, template)
    body = text.split("\n---\n", 1)[1] if text.startswith("---\n") else text
    tokens = MarkdownIt("commonmark").enable("table").parse(body)
    tables = _tables(tokens)
    assert len(tables) >= 2
    for table in tables:
        widths = {len(r) for r in table}
        assert len(widths) == 1, table[0]  # every row has as many cells as the header
        assert all(cell.strip() for r in table for cell in r[:2])
    score_table = next(t for t in tables if t[0][:3] == ["Rank", "Option", "Score"])
    assert [r[0] for r in score_table[1:]] == [str(n) for n in range(1, len(score_table))]
    fences = [t for t in tokens if t.type == "fence"]
    mermaid = [t.content for t in fences if t.info == "mermaid"]
    assert any(m.startswith("xychart-beta\n") for m in mermaid)
    chart = next(m for m in mermaid if m.startswith("xychart-beta"))
    labels = chart.split("x-axis [", 1)[1].split("]", 1)[0]
    bars = chart.split("bar [", 1)[1].split("]", 1)[0]
    assert labels.count('"') == 2 * len(bars.split(","))
    if template == "madr":
        assert any(m.startswith("pie\n") for m in mermaid)
        headings = [
            tokens[i + 1].content
            for i, t in enumerate(tokens)
            if t.type == "heading_open" and t.tag == "h2"
        ]
        assert headings == [
            "Context and Problem Statement",
            "Decision Drivers",
            "Considered Options",
            "Decision Outcome",
            "Pros and Cons of the Options",
            "More Information",
        ]


HOSTILE = {
    "django": 'Bob\'s "Fast" Django: v2 #quot; ;',
    "fastapi": "Zürich 日本 ✓ <b>x</b> [1] {2} --> \\ end",
    "flask": "C# %% comment `tick`\nsecond line",
}
_QUOTED = r'"[^"\n`]*"'


def test_mermaid_survives_hostile_names() -> None:
    """Quotes, colons, brackets, unicode, backticks and newlines in candidate and criterion
    names (a repo catalog can hold anything) still give valid Mermaid: every label is one
    double-quoted string without a quote, backtick or line break inside. (The same shapes were
    checked with mermaid 12's own parser.)"""
    import re
    from dataclasses import replace

    catalog, checklist = _engine()
    catalog = replace(
        catalog,
        candidates=tuple(replace(c, name=HOSTILE.get(c.id, c.name)) for c in catalog.candidates),
        criteria=tuple(
            replace(c, name='Security: "hard" #35; ; | pipe') if c.id == "security" else c
            for c in catalog.criteria
        ),
    )
    given, profile = CASES["business-app"]
    result = decide(catalog, checklist, complete_answers(given, profile, checklist, catalog))
    info = DraftInfo(1, default_title(result), "proposed", TODAY, "0", None)
    text = render("draft-madr.md.j2", build_context(result, profile, info))
    blocks = re.findall(r"```mermaid\n(.*?)```", text, re.S)
    assert len(blocks) == 2
    pie = blocks[0].splitlines()
    assert pie[:2] == ["pie", "    title Share of the total weight per criterion"]
    assert all(re.fullmatch(rf"    {_QUOTED} : \d+(\.\d+)?", line) for line in pie[2:]), pie
    chart = blocks[1].splitlines()
    assert chart[0] == "xychart-beta" and chart[1] == '    title "Weighted score (0-100)"'
    axis = re.fullmatch(rf"    x-axis \[({_QUOTED}(?:, {_QUOTED})*)\]", chart[2])
    assert axis, chart[2]
    assert len(re.findall(_QUOTED, axis.group(1))) == len(result.ranking)
    assert re.fullmatch(r"    bar \[\d+\.\d(, \d+\.\d)*\]", chart[4])
    assert "Zürich 日本 ✓" in axis.group(1) and "Bob's 'Fast' Django: v2" in axis.group(1)
