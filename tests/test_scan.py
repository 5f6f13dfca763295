"""The repository scanner: manifests of every ecosystem, deployment, CI, git activity."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest
from conftest import git

from adrtool.scan import files as scan_files
from adrtool.scan.deploy import is_docker
from adrtool.scan.ecosystems import go_requires
from adrtool.scan.languages import count_languages
from adrtool.scan.profile import Evidence
from adrtool.scan.python import is_requirements_file, logical_lines, requirement_name
from adrtool.scan.scanner import scan_repo


def make(root: Path, tree: dict[str, str]) -> Path:
    for rel, text in tree.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def commit_all(repo: Path, email: str = "test@example.com", message: str = "c") -> None:
    git(repo, "add", "-A", "-f")
    git(repo, "-c", f"user.email={email}", "commit", "-q", "-m", message)


# --- pure helpers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "name"),
    [
        ("Django>=4.2", "django"),
        ("django[argon2] ~= 5.0 ; python_version > '3.9'", "django"),
        ("FastAPI", "fastapi"),
        ("Flask_SQLAlchemy==3", "flask-sqlalchemy"),
        ("flask @ https://example.com/flask.whl", "flask"),
        ("  zope.interface", "zope-interface"),
        ("", None),
        ("==1.0", None),
    ],
)
def test_requirement_name(spec: str, name: str | None) -> None:
    assert requirement_name(spec) == name


@pytest.mark.parametrize(
    ("rel", "expected"),
    [
        ("requirements.txt", True),
        ("requirements-dev.txt", True),
        ("backend/dev-requirements.txt", True),
        ("requirements/base.txt", True),
        ("requirements.in", True),
        ("notes.txt", False),
        ("requirements.md", False),
        ("docs/requirements/notes.md", False),
    ],
)
def test_is_requirements_file(rel: str, expected: bool) -> None:
    assert is_requirements_file(rel) is expected


def test_logical_lines_drop_comments_and_join_continuations() -> None:
    text = (
        "# header\ndjango>=4 \\\n    --hash=sha256:abc  # pinned\n\nflask # web\nhttp://x/y#egg=z\n"
    )
    assert list(logical_lines(text)) == [
        (2, "django>=4      --hash=sha256:abc"),
        (5, "flask"),
        (6, "http://x/y#egg=z"),
    ]


@pytest.mark.parametrize(
    ("rel", "expected"),
    [
        ("node_modules/express/package.json", True),
        ("frontend/node_modules/x/package.json", True),
        ("vendor/laravel/framework/composer.json", True),
        ("src/app.egg-info/requires.txt", True),
        ("services/api/.venv/lib/site.py", True),
        ("build.gradle", False),
        ("src/vendored.py", False),
        ("docs/building/index.md", False),
        ("environment/settings.py", False),
    ],
)
def test_skipped(rel: str, expected: bool) -> None:
    assert scan_files.skipped(rel) is expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Dockerfile", True),
        ("Dockerfile.prod", True),
        ("api.dockerfile", True),
        ("Containerfile", True),
        ("docker-compose.override.yml", True),
        ("compose.yaml", True),
        ("docker.md", False),
    ],
)
def test_is_docker(name: str, expected: bool) -> None:
    assert is_docker(name) is expected


def test_go_requires_reads_blocks_and_single_lines() -> None:
    text = (
        "module example.com/shop\n\nrequire github.com/google/uuid v1.6.0\n"
        "require (\n\tgithub.com/gin-gonic/gin v1.9.1 // indirect\n"
        "\t// github.com/labstack/echo v4\n)\n"
    )
    assert go_requires(text) == ["github.com/google/uuid", "github.com/gin-gonic/gin"]


def test_count_languages_orders_by_count_and_names_the_main_folder() -> None:
    counts = count_languages(
        ["a.py", "api/b.py", "api/c.py", "web/x.ts", "build.gradle.kts", "README", ".env", "x.JS"]
    )
    assert [(c.language, c.files, c.where) for c in counts] == [
        ("python", 3, "api"),
        ("javascript", 1, "."),
        ("typescript", 1, "web"),
    ]


# --- one repo per ecosystem -----------------------------------------------------------------

ECOSYSTEMS: dict[str, tuple[dict[str, str], list[str], list[str], str]] = {
    "pep621": (
        {
            "pyproject.toml": '[project]\nname = "ledgerly"\ndependencies = ["Django>=5"]\n'
            '[project.optional-dependencies]\napi = ["flask"]\n',
            "app/models.py": "",
        },
        ["python"],
        ["django", "flask"],
        "ledgerly",
    ),
    "poetry": (
        {
            "pyproject.toml": '[tool.poetry]\nname = "poet"\n[tool.poetry.dependencies]\n'
            'python = "^3.11"\n[tool.poetry.group.web.dependencies]\nFastAPI = "*"\n',
        },
        ["python"],
        ["fastapi"],
        "poet",
    ),
    "pipfile": (
        {"Pipfile": '[packages]\nflask = "*"\n[dev-packages]\npytest = "*"\n', "app.py": ""},
        ["python"],
        ["flask"],
        "pipfile",
    ),
    "setup-cfg": (
        {"setup.cfg": "[metadata]\nname = cfgapp\n[options]\ninstall_requires =\n  django>=4\n"},
        ["python"],
        ["django"],
        "cfgapp",
    ),
    "setup-py": (
        {
            "setup.py": "from setuptools import setup\nsetup(\n    name='legacy',\n"
            "    install_requires=[\n        'Flask>=2',  # web\n"
            '        "requests",\n    ],\n)\n',
        },
        ["python"],
        ["flask"],
        "legacy",
    ),
    "express": (
        {"package.json": '{"name": "shop", "dependencies": {"express": "^4.19"}}', "i.js": ""},
        ["javascript"],
        ["express"],
        "shop",
    ),
    "nestjs": (
        {
            "package.json": '{"name": "nest", "dependencies": {"@nestjs/core": "10"},'
            ' "devDependencies": {"typescript": "5"}}',
            "src/main.ts": "",
        },
        ["typescript"],
        ["nestjs"],
        "nest",
    ),
    "maven": (
        {
            "pom.xml": '<project xmlns="http://maven.apache.org/POM/4.0.0"><parent>'
            "<groupId>org.springframework.boot</groupId>"
            "<artifactId>spring-boot-starter-parent</artifactId></parent>"
            "<artifactId>billing</artifactId></project>",
            "src/main/java/App.java": "",
        },
        ["java"],
        ["spring-boot"],
        "billing",
    ),
    "maven-kotlin": (
        {
            "pom.xml": "<project><artifactId>kt</artifactId><dependencies><dependency>"
            "<groupId>org.springframework.boot</groupId>"
            "<artifactId>spring-boot-starter-web</artifactId></dependency></dependencies>"
            "<build><plugins><plugin><groupId>org.jetbrains.kotlin</groupId>"
            "<artifactId>kotlin-maven-plugin</artifactId></plugin></plugins></build></project>",
        },
        ["kotlin"],
        ["spring-boot"],
        "kt",
    ),
    "gradle-groovy": (
        {
            "build.gradle": "plugins {\n  id 'java'\n"
            "  id 'org.springframework.boot' version '3.3.0'\n}\n",
            "settings.gradle": "rootProject.name = 'orders'\n",
            "src/main/java/A.java": "",
        },
        ["java"],
        ["spring-boot"],
        "orders",
    ),
    "gradle-kotlin-spring": (
        {
            "build.gradle.kts": 'plugins {\n  kotlin("jvm") version "2.0.0"\n'
            '  id("org.springframework.boot") version "3.3.0"\n}\n',
            "settings.gradle.kts": 'rootProject.name = "fleet"\n',
            "src/main/kotlin/App.kt": "",
        },
        ["kotlin"],
        ["spring-boot"],
        "fleet",
    ),
    "gradle-kts-java-no-spring": (
        {
            "build.gradle.kts": 'plugins { java }\n// id("org.springframework.boot")\n',
            "src/A.java": "",
        },
        ["java"],
        [],
        "gradle-kts-java-no-spring",
    ),
    "csproj-web": (
        {"src/Api/Api.csproj": '<Project Sdk="Microsoft.NET.Sdk.Web"></Project>', "P.cs": ""},
        ["csharp"],
        ["aspnet-core"],
        "csproj-web",
    ),
    "csproj-console": (
        {"Tool.csproj": '<Project Sdk="Microsoft.NET.Sdk"></Project>', "Program.cs": ""},
        ["csharp"],
        [],
        "Tool",
    ),
    "rails": (
        {"Gemfile": 'source "https://rubygems.org"\ngem "rails", "~> 7.1"\n', "app/a.rb": ""},
        ["ruby"],
        ["rails"],
        "rails",
    ),
    "laravel": (
        {
            "composer.json": '{"name": "acme/shop", "require": {"laravel/framework": "^11"}}',
            "app/User.php": "",
        },
        ["php"],
        ["laravel"],
        "acme/shop",
    ),
    "gin": (
        {
            "go.mod": "module github.com/acme/pay\n\ngo 1.22\n\n"
            "require (\n\tgithub.com/gin-gonic/gin v1.10.0\n)\n",
            "main.go": "",
        },
        ["go"],
        ["gin"],
        "pay",
    ),
    "phoenix": (
        {
            "mix.exs": "defmodule Chat.MixProject do\n  def project, do: [app: :chat]\n"
            '  defp deps, do: [{:phoenix, "~> 1.7"}]\nend\n',
            "lib/chat.ex": "",
        },
        ["elixir"],
        ["phoenix"],
        "chat",
    ),
}


@pytest.mark.parametrize("case", list(ECOSYSTEMS))
def test_each_ecosystem(tmp_path: Path, case: str) -> None:
    tree, languages, frameworks, name = ECOSYSTEMS[case]
    root = make(tmp_path / case, tree)
    profile = scan_repo(root)
    assert list(profile.languages) == languages
    assert sorted(profile.frameworks) == frameworks
    assert profile.name == name
    assert profile.extra["warnings"] == []
    for fw in frameworks:  # every framework names the manifest that shows it
        assert any(
            e.kind == "framework" and e.value == fw and e.path in tree for e in profile.evidence
        )


def test_monorepo_backend_and_frontend(git_repo: Path) -> None:
    make(
        git_repo,
        {
            "backend/pyproject.toml": '[project]\nname = "api"\ndependencies = ["fastapi"]\n',
            "backend/app/main.py": "",
            "backend/app/routes.py": "",
            "frontend/package.json": '{"name": "web", "dependencies": {"react": "18"}}',
            "frontend/tsconfig.json": "{}",
            "frontend/src/App.tsx": "",
        },
    )
    commit_all(git_repo)
    profile = scan_repo(git_repo)
    assert profile.languages == ("python", "typescript")
    assert profile.frameworks == ("fastapi",)
    assert profile.name == "repo"  # no manifest at the root: the folder's name
    assert Evidence("framework", "fastapi", "backend/pyproject.toml") in profile.evidence
    assert Evidence("language", "typescript", "frontend/package.json") in profile.evidence
    assert profile.manifests == ("backend/pyproject.toml", "frontend/package.json")
    assert profile.extra["components"] == [
        {"path": "backend", "languages": ["python"], "frameworks": ["fastapi"]},
        {"path": "frontend", "languages": ["typescript"], "frameworks": []},
    ]


def test_committed_node_modules_is_ignored(git_repo: Path) -> None:
    make(
        git_repo,
        {
            "package.json": '{"name": "site", "dependencies": {"left-pad": "1"}}',
            "node_modules/express/package.json": '{"name": "express", "dependencies": {}}',
            "node_modules/app/package.json": '{"dependencies": {"express": "4"}}',
            "web/node_modules/@nestjs/core/package.json": '{"name": "@nestjs/core"}',
            "vendor/laravel/framework/composer.json": '{"require": {"laravel/framework": "1"}}',
            "node_modules/x/index.js": "",
        },
    )
    commit_all(git_repo)
    assert "node_modules/express/package.json" in git(git_repo, "ls-files")
    profile = scan_repo(git_repo)
    assert profile.frameworks == ()
    assert profile.languages == ("javascript",)
    assert profile.manifests == ("package.json",)
    assert not any("node_modules" in e.path or "vendor" in e.path for e in profile.evidence)
    assert profile.extra["language_files"] == {}


def test_walk_outside_git_skips_dependency_folders(tmp_path: Path) -> None:
    root = make(
        tmp_path / "plain",
        {
            "requirements.txt": "flask\n",
            ".venv/lib/site-packages/django/setup.cfg": "[options]\ninstall_requires = django\n",
            "venv/requirements.txt": "django\n",
            "target/pom.xml": "<project/>",
            "app.py": "",
        },
    )
    profile = scan_repo(root)
    assert profile.frameworks == ("flask",)
    assert profile.languages == ("python",)
    assert profile.extra["source"] == "walk"
    assert profile.contributors is None and profile.commits is None
    assert profile.name == "plain"


def test_requirements_includes_and_loops(tmp_path: Path) -> None:
    root = make(
        tmp_path / "req",
        {
            "requirements.txt": "-r requirements/base.txt\n--requirement=extra/web.txt\nrequests\n",
            "requirements/base.txt": "-rcommon.txt\n",
            "requirements/common.txt": "-r base.txt\nDjango[bcrypt]>=5 ; python_version>'3.10'\n",
            "extra/web.txt": "# fastapi\n-e git+https://example.com/flask.git#egg=Flask\n"
            "-r ../requirements.txt\n-r missing.txt\n",
        },
    )
    profile = scan_repo(root)
    assert sorted(profile.frameworks) == ["django", "flask"]
    assert Evidence("framework", "django", "requirements/common.txt") in profile.evidence
    assert Evidence("framework", "flask", "extra/web.txt") in profile.evidence
    assert [c["path"] for c in profile.extra["components"]] == [".", "extra"]
    assert profile.extra["warnings"] == [
        "extra/web.txt:4: included file missing.txt not found; skipped"
    ]


def test_requirements_include_outside_repo_is_refused(tmp_path: Path) -> None:
    make(tmp_path, {"secret.txt": "django\n"})
    root = make(tmp_path / "inner", {"requirements.txt": "-r ../secret.txt\n"})
    profile = scan_repo(root)
    assert profile.frameworks == ()
    assert profile.extra["warnings"] == [
        "requirements.txt:1: included file ../secret.txt is outside the repo; skipped"
    ]


def test_poetry_and_pep621_together(tmp_path: Path) -> None:
    root = make(
        tmp_path / "both",
        {
            "pyproject.toml": '[project]\nname = "pep"\ndependencies = ["flask"]\n'
            '[dependency-groups]\ndev = ["pytest", {include-group = "x"}]\n'
            '[tool.poetry]\nname = "poetry-name"\n[tool.poetry.dev-dependencies]\ndjango = "*"\n',
        },
    )
    profile = scan_repo(root)
    assert sorted(profile.frameworks) == ["django", "flask"]
    assert profile.name == "pep"  # PEP 621 wins over Poetry's name


@pytest.mark.parametrize(
    "table",
    [
        '[tool.uv]\ndev-dependencies = ["flask"]\n',
        '[tool.pdm.dev-dependencies]\ntest = ["pytest"]\nweb = ["Flask>=3"]\n',
        '[project.optional-dependencies]\nweb = ["flask[async]"]\n',
        '[tool.poetry.group.web.dependencies]\nflask = {version = "^3", extras = ["async"]}\n',
    ],
)
def test_pyproject_dependency_tables(tmp_path: Path, table: str) -> None:
    root = make(tmp_path / "t", {"pyproject.toml": '[project]\nname = "t"\n' + table})
    assert scan_repo(root).frameworks == ("flask",)


@pytest.mark.parametrize(
    ("rel", "text", "warning"),
    [
        ("package.json", '{"name": "x",\n  "dependencies": {\n', "package.json:3: invalid JSON"),
        ("pyproject.toml", "[project\nname = 1\n", "pyproject.toml:1: invalid TOML"),
        ("pom.xml", "<project>\n<parent>\n</project>", "pom.xml:3: invalid XML"),
        ("composer.json", "[1, 2]", "composer.json:1: composer.json must be a JSON object"),
        ("Api.csproj", "<Project", "Api.csproj:1: invalid XML"),
        (
            "pom.xml",
            '<!DOCTYPE p [<!ENTITY a "aaaa">]><project>&a;</project>',
            "pom.xml: XML entity declarations are not accepted; skipped",
        ),
        (
            "requirements-dev.txt",
            "-r https://example.com/r.txt\n",
            "requirements-dev.txt:1: include https://example.com/r.txt is remote",
        ),
    ],
)
def test_broken_manifest_is_a_warning(tmp_path: Path, rel: str, text: str, warning: str) -> None:
    root = make(tmp_path / "broken", {rel: text, "requirements.txt": "fastapi\n"})
    profile = scan_repo(root)
    assert profile.frameworks == ("fastapi",)
    assert len(profile.extra["warnings"]) == 1
    assert profile.extra["warnings"][0].startswith(warning)


def test_oversized_manifest_is_skipped(tmp_path: Path) -> None:
    big = '{"dependencies": {"express": "4"}, "pad": "' + "x" * (1 << 20) + '"}'
    root = make(tmp_path / "big", {"package.json": big})
    profile = scan_repo(root)
    assert profile.frameworks == ()
    assert profile.extra["warnings"] == ["package.json: larger than 1024 KiB; skipped"]


DEPLOYMENT_CASES: list[tuple[dict[str, str], list[str]]] = [
    ({"Dockerfile": "FROM python"}, ["docker"]),
    ({"svc/Containerfile": ""}, ["docker"]),
    ({"docker-compose.prod.yml": "services: {}"}, ["docker"]),
    (
        {"deploy/app.yaml": "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: a\n"},
        ["kubernetes"],
    ),
    (
        {"k8s/all.yml": "---\napiVersion: v1\nkind: Service\n---\napiVersion: v1\nkind: Job\n"},
        ["kubernetes"],
    ),
    ({"config/settings.yaml": "kind: Deployment\nname: not k8s\n"}, []),
    ({"charts/api/Chart.yaml": "apiVersion: v2\nname: api\n"}, ["kubernetes", "helm"]),
    ({"serverless.yml": "service: x\n"}, ["serverless"]),
    ({"template.yaml": "Transform: AWS::Serverless-2016-10-31\n"}, ["serverless"]),
    ({"template.yaml": "title: a docs template\n"}, []),
    ({"netlify.toml": '[functions]\n  directory = "fns"\n'}, ["serverless"]),
    ({"netlify/functions/hello.js": ""}, ["serverless"]),
    ({"vercel.json": "{}", "api/hello.ts": ""}, ["serverless"]),
    ({"Procfile": "web: gunicorn app:app\n"}, ["paas"]),
    ({"app.yaml": "runtime: python312\n"}, ["paas"]),
    ({"fly.toml": "app = 'x'\n"}, ["paas"]),
    ({"render.yaml": "services: []\n"}, ["paas"]),
    ({"heroku.yml": "build: {}\n"}, ["paas"]),
    ({"Dockerfile": "", "Procfile": "", "k8s/d.yaml": "apiVersion: apps/v1\nkind: Deployment"},
     ["docker", "kubernetes", "paas"]),
]  # fmt: skip


@pytest.mark.parametrize(("tree", "expected"), DEPLOYMENT_CASES)
def test_deployment(tmp_path: Path, tree: dict[str, str], expected: list[str]) -> None:
    profile = scan_repo(make(tmp_path / "d", tree))
    assert list(profile.deployment) == expected


def test_ci(tmp_path: Path) -> None:
    root = make(
        tmp_path / "ci",
        {
            ".github/workflows/test.yml": "on: push\n",
            ".gitlab-ci.yml": "test: {}\n",
            "Jenkinsfile": "pipeline {}\n",
            ".circleci/config.yml": "version: 2.1\n",
            "azure-pipelines.yml": "steps: []\n",
            "bitbucket-pipelines.yml": "pipelines: {}\n",
            "examples/demo/.gitlab-ci.yml": "not ours\n",
        },
    )
    profile = scan_repo(root)
    assert sorted(profile.ci) == [
        "azure-pipelines",
        "bitbucket-pipelines",
        "circleci",
        "github-actions",
        "gitlab-ci",
        "jenkins",
    ]
    assert Evidence("ci", "github-actions", ".github/workflows/test.yml") in profile.evidence
    assert profile.deployment == ()  # CI YAML is not mistaken for Kubernetes


def test_git_contributors_and_commits(git_repo: Path) -> None:
    make(git_repo, {"a.py": ""})
    commit_all(git_repo, "alice@example.com")
    make(git_repo, {"b.py": ""})
    commit_all(git_repo, "Bob@Example.com")
    make(git_repo, {"c.py": ""})
    commit_all(git_repo, "bob@example.com")
    profile = scan_repo(git_repo)
    assert profile.commits == 4  # the fixture's initial commit too
    assert profile.contributors == 3  # test@, alice@, bob@ (case folded)
    later = scan_repo(git_repo, now=datetime(2100, 1, 1, tzinfo=timezone.utc))
    assert later.commits == 4 and later.contributors == 0


def test_git_repo_without_commits_and_untracked_files(tmp_path: Path) -> None:
    repo = tmp_path / "fresh"
    repo.mkdir()
    git(repo, "init", "-q")
    make(
        repo, {"go.mod": "module x\nrequire github.com/gin-gonic/gin v1\n", ".gitignore": "ign/\n"}
    )
    make(repo, {"ign/Gemfile": 'gem "rails"\n'})
    profile = scan_repo(repo)
    assert profile.extra["source"] == "git"
    assert profile.frameworks == ("gin",)  # untracked but not ignored: seen; ignored: not
    assert profile.commits is None and profile.contributors is None


def test_scan_of_a_subfolder_of_a_repo(git_repo: Path) -> None:
    make(git_repo, {"svc/Gemfile": "gem 'rails'\n", "other/go.mod": "module y\n"})
    commit_all(git_repo)
    profile = scan_repo(git_repo / "svc")
    assert profile.frameworks == ("rails",)
    assert profile.languages == ("ruby",)
    assert profile.manifests == ("Gemfile",)
    assert profile.commits == 2


def test_scan_writes_nothing(git_repo: Path) -> None:
    make(git_repo, {"requirements.txt": "django\n"})
    commit_all(git_repo)
    before = git(git_repo, "status", "--porcelain", "--ignored")
    index = (git_repo / ".git" / "index").stat().st_mtime_ns
    scan_repo(git_repo)
    assert (git_repo / ".git" / "index").stat().st_mtime_ns == index  # not even a refresh
    assert git(git_repo, "status", "--porcelain", "--ignored") == before == ""


def test_profile_json_has_the_contract_keys(tmp_path: Path) -> None:
    profile = scan_repo(make(tmp_path / "j", {"requirements.txt": "flask\n", "Dockerfile": ""}))
    data = profile.to_json()
    assert {"languages", "frameworks", "deployment", "ci", "contributors", "evidence"} <= set(data)
    assert data["frameworks"] == ["flask"] and data["deployment"] == ["docker"]
    assert {"kind": "deployment", "value": "docker", "path": "Dockerfile"} in data["evidence"]


def test_only_manifests_are_opened(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    root = make(
        tmp_path / "m",
        {
            "pyproject.toml": '[project]\nname = "m"\n',
            "src/app.py": "import django",
            "web/index.ts": "",
            "docs/guide.md": "",
            "k8s/svc.yaml": "apiVersion: v1\nkind: Service\n",
            "Dockerfile": "",
        },
    )
    opened: list[str] = []
    real_open = builtins.open

    def recording_open(file, *args, **kwargs):  # type: ignore[no-untyped-def]
        opened.append(
            Path(file).relative_to(root).as_posix() if str(file).startswith(str(root)) else ""
        )
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", recording_open)
    profile = scan_repo(root)
    assert profile.deployment == ("docker", "kubernetes")
    assert sorted(p for p in opened if p) == ["k8s/svc.yaml", "pyproject.toml"]
