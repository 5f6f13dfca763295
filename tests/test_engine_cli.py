"""The engine's commands through the real CLI: score, catalog, checklist."""
# ruff: noqa: E501  (expected error messages are kept whole so they can be read as printed)

from __future__ import annotations

import json
from pathlib import Path

import pytest

from adrtool.resources import data_dir
from tests.conftest import git, run

ANSWERS = """\
version: 1
project:
  name: Ledgerly
  type: business-app
checklist:
  project_complexity: high
  traffic_growth: moderate
  security_requirements: high
  development_timeline: normal
  internal_expertise: [python]
  hiring_availability: medium
  ecosystem_maturity: high
  cloud_deployment: containers
  maintenance_horizon: long
  integration_requirements: [admin-ui, payments]
constraints:
  exclude: [flask]
"""

SHIPPED = sorted(p for p in data_dir("criteria").glob("*.yaml") if p.name != "checklist.yaml")


@pytest.fixture
def project(git_repo: Path) -> Path:
    path = git_repo / ".adrtool" / "answers" / "backend-framework.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(ANSWERS, encoding="utf-8")
    return git_repo


def test_score_text(project: Path) -> None:
    result = run("score", "--repo", str(project))
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert (
        lines[0]
        == "Backend web framework for a business-app project (catalog backend-frameworks 2026.11.2)"
    )
    assert lines[2].split() == ["rank", "candidate", "score", "top", "contributions", "(points)"]
    assert lines[3].split()[:2] == ["1", "Django"]
    assert "  flask  excluded by constraints.exclude" in lines
    assert any(line.startswith("sensitivity: django leads ") for line in lines)
    assert lines[-1].startswith("inputs_sha256: ")
    assert result.stderr == ""


