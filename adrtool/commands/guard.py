"""``adrtool check`` and ``adrtool review``: guard decisions in CI and summarise them in PRs."""

from __future__ import annotations

from pathlib import Path

import click

from adrtool.options import dir_option, format_option, load_project, repo_and_config_options

BASE_HELP = (
    "Compare with REF (default: check.base in the config, else origin/$GITHUB_BASE_REF, "
    "origin/main, origin/master)."
)


def _rules_epilog() -> str:
    from adrtool.checks import RULES

    rows = "\n".join(f"  {r.code}  {r.severity:<7}  {r.summary}" for r in RULES.values())
    return (
        "\b\nRules (code, default severity; change with check.severity in the config):\n"
        f"{rows}\n\n"
        "\b\nExit codes: 0 clean (warnings allowed), 1 errors found, 2 bad usage or config,\n"
        "3 git problem (no base branch, shallow clone)."
    )


@click.command("check", epilog=_rules_epilog())
@repo_and_config_options
@click.option("--base", metavar="REF", default=None, help=BASE_HELP)
@click.option(
    "--require",
    "require",
    multiple=True,
    metavar="TOPIC",
    help="Fail unless an accepted record exists for TOPIC (repeatable).",
)
@dir_option
@click.option(
    "--lint-only",
    is_flag=True,
    help="Only the folder rules (ADR001-ADR010): no git, no re-scoring (pre-commit).",
)
@format_option("text", "json", "github")
def check_cmd(
    repo: Path | None,
    config_file: Path | None,
    base: str | None,
    require: tuple[str, ...],
    adr_dir: Path | None,
    lint_only: bool,
    fmt: str,
) -> None:
    """Fail when decision records are broken, stale or missing for this branch.

    Lints every record, checks required topics, re-scores drafted decisions, and compares
    this branch with its base (three-dot): ADR numbers taken on the base, merged records
    rewritten, frameworks added without a decision. One problem per line:
    PATH:LINE: CODE message.
    """
    from adrtool.checks.output import format_github, format_json, format_text, summary
    from adrtool.services.check import check_repo

    root, config = load_project(repo, config_file)
    report = check_repo(
        root, config, adr_dir=adr_dir, base=base, require=require, lint_only=lint_only
    )
    problems = list(report.problems)
    if fmt == "json":
        click.echo(format_json(problems), nl=False)
    elif fmt == "github":
        click.echo(format_github(problems), nl=False)
    else:
        click.echo(format_text(problems), nl=False)
    compared = f" (compared with {report.base})" if report.base else ""
    records = (
        f"{report.records} record{'s' if report.records != 1 else ''}"
        if report.adr_dir is not None
        else "no ADR folder yet"
    )
    click.echo(f"adrtool check: {records}, {summary(problems)}{compared}", err=True)
    click.get_current_context().exit(report.exit_code)


@click.command("review")
@repo_and_config_options
@click.option("--base", metavar="REF", default=None, help=BASE_HELP)
@click.option(
    "--head",
    metavar="REF",
    default="HEAD",
    show_default=True,
    help="The branch or commit under review.",
)
@dir_option
@format_option("markdown", "json")
def review_cmd(
    repo: Path | None,
    config_file: Path | None,
    base: str | None,
    head: str,
    adr_dir: Path | None,
    fmt: str,
) -> None:
    """Summarise a pull request's decision changes as Markdown (or JSON).

    Records added and changed, status transitions, supersession chains, and for drafted
    decisions the ranking and what changed in the answers and scores versus the base.
    Every piece of text from the repo is escaped, so the output is safe to post as a PR
    comment or append to $GITHUB_STEP_SUMMARY. With HEAD under review, the problems
    "adrtool check" finds are listed too, and exit code 1 means there are errors.
    """
    import json

    from adrtool.render import render
    from adrtool.services.review import review_branch, review_context, review_json

    root, config = load_project(repo, config_file)
    review = review_branch(root, config, base=base, head=head, adr_dir=adr_dir)
    if fmt == "json":
        click.echo(json.dumps(review_json(review), indent=2, ensure_ascii=False))
    else:
        click.echo(render("review.md.j2", review_context(review), root), nl=False)
    click.get_current_context().exit(1 if review.errors else 0)
