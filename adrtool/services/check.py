"""``adrtool check``: run every rule over a repository and return a report (no printing).

Order: the folder lint rules (ADR001-ADR009) and required topics (ADR010); then, unless
``lint_only``, stale drafted decisions (ADR020/ADR021) and the rules that compare this
branch with its base (ADR030-ADR032). Severity overrides from ``check.severity`` apply last.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from adrtool.checks import Problem, apply_severity, problem, sort_problems, unknown_codes
from adrtool.config import Config, find_git_root, shown_path
from adrtool.errors import ConfigError, GitError, UsageError, did_you_mean, located
from adrtool.records.model import Record

if TYPE_CHECKING:
    from adrtool.checks.branch import NewFramework
    from adrtool.gitops import Change

FRAMEWORK_TOPIC = "backend-framework"
_WARNING = re.compile(r"^(?P<path>[^:\n]+?)(?::(?P<line>\d+))?: (?P<message>.*)$")


@dataclass(frozen=True)
class CheckReport:
    """What ``check`` found; ``base`` is the ref compared with (None for lint only)."""

    problems: tuple[Problem, ...]
    adr_dir: str | None
    base: str | None = None
    records: int = 0

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for p in self.problems if p.severity == "warning")

    @property
    def exit_code(self) -> int:
        return 1 if self.errors else 0


def check_repo(
    repo: Path,
    config: Config,
    *,
    adr_dir: Path | None = None,
    base: str | None = None,
    require: Sequence[str] = (),
    lint_only: bool = False,
) -> CheckReport:
    """Run the rules over ``repo`` (see the module docstring)."""
    from adrtool.checks import RULES
    from adrtool.checks.lint import lint_records
    from adrtool.checks.topics import require_topics
    from adrtool.records.discover import find_adr_dir
    from adrtool.records.store import load_folder, relative_path

    bad = unknown_codes(config.check.severity)
    if bad:
        where = shown_path(repo, config.source) if config.source else Path(".adrtool.yaml")
        raise ConfigError(
            located(
                where,
                None,
                f'check.severity: unknown rule "{bad[0]}"{did_you_mean(bad[0], list(RULES))}',
            ),
            hint="rule codes are listed by adrtool check --help",
        )
    folder_path = find_adr_dir(repo, config, adr_dir)
    if folder_path is None:
        missing_folder(repo, config, adr_dir)
    problems: list[Problem] = []
    records: list[Record] = []
    adr_rel: str | None = None
    if folder_path is not None:
        folder = load_folder(repo, folder_path)
        records = list(folder.records)
        adr_rel = str(relative_path(repo, folder_path))
        problems += reader_problems(folder.warnings)
        for r in records:
            problems += reader_problems(r.notes)
        problems += lint_records(records)
    topics = [*require, *config.check.require]
    problems += require_topics(
        records, topics, config.check.require_status, adr_rel or "docs/decisions"
    )
    used_base: str | None = None
    if not lint_only:
        if any(config.check.severity.get(c) != "off" for c in ("ADR020", "ADR021")):
            problems += stale_problems(repo, records, config)
        frameworks = config.check.severity.get("ADR032") != "off"
        branch, used_base = branch_problems(
            repo, records, adr_rel, base or config.check.base, frameworks=frameworks
        )
        problems += branch
    final = sort_problems(apply_severity(problems, config.check.severity))
    return CheckReport(tuple(final), adr_rel, used_base, len(records))


def missing_folder(repo: Path, config: Config, adr_dir: Path | None) -> None:
    """Refuse a folder that ``--dir``, the config or a marker names but that does not exist.

    With nothing configured, a repo without an ADR folder simply has no decisions yet.
    """
    from adrtool.records.discover import choose_adr_dir
    from adrtool.records.store import relative_path

    if adr_dir is not None:
        raise UsageError(
            f"--dir {adr_dir}: no such folder",
            hint='create it with "adrtool init --dir ..." or fix the path',
        )
    choice = choose_adr_dir(repo, config)
    if choice.source == "config" and config.source is not None:
        where = located(
            shown_path(repo, config.source),
            _key_line(config.source, "adr_dir"),
            f'adr_dir: folder "{config.adr_dir}" does not exist',
        )
        raise ConfigError(where, hint='create it with "adrtool init", or fix adr_dir')
    if choice.source in (".adr-dir", ".log4brains.yml"):
        raise ConfigError(
            f'{choice.source} names the ADR folder "{relative_path(repo, choice.path)}", '
            "which does not exist",
            hint=f'create it with "adrtool init", or fix {choice.source}',
        )


def _key_line(path: Path, key: str) -> int | None:
    """The first line of a config file that sets ``key`` (``adr_dir:`` or ``adr-dir =``)."""
    names = (key, key.replace("_", "-"))
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    for i, line in enumerate(lines, 1):
        if re.match(rf"^\s*(?:{'|'.join(names)})\s*[:=]", line):
            return i
    return None


def reader_problems(lines: Sequence[str]) -> list[Problem]:
    """The reader's warnings (``path:line: message``) as ADR001 problems (ADR009 for strays)."""
    out = []
    for text in lines:
        m = _WARNING.match(text)
        path, line, message = (
            (m.group("path"), int(m.group("line")) if m.group("line") else None, m.group("message"))
            if m
            else (".", None, text)
        )
        code = "ADR009" if "not named like an ADR" in message else "ADR001"
        out.append(problem(path, line, code, message))
    return out


