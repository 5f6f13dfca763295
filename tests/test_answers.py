"""The answers file v1: validation with file:line errors, warnings, and inference from a scan."""
# ruff: noqa: E501  (expected error messages are kept whole so they can be read as printed)

from __future__ import annotations

from pathlib import Path

import pytest

from adrtool.decision.answers import (
    GivenAnswers,
    complete_answers,
    default_answers_path,
    infer_item,
    load_answers_file,
    parse_answers,
)
from adrtool.decision.catalog import load_catalog_file, load_checklist
from adrtool.errors import ConfigError
from adrtool.resources import data_dir
from adrtool.scan.profile import ProjectProfile
from adrtool.yamlio import load_yaml

CHECKLIST = load_checklist()
CATALOG = load_catalog_file(data_dir("criteria") / "backend-frameworks.yaml")

# DESIGN.md's example, verbatim.
EXAMPLE = """\
version: 1
project:
  name: Ledgerly                  # optional; defaults to the repo's own metadata
  type: business-app              # mvp | business-app | enterprise | api | high-performance | real-time
checklist:                        # the ten questions every framework choice should answer
  project_complexity: high        # low | medium | high
  traffic_growth: moderate        # low | moderate | high | extreme
  security_requirements: high     # basic | standard | high | regulated
  development_timeline: normal    # urgent | normal | relaxed
  internal_expertise: [python]    # languages or framework ids the team knows well; [] = none
  hiring_availability: medium     # how much the plan depends on hiring: low | medium | high
  ecosystem_maturity: high        # how much a mature ecosystem matters: low | medium | high
  cloud_deployment: containers    # on-premises | paas | containers | kubernetes | serverless
  maintenance_horizon: long       # short | medium | long
  integration_requirements: [admin-ui, payments]   # tags, see below
constraints:                      # optional hard filters
  languages: [python]             # only candidates in these languages
  exclude: [flask]                # never these ids
weights: {security: 1.5}          # optional multipliers on criterion weights
"""


def parse(text: str):
    return parse_answers(load_yaml(Path("a.yaml"), text), "a.yaml", CHECKLIST, CATALOG)


