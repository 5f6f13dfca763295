"""``adrtool score``, ``adrtool catalog`` and ``adrtool checklist``: thin faces over the engine."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from adrtool.options import format_option, load_project, repo_and_config_options

if TYPE_CHECKING:
    from adrtool.decision.model import Catalog, ScoreResult

ANSWERS_HELP = "Answers file (default: .adrtool/answers/<topic>.yaml)."
TOPIC_HELP = "Catalog id or topic to decide (default: backend-framework)."


def _answers_option(f: Any) -> Any:
    return click.option(
        "--answers",
        "answers_path",
        default=None,
        metavar="FILE",
        type=click.Path(dir_okay=False, path_type=Path),
        help=ANSWERS_HELP,
    )(f)


def _warn(lines: Any) -> None:
    for line in lines:
        click.echo(f"adrtool: warning: {line}", err=True)


# --------------------------------------------------------------------------- score


@click.command("score")
@repo_and_config_options
@_answers_option
@click.option("--catalog", "topic", default=None, metavar="ID", help=TOPIC_HELP)
@format_option("text", "json", "markdown")
def score_cmd(
    repo: Path | None,
    config_file: Path | None,
    answers_path: Path | None,
    topic: str | None,
    fmt: str,
) -> None:
    """Rank the candidate frameworks for this project and explain why.

    Reads the answers file (omitted items are inferred from the repo scan), weighs every
    criterion for the project type, and prints the ranking with each criterion's points,
    the excluded candidates and how robust the winner is to weight changes.
    """
    from adrtool.services.engine import score_project

    root, config = load_project(repo, config_file)
    if answers_path is not None and not answers_path.is_absolute():
        answers_path = Path.cwd() / answers_path
    result = score_project(root, answers_path, config, topic=topic)
    _warn(result.answers.warnings)
    _warn(result.warnings)
    if fmt == "json":
        click.echo(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
    elif fmt == "markdown":
        click.echo(score_markdown(result), nl=False)
    else:
        click.echo(score_text(result), nl=False)


def _names(result: ScoreResult) -> dict[str, str]:
    return {c.id: c.name for c in result.criteria}


def _top(contrib: dict[str, float], names: dict[str, str], n: int = 3) -> str:
    best = sorted(contrib.items(), key=lambda kv: (-kv[1], kv[0]))[:n]
    return ", ".join(f"{names.get(k, k).lower()} {v:.1f}" for k, v in best if v > 0)


def _a(word: str) -> str:
    """``word`` with its indefinite article: "an enterprise", "a business-app"."""
    return f"{'an' if word[:1].lower() in 'aeiou' else 'a'} {word}"


def score_text(result: ScoreResult) -> str:
    """The readable table ``score`` prints by default."""
    names = _names(result)
    out = [
        f"{result.catalog_title} for {_a(result.project_type)} project "
        f"(catalog {result.catalog_id} {result.catalog_version})",
        "",
    ]
    width = max([len(r.name) for r in result.ranking] + [9])
    out.append(f"{'rank':>4}  {'candidate':<{width}}  {'score':>5}  top contributions (points)")
    for r in result.ranking:
        flag = " *" if r.unrated else ""
        out.append(
            f"{r.rank:>4}  {r.name:<{width}}  {r.score:>5.1f}  {_top(r.contributions, names)}{flag}"
        )
    if any(r.unrated for r in result.ranking):
        out.append(f"   * some criteria unrated; counted as a neutral {result_unrated(result):g}")
    if result.excluded:
        out += ["", "excluded:"]
        wid = max(len(e.id) for e in result.excluded)
        out += [f"  {e.id:<{wid}}  {e.reason}" for e in result.excluded]
    out += ["", "weights (heaviest first):"]
    drivers = result.drivers(6)
    nw = max([len(names.get(w.criterion, w.criterion)) for w in drivers] + [6])
    for w in drivers:
        out.append(f"  {names.get(w.criterion, w.criterion):<{nw}}  {w.share:>4.0%}  {w.explain()}")
    out += ["", f"sensitivity: {result.sensitivity.summary()}"]
    if result.answers.inferred:
        out += ["", "inferred answers:"]
        out += [f"  {i.key}: {_value(i.value)} ({i.reason})" for i in result.answers.inferred]
    out += ["", f"inputs_sha256: {result.inputs_sha256}"]
    return "\n".join(out) + "\n"


def result_unrated(result: ScoreResult) -> float:
    return result.catalog.unrated_value if result.catalog is not None else 3.0


def _value(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return str(value)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def score_markdown(result: ScoreResult) -> str:
    """A Markdown table: one row per candidate, one column per weighted criterion (points)."""
    names = _names(result)
    crits = [w.criterion for w in sorted(result.weights, key=lambda w: (-w.value, w.criterion))]
    crits = [c for c in crits if result.weight(c) and (result.weight(c).value or 0) > 0]  # type: ignore[union-attr]
    head = ["Rank", "Candidate", "Score", *(names.get(c, c) for c in crits)]
    out = [
        f"### {_cell(result.catalog_title)}: ranking for {_a(result.project_type)} project",
        "",
        "| " + " | ".join(head) + " |",
        "|" + "|".join(["---:", "---", "---:"] + ["---:"] * len(crits)) + "|",
    ]
    for r in result.ranking:
        cells = [str(r.rank), _cell(r.name), f"{r.score:.1f}"]
        cells += [
            f"{r.contributions.get(c, 0):.1f}" + ("\\*" if c in r.unrated else "") for c in crits
        ]
        out.append("| " + " | ".join(cells) + " |")
    out.append("")
    out.append(
        "Points per criterion add up to the score. "
        f"\\* unrated, counted as a neutral {result_unrated(result):g}."
    )
    if result.excluded:
        out += ["", "Excluded:", ""]
        out += [f"- {_cell(e.id)}: {_cell(e.reason)}" for e in result.excluded]
    out += ["", f"Sensitivity: {_cell(result.sensitivity.summary())}.", ""]
    out.append(
        f"Catalog `{result.catalog_id}` {result.catalog_version}; "
        f"inputs sha256 `{result.inputs_sha256}`."
    )
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- catalog


@click.group("catalog")
def catalog_cmd() -> None:
    """Inspect and validate decision catalogs (criteria, candidates, sourced ratings).

    Catalogs come from the package, from <repo>/.adrtool/criteria/*.yaml (same id
    overrides) and, when the config sets allow_plugins: true, from installed plugins
    (entry point group adrtool.catalogs).
    """


@catalog_cmd.command("list")
@repo_and_config_options
def catalog_list(repo: Path | None, config_file: Path | None) -> None:
    """List every catalog: id, version, topic, where it comes from, title."""
    from adrtool.services.engine import list_catalogs

    root, config = load_project(repo, config_file)
    cats = list_catalogs(root, config)
    wid = max([len(c.id) for c in cats] + [2])
    for c in cats:
        click.echo(
            f"{c.id:<{wid}}  {c.version:<10}  {c.topic:<20}  {c.origin:<8}  "
            f"{c.title} ({len(c.candidates)} candidates)"
        )


@catalog_cmd.command("show")
@repo_and_config_options
@click.argument("catalog_id", metavar="ID")
@format_option("text", "json")
def catalog_show(repo: Path | None, config_file: Path | None, catalog_id: str, fmt: str) -> None:
    """Show one catalog: criteria, base weights per project type, ratings and sources."""
    from adrtool.services.engine import show_catalog

    root, config = load_project(repo, config_file)
    cat = show_catalog(root, catalog_id, config)
    if fmt == "json":
        click.echo(json.dumps(catalog_json(cat), indent=2, ensure_ascii=False))
    else:
        click.echo(catalog_text(cat), nl=False)


def catalog_json(cat: Catalog) -> dict[str, Any]:
    from dataclasses import asdict

    data = asdict(cat)
    data["criteria"] = [asdict(c) for c in cat.criteria]
    data["candidates"] = [asdict(c) for c in cat.candidates]
    return data


def catalog_text(cat: Catalog) -> str:
    rated = [c for c in cat.criteria if not c.computed]
    out = [
        f"{cat.title}: catalog {cat.id} {cat.version} "
        f"(topic {cat.topic}, {cat.origin}: {cat.path})",
        "",
        "criteria:",
    ]
    out += [
        f"  {c.id:<16} {c.name}{' (computed)' if c.computed else ''}: {c.description}"
        for c in cat.criteria
    ]
    if cat.profiles:
        out += ["", "base weights per project type:"]
        head = f"  {'criterion':<16}" + "".join(f"{p[:16]:>17}" for p in cat.profiles)
        out.append(head)
        for c in cat.criteria:
            row = "".join(f"{p.weights.get(c.id, 1.0):>17g}" for p in cat.profiles.values())
            out.append(f"  {c.id:<16}{row}")
    out += ["", f"ratings (1-5; '-' = unrated, scored as {cat.unrated_value:g}):"]
    short = [c.id[:9] for c in rated]
    out.append(f"  {'candidate':<13}{'lang':<11}" + "".join(f"{s:>10}" for s in short))
    for cand in cat.candidates:
        vals = []
        for c in rated:
            r = cand.ratings.get(c.id)
            vals.append("-" if r is None or r.value is None else str(r.value))
        lang = cand.language or ""
        out.append(f"  {cand.id:<13}{lang:<11}" + "".join(f"{v:>10}" for v in vals))
    out += ["", "rating reasons:"]
    for cand in cat.candidates:
        for c in rated:
            r = cand.ratings.get(c.id)
            if r is None:
                continue
            value = "unrated" if r.value is None else str(r.value)
            out.append(
                f"  {cand.id}.{c.id} = {value} [{r.rule or '-'}; {r.confidence}; "
                f"{', '.join(r.sources)}]: {r.reason}"
            )
    if cat.sources:
        out += ["", "sources:"]
        for s in cat.sources.values():
            extra = "; ".join(x for x in (s.url, f"as of {s.as_of}" if s.as_of else None) if x)
            out.append(f"  {s.id}: {s.title}" + (f" ({extra})" if extra else ""))
    return "\n".join(out) + "\n"


@catalog_cmd.command("validate")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def catalog_validate(file: Path) -> None:
    """Check a catalog file: schema, ids, ratings 1-5 or null, sources and reasons.

    Prints every problem as FILE:LINE: MESSAGE and exits 2 when there is any.
    """
    from adrtool.services.engine import validate_catalog

    problems = validate_catalog(file)
    if problems:
        for p in problems:
            click.secho(f"adrtool: error: {p}", err=True, fg="red")
        click.get_current_context().exit(2)
    click.echo(f"{file}: ok")


# --------------------------------------------------------------------------- checklist


@click.command("checklist")
@repo_and_config_options
@_answers_option
@click.option("--catalog", "topic", default=None, metavar="ID", help=TOPIC_HELP)
@click.option("--defaults", is_flag=True, help="Do not ask: write the inferred/default answers.")
@click.option("--force", is_flag=True, help="Overwrite an existing answers file.")
@click.option("--ask", is_flag=True, hidden=True, help="Ask even when stdin is not a terminal.")
def checklist_cmd(
    repo: Path | None,
    config_file: Path | None,
    answers_path: Path | None,
    topic: str | None,
    defaults: bool,
    force: bool,
    ask: bool,
) -> None:
    """Ask the ten checklist questions and write the answers file.

    Every answer is pre-filled from the repo scan (or a neutral default). Without a
    terminal, or with --defaults, nothing is asked and the pre-filled answers are
    written. An existing answers file is never overwritten unless --force is given.
    """
    from dataclasses import replace

    from adrtool.services.engine import save_checklist, start_checklist

    root, config = load_project(repo, config_file)
    if answers_path is not None and not answers_path.is_absolute():
        answers_path = Path.cwd() / answers_path
    draft = start_checklist(root, answers_path, config, topic=topic, force=force)
    answers = draft.answers
    interactive = ask or (not defaults and sys.stdin.isatty())
    if interactive:
        answers = replace(_ask(answers, draft.checklist), inferred=())  # all confirmed by the user
    warnings = save_checklist(draft, answers, force=force)
    _warn(warnings)
    click.echo(f"wrote {draft.shown}")
    for i in answers.inferred:
        click.echo(f"  inferred {i.key}: {_value(i.value)} ({i.reason})")


def _ask(answers: Any, checklist: Any) -> Any:
    from dataclasses import replace

    ptype = click.prompt(
        "Project type",
        default=answers.project_type,
        type=click.Choice(list(checklist.project_types)),
    )
    values = dict(answers.checklist)
    for q in checklist.questions:
        current = values.get(q.key)
        if q.help:
            click.echo(f"  ({q.help})")
        if q.type == "list":
            shown = ", ".join(current) if current else "none"
            reply = click.prompt(f"{q.question} (comma-separated, or none)", default=shown)
            items = [] if reply.strip().lower() in ("", "none", "-") else reply.split(",")
            values[q.key] = tuple(i.strip().lower() for i in items if i.strip())
        else:
            values[q.key] = click.prompt(
                q.question, default=current, type=click.Choice(list(q.values))
            )
    return replace(answers, project_type=ptype, checklist=values)
