"""``adrtool draft``: scan + score + render + write a numbered ADR + commit it.

The service never prints and never prompts: it returns a :class:`Draft` saying what it did
(or, with ``dry_run``, what it would do). Order of work, so that a refusal leaves nothing
half done: check the repository state, score, find the previous record for the topic,
render, check the paths we will touch, then create the branch, write, supersede, commit.

Versioning: a drafted record carries provenance (topic, catalog, inputs-sha256, tool
version). Drafting the same topic again with the same inputs changes nothing; with other
inputs it writes the next number and supersedes the newest earlier draft of that topic
(both files updated, links both ways).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from adrtool import __version__
from adrtool.config import Config
from adrtool.errors import GitError, UsageError, did_you_mean

if TYPE_CHECKING:
    from adrtool.decision.model import ScoreResult
    from adrtool.records.model import Record
    from adrtool.scan.profile import ProjectProfile

BUILTIN = ("madr", "nygard")


@dataclass(frozen=True)
class Operation:
    """One planned or performed step, e.g. ("create", "docs/decisions/0007-x.md")."""

    action: str  # create | update | create-folder | branch | commit
    target: str  # a path relative to the repo, a branch name or a commit message
    detail: str = ""

    def describe(self) -> str:
        return f"{self.action} {self.target}" + (f" ({self.detail})" if self.detail else "")


@dataclass(frozen=True)
class Draft:
    """What ``draft`` did, or would do with ``dry_run``."""

    outcome: str  # written | unchanged | committed (unchanged, left uncommitted before) | planned
    text: str  # the rendered record (the existing record's text when unchanged)
    number: int
    title: str
    path: str  # relative to the repo, POSIX
    result: ScoreResult
    operations: tuple[Operation, ...] = ()
    supersedes: int | None = None
    commit_sha: str | None = None
    commit_message: str | None = None
    not_committed: str | None = None  # why there is no commit, when there is none
    warnings: tuple[str, ...] = field(default_factory=tuple)


REQUIRED = ("project.type",)
"""Answers draft will not guess: the project type picks the whole weight profile and
nothing in a repository says reliably whether it is an MVP or an enterprise system.
Every other item is inferred from the scan or takes a neutral default (and the ADR
says so)."""


@dataclass(frozen=True)
class Inputs:
    """The scored decision and everything about where its inputs came from."""

    result: ScoreResult
    profile: ProjectProfile
    answers_path: Path  # absolute
    answers_shown: str  # relative to the repo when inside it
    answers_exist: bool


class MissingAnswersError(UsageError):
    """Required answers are missing and nobody can be asked (exit 2)."""


def score_inputs(
    repo: Path,
    config: Config,
    answers: Path | None,
    *,
    require: bool = True,
    topic: str | None = None,
) -> Inputs:
    """Scan, load the answers (inferring what they omit) and score.

    With ``require``, a missing answers file or a missing required answer is a
    MissingAnswersError naming the file and the way to write it.
    """
    from adrtool.decision.scoring import decide
    from adrtool.services.engine import display_path, load_project_answers, scan_profile

    profile = scan_profile(repo)
    loaded = load_project_answers(repo, answers, config, profile=profile, topic=topic)
    shown = display_path(repo, loaded.path)
    if require:
        missing = [k for k in REQUIRED if k in loaded.answers.inferred_keys]
        if not loaded.exists:
            raise MissingAnswersError(
                f"{shown}: no answers file, and {', '.join(REQUIRED)} cannot be inferred",
                hint=f'run "adrtool checklist --defaults" to write {shown} from the scan, set '
                f"project.type in it, then draft again (or pass --answers FILE)",
            )
        if missing:
            raise MissingAnswersError(
                f"{shown}: {', '.join(missing)} is required "
                "(mvp | business-app | enterprise | api | high-performance | real-time)",
                hint=f"add it to {shown} under project:, then draft again",
            )
    result = decide(
        loaded.catalog, loaded.checklist, loaded.answers, config_weights=config.weights or None
    )
    return Inputs(result, profile, loaded.path, shown, loaded.exists)


def write_minimal_answers(repo: Path, config: Config, path: Path, project_type: str) -> Path:
    """Write an answers file with the project type and every other item inferred."""
    from adrtool.decision.answers import GivenAnswers, complete_answers
    from adrtool.services.engine import (
        answers_yaml,
        load_project_answers,
        scan_profile,
        write_answers,
    )

    profile = scan_profile(repo)
    loaded = load_project_answers(repo, path, config, profile=profile) if path.exists() else None
    if loaded is None:
        from adrtool.decision.catalog import load_checklist
        from adrtool.services.engine import registry_for

        catalog = registry_for(repo, config).for_topic("backend-framework")
        checklist = load_checklist()
    else:
        catalog, checklist = loaded.catalog, loaded.checklist
    answers = complete_answers(GivenAnswers(project_type=project_type), profile, checklist, catalog)
    write_answers(path, answers_yaml(answers, checklist, topic=catalog.topic))
    return path


def commit_message(number: int, title: str) -> str:
    """``docs(adr): 0007 use Django as the backend framework`` (conventional commits)."""
    words = title[:1].lower() + title[1:] if title[1:2].islower() or len(title) == 1 else title
    return f"docs(adr): {number:04d} {words}"


def previous_draft(records: Sequence[Record], topic: str) -> tuple[Record, dict[str, str]] | None:
    """The newest record drafted for ``topic`` that nothing superseded yet."""
    from adrtool.decision.context import read_provenance

    found = None
    for record in records:
        prov = read_provenance(record.front_matter, record.text)
        if prov is None or prov.get("topic") != topic:
            continue
        if record.status in ("superseded", "rejected") or record.superseded_by:
            continue
        if found is None or record.number >= found[0].number:
            found = (record, prov)
    return found


def choose_template(
    template: str | None, config: Config, records: Sequence[Record], repo: Path | None = None
) -> str:
    """``madr`` or ``nygard`` or a Jinja2 template file path (as given).

    ``--template`` must be one of those. The config's ``template`` may also name a plain
    template for ``adrtool new`` (adr-tools' ``template.md``): that cannot hold a scored
    decision, so draft follows its style (Nygard or MADR) instead of failing.
    """
    from adrtool.records import write
    from adrtool.services.records import is_nygard

    if template is not None:
        if template in BUILTIN or template.endswith(".j2"):
            return template
        raise UsageError(
            f'unknown template "{template}"{did_you_mean(template, BUILTIN)}',
            hint="use madr, nygard, or a Jinja2 template file (*.md.j2) taking the draft context",
        )
    chosen = config.template
    if chosen is not None and (chosen in BUILTIN or chosen.endswith(".j2")):
        return chosen
    if chosen is not None and repo is not None:
        path = Path(chosen) if Path(chosen).is_absolute() else repo / chosen
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            text = ""
        if text:
            return "nygard" if write.style_of(text.replace("\r\n", "\n")) == "nygard" else "madr"
    last = records[-1] if records else None
    return "nygard" if last is not None and is_nygard(last) else "madr"


def render_draft(repo: Path, template: str, context: dict[str, object]) -> str:
    """Render the context with a built-in (overridable in .adrtool/templates) or a file."""
    from adrtool.render import render, render_string

    if template in BUILTIN:
        return render(f"draft-{template}.md.j2", context, repo)
    path = Path(template)
    if not path.is_absolute():
        path = repo / path
    try:
        source = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    except OSError as e:
        raise UsageError(f"{template}: cannot read template: {e.strerror or e}") from None
    return render_string(source, context, name=template)


def draft_adr(
    repo: Path,
    config: Config,
    *,
    today: date,
    result: ScoreResult,
    profile: ProjectProfile,
    answers_path: str | None = None,
    title: str | None = None,
    status: str | None = None,
    template: str | None = None,
    commit: bool = True,
    branch: str | None = None,
    dry_run: bool = False,
    explicit_dir: Path | None = None,
    extra_paths: Sequence[Path] = (),
    answers_file: Path | None = None,
) -> Draft:
    """Write (and commit) the ADR for a scored decision; see the module docstring."""
    from adrtool import gitops
    from adrtool.decision.context import DraftInfo, build_context, default_title
    from adrtool.records import write
    from adrtool.records.discover import adr_dir_for_init, find_adr_dir
    from adrtool.records.store import load_folder, relative_path
    from adrtool.services.records import check_status

    state_status = check_status(status or config.default_status)
    state = gitops.repo_state(repo) if (commit or branch) else None
    if branch and (state is None or not state.is_repo):
        raise GitError(f"{repo}: --branch needs a git repository", hint="run git init first")
    if commit and state is not None and not dry_run:
        problem = state.problem()
        if problem is not None:
            raise problem

    existing = find_adr_dir(repo, config, explicit_dir)
    folder_path = existing or adr_dir_for_init(repo, config, explicit_dir)
    records = load_folder(repo, folder_path).records if existing is not None else ()
    warnings = list(result.warnings)

    previous = previous_draft(records, result.topic)
    if previous is not None and previous[1].get("inputs-sha256") == result.inputs_sha256:
        same = previous[0]
        sha = None
        if commit and not dry_run and state is not None and state.is_repo:
            sha = _commit_left_behind(repo, same, records, extra_paths)
        return Draft(
            outcome="committed" if sha else "unchanged",
            text=same.text,
            number=same.number,
            title=same.title,
            path=str(same.path),
            result=result,
            commit_sha=sha,
            commit_message=commit_message(same.number, same.title) if sha else None,
            not_committed=None if sha else "nothing changed",
            warnings=tuple(warnings),
        )

    chosen_template = choose_template(template, config, records, repo)
    record_title = write.clean_title(title) if title else default_title(result)
    slug = write.slugify(record_title)
    old = previous[0] if previous is not None else None

    def make(number: int) -> tuple[str, str]:
        info = DraftInfo(
            number=number,
            title=record_title,
            status=state_status,
            today=today,
            tool_version=__version__,
            answers_path=answers_path,
        )
        text = render_draft(repo, chosen_template, build_context(result, profile, info))
        return write.record_filename(number, slug), text

    next_number = max(write.numbers_in(folder_path), default=0) + 1
    planned_name, planned_text = make(next_number)
    rel_dir = relative_path(repo, folder_path)
    ops: list[Operation] = []
    if branch:
        ops.append(Operation("branch", branch, "create and switch to it"))
    if existing is None:
        ops.append(Operation("create-folder", str(rel_dir)))
    ops.append(Operation("create", str(rel_dir / planned_name), f"status {state_status}"))
    if old is not None:
        ops.append(Operation("update", str(old.path), f"superseded by ADR-{next_number:04d}"))
    will_commit = commit and state is not None and state.is_repo
    message = commit_message(next_number, record_title)
    if will_commit:
        ops.append(Operation("commit", message))

    if dry_run:
        return Draft(
            outcome="planned",
            text=planned_text,
            number=next_number,
            title=record_title,
            path=str(rel_dir / planned_name),
            result=result,
            operations=tuple(ops),
            supersedes=old.number if old else None,
            commit_message=message if will_commit else None,
            not_committed=None if will_commit else _why_not(commit, state),
            warnings=tuple(warnings),
        )

    if will_commit and old is not None:
        dirty = gitops.path_status(repo, [repo / old.path])
        if dirty:
            raise GitError(
                f"{old.path}: has uncommitted changes that would go into adrtool's commit",
                hint="commit or stash that file first, or pass --no-commit",
            )
    if branch:
        gitops.create_branch(repo, branch)

    number, new_path = write.create_numbered(folder_path, make)
    paths = [new_path]
    if old is not None:
        _supersede(repo, new_path, old)
        paths.append(repo / old.path)
    text = new_path.read_text(encoding="utf-8")
    rel = str(relative_path(repo, new_path))
    message = commit_message(number, record_title)
    if number != next_number:  # someone took the planned number meanwhile
        ops = [
            Operation(o.action, rel, o.detail) if o.action == "create" else o
            for o in ops
            if o.action != "commit"
        ] + ([Operation("commit", message)] if will_commit else [])

    sha = None
    if will_commit:
        body = message
        if old is not None:
            body += f"\n\nSupersedes ADR-{old.number:04d} ({old.title})."
        try:
            sha = gitops.commit_paths(repo, [*paths, *extra_paths], body)
        except GitError as e:
            raise GitError(f"wrote {rel}, but {e}", hint=e.hint) from None
        warnings += _uncommitted_answers(repo, answers_file, extra_paths)
    return Draft(
        outcome="written",
        text=text,
        number=number,
        title=record_title,
        path=rel,
        result=result,
        operations=tuple(ops),
        supersedes=old.number if old else None,
        commit_sha=sha,
        commit_message=message if sha else None,
        not_committed=None if sha else _why_not(commit, state),
        warnings=tuple(warnings),
    )


def _commit_left_behind(
    repo: Path, record: Record, records: Sequence[Record], extra_paths: Sequence[Path]
) -> str | None:
    """Commit an unchanged drafted record that an earlier run wrote but could not commit.

    Only files git sees as new (untracked or staged as added) count as left behind, with the
    record they supersede when that one has only staged changes: a file the user edited is
    the user's work and is never swept into adrtool's commit.
    """
    from adrtool import gitops

    candidates = [repo / record.path] + [
        repo / r.path for r in records if r.number in record.supersedes
    ]
    codes = gitops.path_codes(repo, candidates)
    if codes.get(candidates[0]) not in {"??", "A "}:
        return None
    paths = [candidates[0]] + [p for p in candidates[1:] if codes.get(p) == "M "]
    body = commit_message(record.number, record.title)
    return gitops.commit_paths(repo, [*paths, *extra_paths], body)


def _uncommitted_answers(
    repo: Path, answers_file: Path | None, committed: Sequence[Path]
) -> list[str]:
    """A warning when the answers behind the record are not in git (nobody could re-run it)."""
    from adrtool import gitops

    if answers_file is None or not answers_file.is_file() or answers_file in committed:
        return []
    state = gitops.repo_state(repo)
    if state.root is None or not answers_file.resolve().is_relative_to(state.root):
        return []
    status = gitops.path_status(repo, [answers_file])
    if not status:
        return []
    rel = answers_file.resolve().relative_to(state.root).as_posix()
    what = "is not in git" if "??" in status.values() else "has uncommitted changes"
    return [
        f"{rel} {what}; commit it so reviewers can re-run this decision "
        f'(git add {rel} && git commit -m "Record the answers behind the ADR")'
    ]


def _why_not(commit: bool, state: object) -> str:
    if not commit:
        return "--no-commit"
    return "not a git repository"


def _supersede(repo: Path, new_path: Path, old: Record) -> None:
    """Mark ``old`` superseded by the new record and link both ways (records' own rules and
    spelling, the same as ``adrtool new -s`` and adr-tools 3.0.0: Supersedes / Superseded by)."""
    from adrtool.records.store import read_record
    from adrtool.services.records import supersede

    supersede(repo, read_record(repo, new_path), old)
