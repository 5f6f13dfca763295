"""``adrtool draft --example``: the whole flow in a throw-away demo repository.

The demo is a small Python business application (invoicing) whose ``pyproject.toml``
names no web framework yet, plus the answers file from DESIGN.md. Everything it needs is
in this module, so the example works from an installed wheel.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from adrtool.config import Config
from adrtool.errors import GitError
from adrtool.services.draft import Draft

FILES: dict[str, str] = {
    "pyproject.toml": """\
[project]
name = "ledgerly"
version = "0.1.0"
description = "Invoices, payments and ledgers for small businesses."
requires-python = ">=3.11"
dependencies = [
  "sqlalchemy>=2.0",
  "stripe>=8.0",
]
""",
    "README.md": """\
# Ledgerly

Invoices, payments and ledgers for small businesses. The domain model is in place; the
web backend is the next decision (see docs/decisions/).
""",
    "src/ledgerly/__init__.py": '"""Ledgerly: invoices, payments and ledgers."""\n',
    "src/ledgerly/invoices.py": """\
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass
class Line:
    description: str
    quantity: int
    unit_price: Decimal


@dataclass
class Invoice:
    number: str
    customer: str
    lines: list[Line] = field(default_factory=list)

    def total(self) -> Decimal:
        return sum((line.unit_price * line.quantity for line in self.lines), Decimal(0))
""",
    "Dockerfile": """\
FROM python:3.12-slim
WORKDIR /app
COPY . .
RUN pip install --no-cache-dir .
""",
    ".adrtool/answers/backend-framework.yaml": """\
version: 1
project:
  name: Ledgerly                  # optional; defaults to the repo's own metadata
  type: business-app  # mvp | business-app | enterprise | api | high-performance | real-time
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
  integration_requirements: [admin-ui, payments]   # tags
constraints:                      # optional hard filters
  languages: [python]             # only candidates in these languages
  exclude: [flask]                # never these ids
weights: {security: 1.5}          # optional multipliers on criterion weights
""",
}


def build_demo_repo(parent: Path | None = None) -> tuple[Path, bool]:
    """Create the demo project (and, when git is available, commit it); (path, is_git)."""
    from adrtool import gitops

    base = Path(tempfile.mkdtemp(prefix="adrtool-example-", dir=parent))
    repo = base / "ledgerly"
    for rel, text in FILES.items():
        path = repo / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    try:
        gitops.init_repo(repo, user_name="adrtool example", user_email="example@adrtool.invalid")
        gitops.commit_paths(repo, [repo / rel for rel in sorted(FILES)], "Start Ledgerly")
    except GitError:
        return repo, False
    return repo, True


def run_example(
    today: date,
    *,
    title: str | None = None,
    status: str | None = None,
    template: str | None = None,
    parent: Path | None = None,
) -> tuple[Draft, Path]:
    """Build the demo repo, draft its ADR there, and return the draft and the repo."""
    from adrtool.services.draft import draft_adr, score_inputs

    repo, is_git = build_demo_repo(parent)
    config = Config()
    inputs = score_inputs(repo, config, None)
    draft = draft_adr(
        repo,
        config,
        today=today,
        result=inputs.result,
        profile=inputs.profile,
        answers_path=inputs.answers_shown,
        title=title,
        status=status,
        template=template,
        commit=is_git,
    )
    return draft, repo
