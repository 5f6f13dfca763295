"""The write side of records: safe file names, safe writes and pure text edits.

Three kinds of helpers live here:

* slugs and file names (``slugify``, ``record_filename``), the way adr-tools makes them;
* file writes that never damage a user's file: new records use exclusive create plus a
  per-number reservation so two concurrent writers get two numbers (``create_numbered``);
  rewrites go through a temp file in the same folder and ``os.replace``, keeping the file's
  newline style and BOM (``read_for_rewrite`` / ``rewrite``);
* pure text edits on a record's text (``\\n`` newlines): the status and the typed links, in
  the idiom of the record's own dialect (adr-tools ``## Status`` paragraphs, MADR front
  matter or bullet metadata, MADR "More Information" bullets).
"""

from __future__ import annotations

import errno
import json
import os
import re
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from adrtool.errors import RecordError, UsageError

SLUG_MAX = 100
NUMBER_WIDTH = 4
_RESERVATION = ".adrtool-{number}.reserving"
_STALE_SECONDS = 300
_MAX_TRIES = 1000

# ---------------------------------------------------------------------------------------
# slugs and names


def slugify(title: str) -> str:
    """A safe file-name slug: lower case, runs of non-alphanumerics become ``-``, trimmed.

    Accents are transliterated (NFKD, combining marks dropped); other letters (e.g. CJK)
    are kept readable. Control characters, path separators and dots never survive, so a
    slug can never be ``..`` or contain ``/``. An empty result is a UsageError.
    """
    decomposed = unicodedata.normalize("NFKD", title)
    kept = "".join(
        " " if ch.isspace() else ch for ch in decomposed
        if ch.isspace()
        or not (unicodedata.combining(ch) or unicodedata.category(ch).startswith("C"))
    )
    slug = re.sub(r"[^\w]+|_+", "-", kept.lower(), flags=re.UNICODE).strip("-")
    if len(slug) > SLUG_MAX:
        slug = slug[:SLUG_MAX].rsplit("-", 1)[0] or slug[:SLUG_MAX]
    if not slug:
        raise UsageError(
            f"title {title!r} has no letters or digits to make a file name from",
            hint="give a title with at least one letter or digit",
        )
    return slug


def clean_title(words: str) -> str:
    """One-line title: control characters removed, whitespace runs collapsed."""
    text = "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in words)
    title = " ".join(text.split())
    if not title:
        raise UsageError("no title given", hint='e.g. adrtool new "Use PostgreSQL"')
    return title


def record_filename(number: int, slug: str, width: int = NUMBER_WIDTH) -> str:
    """``0007-use-postgresql.md``."""
    return f"{number:0{width}d}-{slug}.md"


def renumbered_filename(name: str, number: int) -> str:
    """``0005-x.md`` -> ``0007-x.md`` (and ``ADR-005-x.md`` -> ``ADR-007-x.md``), same width."""
    match = re.search(r"\d+", name)
    if match is None:
        raise RecordError(f"{name}: file name has no number to change")
    width = len(match.group())
    return f"{name[: match.start()]}{number:0{width}d}{name[match.end():]}"


# ---------------------------------------------------------------------------------------
# safe writes


@dataclass(frozen=True)
class TextFile:
    """A text file's content with ``\\n`` newlines plus what it takes to write it back."""

    path: Path
    text: str
    newline: str = "\n"
    bom: bool = False

    def encode(self, text: str) -> bytes:
        body = text.replace("\r\n", "\n")
        if self.newline != "\n":
            body = body.replace("\n", self.newline)
        return ("\ufeff" if self.bom else "").encode("utf-8") + body.encode("utf-8")


def decode(data: bytes, path: Path) -> TextFile:
    """Decode UTF-8 bytes, remembering the BOM and the newline style."""
    bom = data.startswith(b"\xef\xbb\xbf")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise RecordError(f"{path}: not UTF-8 text (byte {e.start}); not changed") from None
    crlf = text.count("\r\n")
    newline = "\r\n" if crlf and crlf >= text.count("\n") - crlf else "\n"
    return TextFile(path, text.replace("\r\n", "\n"), newline, bom)