def test_design_example_parses() -> None:
    given = parse(EXAMPLE)
    assert given.project_name == "Ledgerly"
    assert given.project_type == "business-app"
    assert given.checklist["internal_expertise"] == ("python",)
    assert given.checklist["integration_requirements"] == ("admin-ui", "payments")
    assert len(given.checklist) == 10
    assert given.constraints_languages == ("python",)
    assert given.constraints_exclude == ("flask",)
    assert given.weights == {"security": 1.5}
    assert given.warnings == ()


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "project_complexity: high",
            "project_complexity: hgih",
            "a.yaml:6: unknown value 'hgih' for checklist.project_complexity (allowed: low, medium, high)"
            ' (did you mean "high"?)',
        ),
        (
            "traffic_growth: moderate",
            "traffic_growth: huge",
            "a.yaml:7: unknown value 'huge' for checklist.traffic_growth (allowed: low, moderate, high, extreme)",
        ),
        (
            "cloud_deployment: containers",
            "cloud_deployment: kubernets",
            "a.yaml:13: unknown value 'kubernets' for checklist.cloud_deployment (allowed: on-premises, paas, "
            'containers, kubernetes, serverless) (did you mean "kubernetes"?)',
        ),
        (
            "  traffic_growth:",
            "  trafic_growth:",
            "a.yaml:7: unknown key 'checklist.trafic_growth' (allowed: project_complexity, traffic_growth, "
            "security_requirements, development_timeline, internal_expertise, hiring_availability, "
            "ecosystem_maturity, cloud_deployment, maintenance_horizon, integration_requirements)"
            ' (did you mean "traffic_growth"?)',
        ),
        ("version: 1", "version: 2", "a.yaml:1: unsupported answers version 2 (allowed: 1)"),
        (
            "type: business-app",
            "type: busines-app",
            "a.yaml:4: unknown value 'busines-app' for project.type (allowed: mvp, business-app, enterprise, "
            'api, high-performance, real-time) (did you mean "business-app"?)',
        ),
        (
            "constraints:",
            "constraint:",
            "a.yaml:16: unknown key 'constraint' (allowed: version, project, checklist, constraints, weights)"
            ' (did you mean "constraints"?)',
        ),
        (
            "languages: [python]",
            "languages: [pyton]",
            "a.yaml:17: unknown value 'pyton' for constraints.languages (allowed: python, javascript, "
            'typescript, java, kotlin, csharp, ruby, php, go, elixir) (did you mean "python"?)',
        ),
        (
            "exclude: [flask]",
            "exclude: [flaks]",
            "a.yaml:18: unknown value 'flaks' for constraints.exclude (allowed: django, fastapi, flask, "
            "express, nestjs, spring-boot, aspnet-core, rails, laravel, gin, phoenix)"
            ' (did you mean "flask"?)',
        ),
        ("{security: 1.5}", "{securty: 1.5}", "a.yaml:19: unknown criterion 'weights.securty'"),
        (
            "{security: 1.5}",
            "{security: -1}",
            "a.yaml:19: weights.security must be a multiplier between 0 and 100, got -1",
        ),
        (
            "internal_expertise: [python]",
            "internal_expertise: 3",
            "a.yaml:10: checklist.internal_expertise must be a list of names, e.g. [python]",
        ),
        (
            "  name: Ledgerly",
            "  nmae: Ledgerly",
            "a.yaml:3: unknown key 'project.nmae' (allowed: name, type) (did you mean \"name\"?)",
        ),
    ],
)
def test_bad_answers_are_one_line_with_file_line_and_allowed(
    old: str, new: str, message: str
) -> None:
    text = EXAMPLE.replace(old, new, 1)
    assert text != EXAMPLE
    with pytest.raises(ConfigError) as e:
        parse(text)
    assert str(e.value).startswith(message)
    assert "\n" not in str(e.value)


def test_missing_version_is_an_error() -> None:
    with pytest.raises(ConfigError, match=r"^a\.yaml:1: missing 'version: 1'"):
        parse("project: {type: api}\n")


