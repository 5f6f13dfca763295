"""The ADR lifecycle as reusable services: init, new, status, link.

The index and graph live in ``services/generate.py``, renumbering in
``services/renumber.py`` (both re-exported here for the faces).

Both faces use these: ``adrtool`` (``commands/records.py``) and the adr-tools command line
(``compat_adr.py``). Services take typed arguments, return values and raise AdrError
subclasses; they never print. Writes go through ``records/write.py`` (exclusive create for
new files, temp file + ``os.replace`` for rewrites).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from adrtool.config import Config
from adrtool.errors import RecordError, UsageError, did_you_mean
from adrtool.records import write
from adrtool.records.model import KNOWN_STATUSES, Record, normalise_status
from adrtool.records.store import Folder, load_folder, relative_path

BUILTIN_TEMPLATES = ("madr", "nygard")
FIRST_TITLE = "Record architecture decisions"

# Allowed lifecycle moves (``--force`` skips the check).
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "proposed": ("accepted", "rejected", "deprecated", "superseded"),
    "accepted": ("deprecated", "superseded"),
    "rejected": ("proposed",),
    "deprecated": ("accepted", "superseded"),
    "superseded": (),
}


@dataclass(frozen=True)
class LinkLabels:
    """How supersession is spelled in each dialect: the defaults are what adr-tools 3.0.0
    writes. (Releases before 3.0.0 wrote "Supercedes" / "Superceded by"; the reader
    accepts both.)"""

    nygard_supersedes: str = "Supersedes"
    nygard_superseded_by: str = "Superseded by"
    madr_supersedes: str = "Supersedes"
    madr_superseded_by: str = "superseded by"


@dataclass(frozen=True)
class InitResult:
    adr_dir: Path
    first: Path
    config_written: Path | None = None


@dataclass(frozen=True)
class NewLink:
    """``-l "N:Label:Reverse label"``."""

    target: int
    label: str
    reverse: str

    @classmethod
    def parse(cls, spec: str) -> NewLink:
        parts = spec.split(":")
        if len(parts) != 3 or not all(p.strip() for p in parts) or not parts[0].strip().isdigit():
            raise UsageError(
                f'bad link "{spec}": expected "N:Label:Reverse label"',
                hint='e.g. -l "3:Amends:Amended by"',
            )
        return cls(int(parts[0]), parts[1].strip(), parts[2].strip())


@dataclass(frozen=True)
class StatusChange:
    record: Record
    old: str | None
    new: str
    changed: bool


# ---------------------------------------------------------------------------------------
# small pure helpers


def parse_date(value: str | None, today: date) -> date:
    """``--date YYYY-MM-DD`` (or today); anything else is a UsageError."""
    if value is None:
        return today
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise UsageError(f'bad date "{value}": expected YYYY-MM-DD, e.g. 2024-05-17')


def check_status(value: str, what: str = "status") -> str:
    """A known lifecycle status, lower case; anything else is a UsageError."""
    status = normalise_status(value)
    if status not in KNOWN_STATUSES:
        raise UsageError(
            f'unknown {what} "{value}"{did_you_mean(value.lower(), KNOWN_STATUSES)}',
            hint="use one of: " + ", ".join(KNOWN_STATUSES),
        )
    return status


def is_nygard(record: Record) -> bool:
    return record.dialect == "nygard" or write.style_of(record.text) == "nygard"


def heading_title(record: Record) -> str:
    """How adr-tools names a record in links and the toc: ``3. Title``."""
    return f"{record.number}. {record.title}"


def link_line(label: str, source: Record | None, target: Record, nygard: bool) -> str:
    """``Amends [1. Title](0001-title.md)`` (Nygard) or ``Amends [ADR-0001: Title](...)``."""
    href = target.path.name if source is None else _href(source, target)
    if not _numbered(target.path.name):  # log4brains: its number is only a list position
        return f"{label} [{target.title}]({href})"
    if nygard:
        return f"{label} [{heading_title(target)}]({href})"
    return f"{label} [ADR-{target.number:04d}: {target.title}]({href})"


def _href(source: Record, target: Record) -> str:
    if source.path.parent == target.path.parent:
        return target.path.name
    import posixpath

    return posixpath.relpath(str(target.path), str(source.path.parent))


# ---------------------------------------------------------------------------------------
# folders


def adr_dir(repo: Path, config: Config, explicit: Path | None = None) -> Path:
    """The existing ADR folder, or RecordError with the "run init" hint."""
    from adrtool.records.discover import find_adr_dir

    found = find_adr_dir(repo, config, explicit)
    if found is None or not found.is_dir():
        raise RecordError(f"no ADR folder found in {repo}", hint='run "adrtool init"')
    return found


def open_folder(repo: Path, config: Config, explicit: Path | None = None) -> Folder:
    """Load the ADR folder (RecordError with the "run init" hint when there is none)."""
    return load_folder(repo, adr_dir(repo, config, explicit))


def one_record(folder: Folder, number: int) -> Record:
    """The record numbered ``number``: RecordError when missing or ambiguous."""
    matches = folder.by_number(number)
    where = relative_path(folder.repo, folder.dir)
    if not matches:
        raise RecordError(f"no ADR numbered {number} in {where}",
                          hint='run "adrtool list" to see the numbers')
    if len(matches) > 1:
        names = ", ".join(r.path.name for r in matches)
        raise RecordError(f"ADR {number} is ambiguous in {where}: {names}",
                          hint='run "adrtool renumber" to give each record its own number')
    return matches[0]


# ---------------------------------------------------------------------------------------
# init and new


def init_folder(repo: Path, config: Config, *, explicit: Path | None = None,
                template: str | None = None, today: date,
                write_config: bool = True) -> InitResult:
    """Create the ADR folder and its first record ("Record architecture decisions")."""
    from adrtool.records.discover import adr_dir_for_init, find_adr_dir

    target = adr_dir_for_init(repo, config, explicit)
    where = relative_path(repo, target)
    if target.is_dir() and write.numbers_in(target):
        raise RecordError(f"{where} already holds ADRs; nothing to initialise",
                          hint='add one with "adrtool new TITLE"')
    name = _builtin(template or config.template or "madr")
    text = _render_builtin(f"{name}-init.md.j2", repo, number=1, title=FIRST_TITLE,
                           status="accepted", day=today)
    _, first = write.create_numbered(
        target, lambda n: (write.record_filename(n, write.slugify(FIRST_TITLE)), text), first=1)
    written = None
    if write_config and explicit is not None and config.source is None:
        found = find_adr_dir(repo, Config(), None)
        config_file = repo / ".adrtool.yaml"
        if (found is None or found.resolve() != target.resolve()) and not config_file.exists():
            write.write_new(config_file, f"adr_dir: {where.as_posix()}\n")
            written = config_file
    return InitResult(target, first, written)


def _builtin(name: str) -> str:
    if name not in BUILTIN_TEMPLATES:
        raise UsageError(f'unknown template "{name}"{did_you_mean(name, BUILTIN_TEMPLATES)}',
                         hint="use madr, nygard or the path of a template file")
    return name


def _context(number: int, title: str, status: str, day: date) -> dict[str, object]:
    return {
        "number": number,
        "number4": f"{number:04d}",
        "title": title,
        "date": day.isoformat(),
        "status": status,
        "status_word": write.status_word(status),
        "status_yaml": write.yaml_scalar(status),
    }


def _render_builtin(name: str, repo: Path, *, number: int, title: str, status: str,
                    day: date) -> str:
    from adrtool.render import render

    return render(name, _context(number, title, status, day), repo)


def read_text_file(path: Path, what: str) -> str:
    """A user's text file (a template, a toc intro) with ``\n`` newlines, BOM dropped;
    UsageError naming it when it cannot be read or is not UTF-8."""
    try:
        return path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")
    except OSError as e:
        raise UsageError(f"{path}: cannot read {what}: {e.strerror or e}") from None
    except UnicodeDecodeError:
        raise UsageError(f"{path}: {what} is not UTF-8 text") from None


def render_template_file(path: Path, *, number: int, title: str, status: str, day: date) -> str:
    """A user's template file: Jinja2 (``*.j2``, sandboxed) or adr-tools' placeholders.

    adr-tools templates use the words NUMBER, TITLE, DATE and STATUS, replaced once per
    line (like its ``sed``).
    """
    source = read_text_file(path, "template")
    if path.name.endswith(".j2"):
        from adrtool.render import render_string

        return render_string(source, _context(number, title, status, day), name=str(path))
    values = {"NUMBER": str(number), "TITLE": title, "DATE": day.isoformat(),
              "STATUS": write.status_word(status)}
    lines = []
    for line in source.split("\n"):
        for key, value in values.items():
            line = line.replace(key, value, 1)
        lines.append(line)
    return "\n".join(lines)


def _choose_template(folder: Folder, repo: Path, template: str | None,
                     config: Config) -> tuple[str | None, Path | None]:
    """(built-in name, or None with a template file path).

    Without --template or a configured one, the folder's own adr-tools template
    (``<dir>/templates/template.md``) wins, as ``adr new`` uses it; else the format of
    the folder's latest record."""
    chosen = template or config.template
    if chosen is None:
        own = folder.dir / "templates" / "template.md"
        if own.is_file():
            return None, own
        last = folder.records[-1] if folder.records else None
        return ("nygard" if last is not None and is_nygard(last) else "madr"), None
    if chosen in BUILTIN_TEMPLATES:
        return chosen, None
    path = Path(chosen)
    if not path.is_absolute():
        path = (Path.cwd() / path) if (Path.cwd() / path).is_file() else repo / path
    if not path.is_file():
        raise UsageError(f'unknown template "{chosen}"{did_you_mean(chosen, BUILTIN_TEMPLATES)}',
                         hint="use madr, nygard or the path of a template file")
    return None, path


