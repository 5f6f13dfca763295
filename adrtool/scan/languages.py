"""Languages by file extension: source files are counted, never opened."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

EXTENSIONS: dict[str, str] = {
    "py": "python", "pyi": "python",
    "js": "javascript", "mjs": "javascript", "cjs": "javascript", "jsx": "javascript",
    "ts": "typescript", "tsx": "typescript", "mts": "typescript", "cts": "typescript",
    "java": "java",
    "kt": "kotlin", "kts": "kotlin",
    "cs": "csharp",
    "rb": "ruby", "rake": "ruby",
    "php": "php",
    "go": "go",
    "ex": "elixir", "exs": "elixir",
}  # fmt: skip

# build scripts that use a language without making the project one of its users
NOT_SOURCE = frozenset({"build.gradle.kts", "settings.gradle.kts"})


@dataclass(frozen=True)
class LanguageCount:
    language: str
    files: int
    where: str  # the top-level folder holding most of them ("." for the root)


def count_languages(files: Iterable[str]) -> list[LanguageCount]:
    """Source files per language, most first (ties by language id)."""
    per_place: Counter[tuple[str, str]] = Counter()
    for rel in files:
        folder, slash, name = rel.rpartition("/")
        dot = name.rfind(".")
        if dot <= 0:
            continue
        language = EXTENSIONS.get(name[dot + 1 :].lower())
        if language is None or name in NOT_SOURCE:
            continue
        top = rel.partition("/")[0] if slash else "."
        per_place[(language, top)] += 1
    totals: Counter[str] = Counter()
    best: dict[str, tuple[int, str]] = {}  # language -> (-files, folder): the smallest wins
    for (language, top), n in per_place.items():
        totals[language] += n
        best[language] = min(best.get(language, (0, "")), (-n, top))
    return [
        LanguageCount(language, n, best[language][1])
        for language, n in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
