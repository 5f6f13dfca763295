"""Find the ADR folder of a repository (DESIGN.md "Where ADRs live").

Order: ``--dir``; ``adr_dir`` from the adrtool config; adr-tools' ``.adr-dir`` (nearest
upward, up to the git root); log4brains' ``.log4brains.yml`` ``project.adrFolder``; the
first existing of the conventional folders; ``init`` creates ``docs/decisions``.

A rule that names a folder decides, even when the folder does not exist yet: reading
commands then get None ("run init"), and ``init`` creates that folder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from adrtool.config import Config, find_git_root
from adrtool.errors import ConfigError, located

CONVENTIONAL_DIRS = ("docs/decisions", "docs/adr", "doc/adr", "docs/architecture/decisions")
DEFAULT_DIR = "docs/decisions"


@dataclass(frozen=True)
class AdrDirChoice:
    """Where the ADR folder is (or would be) and which rule said so."""

    path: Path
    source: str  # "--dir", "config", ".adr-dir", ".log4brains.yml", "convention", "default"
    exists: bool


def _join(base: Path, rel: str | Path) -> Path:
    return Path(os.path.normpath(base / Path(rel).expanduser()))


def _upward(repo: Path) -> list[Path]:
    """``repo`` and its parents up to the git root (or the filesystem root)."""
    here = repo.resolve()
    root = find_git_root(here)
    out: list[Path] = []
    for folder in (here, *here.parents):
        out.append(folder)
        if root is not None and folder == root:
            break
    return out


def _as_seen_from(repo: Path, resolved: Path) -> Path:
    """A path found under the resolved repo, spelled under ``repo`` as the caller gave it
    (so a symlinked checkout keeps its own prefix and record paths stay relative)."""
    try:
        return _join(repo, os.path.relpath(resolved, repo.resolve()))
    except ValueError:  # another drive on Windows
        return resolved


def _read_adr_dir_file(path: Path) -> Path:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as e:
        raise ConfigError(located(path, None, f"cannot read: {e.strerror or e}")) from None
    except UnicodeDecodeError:
        raise ConfigError(located(path, 1, "not UTF-8 text; write the ADR folder path")) from None
    for line in text.splitlines():
        if line.strip():  # adr-tools on Windows may have written backslashes
            return _join(path.parent, line.strip().replace("\\", "/"))
    raise ConfigError(
        located(path, 1, "empty; write the ADR folder path (relative to this file), e.g. doc/adr")
    )


def _read_log4brains(path: Path) -> Path:
    from adrtool.yamlio import line_of, load_yaml

    doc = load_yaml(path)
    project = doc.get("project") if isinstance(doc, dict) else None
    if not isinstance(project, dict):
        line = line_of(doc, "project") if isinstance(doc, dict) and "project" in doc else 1
        raise ConfigError(
            located(path, line, 'no "project" mapping; add "project:\\n  adrFolder: docs/adr"')
        )
    folder = project.get("adrFolder")
    if not isinstance(folder, str) or not folder.strip():
        line = line_of(project, "adrFolder") if "adrFolder" in project else line_of(doc, "project")
        raise ConfigError(
            located(path, line, '"project.adrFolder" must name the ADR folder, e.g. docs/adr')
        )
    return _join(path.parent, folder.strip())


def choose_adr_dir(repo: Path, config: Config, explicit: Path | None = None) -> AdrDirChoice:
    """The ADR folder and the rule that chose it (first rule that names one wins)."""

    def choice(path: Path, source: str) -> AdrDirChoice:
        return AdrDirChoice(path, source, path.is_dir())

    if explicit is not None:
        return choice(_join(repo, explicit), "--dir")
    if config.adr_dir:
        return choice(_join(repo, config.adr_dir), "config")
    folders = _upward(repo)
    for folder in folders:
        marker = folder / ".adr-dir"
        if marker.is_file():
            return choice(_as_seen_from(repo, _read_adr_dir_file(marker)), ".adr-dir")
    for folder in folders:
        for name in (".log4brains.yml", ".log4brains.yaml"):
            marker = folder / name
            if marker.is_file():
                return choice(_as_seen_from(repo, _read_log4brains(marker)), ".log4brains.yml")
    for rel in CONVENTIONAL_DIRS:
        candidate = repo / rel
        if candidate.is_dir():
            return AdrDirChoice(candidate, "convention", True)
    default = repo / DEFAULT_DIR
    return AdrDirChoice(default, "default", default.is_dir())


def find_adr_dir(repo: Path, config: Config, explicit: Path | None = None) -> Path | None:
    """The existing ADR folder (DESIGN.md order), or None when there is none yet.

    ``explicit`` (``--dir``) and ``config.adr_dir`` are relative to ``repo`` unless absolute.
    """
    found = choose_adr_dir(repo, config, explicit)
    return found.path if found.exists else None


def adr_dir_for_init(repo: Path, config: Config, explicit: Path | None = None) -> Path:
    """Where ``init`` creates the ADR folder (default ``docs/decisions``)."""
    return choose_adr_dir(repo, config, explicit).path
