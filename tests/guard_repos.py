"""Builders for the guard tests: real git repos with an "origin", records and drafted decisions."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import git

D = "docs/decisions"
ANSWERS = ".adrtool/answers/backend-framework.yaml"

ANSWERS_DJANGO = """version: 1
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
"""

# Same team, but the product became a high-traffic public API with ML integrations.
ANSWERS_FASTAPI = (
    ANSWERS_DJANGO.replace("type: business-app", "type: api")
    .replace("traffic_growth: moderate", "traffic_growth: extreme")
    .replace("project_complexity: high", "project_complexity: low")
    .replace("[admin-ui, payments]", "[ai-ml]")
)

# Only the hiring answer moves: the inputs change, Django stays first.
ANSWERS_DJANGO_HIRING = ANSWERS_DJANGO.replace(
    "hiring_availability: medium", "hiring_availability: high"
)

PYPROJECT = """[project]
name = "ledgerly"
version = "1.0"
dependencies = [
    "django>=5.0",
]
"""

PYPROJECT_FASTAPI = PYPROJECT.replace('"django>=5.0",', '"django>=5.0",\n    "fastapi>=0.110",')


def nygard(
    number: int,
    title: str,
    status: str = "Accepted",
    links: str = "",
    body: str = "We need to choose.",
) -> str:
    extra = f"\n{links}\n" if links else ""
    return (
        f"# {number}. {title}\n\nDate: 2024-01-0{number}\n\n## Status\n\n{status}\n{extra}\n"
        f"## Context\n\n{body}\n\n## Decision\n\nWe will do it.\n\n## Consequences\n\nFine.\n"
    )


def write(repo: Path, rel: str, text: str) -> None:
    path = repo / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def cloned(tmp_path: Path) -> Path:
    """An empty clone of a fresh bare "origin" (so origin/main exists after the first push)."""
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "-q", "--bare", str(origin))
    work = tmp_path / "work"
    git(tmp_path, "clone", "-q", str(origin), str(work))
    return work


def publish(repo: Path, branch: str = "feature") -> None:
    """Push HEAD as origin/main, fetch, and start ``branch`` from it."""
    git(repo, "push", "-q", "origin", "HEAD:main")
    git(repo, "fetch", "-q", "origin")
    git(repo, "switch", "-q", "-c", branch)


def draft(repo: Path, answers: str, today: str = "2026-01-02") -> str:
    """Write the answers file and run ``adrtool draft`` (no commit); the new record's path."""
    from tests.conftest import run

    write(repo, ANSWERS, answers)
    result = run("draft", "--repo", str(repo), "--date", today, "--no-commit")
    assert result.exit_code == 0, result.stderr
    newest = max((repo / D).glob("[0-9][0-9][0-9][0-9]-*.md"))
    return newest.relative_to(repo).as_posix()
