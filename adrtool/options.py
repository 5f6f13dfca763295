"""Options shared by every command, declared once so every command spells them alike."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

FORMAT_HELP = "Output format."


def repo_and_config_options(f: F) -> F:
    """Add ``--repo DIR`` and ``--config FILE``."""
    f = click.option(
        "--config",
        "config_file",
        default=None,
        metavar="FILE",
        type=click.Path(dir_okay=False, exists=True, path_type=Path),
        help="Config file (default: .adrtool.yaml or [tool.adrtool] in pyproject.toml).",
    )(f)
    return click.option(
        "--repo",
        default=None,
        metavar="DIR",
        type=click.Path(file_okay=False, exists=True, path_type=Path),
        help="Project folder (default: the git root above the current folder).",
    )(f)


def dir_option(f: F) -> F:
    """``--dir DIR``: the ADR folder, relative to the repo (like ``adr_dir`` in the config)."""
    return click.option(
        "--dir",
        "adr_dir",
        default=None,
        metavar="DIR",
        type=click.Path(file_okay=False, path_type=Path),
        help="ADR folder, relative to the repo (default: discovered; see README).",
    )(f)


def format_option(*choices: str, default: str | None = None) -> Callable[[F], F]:
    """``--format`` limited to ``choices`` (the first is the default)."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default=default or choices[0],
        show_default=True,
        help=FORMAT_HELP,
    )


def load_project(repo: Path | None, config_file: Path | None) -> tuple[Path, Any]:
    """Resolve ``--repo`` and load the config: the first step of every command."""
    from adrtool.config import load_config, resolve_repo

    root = resolve_repo(repo)
    return root, load_config(root, config_file)