def test_score_json_matches_the_contract(project: Path) -> None:
    result = run("score", "--repo", str(project), "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["topic"] == "backend-framework"
    assert data["catalog"]["id"] == "backend-frameworks"
    assert [r["rank"] for r in data["ranking"]] == list(range(1, 11))
    assert data["ranking"][0]["id"] == "django"
    assert data["excluded"] == [{"id": "flask", "reason": "excluded by constraints.exclude"}]
    again = json.loads(run("score", "--repo", str(project), "--format", "json").stdout)
    assert again == data


def test_score_markdown(project: Path) -> None:
    result = run("score", "--repo", str(project), "--format", "markdown")
    assert result.exit_code == 0
    rows = [line for line in result.stdout.splitlines() if line.startswith("| ")]
    assert rows[0].startswith("| Rank | Candidate | Score | Team fit |")
    assert rows[1].startswith("| 1 | Django | ")
    assert len(rows) == 11  # header + 10 candidates
    assert "- flask: excluded by constraints.exclude" in result.stdout


def test_score_with_explicit_answers_file(git_repo: Path, tmp_path: Path) -> None:
    answers = tmp_path / "ruby.yaml"
    answers.write_text(
        "version: 1\nproject: {type: mvp}\nchecklist:\n  internal_expertise: [ruby]\n"
        "  development_timeline: urgent\n",
        encoding="utf-8",
    )
    result = run("score", "--repo", str(git_repo), "--answers", str(answers), "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["ranking"][0]["id"] == "rails"
    inferred = {i["key"] for i in data["answers"]["inferred"]}
    assert "traffic_growth" in inferred and "internal_expertise" not in inferred


def test_score_without_answers_infers_from_the_scan(git_repo: Path) -> None:
    (git_repo / "pyproject.toml").write_text(
        '[project]\nname = "shop"\ndependencies = ["django>=5"]\n', encoding="utf-8"
    )
    git(git_repo, "add", "pyproject.toml")
    result = run("score", "--repo", str(git_repo), "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["ranking"][0]["id"] == "django"
    expertise = next(i for i in data["answers"]["inferred"] if i["key"] == "internal_expertise")
    assert "python" in expertise["value"] and "django" in expertise["value"]
    assert "no answers file at .adrtool/answers/backend-framework.yaml" in result.stderr


def test_bad_answer_exits_2_with_one_line(project: Path) -> None:
    path = project / ".adrtool" / "answers" / "backend-framework.yaml"
    path.write_text(
        ANSWERS.replace("project_complexity: high", "project_complexity: hgih"), encoding="utf-8"
    )
    result = run("score", "--repo", str(project))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "adrtool: error: .adrtool/answers/backend-framework.yaml:6: unknown value 'hgih' for "
        'checklist.project_complexity (allowed: low, medium, high) (did you mean "high"?)\n'
    )


def test_missing_explicit_answers_file(git_repo: Path) -> None:
    result = run("score", "--repo", str(git_repo), "--answers", str(git_repo / "nope.yaml"))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == "adrtool: error: nope.yaml: answers file not found"


def test_unknown_tag_is_a_warning_not_an_error(project: Path) -> None:
    path = project / ".adrtool" / "answers" / "backend-framework.yaml"
    path.write_text(ANSWERS.replace("[admin-ui, payments]", "[admin-ui, sap]"), encoding="utf-8")
    result = run("score", "--repo", str(project))
    assert result.exit_code == 0
    assert result.stderr.startswith(
        "adrtool: warning: .adrtool/answers/backend-framework.yaml:15: unknown integration tag 'sap'"
    )
    assert "known: ai-ml, microsoft" in result.stderr


def test_config_weights_apply_and_unknown_ones_warn(project: Path) -> None:
    (project / ".adrtool.yaml").write_text(
        "weights:\n  performance: 2\n  speed: 3\n", encoding="utf-8"
    )
    result = run("score", "--repo", str(project), "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["weights"]["performance"]["reasons"][-1]["because"] == "config.weights.performance"
    assert result.stderr.startswith(
        "adrtool: warning: .adrtool.yaml: weights for speed match no criterion of catalog "
        "backend-frameworks"
    )


def test_score_second_catalog(git_repo: Path) -> None:
    result = run(
        "score", "--repo", str(git_repo), "--catalog", "message-queues", "--format", "json"
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["topic"] == "message-queue"
    assert {r["id"] for r in data["ranking"]} == {"rabbitmq", "kafka", "nats"}


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_catalog_validate_passes_on_every_shipped_catalog(path: Path) -> None:
    result = run("catalog", "validate", str(path))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"{path}: ok\n"


def test_catalog_validate_reports_file_line_and_exits_2(tmp_path: Path) -> None:
    text = (data_dir("criteria") / "backend-frameworks.yaml").read_text(encoding="utf-8")
    bad = text.replace(
        "performance: {value: 2, rule: R-PERF, source: [TE-6]",
        "performance: {value: 7, rule: R-PERF, source: [TE-6]",
        1,
    )
    assert bad != text
    line = bad.splitlines().index(next(ln for ln in bad.splitlines() if "value: 7" in ln)) + 1
    path = tmp_path / "cat.yaml"
    path.write_text(bad, encoding="utf-8")
    result = run("catalog", "validate", str(path))
    assert result.exit_code == 2
    assert result.stderr == (
        f"adrtool: error: {path}:{line}: rating django.performance must be an integer 1-5 or null, got 7\n"
    )


def test_catalog_validate_missing_file(tmp_path: Path) -> None:
    result = run("catalog", "validate", str(tmp_path / "none.yaml"))
    assert result.exit_code == 2
    assert result.stderr == f"adrtool: error: {tmp_path / 'none.yaml'}: catalog file not found\n"


def test_catalog_list_and_show(git_repo: Path) -> None:
    listed = run("catalog", "list", "--repo", str(git_repo))
    assert listed.exit_code == 0
    ids = [line.split()[0] for line in listed.stdout.splitlines()]
    assert ids == ["backend-frameworks", "message-queues"]
    shown = run("catalog", "show", "backend-frameworks", "--repo", str(git_repo))
    assert shown.exit_code == 0
    assert "  django.security = 5 [R-SEC; primary; FW-S3, DJ-9]:" in shown.stdout
    assert "  gin.performance = unrated [R-PERF; unrated; TE-6, TE-1]:" in shown.stdout
    data = json.loads(
        run("catalog", "show", "message-queues", "--repo", str(git_repo), "--format", "json").stdout
    )
    assert data["id"] == "message-queues"
    bad = run("catalog", "show", "nope", "--repo", str(git_repo))
    assert bad.exit_code == 2
    assert bad.stderr.startswith('adrtool: error: unknown catalog "nope"')


def test_checklist_defaults_writes_then_refuses_then_forces(git_repo: Path) -> None:
    (git_repo / "go.mod").write_text("module example.com/x\n\ngo 1.22\n", encoding="utf-8")
    (git_repo / "Dockerfile").write_text("FROM scratch\n", encoding="utf-8")
    git(git_repo, "add", "go.mod", "Dockerfile")
    result = run("checklist", "--repo", str(git_repo), "--defaults")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("wrote .adrtool/answers/backend-framework.yaml\n")
    path = git_repo / ".adrtool" / "answers" / "backend-framework.yaml"
    text = path.read_text(encoding="utf-8")
    assert "  internal_expertise: [go]  # list; inferred: languages in the repo: go" in text
    assert "  cloud_deployment: containers  #" in text
    scored = json.loads(run("score", "--repo", str(git_repo), "--format", "json").stdout)
    assert scored["ranking"][0]["id"] == "gin"
    assert scored["answers"]["inferred"] == []

    again = run("checklist", "--repo", str(git_repo), "--defaults")
    assert again.exit_code == 2
    assert again.stderr.splitlines() == [
        "adrtool: error: .adrtool/answers/backend-framework.yaml: the answers file already exists",
        "  hint: pass --force to overwrite it",
    ]
    path.write_text(
        text.replace("traffic_growth: moderate", "traffic_growth: extreme"), encoding="utf-8"
    )
    forced = run("checklist", "--repo", str(git_repo), "--defaults", "--force")
    assert forced.exit_code == 0
    assert "traffic_growth: extreme" in path.read_text(encoding="utf-8")  # kept the answer given
    assert not [p for p in path.parent.iterdir() if p.name != path.name]  # no temp files left


def test_checklist_asks_prefilled_questions(git_repo: Path) -> None:
    replies = "api\n\nhigh\n\n\ntypescript, nestjs\n\n\nkubernetes\n\nmobile-api\n"
    result = run("checklist", "--repo", str(git_repo), "--ask", input=replies)
    assert result.exit_code == 0, result.stderr
    assert "Project type" in result.stdout
    text = (git_repo / ".adrtool" / "answers" / "backend-framework.yaml").read_text(
        encoding="utf-8"
    )
    assert "  type: api  #" in text
    assert "  traffic_growth: high  #" in text
    assert "  internal_expertise: [typescript, nestjs]  #" in text
    assert "  cloud_deployment: kubernetes  #" in text
    assert "  integration_requirements: [mobile-api]  #" in text
    assert "inferred:" not in text  # the user confirmed every answer
    data = json.loads(run("score", "--repo", str(git_repo), "--format", "json").stdout)
    assert data["ranking"][0]["id"] == "nestjs"


def test_checklist_rejects_a_bad_typed_answer(git_repo: Path) -> None:
    replies = "api\nhgih\nhigh\n" + "\n" * 12
    result = run("checklist", "--repo", str(git_repo), "--ask", input=replies)
    assert result.exit_code == 0, result.stderr
    assert "Error: 'hgih' is not one of" in result.stdout


def test_checklist_explicit_path(git_repo: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "answers.yaml"
    result = run("checklist", "--repo", str(git_repo), "--answers", str(target), "--defaults")
    assert result.exit_code == 0, result.stderr
    assert target.read_text(encoding="utf-8").startswith(
        "# adrtool answers for the backend-framework"
    )


@pytest.mark.parametrize(
    "args",
    [
        ["score"],
        ["catalog"],
        ["catalog", "validate"],
        ["catalog", "list"],
        ["catalog", "show"],
        ["checklist"],
    ],
)
def test_help(args: list[str]) -> None:
    result = run(*args, "--help")
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: ")


def test_catalog_validate_yaml_syntax_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("id: x\nversion: 1\n  bad: [\n", encoding="utf-8")
    result = run("catalog", "validate", str(path))
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"adrtool: error: {path}:3: invalid YAML: mapping values are not allowed here\n"
    )


def test_duplicate_answer_key_is_an_error(project: Path) -> None:
    path = project / ".adrtool" / "answers" / "backend-framework.yaml"
    path.write_text(ANSWERS + "version: 1\n", encoding="utf-8")
    result = run("score", "--repo", str(project))
    assert result.exit_code == 2
    assert result.stderr.startswith("adrtool: error: .adrtool/answers/backend-framework.yaml:")
    assert "duplicate key" in result.stderr
    assert len(result.stderr.splitlines()) == 1