def read_for_rewrite(path: Path) -> TextFile:
    """Read a record that is about to be edited."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise RecordError(f"{path}: cannot read: {e.strerror or e}") from None
    return decode(data, path)


def read_with_bytes(path: Path) -> tuple[TextFile, bytes]:
    """Read a record that is about to be edited, plus its exact bytes (to restore them)."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise RecordError(f"{path}: cannot read: {e.strerror or e}") from None
    return decode(data, path), data


def edit(path: Path, change: Callable[[str], str]) -> bool:
    """Read ``path``, apply ``change`` to its text and write it back; False when unchanged.

    The whole read-change-write holds ``locked(path)``, so two commands editing the same
    record at once (two ``new -s 3``) both keep their change.
    """
    with locked(path):
        original = read_for_rewrite(path)
        return rewrite(original, change(original.text))


def rewrite(original: TextFile, text: str) -> bool:
    """Replace the file's content with ``text`` atomically; False when nothing changed.

    The new content goes to a temp file in the same folder, then ``os.replace``; the
    newline style, BOM and permission bits of the original are kept.
    """
    if text == original.text:
        return False
    atomic_write(original.path, original.encode(text))
    return True


def _synced_temp(path: Path, data: bytes) -> Path:
    """A temp file next to ``path`` holding ``data``, synced to disk. When it cannot be
    created that is a RecordError; a failed write removes it and raises the OSError."""
    try:
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as e:
        raise RecordError(f"{path.parent}: cannot write here ({e.strerror or e})") from None
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temp file in the same folder and os.replace."""
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = None
    tmp: Path | None = None
    try:
        tmp = _synced_temp(path, data)
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException as e:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        if isinstance(e, OSError):  # full disk, quota, I/O error: the original is untouched
            raise RecordError(f"{path}: cannot write ({e.strerror or e}); file unchanged") from None
        raise


def write_new(path: Path, text: str) -> None:
    """Create ``path`` with exclusive create; an existing file is a RecordError."""
    try:
        create_exclusive(path, text)
    except FileExistsError:
        raise RecordError(f"{path}: already exists; not overwritten") from None


def create_exclusive(path: Path, text: str) -> None:
    """Create ``path`` holding ``text``, complete or not at all (FileExistsError if taken).

    The text is written and synced to a temp file in the same folder, which is then
    hard-linked to ``path`` (atomic, and fails if ``path`` exists): a reader or a crash
    never sees an empty or half-written record. Where hard links are not supported the
    file is created with ``open(path, "x")`` and removed again if the write fails.
    A write failure (read-only folder, full disk) is a one-line RecordError.
    """
    data = text.encode("utf-8")
    tmp: Path | None = None
    try:
        try:
            tmp = _synced_temp(path, data)
            os.chmod(tmp, 0o666 & ~_umask())
            os.link(tmp, path)
        except FileExistsError:
            raise
        except OSError as e:
            if e.errno not in _NO_HARDLINKS or tmp is None:
                raise RecordError(f"{path}: cannot write ({e.strerror or e})") from None
            _create_plain(path, data)
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)


_NO_HARDLINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOSYS}


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _create_plain(path: Path, data: bytes) -> None:
    with open(path, "xb") as handle:
        try:
            handle.write(data)
            handle.flush()
        except OSError as e:
            Path(path).unlink(missing_ok=True)
            raise RecordError(f"{path}: cannot write ({e.strerror or e})") from None


_NUMBERED_NAME = re.compile(r"(?:ADR-)?(\d+)-", flags=re.IGNORECASE)


def numbers_in(folder: Path) -> set[int]:
    """Numbers used by ``NNNN-*`` entries of ``folder`` (adr-tools' rule: leading digits)."""
    found = set()
    try:
        names = os.listdir(folder)
    except FileNotFoundError:
        return set()
    for name in names:
        match = _NUMBERED_NAME.match(name)
        if match and len(match.group(1)) <= 6:
            found.add(int(match.group(1)))
    return found


def create_numbered(folder: Path, make: Callable[[int], tuple[str, str]],
                    first: int | None = None) -> tuple[int, Path]:
    """Create the next numbered record: ``make(n)`` returns ``(file name, text)``.

    The number is reserved with an exclusive-create marker file, checked against the folder
    again, and the record itself is written with exclusive create; if another writer got
    there first, the next number is tried. Two concurrent calls get two numbers.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise RecordError(f"{folder}: cannot create the folder ({e.strerror or e})") from None
    number = first if first is not None else max(numbers_in(folder), default=0) + 1
    for _ in range(_MAX_TRIES):
        marker = folder / _RESERVATION.format(number=number)
        try:
            fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            # a reservation whose writer died (same host, pid gone) frees its number now;
            # one only older than _STALE_SECONDS is cleared, but its number skipped this time
            if _take_stale(marker, _STALE_SECONDS) not in ("dead", "gone"):
                number += 1
            continue
        except OSError as e:  # read-only folder or file system, no space for the marker
            raise RecordError(f"{folder}: cannot write here ({e.strerror or e})") from None
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:  # who holds it: "pid host"
                handle.write(_owner())
        except OSError:
            marker.unlink(missing_ok=True)
            raise RecordError(f"{folder}: cannot write here (no space for {marker.name})") from None
        try:
            if number in numbers_in(folder):
                number = max(numbers_in(folder) | {number}) + 1
                continue
            name, text = make(number)
            path = folder / name
            try:
                create_exclusive(path, text)
            except FileExistsError:
                number += 1
                continue
            return number, path
        finally:
            marker.unlink(missing_ok=True)
    raise RecordError(f"{folder}: could not find a free record number")


_LOCK_WAIT = 10.0  # seconds to wait for another writer of the same file
_LOCK_STALE = 30.0  # a lock this old is left by a crash (edits take milliseconds)


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold the lock file ``.<name>.lock`` next to ``path`` (exclusive create).

    Another holder is waited for (up to _LOCK_WAIT seconds); a lock left by a process
    that died (same host, pid gone) or older than _LOCK_STALE seconds is taken over. The
    name starts with a dot, so neither adrtool nor adr-tools' ``adr list`` sees it.
    """
    lock = path.with_name(f".{path.name}.lock")
    deadline = time.monotonic() + _LOCK_WAIT
    while True:
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            break
        except FileExistsError:
            if _take_stale_lock(lock):
                continue
            if time.monotonic() > deadline:
                raise RecordError(
                    f"{path}: another process is editing it ({lock.name} exists); "
                    f"try again, or delete {lock} if no adrtool is running"
                ) from None
            time.sleep(0.02)
        except OSError as e:  # read-only folder or file system
            raise RecordError(f"{path.parent}: cannot write here ({e.strerror or e})") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(_owner())
        yield
    finally:
        lock.unlink(missing_ok=True)


def _owner() -> str:
    """What a lock or reservation file holds: ``"pid host"``, to tell when it was left by a
    process that died."""
    import socket  # only writers need it; keeps the import off every read command

    return f"{os.getpid()} {socket.gethostname()}\n"


def _take_stale_lock(lock: Path) -> bool:
    """Remove ``lock`` when its holder is gone; True when it was removed (or vanished)."""
    return _take_stale(lock, _LOCK_STALE) is not None


def _take_stale(marker: Path, max_age: float) -> str | None:
    """Remove a lock or reservation file left behind: "dead" when its owner (``pid host``)
    is a process of this host that no longer runs, "old" when it is older than
    ``max_age`` seconds, "gone" when it vanished meanwhile; None when it is kept."""
    try:
        info = marker.stat()
        owner = marker.read_text(encoding="utf-8", errors="replace").split()
    except FileNotFoundError:
        return "gone"
    except OSError:
        return None
    reason = "dead" if _dead(owner) else "old" if time.time() - info.st_mtime > max_age else None
    if reason is None:
        return None
    # take it over by an atomic rename, so two processes never both remove a fresh one
    grabbed = marker.with_name(f"{marker.name}.{os.getpid()}.stale")
    try:
        os.replace(marker, grabbed)
    except FileNotFoundError:
        return "gone"
    except OSError:
        return None
    try:
        if grabbed.stat().st_ino != info.st_ino:  # a new one appeared meanwhile: give it back
            with suppress(OSError):
                os.link(grabbed, marker)
            return None
    finally:
        grabbed.unlink(missing_ok=True)
    return reason


def _dead(owner: list[str]) -> bool:
    """True when the lock's "pid host" names a process on this host that no longer runs."""
    if os.name != "posix" or len(owner) != 2 or not owner[0].isdigit():
        return False  # (on Windows os.kill would end the process, not probe it)
    import socket

    if owner[1] != socket.gethostname():
        return False
    try:
        os.kill(int(owner[0]), 0)
    except ProcessLookupError:
        return True
    except OSError:  # it runs under another user
        return False
    return False




# ---------------------------------------------------------------------------------------
# pure text edits (text uses "\n" newlines)

_HEADING = re.compile(r"#{1,6}(\s|$)")
_STATUS_HEADING = re.compile(r"##\s+status\s*$", re.IGNORECASE)
_LINK_LINE = re.compile(r"^\S.* \[[^\]]*\]\([^)]*\)\s*$")
_FRONT_KEY = re.compile(r"^([A-Za-z0-9_-]+)\s*:")
_BULLET_STATUS = re.compile(r"^(\s*[*-]\s+status\s*:\s*)(.*)$", re.IGNORECASE)


def style_of(text: str) -> str:
    """How a record keeps its status: "nygard", "frontmatter", "bullets" or "none"."""
    lines = text.split("\n")
    if any(_STATUS_HEADING.match(line) for line in lines):
        return "nygard"
    if lines and lines[0].strip() == "---" and _front_matter_end(lines) is not None:
        return "frontmatter"
    if any(_BULLET_STATUS.match(line) for line in lines):
        return "bullets"
    return "none"


def status_word(status: str) -> str:
    """How Nygard records spell a status: capitalised first letter."""
    return status[:1].upper() + status[1:]


def yaml_scalar(value: str) -> str:
    """A YAML scalar for a front-matter value: plain when safe, else double-quoted."""
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9 _.-]*", value) and value.lower() not in (
        "yes", "no", "true", "false", "on", "off", "null", "y", "n"
    ):
        return value
    return json.dumps(value, ensure_ascii=False)


