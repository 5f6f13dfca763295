"""What a scan of the repo found: the input the engine reads besides the answers. Pure."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Evidence:
    """One finding and the file that shows it, e.g. ("framework", "django", "pyproject.toml")."""

    kind: str  # language | framework | deployment | ci | manifest
    value: str
    path: str  # POSIX path relative to the repo root


@dataclass(frozen=True)
class ProjectProfile:
    """The detected project profile (``scan --format json``; DESIGN.md contract)."""

    name: str | None = None
    languages: tuple[str, ...] = ()  # language ids, most files first
    frameworks: tuple[str, ...] = ()  # candidate ids in use
    deployment: tuple[str, ...] = ()  # docker | kubernetes | helm | serverless | paas
    ci: tuple[str, ...] = ()  # github-actions | gitlab-ci | ...
    manifests: tuple[str, ...] = ()  # paths of the manifests read
    contributors: int | None = None  # active contributors in git history (last 12 months)
    commits: int | None = None
    evidence: tuple[Evidence, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "languages": list(self.languages),
            "frameworks": list(self.frameworks),
            "deployment": list(self.deployment),
            "ci": list(self.ci),
            "manifests": list(self.manifests),
            "contributors": self.contributors,
            "commits": self.commits,
            "evidence": [e.__dict__ for e in self.evidence],
            **self.extra,
        }