def stale_problems(repo: Path, records: Sequence[Record], config: Config) -> list[Problem]:
    """ADR020/ADR021 for drafted records (see ``checks/stale.py``)."""
    from adrtool.checks.stale import stale_records

    return stale_records(repo, records, config=config)


def branch_problems(
    repo: Path,
    records: Sequence[Record],
    adr_rel: str | None,
    explicit: str | None,
    *,
    frameworks: bool = True,
) -> tuple[list[Problem], str]:
    """ADR030-ADR032: compare HEAD with the base branch (three-dot, like ``git diff A...B``)."""
    from adrtool import gitops
    from adrtool.checks.branch import (
        deleted,
        number_collisions,
        rewritten,
        undecided_frameworks,
    )

    try:
        base = gitops.resolve_base(repo, explicit)
    except GitError as e:
        if e.hint and "--lint-only" not in e.hint:
            e.hint += "; to skip the branch rules, pass --lint-only"
        raise
    root = find_git_root(repo) or repo
    fork = gitops.merge_base(repo, base)
    changes = gitops.changed_files(repo, base)

    def rel(git_path: str) -> str:  # a path git printed -> relative to --repo
        return PurePosixPath(os.path.relpath(root / git_path, repo)).as_posix()

    def git_path(path: str) -> str:  # relative to --repo -> relative to the git root
        return PurePosixPath(os.path.relpath((repo / path).resolve(), root.resolve())).as_posix()

    out: list[Problem] = []
    changed = [rel(c.path) for c in changes if c.status != "D"]
    if adr_rel is not None:
        folder_git = git_path(adr_rel)
        in_folder = [c for c in changes if PurePosixPath(c.path).parent.as_posix() == folder_git]
        added = [c.path for c in in_folder if c.status in "ARC"]
        gone = [c.old_path or c.path for c in in_folder if c.status in "DR"]
        base_files = gitops.list_files_at(repo, base, folder_git)
        title_lines = {str(r.path): r.title_line for r in records}
        for collision in number_collisions(added, base_files, gone, base):
            moved = _relocate(collision, rel)  # the record's title line, past any front matter
            out.append(replace(moved, line=title_lines.get(moved.path) or moved.line))
        edited = [c for c in in_folder if c.status in "MR"]
        olds = gitops.read_files_at(repo, fork, [c.old_path or c.path for c in edited])
        news = gitops.read_files_at(repo, "HEAD", [c.path for c in edited])
        for c in edited:
            old, new = olds.get(c.old_path or c.path), news.get(c.path)
            if old is None or new is None:
                continue
            found = rewritten(old, new, rel(c.path), base, rel(c.old_path) if c.old_path else None)
            if found is not None:
                out.append(found)
        removed = [c.path for c in in_folder if c.status == "D"]
        for path, text in gitops.read_files_at(repo, fork, removed).items():
            gone_record = deleted(text, rel(path), base)
            if gone_record is not None:
                out.append(gone_record)
    if frameworks:
        # With --repo inside a monorepo, only that project's manifests count.
        scope = git_path(".")
        new_frameworks = _new_frameworks(repo, fork, changes, rel, scope)
        out += undecided_frameworks(new_frameworks, records, changed, FRAMEWORK_TOPIC)
    return out, base


def _relocate(p: Problem, rel: Callable[[str], str]) -> Problem:
    return replace(p, path=rel(p.path))


def is_manifest(path: str) -> bool:
    """Whether the scanner reads ``path`` to detect frameworks."""
    from adrtool.scan import python
    from adrtool.scan.scanner import BY_NAME

    name = path.rpartition("/")[2]
    return name in BY_NAME or name.endswith(".csproj") or python.is_requirements_file(path)


def _new_frameworks(
    repo: Path,
    fork: str,
    changes: Sequence[Change],
    rel: Callable[[str], str],
    scope: str = ".",
) -> list[NewFramework]:
    """Frameworks that changed manifests name on HEAD but no manifest named at the fork.

    Only manifests under ``scope`` (a folder relative to the git root) count.
    """

    def inside(path: str) -> bool:
        return scope in (".", "") or path.startswith(scope.rstrip("/") + "/")

    import tempfile

    from adrtool import gitops
    from adrtool.checks.branch import NewFramework, framework_line
    from adrtool.scan.scanner import scan_repo

    touched = [
        c.path for c in changes if c.status != "D" and is_manifest(c.path) and inside(c.path)
    ]
    if not touched:
        return []
    before = [p for p in gitops.tree_files(repo, fork) if is_manifest(p) and inside(p)]
    old_texts = gitops.read_files_at(repo, fork, before)
    texts = gitops.read_files_at(repo, "HEAD", touched)
    with tempfile.TemporaryDirectory() as old_dir, tempfile.TemporaryDirectory() as new_dir:
        for files, into in ((old_texts, old_dir), (texts, new_dir)):
            for path, text in files.items():
                target = Path(into, *PurePosixPath(path).parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
        old = scan_repo(Path(old_dir))
        new = scan_repo(Path(new_dir))
    found = []
    for fw in new.frameworks:
        if fw in old.frameworks:
            continue
        path = next(e.path for e in new.evidence if e.kind == "framework" and e.value == fw)
        line = framework_line(texts.get(path, ""), fw)
        found.append(NewFramework(fw, rel(path), line))
    return found