_NUMBERED_NAME = re.compile(r"(?i)(adr[-_ ]?)?(\d+)[-_ ]")


def _numbered(name: str) -> bool:
    """A file name that carries a record number (not a log4brains date)."""
    from adrtool.records.parse import number_from_filename

    return number_from_filename(name) is not None and _NUMBERED_NAME.match(name) is not None


def _name_pattern(folder: Folder) -> tuple[str, int]:
    """("ADR-" or "", digits) as the folder's latest numbered record names its file
    (log4brains' date names carry no number and do not count)."""
    numbered = [r for r in folder.records if _numbered(r.path.name)]
    if not numbered:
        return "", write.NUMBER_WIDTH
    m = _NUMBERED_NAME.match(numbered[-1].path.name)
    assert m is not None
    return m.group(1) or "", max(3, len(m.group(2)))


def create_record(repo: Path, config: Config, title: str, *, today: date,
                  explicit_dir: Path | None = None, supersedes: Sequence[int] = (),
                  links: Sequence[NewLink] = (), status: str | None = None,
                  template: str | None = None, labels: LinkLabels | None = None,
                  status_text: str | None = None) -> Record:
    """Write a new record with the next free number and link it; return the new record.

    All or nothing: the rendered record (with its link lines) is read back by our own
    reader in memory before any file is written, and the records it supersedes or links
    are locked and read first. If one of them then cannot be rewritten, the records
    already rewritten get their original bytes back and the new record is removed again
    (RecordError saying so).

    In a folder of log4brains records only (``20240517-slug.md``), the new file is named
    the same way, by today's date.

    ``status_text`` writes the status exactly as given (the adr-tools face uses
    "Accepted"); otherwise ``status`` (default: config.default_status) is validated.
    """
    labels = labels or LinkLabels()
    title = write.clean_title(title)
    slug = write.slugify(title)
    folder = _folder_for_new(repo, config, explicit_dir, full=bool(supersedes or links))
    targets = [one_record(folder, n) for n in supersedes]
    link_targets = [(one_record(folder, lk.target), lk) for lk in links]
    state = status_text or check_status(status or config.default_status)
    builtin, template_path = _choose_template(folder, repo, template, config)
    shown = _template_shown(repo, builtin, template_path)
    prefix, width = _name_pattern(folder)
    newline = folder.records[-1].newline if folder.records else "\n"  # a CRLF folder stays CRLF
    log4brains = bool(folder.records) and not any(_numbered(r.path.name) for r in folder.records)
    drafted: list[Record] = []

    def make(number: int) -> tuple[str, str]:
        if template_path is not None:
            text = render_template_file(template_path, number=number, title=title,
                                        status=state, day=today)
        else:
            text = _render_builtin(f"{builtin}.md.j2", repo, number=number, title=title,
                                   status=state, day=today)
        name = (f"{today:%Y%m%d}-{slug}.md" if log4brains
                else prefix + write.record_filename(number, slug, width))
        record = _linked_draft(repo, folder.dir / name, text, shown, targets, link_targets,
                               labels)
        drafted[:] = [record]
        return name, record.text.replace("\n", newline)

    touched = [repo / r.path for r in [*targets, *(t for t, _ in link_targets)]]
    with ExitStack() as stack:
        originals = _lock_and_read(stack, touched)
        if log4brains:
            name, text = make(folder.next_number())
            path = folder.dir / name
            write.write_new(path, text)
        else:
            _, path = write.create_numbered(folder.dir, make)
        try:
            texts = _linked_targets(repo, drafted[0], targets, link_targets, labels, originals)
        except BaseException:
            _remove_new(repo, path)
            raise
        _rewrite_all(repo, texts, originals, undo=lambda: _remove_new(repo, path))
    return _reread(repo, path)