def test_not_a_mapping() -> None:
    with pytest.raises(ConfigError, match=r"^a\.yaml:1: the answers file must be a mapping"):
        parse("- version\n")


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("version: 1\nchecklist:\n  traffic_growth: [high\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"a\.yaml:\d+: invalid YAML"):
        load_answers_file(path, CHECKLIST, CATALOG)


def test_unknown_integration_tag_is_a_warning_listing_known_tags() -> None:
    given = parse(EXAMPLE.replace("[admin-ui, payments]", "[admin-ui, sap, paymnts]"))
    assert given.checklist["integration_requirements"] == ("admin-ui", "sap", "paymnts")
    assert len(given.warnings) == 2
    assert given.warnings[0].startswith("a.yaml:15: unknown integration tag 'sap'")
    assert "known: ai-ml, microsoft, real-time, admin-ui, payments" in given.warnings[0]
    assert 'did you mean "payments"?' in given.warnings[1]


@pytest.mark.parametrize(
    ("given", "normalised"),
    [
        ("[Python]", ("python",)),
        ("[c#, node, ts]", ("csharp", "javascript", "typescript")),
        ("[golang, spring]", ("go", "spring-boot")),
        ("[django, python, django]", ("django", "python")),
        ("python, java", ("python", "java")),
        ("[]", ()),
    ],
)
def test_expertise_is_normalised(given: str, normalised: tuple[str, ...]) -> None:
    parsed = parse(EXAMPLE.replace("internal_expertise: [python]", f"internal_expertise: {given}"))
    assert parsed.checklist["internal_expertise"] == normalised
    assert parsed.warnings == ()


def test_unknown_expertise_warns_with_a_suggestion() -> None:
    parsed = parse(EXAMPLE.replace("[python]", "[pyhton, rust]", 1))
    assert parsed.checklist["internal_expertise"] == ("pyhton", "rust")
    assert 'did you mean "python"?' in parsed.warnings[0]
    assert "rust' matches no language or candidate" in parsed.warnings[1]


def test_empty_file_means_everything_is_inferred() -> None:
    with pytest.raises(ConfigError, match="missing 'version: 1'"):
        parse("")
    given = parse("version: 1\n")
    answers = complete_answers(given, ProjectProfile(), CHECKLIST, CATALOG)
    assert set(answers.inferred_keys) == {"project.type", *(q.key for q in CHECKLIST.questions)}
    assert answers.project_type == "business-app"
    assert answers.checklist["traffic_growth"] == "moderate"
    assert answers.checklist["internal_expertise"] == ()


PROFILE = ProjectProfile(
    name="shop",
    languages=("typescript", "python", "hcl"),
    frameworks=("nestjs", "react"),
    deployment=("docker", "kubernetes"),
)


def test_inference_from_the_scan() -> None:
    given = parse("version: 1\nchecklist:\n  security_requirements: high\n")
    answers = complete_answers(given, PROFILE, CHECKLIST, CATALOG)
    assert answers.project_name == "shop"
    assert answers.checklist["security_requirements"] == "high"
    assert "security_requirements" not in answers.inferred_keys
    reasons = {i.key: i for i in answers.inferred}
    assert reasons["internal_expertise"].value == ("typescript", "python", "nestjs")
    assert reasons["internal_expertise"].reason == (
        "languages in the repo: typescript, python; frameworks in use: nestjs"
    )
    assert answers.checklist["cloud_deployment"] == "kubernetes"
    assert reasons["cloud_deployment"].reason == "deployment signal in the repo: kubernetes"
    assert reasons["maintenance_horizon"].reason == "not answered; neutral default medium"


@pytest.mark.parametrize(
    ("deployment", "expected"),
    [
        (("docker",), "containers"),
        (("helm", "docker"), "kubernetes"),
        (("serverless",), "serverless"),
        (("paas",), "paas"),
        (("docker", "paas"), "paas"),
        ((), "containers"),
    ],
)
def test_cloud_deployment_inference(deployment: tuple[str, ...], expected: str) -> None:
    value, _reason = infer_item(
        "cloud_deployment", ProjectProfile(deployment=deployment), CHECKLIST, CATALOG
    )
    assert value == expected


def test_explicit_empty_expertise_is_not_inferred() -> None:
    given = parse("version: 1\nchecklist:\n  internal_expertise: []\n")
    answers = complete_answers(given, PROFILE, CHECKLIST, CATALOG)
    assert answers.checklist["internal_expertise"] == ()
    assert "internal_expertise" not in answers.inferred_keys


def test_given_project_name_wins_over_the_scan() -> None:
    answers = complete_answers(parse(EXAMPLE), PROFILE, CHECKLIST, CATALOG)
    assert answers.project_name == "Ledgerly"
    assert answers.inferred == ()


def test_default_path() -> None:
    assert default_answers_path(Path("/r"), "backend-framework") == Path(
        "/r/.adrtool/answers/backend-framework.yaml"
    )


def test_load_file_uses_display_name(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("version: 1\nchecklist:\n  development_timeline: asap\n", encoding="utf-8")
    with pytest.raises(ConfigError) as e:
        load_answers_file(path, CHECKLIST, CATALOG, display="answers/x.yaml")
    assert str(e.value) == (
        "answers/x.yaml:3: unknown value 'asap' for checklist.development_timeline "
        "(allowed: urgent, normal, relaxed)"
    )


def test_answers_json_round_trip_keys() -> None:
    answers = complete_answers(GivenAnswers(), ProjectProfile(), CHECKLIST, CATALOG)
    data = answers.to_json()
    assert set(data) == {"version", "project", "checklist", "constraints", "weights", "inferred"}
    assert data["checklist"]["internal_expertise"] == []
