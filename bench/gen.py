"""Synthetic repositories for the benchmark: ADR folders in mixed dialects and a big monorepo.

Everything is deterministic (a seeded ``random.Random``), so two runs time the same input.
Used by ``bench/run.py``; also runnable alone to look at what is generated:

    python3 bench/gen.py records /tmp/r1000 1000
    python3 bench/gen.py monorepo /tmp/mono 100000
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import subprocess
import sys
from pathlib import Path

ADR_DIR = "doc/adr"  # adr-tools' default, so the bash peers find it too (.adr-dir says so)

WORDS = [
    "cache",
    "queue",
    "database",
    "framework",
    "api",
    "gateway",
    "auth",
    "token",
    "storage",
    "search",
    "index",
    "event",
    "bus",
    "stream",
    "batch",
    "report",
    "billing",
    "invoice",
    "ledger",
    "payment",
    "tenant",
    "schema",
    "migration",
    "logging",
    "metric",
    "trace",
    "deploy",
    "cluster",
    "region",
    "backup",
    "archive",
    "import",
    "export",
    "mobile",
    "web",
    "admin",
    "portal",
]

STATUSES = ("Accepted", "Accepted", "Accepted", "Proposed", "Deprecated", "Rejected")

BODY = (
    "The team needs to decide how {topic} is handled as the product grows. Several options were "
    "compared for cost, operability and the skills we already have.\n"
)


def _title(rng: random.Random, n: int) -> str:
    words = rng.sample(WORDS, 3)
    return f"Use {words[0]} {words[1]} for {words[2]} {n}"


def _slug(title: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in title.lower()).split())


def _date(n: int) -> str:
    return (dt.date(2015, 1, 1) + dt.timedelta(days=n % 3650)).isoformat()


def nygard(n: int, title: str, status: str, supersedes: int | None, files: dict[int, str]) -> str:
    """adr-tools output: ``# N. Title``, ``Date:``, ``## Status`` with links."""
    status_lines = status
    if supersedes is not None:
        status_lines += f"\n\nSupercedes [{supersedes}. x]({files[supersedes]})"
    return (
        f"# {n}. {title}\n\nDate: {_date(n)}\n\n## Status\n\n{status_lines}\n\n"
        f"## Context\n\n{BODY.format(topic=title.lower())}\n"
        f"## Decision\n\nWe will {title.lower()}.\n\n"
        "## Consequences\n\nEveryone knows where to look.\n"
    )


def madr2(n: int, title: str, status: str, supersedes: int | None, files: dict[int, str]) -> str:
    """MADR 2: bullet metadata under the heading."""
    extra = f" (supersedes [ADR-{supersedes:04d}]({files[supersedes]}))" if supersedes else ""
    return (
        f"# {title}\n\n* Status: {status.lower()}{extra}\n* Deciders: team\n* Date: {_date(n)}\n\n"
        f"## Context and Problem Statement\n\n{BODY.format(topic=title.lower())}\n"
        "## Considered Options\n\n* option one\n* option two\n\n"
        f'## Decision Outcome\n\nChosen option: "option one", because it fits.\n'
    )


def madr4(n: int, title: str, status: str, supersedes: int | None, files: dict[int, str]) -> str:
    """MADR 3/4: YAML front matter."""
    sup = f"supersedes: [{supersedes}]\n" if supersedes else ""
    return (
        f"---\nstatus: {status.lower()}\ndate: {_date(n)}\n"
        f"decision-makers: [alice, bob]\n{sup}---\n\n"
        f"# {title}\n\n## Context and Problem Statement\n\n{BODY.format(topic=title.lower())}\n"
        "## Considered Options\n\n* option one\n* option two\n\n"
        '## Decision Outcome\n\nChosen option: "option one", because it is simpler.\n\n'
        "### Consequences\n\n* Good, because it is simple.\n* Bad, because it is new.\n"
    )


def log4brains(
    n: int, title: str, status: str, supersedes: int | None, files: dict[int, str]
) -> str:
    """log4brains' template: dash bullets, tags, a Technical Story line."""
    return (
        f"# {title}\n\n- Status: {status.lower()}\n- Deciders: team\n- Date: {_date(n)}\n"
        "- Tags: backend, bench\n\nTechnical Story: none\n\n"
        f"## Context and Problem Statement\n\n{BODY.format(topic=title.lower())}\n"
        '## Decision Outcome\n\nChosen option: "the first".\n'
    )


DIALECTS = (nygard, madr2, madr4, log4brains)


def make_records(root: Path, count: int, seed: int = 7, git: bool = True) -> Path:
    """A repository with ``count`` ADRs in ``doc/adr`` (mixed dialects, some supersede chains)."""
    rng = random.Random(seed)
    adr = root / ADR_DIR
    adr.mkdir(parents=True, exist_ok=True)
    (root / ".adr-dir").write_text(ADR_DIR + "\n", encoding="utf-8")
    (root / ".log4brains.yml").write_text(
        f"project:\n  name: bench\n  tz: UTC\n  adrFolder: ./{ADR_DIR}\n", encoding="utf-8"
    )
    files: dict[int, str] = {}
    for n in range(1, count + 1):
        title = "Record architecture decisions" if n == 1 else _title(rng, n)
        files[n] = f"{n:04d}-{_slug(title)}.md"
        supersedes = n - 1 if n > 2 and n % 10 == 0 else None
        status = "Accepted" if n == 1 else rng.choice(STATUSES)
        dialect = nygard if n == 1 else DIALECTS[n % len(DIALECTS)]
        (adr / files[n]).write_text(dialect(n, title, status, supersedes, files), encoding="utf-8")
    if git:
        _git_commit(root, "records")
    return root