def _template_shown(repo: Path, builtin: str | None, template_path: Path | None) -> str:
    """How an error names the template: its path (relative to the repo when inside it)."""
    if template_path is None:
        local = repo / ".adrtool" / "templates" / f"{builtin}.md.j2"
        if not local.is_file():
            return f"the built-in {builtin} template"
        template_path = local
    try:
        return template_path.relative_to(repo).as_posix()
    except ValueError:
        return str(template_path)


def _parse_rendered(repo: Path, path: Path, text: str, shown: str) -> Record:
    """``text`` read by our own reader as the record at ``path`` (nothing on disk yet);
    RecordError naming the template when the reader cannot read it."""
    from adrtool.records.parse import parse_record

    try:
        return parse_record(text, relative_path(repo, path))
    except RecordError as e:
        raise RecordError(
            f"{shown}: renders a record adrtool cannot read ({e}); nothing written",
            hint="start the template with a title line such as \"# {{ title }}\"",
        ) from None


def _linked_draft(repo: Path, path: Path, text: str, shown: str, targets: Sequence[Record],
                  link_targets: Sequence[tuple[Record, NewLink]], labels: LinkLabels) -> Record:
    """The new record as it will be written: rendered ``text`` plus its "Supersedes" and
    link lines, parsed in memory (text with ``\n`` newlines)."""
    record = _parse_rendered(repo, path, text, shown)
    lines = [(labels.nygard_supersedes if is_nygard(record) else labels.madr_supersedes, old)
             for old in targets]
    lines += [(lk.label, target) for target, lk in link_targets]
    for label, target in lines:
        text = _with_link(record, text, link_line(label, record, target,
                                                  nygard=is_nygard(record)))
        record = _parse_rendered(repo, path, text, shown)
    return record


