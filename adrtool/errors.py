"""Expected failures and their exit codes (see DESIGN.md).

This module imports nothing heavy and never imports click: the CLI group turns these
exceptions into one line on stderr and an exit code, in exactly one place.
"""

from __future__ import annotations

from pathlib import Path


class AdrError(Exception):
    """An expected failure. ``exit_code`` is what the CLI exits with."""

    exit_code = 3
    hint: str | None = None

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        if hint is not None:
            self.hint = hint


class UsageError(AdrError):
    """Bad arguments or input given on the command line (exit 2)."""

    exit_code = 2


class ConfigError(AdrError):
    """A bad config, answers, catalog or template file (exit 2)."""

    exit_code = 2


class RecordError(AdrError):
    """A record cannot be found, read or written as asked (exit 2)."""

    exit_code = 2


class GitError(AdrError):
    """git or the repository is in a state we cannot work with (exit 3)."""

    exit_code = 3


def located(path: Path | str, line: int | None, message: str) -> str:
    """Format ``path:line: message`` (``path: message`` when the line is unknown)."""
    where = f"{path}:{line}" if line else f"{path}"
    return f"{where}: {message}"


def did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str:
    """A ' (did you mean "x"?)' suffix, or '' when nothing is close."""
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f' (did you mean "{close[0]}"?)' if close else ""