MANIFESTS = {
    "package.json": lambda i: (
        json.dumps(
            {
                "name": f"pkg-{i}",
                "version": "1.0.0",
                "dependencies": {"express": "^4.19.0", "lodash": "^4.17.21"},
            },
            indent=2,
        )
        + "\n"
    ),
    "pyproject.toml": lambda i: (
        f'[project]\nname = "svc-{i}"\nversion = "0.1.0"\n'
        'dependencies = ["fastapi>=0.110", "uvicorn", "sqlalchemy"]\n'
    ),
    "requirements.txt": lambda i: "django==5.0.4\npsycopg[binary]\ncelery\n",
    "go.mod": lambda i: (
        f"module example.com/svc{i}\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.9.1\n"
    ),
    "pom.xml": lambda i: (
        "<project><modelVersion>4.0.0</modelVersion><groupId>com.example</groupId>"
        f"<artifactId>svc{i}</artifactId><dependencies><dependency>"
        "<groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-web"
        "</artifactId></dependency></dependencies></project>\n"
    ),
    "Gemfile": lambda i: 'source "https://rubygems.org"\ngem "rails", "~> 7.1"\n',
    "composer.json": lambda i: json.dumps({"require": {"laravel/framework": "^11.0"}}) + "\n",
    "Dockerfile": lambda i: 'FROM python:3.12-slim\nCOPY . /app\nCMD ["python", "-m", "app"]\n',
}
SOURCE_EXT = {
    "package.json": ".js",
    "pyproject.toml": ".py",
    "requirements.txt": ".py",
    "go.mod": ".go",
    "pom.xml": ".java",
    "Gemfile": ".rb",
    "composer.json": ".php",
    "Dockerfile": ".py",
}


def make_monorepo(root: Path, total_files: int, seed: int = 11, git: bool = True) -> Path:
    """About ``total_files`` files: services with manifests at several depths, source files,
    Kubernetes manifests, and ``node_modules`` trees (about a third of all files) that a scanner
    must skip. Only files outside node_modules are committed (node_modules is git-ignored)."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    (root / ".gitignore").write_text("node_modules/\n", encoding="utf-8")
    (root / "README.md").write_text("# bench monorepo\n", encoding="utf-8")
    k8s = root / "deploy" / "k8s"
    k8s.mkdir(parents=True)
    (k8s / "deployment.yaml").write_text(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n", encoding="utf-8"
    )
    written = 3
    names = list(MANIFESTS)
    service = 0
    while written < total_files:
        service += 1
        depth = rng.choice(("services", "packages/web", "apps/internal/tools", "libs"))
        base = root / depth / f"svc{service:05d}"
        src = base / "src" / "core"
        src.mkdir(parents=True)
        manifest = names[service % len(names)]
        (base / manifest).write_text(MANIFESTS[manifest](service), encoding="utf-8")
        written += 1
        ext = SOURCE_EXT[manifest]
        for j in range(40):
            (src / f"mod{j:03d}{ext}").write_text(f"# module {j}\nvalue = {j}\n", encoding="utf-8")
        written += 40
        if manifest == "package.json":
            # a vendored dependency tree: lots of files, and manifests that must not count
            for dep in range(6):
                nm = base / "node_modules" / f"dep{dep}"
                nm.mkdir(parents=True)
                (nm / "package.json").write_text(
                    json.dumps({"name": f"dep{dep}", "dependencies": {"koa": "2"}}) + "\n",
                    encoding="utf-8",
                )
                for j in range(24):
                    (nm / f"f{j}.js").write_text("module.exports = 1;\n", encoding="utf-8")
                written += 25
    if git:
        _git_commit(root, "monorepo")
    return root


def make_typical(root: Path, records: int = 12) -> Path:
    """A typical service repository for ``draft``: a Python web app with a Dockerfile and ADRs."""
    make_records(root, records, git=False)
    (root / "pyproject.toml").write_text(
        '[project]\nname = "ledgerly"\nversion = "1.0.0"\n'
        'dependencies = ["django>=5.0", "psycopg[binary]", "celery"]\n',
        encoding="utf-8",
    )
    (root / "Dockerfile").write_text("FROM python:3.12-slim\nCOPY . /app\n", encoding="utf-8")
    answers = root / ".adrtool" / "answers"
    answers.mkdir(parents=True)
    (answers / "backend-framework.yaml").write_text(
        "version: 1\nproject:\n  name: Ledgerly\n  type: business-app\nchecklist:\n"
        "  project_complexity: high\n  traffic_growth: moderate\n  security_requirements: high\n"
        "  internal_expertise: [python]\n  integration_requirements: [admin-ui, payments]\n",
        encoding="utf-8",
    )
    app = root / "ledgerly"
    app.mkdir()
    for j in range(30):
        (app / f"mod{j}.py").write_text(f"X = {j}\n", encoding="utf-8")
    _git_commit(root, "typical service")
    return root


def _git_commit(root: Path, message: str) -> None:
    env = {
        **os.environ,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "bench",
        "GIT_AUTHOR_EMAIL": "bench@example.com",
        "GIT_COMMITTER_NAME": "bench",
        "GIT_COMMITTER_EMAIL": "bench@example.com",
    }
    for args in (
        ["init", "-q", "-b", "main"],
        ["add", "-A"],
        ["-c", "commit.gpgSign=false", "commit", "-q", "-m", message],
    ):
        subprocess.run(["git", *args], cwd=root, check=True, env=env, capture_output=True)


if __name__ == "__main__":
    kind, where, size = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    {"records": make_records, "monorepo": make_monorepo}[kind](where, size)
    print(f"{kind} with {size} in {where}")