def _linked_targets(repo: Path, new: Record, targets: Sequence[Record],
                    link_targets: Sequence[tuple[Record, NewLink]], labels: LinkLabels,
                    originals: dict[Path, tuple[write.TextFile, bytes]]) -> dict[Path, str]:
    """The new text of every record ``new`` supersedes or links, from its original text."""
    texts = {p: original.text for p, (original, _) in originals.items()}
    for old in targets:
        texts[repo / old.path] = _superseded_text(old, new, texts[repo / old.path], labels)
    for target, lk in link_targets:
        line = link_line(lk.reverse, target, new, nygard=is_nygard(target))
        texts[repo / target.path] = _with_link(target, texts[repo / target.path], line)
    return texts


_Originals = dict[Path, tuple[write.TextFile, bytes]]


def _lock_and_read(stack: ExitStack, paths: Sequence[Path]) -> _Originals:
    """Lock every record in ``paths`` (held until ``stack`` closes) and read it: its text
    and its exact bytes. A lock that cannot be taken or a file that cannot be read is a
    RecordError saying nothing was written."""
    unique = list(dict.fromkeys(paths))
    try:
        for path in sorted(unique):  # one order for every writer: no deadlock
            stack.enter_context(write.locked(path))
        return {path: write.read_with_bytes(path) for path in unique}
    except RecordError as e:
        raise RecordError(f"{e}; nothing written", hint=e.hint) from None


