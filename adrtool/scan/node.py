"""JavaScript and TypeScript manifests: package.json and tsconfig.json."""

from __future__ import annotations

import json
from typing import Any

from adrtool.scan.findings import Findings, parent

# npm package -> candidate id
FRAMEWORKS: dict[str, str] = {"express": "express", "@nestjs/core": "nestjs"}
DEPENDENCY_KEYS = ("dependencies", "devDependencies", "peerDependencies", "optionalDependencies")


def load_json(found: Findings, rel: str, text: str) -> Any:
    """Parse JSON, or warn with the line and return None."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        found.warn(rel, e.lineno, f"invalid JSON ({e.msg}); skipped")
        return None


def is_tsconfig(name: str) -> bool:
    return name.startswith("tsconfig") and name.endswith(".json")


def detect_package_json(found: Findings, rel: str, text: str) -> None:
    data = load_json(found, rel, text)
    if data is None:
        return
    if not isinstance(data, dict):
        found.warn(rel, 1, "package.json must be a JSON object; skipped")
        return
    deps: set[str] = set()
    for key in DEPENDENCY_KEYS:
        if isinstance(data.get(key), dict):
            deps.update(data[key])
    folder = parent(rel)
    tsconfig = f"{folder}/tsconfig.json" if folder else "tsconfig.json"
    typescript = "typescript" in deps or tsconfig in found.files
    found.add("language", "typescript" if typescript else "javascript", rel)
    for dep in sorted(deps):
        if dep in FRAMEWORKS:
            found.add("framework", FRAMEWORKS[dep], rel)
    found.name(data.get("name"), rel)


def detect_tsconfig(found: Findings, rel: str) -> None:
    """A tsconfig*.json says TypeScript by its name alone (it is never read)."""
    found.add("language", "typescript", rel)
