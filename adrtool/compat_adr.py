"""``adr``: adr-tools' command line as a thin face over adrtool's record services.

Teams that used adr-tools (``adr init``, ``adr new -s 3 ...``, ``adr generate toc``) keep
their habits and scripts: the commands, options, environment (``ADR_DATE``,
``ADR_TEMPLATE``, ``VISUAL``/``EDITOR``), the ``.adr-dir`` upward search, the printed paths
(relative to the working folder) and the files written (``# N. Title``, ``Date:``,
``## Status``, "Supercedes"/"Superceded by" link lines) are adr-tools'. Numbering, slugs,
templates, supersession and links come from ``adrtool.services.records``: this module only
parses adr-tools' arguments, finds the folder the adr-tools way and prints.

Start-up stays light: only the stdlib and ``adrtool.errors`` load at import time.
"""

from __future__ import annotations

import getopt
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from adrtool.errors import AdrError

if TYPE_CHECKING:
    from adrtool.records.store import Folder

DEFAULT_DIR = "doc/adr"


class Fail(Exception):
    """Stop with ``message`` on stderr (exactly as given) and exit ``code``."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class Ctx:
    """Where ``adr`` runs: working folder, environment and output streams."""

    cwd: Path
    env: Mapping[str, str]
    out: TextIO
    err: TextIO

    def say(self, text: str) -> None:
        self.out.write(text + "\n")


@dataclass(frozen=True)
class AdrDir:
    """The ADR folder as adr-tools shows it (``shown``, relative to cwd) and on disk."""

    shown: str
    path: Path
    root: Path  # the working folder: services name files relative to it, as adr-tools does

    def show(self, name: str) -> str:
        return f"{self.shown.rstrip('/')}/{name}"


# -- finding the folder (adr-tools' _adr_dir) ----------------------------------------------


def find_adr_dir(cwd: Path) -> AdrDir:
    """Walk up from ``cwd``: the first ``.adr-dir`` file or ``doc/adr`` folder decides."""
    here = cwd.resolve()
    for level, folder in enumerate((here, *here.parents)):
        up = "../" * level
        marker = folder / ".adr-dir"
        if marker.is_file():
            written = _read_marker(marker)
            shown = written if Path(written).is_absolute() else up + written
            return AdrDir(shown, Path(os.path.normpath(folder / written)), here)
        if (folder / DEFAULT_DIR).is_dir():
            return AdrDir(up + DEFAULT_DIR, folder / DEFAULT_DIR, here)
    return AdrDir(DEFAULT_DIR, here / DEFAULT_DIR, here)


def _read_marker(marker: Path) -> str:
    try:
        text = marker.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise Fail(f"adr: {marker}: cannot read the ADR folder name ({e})") from None
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    raise Fail(f"adr: {marker}: empty; write the ADR folder path in it, e.g. doc/adr")


# -- shared helpers -------------------------------------------------------------------------


def _today(ctx: Ctx) -> date:
    value = ctx.env.get("ADR_DATE", "")
    if not value:
        return date.today()
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise Fail(f"adr: ADR_DATE must be a date like 1992-01-12, got {value!r}") from None


def _options(
    ctx: Ctx, command: str, args: Sequence[str], spec: str, gnu: bool = False
) -> tuple[list[tuple[str, str]], list[str]]:
    parse = getopt.gnu_getopt if gnu else getopt.getopt
    try:
        return parse(list(args), spec)
    except getopt.GetoptError as e:
        if e.msg.startswith("option -") and e.msg.endswith("requires argument"):
            message = f"option requires an argument -- {e.opt}"
        else:
            message = f"illegal option -- {e.opt}"
        raise Fail(f"adr {command}: {message}") from None


def _folder(where: AdrDir) -> Folder:
    from adrtool.records.store import load_folder

    return load_folder(where.root, where.path)


def _warn(ctx: Ctx, folder: Folder) -> None:
    for warning in folder.warnings:
        ctx.err.write(f"adr: warning: {warning}\n")


def _reference(folder: Folder, ref: str) -> int:
    """A number, or the first record whose file name contains ``ref`` (adr-tools' grep)."""
    text = ref.strip()
    if text.isdigit():
        return int(text)
    for record in folder.records:
        if text and text in record.path.name:
            return record.number
    raise Fail(f'adr: no decision record matches "{ref}"')


def _existing(ctx: Ctx, where: AdrDir) -> Folder:
    if not where.path.is_dir():
        raise Fail(f"The {where.shown} directory does not exist")
    folder = _folder(where)
    _warn(ctx, folder)
    return folder


def _template(ctx: Ctx, where: AdrDir) -> str:
    """``ADR_TEMPLATE``, else ``<dir>/templates/template.md``, else the Nygard template."""
    chosen = ctx.env.get("ADR_TEMPLATE", "")
    if chosen:
        path = ctx.cwd / chosen
        if not path.is_file():
            raise Fail(f"adr: ADR_TEMPLATE: {chosen}: no such file")
        return str(path.resolve())
    local = where.path / "templates" / "template.md"
    return str(local.resolve()) if local.is_file() else "nygard"


def _open_editor(ctx: Ctx, shown: str) -> None:
    editor = ctx.env.get("VISUAL") or ctx.env.get("EDITOR")
    if not editor:
        return
    import shlex
    import subprocess

    command = [*shlex.split(editor, posix=os.name != "nt"), shown]
    ctx.out.flush()
    try:
        done = subprocess.run(command, cwd=ctx.cwd, env=dict(ctx.env), check=False)
    except OSError as e:
        raise Fail(f"adr: cannot run editor {editor!r}: {e.strerror or e}", 127) from None
    if done.returncode != 0:
        raise Fail(
            f"adr: editor {editor!r} exited with status {done.returncode}",
            done.returncode if done.returncode > 0 else 1,
        )


# -- commands -------------------------------------------------------------------------------


def cmd_init(ctx: Ctx, args: list[str]) -> int:
    from adrtool.config import Config
    from adrtool.services.records import init_folder

    given = args[0] if args and args[0] else None
    where = find_adr_dir(ctx.cwd)
    if given is not None:
        target = ctx.cwd / given
        where = AdrDir(given, Path(os.path.normpath(target)), ctx.cwd.resolve())
    result = init_folder(
        where.root,
        Config(),
        explicit=where.path,
        template="nygard",
        today=_today(ctx),
        write_config=False,
    )
    if given is not None:
        from adrtool.records.write import atomic_write

        atomic_write(ctx.cwd / ".adr-dir", f"{given}\n".encode())
    ctx.say(where.show(result.first.name))
    return 0


def cmd_new(ctx: Ctx, args: list[str]) -> int:
    from adrtool.config import Config
    from adrtool.services.records import NewLink, create_record

    opts, words = _options(ctx, "new", args, "s:l:")
    title = " ".join(words)
    if not title.strip():
        raise Fail("ERROR: no title given")
    today = _today(ctx)
    where = find_adr_dir(ctx.cwd)
    template = _template(ctx, where)
    created = [d for d in (where.path, *where.path.parents) if not d.exists()]
    where.path.mkdir(parents=True, exist_ok=True)
    try:
        folder = _folder(where)
        supersedes: list[int] = []
        links: list[NewLink] = []
        for flag, value in opts:
            if flag == "-s":
                supersedes.append(_reference(folder, value))
            else:
                parts = value.split(":")
                if len(parts) != 3 or not all(p.strip() for p in parts):
                    raise Fail(f'adr new: bad link "{value}": expected TARGET:LINK:REVERSE-LINK')
                links.append(NewLink(_reference(folder, parts[0]), parts[1], parts[2]))
        record = create_record(
            where.root,
            Config(),
            title,
            today=today,
            explicit_dir=where.path,
            supersedes=supersedes,
            links=links,
            template=template,
            status_text="Accepted",
        )
    except (Fail, AdrError):
        for made in created:  # deepest first: leave no empty folder behind
            if any(made.iterdir()):
                break
            made.rmdir()
        raise
    shown = where.show(record.path.name)
    _open_editor(ctx, shown)
    ctx.say(shown)
    return 0


def cmd_link(ctx: Ctx, args: list[str]) -> int:
    from adrtool.config import Config
    from adrtool.services.records import add_link

    names = ("SOURCE", "LINK", "TARGET", "REVERSE-LINK")
    for i, name in enumerate(names):
        if len(args) <= i or not args[i]:
            raise Fail(f"adr link: missing {name} (usage: adr link {' '.join(names)})")
    where = find_adr_dir(ctx.cwd)
    folder = _existing(ctx, where)
    source, target = _reference(folder, args[0]), _reference(folder, args[2])
    add_link(where.root, Config(), source, args[1], target, args[3], explicit_dir=where.path)
    return 0


def cmd_list(ctx: Ctx, args: list[str]) -> int:
    """Every file named like a record, in name order: scripts loop over this output.

    Like adr-tools, this goes by file names only, so a record the reader cannot parse is
    still listed (``adrtool list`` reports it instead).
    """
    from adrtool.records.parse import is_record_filename

    where = find_adr_dir(ctx.cwd)
    if not where.path.is_dir():
        raise Fail(f"The {where.shown} directory does not exist")
    for entry in sorted(os.scandir(where.path), key=lambda e: e.name):
        if is_record_filename(entry.name) and entry.is_file():
            ctx.say(where.show(entry.name))
    return 0


def cmd_generate(ctx: Ctx, args: list[str]) -> int:
    if not args:
        for name in sorted(REPORTS):
            ctx.say(name)
        return 0
    report = REPORTS.get(args[0])
    if report is None:
        raise Fail(
            f'adr generate: no report called "{args[0]}" (reports: {", ".join(sorted(REPORTS))})'
        )
    return report(ctx, args[1:])


def generate_toc(ctx: Ctx, args: list[str]) -> int:
    from adrtool.services.records import toc_markdown

    opts, _ = _options(ctx, "generate toc", args, "i:o:p:", gnu=True)
    given = dict(opts)
    intro = _snippet(ctx, given.get("-i"), "intro")
    outro = _snippet(ctx, given.get("-o"), "outro")
    folder = _existing(ctx, find_adr_dir(ctx.cwd))
    ctx.out.write(
        toc_markdown(folder, style="list", prefix=given.get("-p", ""), intro=intro, outro=outro)
    )
    return 0


def _snippet(ctx: Ctx, name: str | None, what: str) -> Path | None:
    """An intro/outro file; like adr-tools (``[ -s FILE ]``) a missing or empty one is left
    out, so ``adr generate toc -i intro.md > README.md`` still writes the index (with a
    warning for a missing file)."""
    if not name:
        return None
    path = ctx.cwd / name
    if not path.is_file():
        ctx.err.write(f"adr: warning: {name}: no such file; the toc has no {what}\n")
        return None
    return path if path.stat().st_size else None


def generate_graph(ctx: Ctx, args: list[str]) -> int:
    from adrtool.services.records import graph

    opts, _ = _options(ctx, "generate graph", args, "e:p:")
    given = dict(opts)
    folder = _existing(ctx, find_adr_dir(ctx.cwd))
    ctx.out.write(
        graph(folder, fmt="dot", prefix=given.get("-p", ""), extension=given.get("-e", ".html"))
    )
    return 0


def cmd_upgrade_repository(ctx: Ctx, args: list[str]) -> int:
    """Rewrite adr-tools 1.x dates (``Date: DD/MM/YYYY``) as ISO 8601."""
    import re

    from adrtool.records import write

    folder = _existing(ctx, find_adr_dir(ctx.cwd))
    def iso_dates(text: str) -> str:
        return re.sub(r"Date: (\d{2})/(\d{2})/(\d{4})", r"Date: \3-\2-\1", text)

    for record in folder.records:
        write.edit(folder.repo / record.path, iso_dates)
    return 0


def cmd_help(ctx: Ctx, args: list[str]) -> int:
    from adrtool.compat_adr_help import HELP

    key = " ".join(args)
    if key not in HELP:
        ctx.out.write(_usage())
        return 0
    ctx.out.write(HELP[key].strip("\n") + "\n")
    subcommands = sorted(k for k in HELP if k.startswith(key + " ")) if args else []
    if subcommands:
        ctx.out.write("\nSubcommands:\n" + "".join(f"  adr {k}\n" for k in subcommands))
    return 0


def _usage() -> str:
    names = "".join(f"  {name}\n" for name in sorted(COMMANDS))
    return (
        "usage: adr help COMMAND [ARG] ...\nCOMMAND is one of: \n"
        + names
        + "Run 'adr help COMMAND' for help on a specific command.\n"
    )


Command = Callable[[Ctx, list[str]], int]

COMMANDS: dict[str, Command] = {
    "generate": cmd_generate,
    "help": cmd_help,
    "init": cmd_init,
    "link": cmd_link,
    "list": cmd_list,
    "new": cmd_new,
    "upgrade-repository": cmd_upgrade_repository,
}

REPORTS: dict[str, Command] = {"graph": generate_graph, "toc": generate_toc}

# -- entry points ---------------------------------------------------------------------------


def run(
    argv: Sequence[str],
    *,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Run ``adr ARGV...`` and return its exit status (adr-tools' codes: 0 ok, 1 failed)."""
    ctx = Ctx(
        cwd if cwd is not None else Path.cwd(),
        os.environ if env is None else env,
        out or sys.stdout,
        err or sys.stderr,
    )
    args = list(argv)
    name = args[0] if args else ""
    if name in ("-h", "--help"):
        name = "help"
    command = COMMANDS.get(name)
    if command is None:
        ctx.err.write(_usage())
        return 1
    try:
        return command(ctx, args[1:])
    except Fail as e:
        ctx.err.write(e.message + "\n")
        return e.code
    except AdrError as e:
        ctx.err.write(f"adr: {e}\n")
        return 1


def main() -> None:
    """Console-script entry point (``adr``)."""
    try:
        code = run(sys.argv[1:])
        sys.stdout.flush()
    except BrokenPipeError:  # e.g. ``adr list | head -1``: stop quietly, like a shell tool
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        code = 1
    except KeyboardInterrupt:
        code = 130
    sys.exit(code)
