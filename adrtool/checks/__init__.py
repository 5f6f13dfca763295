"""The rules ``adrtool check`` applies, and the problems they report. Pure, no I/O.

Every rule has a stable code (``ADR0nn``) that users put in ``check.severity`` to make it
an error, a warning or switch it off. Codes are never reused: a retired rule keeps its code.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

SEVERITIES = ("error", "warning", "off")


@dataclass(frozen=True)
class Rule:
    """One check: its stable code, a short name and the default severity."""

    code: str
    name: str
    severity: str
    summary: str


RULES: dict[str, Rule] = {
    r.code: r
    for r in (
        Rule("ADR001", "unreadable", "error", "a record cannot be read as an ADR"),
        Rule("ADR002", "number-mismatch", "error", "file name number and title number differ"),
        Rule("ADR003", "unknown-status", "error", "status is not a known lifecycle status"),
        Rule("ADR004", "broken-link", "error", "a link points to a record that does not exist"),
        Rule(
            "ADR005",
            "one-sided-supersession",
            "error",
            "A supersedes B but B does not say it is superseded by A (or the reverse)",
        ),
        Rule(
            "ADR006",
            "superseded-status",
            "error",
            "a record superseded by another still has another status",
        ),
        Rule("ADR007", "duplicate-number", "error", "two records in the folder share a number"),
        Rule("ADR008", "missing-status", "warning", "a record has no status"),
        Rule(
            "ADR009",
            "stray-file",
            "warning",
            "a Markdown file in the ADR folder is not named like an ADR",
        ),
        Rule(
            "ADR010",
            "missing-decision",
            "error",
            "a required topic has no accepted record (--require / check.require)",
        ),
        Rule(
            "ADR020",
            "stale-decision",
            "error",
            "re-scoring a drafted record with today's answers and catalog changes the winner",
        ),
        Rule(
            "ADR021",
            "stale-inputs",
            "warning",
            "the inputs of a drafted record changed but the winner did not",
        ),
        Rule(
            "ADR030",
            "number-taken",
            "error",
            "a record added on this branch uses a number the base branch gave another file",
        ),
        Rule(
            "ADR031",
            "record-rewritten",
            "error",
            "a record merged on the base branch was rewritten, renumbered or deleted (only "
            "status and links may change)",
        ),
        Rule(
            "ADR032",
            "undecided-framework",
            "error",
            "a framework was added to a manifest without a record for its topic",
        ),
    )
}


@dataclass(frozen=True)
class Problem:
    """One finding, reported compiler style as ``path:line: CODE message``."""

    path: str  # POSIX, relative to the repo root
    line: int | None
    code: str
    message: str
    severity: str = "error"

    def to_json(self) -> dict[str, Any]:
        """The ``check --format json`` item (DESIGN.md contract: path, line, code, message)."""
        return {
            "path": self.path,
            "line": self.line,
            "code": self.code,
            "message": self.message,
            "severity": self.severity,
        }


def problem(path: str, line: int | None, code: str, message: str) -> Problem:
    """A problem with its rule's default severity."""
    return Problem(path, line, code, message, RULES[code].severity)


def apply_severity(problems: list[Problem], overrides: dict[str, str]) -> list[Problem]:
    """Apply ``check.severity`` (code -> error|warning|off); drop the ones switched off."""
    out = []
    for p in problems:
        level = overrides.get(p.code, p.severity)
        if level == "off":
            continue
        out.append(p if level == p.severity else replace(p, severity=level))
    return out


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Stable output order: by path, line, code, message; duplicates removed."""
    unique = {(p.path, p.line or 0, p.code, p.message): p for p in problems}
    return [unique[k] for k in sorted(unique)]


def unknown_codes(overrides: dict[str, str]) -> list[str]:
    """Codes in ``check.severity`` that no rule has (a typo the user should hear about)."""
    return sorted(c for c in overrides if c not in RULES)
