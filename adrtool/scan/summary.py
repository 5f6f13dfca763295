"""The text form of ``adrtool scan``: a short summary, then the evidence. Pure."""

from __future__ import annotations

from adrtool.scan.profile import ProjectProfile

MAX_PATHS = 5  # per finding in the evidence list; the JSON output has them all


def _list(values: tuple[str, ...] | list[str]) -> str:
    return ", ".join(values) if values else "(none found)"


def summary_lines(profile: ProjectProfile) -> list[str]:
    """Human-readable lines describing ``profile``, evidence paths included."""
    counts = profile.extra.get("language_files", {})
    languages = [
        f"{lang} ({counts[lang]} file{'s' if counts[lang] != 1 else ''})"
        if counts.get(lang)
        else f"{lang} (manifest only)"
        for lang in profile.languages
    ]
    if profile.commits is None:
        team = "unknown (not a git repository, or no commits yet)"
    else:
        people = profile.contributors if profile.contributors is not None else "?"
        team = (
            f"{people} active contributor{'s' if people != 1 else ''} in the last 12 months, "
            f"{profile.commits} commit{'s' if profile.commits != 1 else ''}"
        )
    lines = [
        f"Project     {profile.name or '(unknown)'}",
        f"Languages   {_list(languages)}",
        f"Frameworks  {_list(profile.frameworks)}",
        f"Deployment  {_list(profile.deployment)}",
        f"CI          {_list(profile.ci)}",
        f"Team        {team}",
    ]
    parts = profile.extra.get("components", [])
    if len(parts) > 1:
        for i, part in enumerate(parts):
            label = "Components  " if i == 0 else " " * 12
            folder = "./" if part["path"] == "." else f"{part['path']}/"
            stack = ", ".join([*part["languages"], *part["frameworks"]])
            lines.append(f"{label}{folder} ({stack})")
    groups: dict[tuple[str, str], list[str]] = {}
    for e in profile.evidence:
        groups.setdefault((e.kind, e.value), []).append(e.path)
    if groups:
        lines.append("Evidence")
        for (kind, value), paths in groups.items():
            shown = ", ".join(paths[:MAX_PATHS])
            more = f" (+{len(paths) - MAX_PATHS} more)" if len(paths) > MAX_PATHS else ""
            lines.append(f"  {kind} {value}: {shown}{more}")
    return lines
