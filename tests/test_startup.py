"""Start-up guard: the CLI entry point stays light, and every command documents itself."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from adrtool import __version__
from adrtool.cli import COMMANDS, cli


def test_import_cli_loads_no_heavy_library() -> None:
    code = (
        "import sys, adrtool.cli; "
        "heavy = sorted(m for m in ('git', 'jinja2', 'ruamel', 'ruamel.yaml') "
        "if m in sys.modules); "
        "print(','.join(heavy))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""


def test_help_loads_no_heavy_library() -> None:
    code = (
        "import sys\nfrom click.testing import CliRunner\nfrom adrtool.cli import cli\n"
        "r = CliRunner().invoke(cli, ['--help'])\nassert r.exit_code == 0, r.output\n"
        "print(','.join(sorted(m for m in ('git', 'jinja2', 'ruamel') if m in sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""


def test_version() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"adrtool, version {__version__}\n"


def test_python_dash_m_runs() -> None:
    done = subprocess.run([sys.executable, "-m", "adrtool", "--version"],
                          capture_output=True, text=True, check=True)
    assert done.stdout.strip() == f"adrtool, version {__version__}"


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_command_has_help(name: str) -> None:
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage: " in result.stdout
    command = cli.get_command(None, name)  # type: ignore[arg-type]
    assert command is not None and command.help, f"{name} has no docstring"
