"""``adrtool`` commands for the ADR lifecycle: init, new, list, show, status, link,
generate, renumber. Thin: parse options, call ``services.records``, print.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click

from adrtool.options import dir_option, format_option, load_project, repo_and_config_options

F = TypeVar("F", bound=Callable[..., Any])

def _rel(root: Path, path: Path) -> str:
    from adrtool.records.store import relative_path

    return str(relative_path(root, path))


def _today() -> date:
    return date.today()


def _warn(lines: tuple[str, ...] | list[str]) -> None:
    for line in lines:
        click.echo(f"adrtool: warning: {line}", err=True)


@click.command("init")
@repo_and_config_options
@dir_option
@click.option("--template", type=click.Choice(["madr", "nygard"]), default=None,
              help="Record format for the folder (default: madr).")
def init_cmd(repo: Path | None, config_file: Path | None, adr_dir: Path | None,
             template: str | None) -> None:
    """Create the ADR folder and its first record.

    Also writes .adrtool.yaml naming the folder when --dir picks one that would not be
    found by the usual discovery. Refuses when the folder already holds ADRs.
    """
    from adrtool.services.records import init_folder

    root, config = load_project(repo, config_file)
    result = init_folder(root, config, explicit=adr_dir, template=template,
                         today=_today())
    click.echo(_rel(root, result.first))
    if result.config_written is not None:
        click.echo(f"adrtool: wrote {_rel(root, result.config_written)} "
                   f"(adr_dir: {_rel(root, result.adr_dir)})", err=True)


@click.command("new")
@repo_and_config_options
@dir_option
@click.argument("title", nargs=-1, required=True)
@click.option("-s", "--supersede", "supersedes", multiple=True, type=int, metavar="N",
              help="Mark ADR N superseded by the new one (both files updated). Repeatable.")
@click.option("-l", "--link", "links", multiple=True, metavar='"N:Label:Reverse label"',
              help='Typed two-way link, e.g. -l "3:Amends:Amended by". Repeatable.')
@click.option("--status", default=None, metavar="S",
              help="Initial status (default: proposed, or default_status in the config).")
@click.option("--template", default=None, metavar="T",
              help="madr, nygard or a template file (default: the folder's format).")
@click.option("--date", "when", default=None, metavar="YYYY-MM-DD", help="Date (default: today).")
@click.option("--no-edit", is_flag=True, help="Do not open $VISUAL/$EDITOR.")
def new_cmd(repo: Path | None, config_file: Path | None, adr_dir: Path | None,
            title: tuple[str, ...], supersedes: tuple[int, ...], links: tuple[str, ...],
            status: str | None, template: str | None, when: str | None, no_edit: bool) -> None:
    """Write a new ADR with the next number and print its path.

    The editor ($VISUAL, else $EDITOR) opens only when stdin and stdout are a terminal.
    """
    from adrtool.services.records import NewLink, create_record, parse_date

    root, config = load_project(repo, config_file)
    day = parse_date(when, _today())
    parsed = [NewLink.parse(spec) for spec in links]
    record = create_record(root, config, " ".join(title), today=day,
                           explicit_dir=adr_dir, supersedes=supersedes,
                           links=parsed, status=status, template=template)
    path = root / record.path
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if editor and not no_edit and sys.stdin.isatty() and sys.stdout.isatty():
        import shlex
        import subprocess

        subprocess.run([*shlex.split(editor), str(path)], check=False)
    click.echo(str(record.path))


@click.command("list")
@repo_and_config_options
@dir_option
@click.option("--status", "only", default=None, metavar="S", help="Only records with status S.")
@format_option("text", "json")
def list_cmd(repo: Path | None, config_file: Path | None, adr_dir: Path | None,
             only: str | None, fmt: str) -> None:
    """List every ADR, sorted by number."""
    import json

    from adrtool.records.model import normalise_status
    from adrtool.services.records import open_folder

    root, config = load_project(repo, config_file)
    folder = open_folder(root, config, adr_dir)
    _warn(folder.warnings)
    records = list(folder.records)
    if only is not None:
        wanted = normalise_status(only)
        records = [r for r in records if r.status == wanted]
    if fmt == "json":
        click.echo(json.dumps([r.to_json() for r in records], indent=2, ensure_ascii=False))
        return
    rows = [(str(r.number), r.status or "-", r.date.isoformat() if r.date else "-", r.title)
            for r in records]
    widths = [max((len(row[i]) for row in rows), default=0) for i in range(3)]
    for number, state, day, text in rows:
        click.echo(f"{number:>{widths[0]}}  {state:<{widths[1]}}  {day:<{widths[2]}}  {text}")


@click.command("show")
@repo_and_config_options
@dir_option
@click.argument("number", type=int)
def show_cmd(repo: Path | None, config_file: Path | None, adr_dir: Path | None,
             number: int) -> None:
    """Print ADR NUMBER."""
    from adrtool.services.records import one_record, open_folder

    root, config = load_project(repo, config_file)
    record = one_record(open_folder(root, config, adr_dir), number)
    text = record.text.replace("\r\n", "\n")
    click.echo(text, nl=not text.endswith("\n"))


@click.command("status")
@repo_and_config_options
@dir_option
@click.argument("number", type=int)
@click.argument("status")
@click.option("--force", is_flag=True, help="Allow a change the lifecycle does not allow.")
def status_cmd(repo: Path | None, config_file: Path | None, adr_dir: Path | None,
               number: int, status: str, force: bool) -> None:
    """Change the status of ADR NUMBER (proposed, accepted, rejected, deprecated, superseded).

    Allowed: proposed -> accepted|rejected|deprecated|superseded; accepted ->
    deprecated|superseded; rejected -> proposed; deprecated -> accepted|superseded.
    """
    from adrtool.services.records import set_status

    root, config = load_project(repo, config_file)
    change = set_status(root, config, number, status, explicit_dir=adr_dir,
                        force=force)
    if change.changed:
        click.echo(f"{change.record.path}: {change.old or 'no status'} -> {change.new}")
    else:
        click.echo(f"{change.record.path}: already {change.new}")


@click.command("link")
@repo_and_config_options
@dir_option
@click.argument("source", type=int)
@click.argument("label")
@click.argument("target", type=int)
@click.argument("reverse")
def link_cmd(repo: Path | None, config_file: Path | None, adr_dir: Path | None, source: int,
             label: str, target: int, reverse: str) -> None:
    """Link ADR SOURCE to ADR TARGET with LABEL, and TARGET back with REVERSE.

    Example: adrtool link 3 Amends 1 "Amended by"
    """
    from adrtool.services.records import add_link

    root, config = load_project(repo, config_file)
    src, tgt = add_link(root, config, source, label, target, reverse,
                        explicit_dir=adr_dir)
    click.echo(f"{src.path}: {label} {tgt.number}")
    click.echo(f"{tgt.path}: {reverse} {src.number}")


@click.group("generate")
def generate_cmd() -> None:
    """Generate an index (toc) or a decision graph (graph) of the ADRs."""


def _emit(adr_dir: Path, text: str, output: Path | None) -> None:
    """Print ``text``, or write it to ``output``: never as a file the reader would then
    take for an ADR (``0000-index.md``, ``decisions.md``) in the ADR folder itself."""
    if output is None:
        click.echo(text, nl=False)
        return
    from adrtool.errors import UsageError
    from adrtool.records.store import skipped_quietly
    from adrtool.records.write import atomic_write

    target = output if output.is_absolute() else Path.cwd() / output
    if target.parent.resolve() == adr_dir.resolve() and not skipped_quietly(target.name):
        raise UsageError(f"{output}: adrtool would take this file in the ADR folder for an ADR; "
                         "call it README.md or index.md, or write it elsewhere")
    atomic_write(target, text.encode("utf-8"))
    click.echo(f"adrtool: wrote {output}", err=True)


_OUTPUT = click.option("-o", "--output", default=None, metavar="FILE",
                       type=click.Path(dir_okay=False, path_type=Path),
                       help="Write to FILE instead of stdout.")
_PREFIX = click.option("-p", "--prefix", default="", metavar="P",
                       help="Prefix for every link (e.g. a folder or a URL).")


@generate_cmd.command("toc")
@repo_and_config_options
@dir_option
@format_option("markdown")
@_OUTPUT
@click.option("-i", "--intro", default=None, metavar="F", type=click.Path(
    dir_okay=False, exists=True, path_type=Path), help="Markdown file to put before the index.")
@click.option("--outro", default=None, metavar="F", type=click.Path(
    dir_okay=False, exists=True, path_type=Path), help="Markdown file to put after the index.")
@_PREFIX
@click.option("--style", type=click.Choice(["auto", "table", "list"]), default="auto",
              show_default=True,
              help="table: number, title, status, date; list: adr-tools' bullet list; "
                   "auto: list for adr-tools folders, else table.")
def toc_cmd(repo: Path | None, config_file: Path | None, adr_dir: Path | None, fmt: str,
            output: Path | None, intro: Path | None, outro: Path | None, prefix: str,
            style: str) -> None:
    """Markdown index of the ADRs with their status."""
    from adrtool.services.generate import toc_markdown
    from adrtool.services.records import open_folder

    root, config = load_project(repo, config_file)
    folder = open_folder(root, config, adr_dir)
    _warn(folder.warnings)
    _emit(folder.dir, toc_markdown(folder, style=style, prefix=prefix, intro=intro,
                                   outro=outro), output)


@generate_cmd.command("graph")
@repo_and_config_options
@dir_option
@format_option("mermaid", "dot")
@_OUTPUT
@_PREFIX
@click.option("-e", "--extension", default=".html", show_default=True, metavar="EXT",
              help="Extension of the linked documents in dot output (as adr-tools).")
def graph_cmd(repo: Path | None, config_file: Path | None, adr_dir: Path | None, fmt: str,
              output: Path | None, prefix: str, extension: str) -> None:
    """Decision graph: supersession and typed links as edges (Mermaid or Graphviz dot)."""
    from adrtool.services.generate import graph
    from adrtool.services.records import open_folder

    root, config = load_project(repo, config_file)
    folder = open_folder(root, config, adr_dir)
    _warn(folder.warnings)
    _emit(folder.dir, graph(folder, fmt=fmt, prefix=prefix, extension=extension), output)


@click.command("renumber")
@repo_and_config_options
@dir_option
@click.option("--dry-run", is_flag=True, help="Say what would move; change nothing.")
@click.option("--base", metavar="REF", default=None,
              help="Records already on REF keep their numbers (default: as check: "
                   "check.base in the config, else origin/$GITHUB_BASE_REF, origin/main, "
                   "origin/master).")
def renumber_cmd(repo: Path | None, config_file: Path | None, adr_dir: Path | None,
                 dry_run: bool, base: str | None) -> None:
    """Give each ADR its own number after two branches merged with the same one.

    Of records sharing a number, the one already on the base branch keeps it; the
    branch's own record moves to the next free number, with its file, its title number
    and every link to it. Without a base branch, the record added later in git history
    (else: the later file name) moves, and stderr says so.
    """
    from adrtool.services.renumber import renumber_records

    root, config = load_project(repo, config_file)
    done = renumber_records(root, config, explicit_dir=adr_dir, dry_run=dry_run, base=base)
    if done.note is not None:
        _warn([done.note])
    moves = done.moves
    if not moves:
        click.echo("no duplicate numbers")
        return
    verb = "would move" if dry_run else "moved"
    for move in moves:
        click.echo(f"{verb} {_rel(root, move.old_path)} -> {_rel(root, move.new_path)}")
        for path in move.rewritten:
            click.echo(f"  {'would update' if dry_run else 'updated'} {_rel(root, path)}")