def _front_matter_end(lines: list[str]) -> int | None:
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            return i
    return None


def _section(lines: list[str], heading: re.Pattern[str]) -> tuple[int, int] | None:
    """(heading index, end index) of the first section whose heading matches."""
    for i, line in enumerate(lines):
        if heading.match(line):
            end = i + 1
            while end < len(lines) and not _HEADING.match(lines[end]):
                end += 1
            return i, end
    return None


def _paragraphs(body: list[str]) -> list[list[str]]:
    paras: list[list[str]] = []
    current: list[str] = []
    for line in body:
        if line.strip():
            current.append(line)
        elif current:
            paras.append(current)
            current = []
    if current:
        paras.append(current)
    return paras


def _edit_status_section(text: str, edit: Callable[[list[list[str]]], list[list[str]]]) -> str:
    lines = text.split("\n")
    span = _section(lines, _STATUS_HEADING)
    if span is None:
        span = _insert_status_section(lines)
    start, end = span
    paras = edit(_paragraphs(lines[start + 1 : end]))
    body = [""]
    for para in paras:
        body.extend([*para, ""])
    if end >= len(lines):
        # the status section is the last one: keep a single final newline
        tail = [""] if text.endswith("\n") else []
        return "\n".join([*lines[: start + 1], *body[:-1], *tail])
    return "\n".join([*lines[: start + 1], *body, *lines[end:]])