def _rewrite_all(repo: Path, texts: dict[Path, str], originals: _Originals,
                 undo: Callable[[], list[str]] | None = None) -> None:
    """Write every record's new text; when one fails, put back the records already
    rewritten (and call ``undo``), then raise one RecordError saying what happened."""
    rewritten: list[Path] = []
    try:
        for path, text in texts.items():
            if write.rewrite(originals[path][0], text):
                rewritten.append(path)
    except BaseException as e:
        failed = _restore(repo, rewritten, originals)
        done = (undo() if undo else []) + (failed or ["no record changed"])
        if isinstance(e, RecordError):
            raise RecordError(f"{e}; " + "; ".join(done)) from None
        raise


def _restore(repo: Path, rewritten: Sequence[Path], originals: _Originals) -> list[str]:
    """Put back the original bytes of ``rewritten``; what could not be restored."""
    failed = []
    for target_path in rewritten:
        try:
            write.atomic_write(target_path, originals[target_path][1])
        except RecordError as e:
            failed.append(f"could not restore {relative_path(repo, target_path)} ({e})")
    return failed


def _remove_new(repo: Path, path: Path) -> list[str]:
    """Remove the record this command just created; what went wrong."""
    failed = []
    try:
        path.unlink()
    except OSError as e:
        failed.append(f"could not remove {relative_path(repo, path)} ({e.strerror or e})")
        return failed
    failed.append(f"new record {relative_path(repo, path)} removed again")
    return failed


def _folder_for_new(repo: Path, config: Config, explicit: Path | None, *, full: bool) -> Folder:
    """The folder as ``new`` needs it: every record when it links to some; otherwise only
    the latest record and the latest numbered one (they alone decide the new record's
    dialect and file-name pattern), so ``new`` stays fast in a folder of 10,000 records.
    Falls back to reading everything when one of those two cannot be read."""
    if full:
        return open_folder(repo, config, explicit)
    import os

    from adrtool.records.parse import is_record_filename, number_from_filename
    from adrtool.records.store import read_record

    directory = adr_dir(repo, config, explicit)

    def order(name: str) -> tuple[int, int, str]:  # load_folder's order: unnumbered last
        n = number_from_filename(name)
        return (1, 0, name) if n is None else (0, n, name)

    try:
        with os.scandir(directory) as entries:
            files = [e.name for e in entries if is_record_filename(e.name) and e.is_file()]
    except OSError:
        return open_folder(repo, config, explicit)
    latest = max(files, key=order, default=None)
    numbered = latest
    if latest is not None and not _numbered(latest):  # as _name_pattern picks it
        numbered = max((n for n in files if _numbered(n)), key=order, default=None)
    picked: list[Record] = []
    for name in dict.fromkeys(n for n in (numbered, latest) if n is not None):
        try:
            picked.append(read_record(repo, directory / name))
        except RecordError:
            return open_folder(repo, config, explicit)
    return Folder(repo, directory, tuple(picked), ())


def _reread(repo: Path, path: Path) -> Record:
    from adrtool.records.store import read_record

    return read_record(repo, path)


def _reread_as(repo: Path, record: Record) -> Record:
    """``record`` read again after an edit, keeping the number the folder gave it (a
    log4brains file read alone has none)."""
    from dataclasses import replace

    return replace(_reread(repo, repo / record.path), number=record.number)


def _with_link(source: Record, text: str, line: str) -> str:
    """``text`` of ``source`` with the link ``line`` added in its dialect."""
    add = write.nygard_add_line if is_nygard(source) else write.madr_add_link
    return add(text, line)


def _append_link(repo: Path, source: Record, line: str) -> None:
    write.edit(repo / source.path, lambda text: _with_link(source, text, line))


def _nygard_style(record: Record, text: str) -> bool:
    return is_nygard(record) or write.style_of(text) == "nygard"


def _write_status(record: Record, text: str, nygard_word: str | None, value: str) -> str:
    """``text`` with its status set where ``record`` keeps it: the ``## Status`` paragraph
    (``nygard_word``; None removes it), the MADR 2 bullet or the front matter (``value``)."""
    if _nygard_style(record, text):
        return write.nygard_set_status(text, nygard_word)
    if write.style_of(text) == "bullets":
        return write.bullets_set_status(text, value)
    return write.front_matter_set(text, "status", write.yaml_scalar(value))


