"""Formatting problems as text, JSON or GitHub workflow annotations. Pure."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from adrtool.checks import Problem
from adrtool.errors import located


def format_text(problems: Sequence[Problem]) -> str:
    """One compiler-style line per problem: ``path:line: CODE message``.

    Warnings read ``path:line: CODE warning: message`` so they stand out from errors.
    """
    lines = []
    for p in problems:
        tag = f"{p.code} warning:" if p.severity == "warning" else p.code
        path = one_line(p.path)
        if path.startswith(":"):  # a "::cmd::" line would be a GitHub workflow command
            path = "./" + path
        lines.append(located(path, p.line, f"{tag} {one_line(p.message)}"))
    return "".join(line + "\n" for line in lines)


def format_json(problems: Sequence[Problem]) -> str:
    """``{"problems": [{"path","line","code","message","severity"}]}`` (DESIGN.md contract)."""
    data = {
        "problems": [p.to_json() for p in problems],
        "errors": sum(1 for p in problems if p.severity == "error"),
        "warnings": sum(1 for p in problems if p.severity == "warning"),
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def format_github(problems: Sequence[Problem]) -> str:
    """GitHub Actions workflow commands, one ``::error``/``::warning`` per problem.

    Values are escaped as the runner expects (``%``, CR, LF in the message; also ``:`` and
    ``,`` in properties), so text taken from a record cannot start a workflow command.
    """
    out = []
    for p in problems:
        level = "warning" if p.severity == "warning" else "error"
        props = []
        if has_file(p.path):  # a folder-level problem: no file= (GitHub would link ".")
            props.append(f"file={escape_property(_visible(p.path))}")
            if p.line:
                props.append(f"line={p.line}")
        props.append(f"title={escape_property(rule_title(p.code))}")
        out.append(f"::{level} {','.join(props)}::{escape_data(_visible(p.message))}\n")
    return "".join(out)


def has_file(path: str) -> bool:
    """False for a problem about the folder or the project as a whole (``.``, empty, or a
    path ending in ``/``): it has no file to annotate."""
    return path not in ("", ".", "./") and not path.endswith("/")


def rule_title(code: str) -> str:
    """The annotation title: the code and the rule's name (``ADR031 record-rewritten``)."""
    from adrtool.checks import RULES

    rule = RULES.get(code)
    return f"{code} {rule.name}" if rule else code


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f]")


def _visible(text: str) -> str:
    """Control characters but CR and LF (which escaping handles) as ``\\xNN``."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def escape_data(value: str) -> str:
    """Escape a workflow command's message (``%``, ``\\r``, ``\\n``)."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a workflow command property value (also ``:`` and ``,``)."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def one_line(text: str) -> str:
    """Collapse newlines so a problem is always exactly one line of text output, and show
    other control characters (ANSI escapes that could recolour or hide a log) as ``\\xNN``."""
    return _visible(" ".join(text.splitlines()))


def summary(problems: Sequence[Problem]) -> str:
    """``2 errors, 1 warning`` (or ``no problems``) for stderr."""
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = sum(1 for p in problems if p.severity == "warning")
    if not errors and not warnings:
        return "no problems"
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return ", ".join(parts)