def _insert_status_section(lines: list[str]) -> tuple[int, int]:
    """Add an empty ``## Status`` section before the first ``##`` heading (or at the end)."""
    at = next((i for i, line in enumerate(lines) if line.startswith("## ")), None)
    if at is None:
        while lines and lines[-1] == "":
            lines.pop()
        lines.extend(["", "## Status", ""])
        return len(lines) - 2, len(lines)
    lines[at:at] = ["## Status", ""]
    return at, at + 2


def _is_link_para(para: list[str]) -> bool:
    return all(_LINK_LINE.match(line) for line in para)


def nygard_set_status(text: str, word: str | None) -> str:
    """Replace the status paragraph of the ``## Status`` section (None removes it)."""

    def edit(paras: list[list[str]]) -> list[list[str]]:
        index = next((i for i, p in enumerate(paras) if not _is_link_para(p)), None)
        if index is not None:
            del paras[index]
        if word is not None:
            paras.insert(0, [word])
        return paras

    return _edit_status_section(text, edit)


def nygard_add_line(text: str, line: str) -> str:
    """Append ``line`` as its own paragraph at the end of the ``## Status`` section."""

    def edit(paras: list[list[str]]) -> list[list[str]]:
        if not any(line in p for p in paras):
            paras.append([line])
        return paras

    return _edit_status_section(text, edit)