def supersede(repo: Path, new: Record, old: Record, labels: LinkLabels | None = None) -> None:
    """Mark ``old`` superseded by ``new`` and add the "Supersedes" line to ``new``.

    Each record is edited in its own dialect: adr-tools' status paragraphs for Nygard
    records, ``status: "superseded by [ADR-N](file)"`` front matter (or the MADR 2 bullet)
    and a "More Information" bullet otherwise.
    """
    labels = labels or LinkLabels()
    write.edit(repo / old.path, lambda text: _superseded_text(old, new, text, labels))
    label = labels.nygard_supersedes if is_nygard(new) else labels.madr_supersedes
    _append_link(repo, new, link_line(label, new, old, nygard=is_nygard(new)))


def _superseded_text(old: Record, new: Record, text: str, labels: LinkLabels) -> str:
    """``text`` of ``old`` with its status "superseded by" ``new`` (Nygard: plus the line)."""
    name = f"ADR-{new.number:04d}" if _numbered(new.path.name) else new.title
    value = f"{labels.madr_superseded_by} [{name}]({_href(old, new)})"
    text = _write_status(old, text, None, value)
    if _nygard_style(old, text):
        return write.nygard_add_line(text, link_line(labels.nygard_superseded_by, old, new,
                                                     nygard=True))
    return text


# ---------------------------------------------------------------------------------------
# status and link


def set_status(repo: Path, config: Config, number: int, status: str, *,
               explicit_dir: Path | None = None, force: bool = False) -> StatusChange:
    """Change a record's lifecycle status, refusing moves the lifecycle does not allow."""
    new = check_status(status)
    folder = open_folder(repo, config, explicit_dir)
    record = one_record(folder, number)
    old = record.status
    if old == new:
        return StatusChange(record, old, new, changed=False)
    allowed = TRANSITIONS.get(old or "")
    if not force and allowed is not None and new not in allowed:
        options = ", ".join(allowed) if allowed else "none"
        raise UsageError(
            f'ADR {number} is {old}; it cannot become {new} '
            f"(allowed from {old}: {options})",
            hint="pass --force to change it anyway",
        )

    def change(text: str) -> str:
        changed = _write_status(record, text, write.status_word(new), new)
        if new != "superseded" and _nygard_style(record, text):
            # a forced revival drops the "Superseded by" lines
            changed = write.nygard_drop_lines(changed, r"(superseded|superceded)[ -]by\b")
        return changed

    write.edit(repo / record.path, change)
    return StatusChange(_reread_as(repo, record), old, new, changed=True)


def add_link(repo: Path, config: Config, source: int, label: str, target: int, reverse: str,
             *, explicit_dir: Path | None = None) -> tuple[Record, Record]:
    """Typed two-way link: ``label`` in ``source`` and ``reverse`` in ``target``."""
    for text, what in ((label, "LABEL"), (reverse, "REVERSE")):
        if not text.strip() or "\n" in text or "[" in text or "]" in text:
            raise UsageError(f'bad {what} "{text}": one line of words, e.g. "Amends"')
    if source == target:
        raise UsageError(f"an ADR cannot link to itself (both are {source})")
    folder = open_folder(repo, config, explicit_dir)
    src, tgt = one_record(folder, source), one_record(folder, target)
    src_path, tgt_path = repo / src.path, repo / tgt.path
    with ExitStack() as stack:  # both records or neither
        originals = _lock_and_read(stack, [src_path, tgt_path])
        texts = {path: originals[path][0].text for path in (src_path, tgt_path)}
        texts[src_path] = _with_link(src, texts[src_path], link_line(
            label.strip(), src, tgt, nygard=is_nygard(src)))
        texts[tgt_path] = _with_link(tgt, texts[tgt_path], link_line(
            reverse.strip(), tgt, src, nygard=is_nygard(tgt)))
        _rewrite_all(repo, texts, originals)
    return _reread_as(repo, src), _reread_as(repo, tgt)


def __getattr__(name: str) -> Any:
    """Generation and renumbering live in their own modules; the faces import them here."""
    if name in ("toc_markdown", "graph"):
        from adrtool.services import generate

        return getattr(generate, name)
    if name in ("renumber", "Move"):
        from adrtool.services import renumber

        return getattr(renumber, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
