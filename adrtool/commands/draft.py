"""``adrtool draft``: the main job. Thin: parse options, call ``services.draft``, print.

stdout carries the record's path (or, with ``--dry-run`` and ``--example``, the record
itself); what happened goes to stderr, so ``adrtool draft --dry-run > x.md`` works.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from adrtool.options import dir_option, load_project, repo_and_config_options

if TYPE_CHECKING:
    from adrtool.config import Config
    from adrtool.services.draft import Draft, Inputs


def _today() -> date:
    return date.today()


def _interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


@click.command("draft")
@repo_and_config_options
@click.option(
    "--answers",
    "answers",
    default=None,
    metavar="FILE",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Answers file (default: .adrtool/answers/<topic>.yaml).",
)
@click.option(
    "--catalog",
    "topic",
    default=None,
    metavar="ID",
    help="Catalog id or topic to decide (default: backend-framework).",
)
@click.option(
    "--title",
    default=None,
    metavar="TEXT",
    help='Record title (default: "Use <winner> as the backend framework").',
)
@click.option(
    "--status",
    default=None,
    metavar="STATUS",
    help="Initial status (default: proposed, or default_status in the config).",
)
@click.option(
    "--template",
    default=None,
    metavar="NAME|FILE",
    help="madr, nygard or a Jinja2 file (default: the folder's style, else MADR 4).",
)
@click.option("--date", "when", default=None, metavar="YYYY-MM-DD", help="Date (default: today).")
@dir_option
@click.option(
    "--branch",
    default=None,
    metavar="NAME",
    help="Create and switch to branch NAME before writing.",
)
@click.option("--no-commit", is_flag=True, help="Write the record but do not commit it.")
@click.option(
    "--dry-run",
    is_flag=True,
    help="Print the record and the planned file operations; write nothing.",
)
@click.option(
    "--example",
    is_flag=True,
    help="Run the whole flow in a throw-away demo repository and print the record.",
)
def draft_cmd(
    repo: Path | None,
    config_file: Path | None,
    answers: Path | None,
    topic: str | None,
    title: str | None,
    status: str | None,
    template: str | None,
    when: str | None,
    adr_dir: Path | None,
    branch: str | None,
    no_commit: bool,
    dry_run: bool,
    example: bool,
) -> None:
    """Scan, score and write the decision as a numbered ADR, then commit it.

    Drafting again with unchanged inputs changes nothing; with changed answers or catalog
    it writes the next record, which supersedes the previous one for the same topic. On a
    terminal with no answers file, the checklist questions come first; without a terminal
    draft never prompts and fails (exit 2) if project.type is not answered.
    """
    from adrtool.services.records import parse_date

    day = parse_date(when, _today())
    if example:
        _run_example(day, title=title, status=status, template=template)
        return
    root, config = load_project(repo, config_file)
    answers_path = _resolve(root, answers)
    inputs, extra = _inputs(root, config, answers_path, topic)
    from adrtool.services.draft import draft_adr

    result = draft_adr(
        root,
        config,
        today=day,
        result=inputs.result,
        profile=inputs.profile,
        answers_path=inputs.answers_shown if inputs.answers_exist else None,
        title=title,
        status=status,
        template=template,
        commit=not no_commit,
        branch=branch,
        dry_run=dry_run,
        explicit_dir=adr_dir,
        extra_paths=extra,
        answers_file=inputs.answers_path if inputs.answers_exist else None,
    )
    _report(result, inputs)


def _resolve(root: Path, answers: Path | None) -> Path | None:
    if answers is None or answers.is_absolute():
        return answers
    here = Path.cwd() / answers
    return here if here.exists() else root / answers


def _inputs(
    root: Path, config: Config, answers: Path | None, topic: str | None = None
) -> tuple[Inputs, list[Path]]:
    """Score; on a terminal, ask the checklist first when the answers are missing."""
    from adrtool.decision.answers import default_answers_path
    from adrtool.services.draft import MissingAnswersError, score_inputs

    try:
        return score_inputs(root, config, answers, topic=topic), []
    except MissingAnswersError:
        if (
            not _interactive()
            or (answers or default_answers_path(root, _topic(root, config, topic))).exists()
        ):
            raise
    written = _ask_checklist(root, config, answers, topic)
    return score_inputs(root, config, written, topic=topic), [written]


def _topic(root: Path, config: Config, topic: str | None) -> str:
    """The topic ``--catalog`` names (a catalog id or a topic), default backend-framework."""
    if topic is None:
        return "backend-framework"
    from adrtool.services.engine import registry_for

    return registry_for(root, config).for_topic(topic).topic


def _ask_checklist(
    root: Path, config: Config, answers: Path | None, topic: str | None = None
) -> Path:
    """Run ``adrtool checklist`` (or, before it exists, ask for the project type)."""
    from adrtool.decision.answers import default_answers_path

    path = answers or default_answers_path(root, _topic(root, config, topic))
    click.echo("No answers yet: the checklist questions come first.", err=True)
    import importlib.util

    if importlib.util.find_spec("adrtool.commands.engine") is not None:
        from adrtool.commands.engine import checklist_cmd

        args = ["--repo", str(root), "--answers", str(path), "--ask"]
        args += ["--catalog", topic] if topic else []
        checklist_cmd.main(args, standalone_mode=False)
        return path
    from adrtool.services.draft import write_minimal_answers

    choices = ("mvp", "business-app", "enterprise", "api", "high-performance", "real-time")
    kind = click.prompt(
        "Project type", type=click.Choice(choices), default="business-app", err=True
    )
    return write_minimal_answers(root, config, path, kind)


def _report(d: Draft, inputs: Inputs) -> None:
    def say(text: str) -> None:
        click.echo(text, err=True)

    for w in d.warnings:
        say(f"warning: {w}")
    if d.outcome == "unchanged":
        say(
            f"unchanged: {d.path} already records this decision with the same inputs "
            f"(inputs-sha256 {d.result.inputs_sha256[:12]}); nothing written"
        )
        click.echo(d.path)
        return
    if d.outcome == "committed":
        say(
            f"unchanged: {d.path} already records this decision with the same inputs; "
            f"committed it now (an earlier run could not): {(d.commit_sha or '')[:12]}"
        )
        click.echo(d.path)
        return
    if d.outcome == "planned":
        click.echo(d.text, nl=False)
        say("dry run: nothing written. Planned:")
        for op in d.operations:
            say(f"  {op.describe()}")
        if d.not_committed:
            say(f"  (no commit: {d.not_committed})")
        return
    say(f"wrote {d.path} (ADR {d.number}, {d.title})")
    if d.supersedes is not None:
        say(f"superseded ADR {d.supersedes}; both records link to each other")
    if d.commit_sha:
        say(f"committed {d.commit_sha[:12]} {d.commit_message}")
    else:
        say(f"not committed: {d.not_committed}")
    if not inputs.answers_exist:
        say(f"note: no answers file at {inputs.answers_shown}; every answer was inferred")
    click.echo(d.path)


def _run_example(day: date, *, title: str | None, status: str | None, template: str | None) -> None:
    from adrtool.example import run_example

    d, where = run_example(day, title=title, status=status, template=template)
    click.echo(d.text, nl=False)
    click.echo("", err=True)
    click.echo(f"This ADR was drafted in a demo repository: {where}", err=True)
    click.echo(f"  record:  {where / d.path}", err=True)
    if d.commit_sha:
        click.echo(f"  commit:  {d.commit_sha[:12]} {d.commit_message}", err=True)
    click.echo(f"  answers: {where / '.adrtool/answers/backend-framework.yaml'}", err=True)
    click.echo('Try it on your own repo: "adrtool checklist", then "adrtool draft".', err=True)