def nygard_drop_lines(text: str, pattern: str) -> str:
    """Remove ``## Status`` paragraphs whose first line matches ``pattern`` (case-insensitive)."""
    rx = re.compile(pattern, re.IGNORECASE)
    if _section(text.split("\n"), _STATUS_HEADING) is None:
        return text

    def edit(paras: list[list[str]]) -> list[list[str]]:
        return [p for p in paras if not rx.match(p[0])]

    return _edit_status_section(text, edit)


def front_matter_set(text: str, key: str, value: str) -> str:
    """Set ``key: value`` in the YAML front matter (added when missing)."""
    lines = text.split("\n")
    if not (lines and lines[0].strip() == "---" and _front_matter_end(lines) is not None):
        return f"---\n{key}: {value}\n---\n\n{text.lstrip(chr(10))}"
    end = _front_matter_end(lines)
    assert end is not None
    for i in range(1, end):
        match = _FRONT_KEY.match(lines[i])
        if match and match.group(1).lower() == key.lower():
            j = i + 1  # drop continuation lines of a multi-line value
            while j < end and (lines[j].startswith((" ", "\t")) or not lines[j].strip()):
                j += 1
            lines[i:j] = [f"{key}: {value}"]
            return "\n".join(lines)
    lines.insert(end, f"{key}: {value}")
    return "\n".join(lines)


def bullets_set_status(text: str, value: str) -> str:
    """MADR 2: replace ``* Status: ...``."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        match = _BULLET_STATUS.match(line)
        if match:
            lines[i] = match.group(1) + value
            break
    return "\n".join(lines)


_MORE_INFO = re.compile(r"##\s+(more information|links)\s*$", re.IGNORECASE)


def madr_add_link(text: str, line: str) -> str:
    """Append ``* line`` to the "More Information" (or "Links") section, adding it if needed."""
    bullet = f"* {line}"
    lines = text.split("\n")
    if bullet in lines:
        return text
    span = _section(lines, _MORE_INFO)
    if span is None:
        while lines and lines[-1] == "":
            lines.pop()
        lines.extend(["", "## More Information", "", bullet, ""])
        return "\n".join(lines)
    start, end = span
    last = end
    while last > start + 1 and not lines[last - 1].strip():
        last -= 1
    content = lines[start + 1 : last]
    insert = [bullet] if content and content[-1].lstrip().startswith(("* ", "- ")) else ["", bullet]
    if not any(line.strip() for line in content):
        insert = ["", bullet]
    lines[last:last] = insert
    return "\n".join(lines)


def set_nygard_title_number(text: str, old: int, new: int) -> str:
    """``# 5. Title`` -> ``# 7. Title`` on the first H1 line (others untouched)."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line.startswith("# "):
            lines[i] = re.sub(rf"^#\s+0*{old}\.", f"# {new}.", line, count=1)
            break
    return "\n".join(lines)


def retarget_links(text: str, old_name: str, new_name: str, old: int, new: int) -> str:
    """Point every Markdown link to ``old_name`` at ``new_name`` and fix its number text.

    ``[5. Title](0005-x.md)`` -> ``[7. Title](0007-x.md)``;
    ``[ADR-0005](0005-x.md)`` -> ``[ADR-0007](0007-x.md)``, ``[ADR 5](...)`` -> ``[ADR 7](...)``
    (the digits keep their width). Other links are untouched.
    """
    pattern = re.compile(
        r"\[((?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]\(((?:[^)\s]*/)?)" + re.escape(old_name)
        + r"((?:#[^)\s]*)?)\)"
    )

    def fix(match: re.Match[str]) -> str:
        label = match.group(1)
        label = re.sub(rf"^0*{old}\.", f"{new}.", label)
        label = re.sub(rf"\b(ADR[-_ ]?)(0*{old})\b",
                       lambda m: f"{m.group(1)}{new:0{len(m.group(2))}d}", label)
        return f"[{label}]({match.group(2)}{new_name}{match.group(3)})"

    return pattern.sub(fix, text)
