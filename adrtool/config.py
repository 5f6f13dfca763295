"""Project configuration: ``.adrtool.yaml`` or ``[tool.adrtool]`` in ``pyproject.toml``.

Lookup order: ``--config FILE``; else walk up from the repo folder to the git root and take
the first ``.adrtool.yaml`` or ``pyproject.toml`` with a ``[tool.adrtool]`` table; else the
defaults. Imports nothing heavy at module level (this module is on the start-up path).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from adrtool.errors import ConfigError, did_you_mean, located

SEVERITIES = ("error", "warning", "off")

# key -> (type description, default) for the top level of the config.
_TOP_KEYS = ("adr_dir", "template", "default_status", "check", "weights", "allow_plugins")
_CHECK_KEYS = ("require", "require_status", "severity", "base")


@dataclass(frozen=True)
class CheckConfig:
    """Settings for ``adrtool check``."""

    require: tuple[str, ...] = ()
    require_status: tuple[str, ...] = ("accepted",)
    severity: dict[str, str] = field(default_factory=dict)
    base: str | None = None


@dataclass(frozen=True)
class Config:
    """The validated project configuration (all fields optional in the file)."""

    source: Path | None = None
    adr_dir: str | None = None
    template: str | None = None
    default_status: str = "proposed"
    check: CheckConfig = field(default_factory=CheckConfig)
    weights: dict[str, float] = field(default_factory=dict)
    allow_plugins: bool = False


def find_git_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` holding ``.git`` (dir or file), if any."""
    here = start.resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return None


def resolve_repo(repo: Path | None) -> Path:
    """The repo folder: ``--repo`` as given, else the git root above cwd, else cwd."""
    if repo is not None:
        return repo.resolve()
    cwd = Path.cwd()
    return find_git_root(cwd) or cwd.resolve()


def find_config_file(repo: Path) -> Path | None:
    """Walk up from ``repo`` to the git root; first ``.adrtool.yaml`` or tool table wins."""
    here = repo.resolve()
    root = find_git_root(here)
    for folder in (here, *here.parents):
        candidate = folder / ".adrtool.yaml"
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "[tool.adrtool" in _safe_read(pyproject):
            return pyproject
        if root is None or folder == root:
            break
    return None


def _safe_read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        return ""


def load_config(repo: Path, config_file: Path | None = None) -> Config:
    """Load and validate the configuration for ``repo``."""
    path = config_file or find_config_file(repo)
    if path is None:
        return Config()
    shown = shown_path(repo, path)  # errors name the file as the user sees it in the repo
    if path.name == "pyproject.toml":
        data, lines = _load_pyproject(path, shown), {}
    else:
        from adrtool.yamlio import line_of, load_yaml, plain, read_text

        raw = load_yaml(shown, read_text(path))
        if raw is None:
            return Config(source=path)
        if not isinstance(raw, dict):
            raise ConfigError(located(shown, line_of(raw), "the config must be a mapping of keys"))
        lines = {str(k): line_of(raw, k) for k in raw}
        if isinstance(raw.get("check"), dict):
            lines.update({f"check.{k}": line_of(raw["check"], k) for k in raw["check"]})
        data = plain(raw)
    return replace(_validate(shown, data, lines), source=path)


def shown_path(repo: Path, path: Path) -> Path:
    """``path`` relative to ``repo`` when it is inside (how messages name it), else as given."""
    try:
        return path.resolve().relative_to(repo.resolve())
    except ValueError:
        return path


def _load_pyproject(path: Path, shown: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # Python 3.10
        import tomli as tomllib
    try:
        doc = tomllib.loads(_safe_read(path))
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(located(shown, None, f"invalid TOML: {e}")) from None
    table = doc.get("tool", {}).get("adrtool", {})
    if not isinstance(table, dict):
        raise ConfigError(located(shown, None, "[tool.adrtool] must be a table"))
    return {k.replace("-", "_"): v for k, v in table.items()}


def _validate(path: Path, data: dict[str, Any], lines: dict[str, int | None]) -> Config:
    def fail(key: str, message: str) -> ConfigError:
        return ConfigError(located(path, lines.get(key), message))

    for key in data:
        if key not in _TOP_KEYS:
            raise fail(key, f'unknown key "{key}"{did_you_mean(key, _TOP_KEYS)}')
    for key in ("adr_dir", "template", "default_status"):
        if key in data and not isinstance(data[key], str):
            raise fail(key, f'"{key}" must be a string, got {data[key]!r}')
    if "allow_plugins" in data and not isinstance(data["allow_plugins"], bool):
        raise fail("allow_plugins", '"allow_plugins" must be true or false')
    weights = data.get("weights", {}) or {}
    if not isinstance(weights, dict) or not all(
        isinstance(v, (int, float)) and not isinstance(v, bool) and 0 <= v <= 100
        for v in weights.values()
    ):
        raise fail("weights", '"weights" must map criterion ids to numbers between 0 and 100')
    check = _validate_check(data.get("check") or {}, fail)
    return Config(
        source=path,
        adr_dir=data.get("adr_dir"),
        template=data.get("template"),
        default_status=str(data.get("default_status", "proposed")).lower(),
        check=check,
        weights={str(k): float(v) for k, v in weights.items()},
        allow_plugins=bool(data.get("allow_plugins", False)),
    )


def _validate_check(data: Any, fail: Any) -> CheckConfig:
    if not isinstance(data, dict):
        raise fail("check", '"check" must be a mapping')
    for key in data:
        if key not in _CHECK_KEYS:
            raise fail(f"check.{key}", f'unknown key "check.{key}"{did_you_mean(key, _CHECK_KEYS)}')

    def str_list(key: str) -> tuple[str, ...]:
        value = data.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise fail(f"check.{key}", f'"check.{key}" must be a list of strings')
        return tuple(value)

    severity = data.get("severity", {}) or {}
    if not isinstance(severity, dict):
        raise fail("check.severity", '"check.severity" must map rule codes to a severity')
    for code, level in severity.items():
        if level not in SEVERITIES:
            raise fail(
                "check.severity",
                f'severity of {code} must be one of {", ".join(SEVERITIES)}, got {level!r}',
            )
    base = data.get("base")
    if base is not None and not isinstance(base, str):
        raise fail("check.base", '"check.base" must be a git ref')
    return CheckConfig(
        require=str_list("require"),
        require_status=str_list("require_status") or ("accepted",),
        severity={str(k): str(v) for k, v in severity.items()},
        base=base,
    )
