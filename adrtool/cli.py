"""The ``adrtool`` command line: a thin face over the services.

Start-up speed matters: this module imports only click, the stdlib and adrtool's light
modules. Each command lives in ``adrtool/commands/<area>.py`` and is imported only when it
runs (or when ``--help`` lists it); heavy libraries are imported inside command bodies.
"""

from __future__ import annotations

import importlib
from typing import Any

import click

from adrtool import __version__
from adrtool.errors import AdrError

# command name -> "module:attribute", in the order --help lists them.
COMMANDS: dict[str, str] = {
    "init": "adrtool.commands.records:init_cmd",
    "new": "adrtool.commands.records:new_cmd",
    "list": "adrtool.commands.records:list_cmd",
    "show": "adrtool.commands.records:show_cmd",
    "status": "adrtool.commands.records:status_cmd",
    "link": "adrtool.commands.records:link_cmd",
    "generate": "adrtool.commands.records:generate_cmd",
    "renumber": "adrtool.commands.records:renumber_cmd",
    "scan": "adrtool.commands.scan:scan_cmd",
    "checklist": "adrtool.commands.engine:checklist_cmd",
    "score": "adrtool.commands.engine:score_cmd",
    "catalog": "adrtool.commands.engine:catalog_cmd",
    "draft": "adrtool.commands.draft:draft_cmd",
    "check": "adrtool.commands.guard:check_cmd",
    "review": "adrtool.commands.guard:review_cmd",
}


def report_error(ctx: click.Context, e: AdrError, prog: str = "adrtool") -> None:
    """Print an expected failure as one line (plus an optional hint) and exit."""
    click.secho(f"{prog}: error: {e}", err=True, fg="red")
    if e.hint:
        click.echo(f"  hint: {e.hint}", err=True)
    ctx.exit(e.exit_code)


class AdrGroup(click.Group):
    """A group that loads commands on first use and turns AdrError into exit codes."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        command = getattr(importlib.import_module(module_name), attr)
        assert isinstance(command, click.Command), target
        return command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except AdrError as e:
            report_error(ctx, e)


@click.group(cls=AdrGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="adrtool")
def cli() -> None:
    """Architecture Decision Records a team can trust.

    Draft a scored, sourced ADR for a technology choice (draft), guard decisions in CI
    (check), summarise them in pull requests (review), and manage ADRs in every common
    format (init, new, list, status, link, generate).
    """


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="adrtool")
