"""``adrtool scan``: print the detected project profile."""

from __future__ import annotations

import json
from pathlib import Path

import click

from adrtool.options import format_option, load_project, repo_and_config_options


@click.command("scan")
@repo_and_config_options
@format_option("text", "json")
def scan_cmd(repo: Path | None, config_file: Path | None, fmt: str) -> None:
    """Show the languages, frameworks, deployment, CI and team the repo shows.

    Reads manifests only (pyproject.toml, requirements*.txt, package.json, pom.xml,
    build.gradle, *.csproj, Gemfile, composer.json, go.mod, mix.exs, ...) and never enters
    node_modules, vendor, .venv, target, build or dist. Warnings go to stderr.
    """
    from adrtool.scan.scanner import scan_repo
    from adrtool.scan.summary import summary_lines

    root, _config = load_project(repo, config_file)
    profile = scan_repo(root)
    for warning in profile.extra.get("warnings", []):
        click.echo(f"adrtool: warning: {warning}", err=True)
    if fmt == "json":
        click.echo(json.dumps(profile.to_json(), indent=2, ensure_ascii=False))
    else:
        for line in summary_lines(profile):
            click.echo(line)
