"""Scan a repository into a ProjectProfile: languages, frameworks, deployment, CI, team.

Reads only manifests (chosen by file name, at most 1 MiB each) and the heads of a few
YAML files; source files are counted by extension, never opened. Broken manifests become
warnings (``profile.extra["warnings"]``), never a crash.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from adrtool.errors import AdrError
from adrtool.scan import deploy, ecosystems, jvm, node, python
from adrtool.scan.files import git_activity, list_files
from adrtool.scan.findings import Findings, parent
from adrtool.scan.languages import count_languages
from adrtool.scan.profile import Evidence, ProjectProfile

Detector = Callable[[Findings, str, str], None]

# manifest file name -> detector, in the order a project name is taken from them
BY_NAME: dict[str, Detector] = {
    "pyproject.toml": python.detect_pyproject,
    "package.json": node.detect_package_json,
    "pom.xml": jvm.detect_pom,
    "composer.json": ecosystems.detect_composer,
    "mix.exs": ecosystems.detect_mix,
    "go.mod": ecosystems.detect_go_mod,
    "settings.gradle": jvm.detect_gradle_settings,
    "settings.gradle.kts": jvm.detect_gradle_settings,
    "setup.cfg": python.detect_setup_cfg,
    "setup.py": python.detect_setup_py,
    "Pipfile": python.detect_pipfile,
    "build.gradle": jvm.detect_gradle,
    "build.gradle.kts": jvm.detect_gradle,
    "Gemfile": ecosystems.detect_gemfile,
    "gems.rb": ecosystems.detect_gemfile,
}
NAME_ORDER = (*BY_NAME, ".csproj")
KIND_ORDER = ("name", "language", "framework", "deployment", "ci")


def scan_repo(repo: Path, *, now: datetime | None = None) -> ProjectProfile:
    """Detect what ``repo`` is built with. Reads files and runs read-only git; never writes.

    ``now`` anchors the 365-day window for active contributors (default: the clock).
    Problems with single files are in ``profile.extra["warnings"]`` as "path:line: message".
    """
    root = Path(repo)
    try:
        listing = list_files(root)
    except OSError as err:
        raise AdrError(
            f"{root}: cannot read the folder ({err.strerror or err})",
            hint="check the --repo path and its permissions",
        ) from None
    found = Findings(root, listing.files)
    _read_manifests(found, listing.files)
    deploy.detect_deployment(found, listing.files)
    counts = count_languages(listing.files)
    activity = git_activity(root, now=now)

    evidence = list(found.evidence)
    # source files counted by extension: the evidence names the folder holding most of them
    evidence += [
        Evidence("language", c.language, "." if c.where == "." else f"{c.where}/") for c in counts
    ]
    frameworks = Counter(e.value for e in evidence if e.kind == "framework")
    languages = [c.language for c in counts]
    for e in evidence:
        if e.kind == "language" and e.value not in languages:
            languages.append(e.value)
    deployment = {e.value for e in evidence if e.kind == "deployment"}
    ci = dict.fromkeys(e.value for e in evidence if e.kind == "ci")
    name, name_path = _project_name(found, root)
    if name_path is not None:
        evidence.append(Evidence("name", name, name_path))
    evidence.sort(key=lambda e: KIND_ORDER.index(e.kind) if e.kind in KIND_ORDER else 99)
    return ProjectProfile(
        name=name,
        languages=tuple(languages),
        frameworks=tuple(sorted(frameworks, key=lambda fw: (-frameworks[fw], fw))),
        deployment=tuple(d for d in deploy.DEPLOYMENT_ORDER if d in deployment)
        + tuple(sorted(deployment - set(deploy.DEPLOYMENT_ORDER))),
        ci=tuple(ci),
        manifests=tuple(found.manifests),
        contributors=activity.contributors,
        commits=activity.commits,
        evidence=tuple(evidence),
        extra={
            "language_files": {c.language: c.files for c in counts},
            "components": components(found.evidence),
            "files": len(listing.files),
            "source": listing.source,
            "warnings": list(found.warnings),
        },
    )


def components(evidence: Iterable[Evidence]) -> list[dict[str, Any]]:
    """Languages and frameworks per manifest folder: the parts of a monorepo.

    ``[{"path": "backend", "languages": ["python"], "frameworks": ["fastapi"]}, ...]``
    (``"."`` is the root; a ``requirements/`` folder belongs to the folder above it).
    """
    parts: dict[str, dict[str, dict[str, None]]] = {}
    for e in evidence:
        if e.kind not in ("language", "framework"):
            continue
        folder = parent(e.path)
        if folder.rpartition("/")[2] == "requirements":
            folder = parent(folder)
        part = parts.setdefault(folder or ".", {"language": {}, "framework": {}})
        part[e.kind].setdefault(e.value, None)
    return [
        {"path": path, "languages": list(p["language"]), "frameworks": list(p["framework"])}
        for path, p in sorted(parts.items())
    ]


def _read_manifests(found: Findings, files: tuple[str, ...]) -> None:
    seen_requirements: set[str] = set()
    for rel in files:
        name = rel.rpartition("/")[2]
        detector = BY_NAME.get(name)
        if detector is None and name.endswith(".csproj"):
            detector = ecosystems.detect_csproj
        if detector is not None:
            text = found.read(rel)
            if text is not None:
                detector(found, rel, text)
        elif node.is_tsconfig(name):
            node.detect_tsconfig(found, rel)
        elif python.is_requirements_file(rel) and rel not in seen_requirements:
            text = found.read(rel)
            if text is not None:
                python.detect_requirements(found, rel, text, seen_requirements)


def _project_name(found: Findings, root: Path) -> tuple[str, str | None]:
    """The name in a root-level manifest (pyproject first, ...), else the folder's name."""

    def rank(item: tuple[str, str]) -> int:
        name = item[1]
        key = ".csproj" if name.endswith(".csproj") else name
        return NAME_ORDER.index(key) if key in NAME_ORDER else len(NAME_ORDER)

    at_root = [item for item in found.names if "/" not in item[1]]
    if at_root:
        return min(at_root, key=rank)
    return root.resolve().name, None
