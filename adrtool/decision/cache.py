"""A per-user cache of parsed packaged catalogs, so most runs never parse YAML.

Pure-Python ruamel.yaml needs ~200-300 ms for ``criteria/backend-frameworks.yaml``;
``json.loads`` of the same data takes well under a millisecond. After one normal load, the
validated plain data is stored as JSON and later runs read that instead (and need not even
import ruamel).

Where: ``$ADRTOOL_CACHE_DIR``, else ``$XDG_CACHE_HOME/adrtool``, else ``~/.cache/adrtool``.
Off: ``ADRTOOL_NO_CACHE=1`` (any value but empty or ``0``). Deleting the folder is always safe.

What is trusted, and why:

* An entry's name is the sha256 of the exact YAML text plus a fingerprint of the code that
  parses and validates it (this module, ``catalog.py``, ``yamlio.py``, ruamel's version file)
  and the adrtool version. A changed file, a changed loader or an upgrade simply misses.
* The entry repeats that key and the sha256 of its data; a torn, truncated or edited file
  fails the check and is ignored (then the YAML is parsed as usual and the entry rewritten).
* Callers validate cached data again (cheap on plain data) and fall back to a fresh parse
  on any problem, so a cache entry can only ever skip parsing, never validation.
* Only the packaged catalogs and checklist are cached. Repo-local catalogs (untrusted,
  edited often, small) are parsed every time: caching them would add little speed but an
  ever-growing folder of entries derived from other people's files.
* Writing an entry deletes the oldest ones beyond 16 per kind, so the folder stays small
  across upgrades.
* The folder must belong to the current user and not be writable by group or others;
  otherwise the cache is not used. Entries are written to a temp file and renamed into
  place (``os.replace``), so concurrent runs never see a half-written entry.

Every failure (unreadable, unwritable, full disk, corrupt entry) means "no cache": a run is
never slower than without it by more than a stat, and never fails because of it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import tempfile
from pathlib import Path
from typing import Any

FORMAT = 1
MAX_ENTRY_BYTES = 20_000_000
MAX_ENTRIES_PER_KIND = 16  # a few versions of each packaged catalog
_JSON_LEAVES = (str, int, float, bool, type(None))

_fingerprint: str | None = None


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is switched off or no home is known."""
    if os.environ.get("ADRTOOL_NO_CACHE", "") not in ("", "0"):
        return None
    explicit = os.environ.get("ADRTOOL_CACHE_DIR", "")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if xdg and os.path.isabs(xdg):  # the XDG spec says to ignore relative paths
        return Path(xdg) / "adrtool"
    try:
        return Path.home() / ".cache" / "adrtool"
    except RuntimeError:  # no HOME and no passwd entry
        return None


def code_fingerprint() -> str:
    """sha256 over the code that turns YAML text into the cached data."""
    global _fingerprint
    if _fingerprint is None:
        import importlib.util

        from adrtool import __version__

        h = hashlib.sha256(f"adrtool-cache/{FORMAT}/{__version__}\0".encode())
        here = Path(__file__).resolve().parent
        files = [here / "cache.py", here / "catalog.py", here.parent / "yamlio.py"]
        spec = importlib.util.find_spec("ruamel.yaml")
        files.append(Path(spec.origin) if spec is not None and spec.origin else Path("-"))
        for file in files:
            try:
                h.update(file.read_bytes())
            except OSError:
                h.update(b"\0missing\0")
            h.update(b"\0")
        _fingerprint = h.hexdigest()
    return _fingerprint


def entry_key(kind: str, text: str) -> str:
    """The cache key of ``text`` (YAML source) loaded as ``kind`` ("catalog", "checklist")."""
    h = hashlib.sha256(f"{code_fingerprint()}\0{kind}\0".encode())
    h.update(text.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def data_sha256(data: Any) -> str:
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def as_json_data(data: Any) -> Any | None:
    """``data`` rebuilt from its JSON, or None when JSON cannot carry it exactly.

    Dates, NaN, non-string keys or ruamel's boolean/int lookalikes that would change type
    make it uncacheable; ruamel's ScalarFloat/ScalarInt become plain float/int (same value,
    same text), so a cache hit and a fresh load give identical objects.
    """
    if not _json_safe(data):
        return None
    try:
        return json.loads(json.dumps(data, allow_nan=False, ensure_ascii=False))
    except (TypeError, ValueError, RecursionError):
        return None


def _json_safe(root: Any) -> bool:
    stack = [root]
    seen = 0
    while stack:
        node = stack.pop()
        seen += 1
        if seen > 1_000_000:
            return False
        if isinstance(node, dict):
            if not all(type(k) is str for k in node):
                return False
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, bool):
            if type(node) is not bool:
                return False
        elif isinstance(node, int) and type(node) is not int:
            # ruamel's ScalarBoolean is an int subclass that means true/false: keep it out
            if type(node).__name__ == "ScalarBoolean":
                return False
        elif not isinstance(node, _JSON_LEAVES):
            return False
    return True


def _usable(folder: Path) -> bool:
    """The folder exists, is ours and nobody else can write into it."""
    try:
        st = folder.stat()
    except OSError:
        return False
    if not stat.S_ISDIR(st.st_mode):
        return False
    getuid = getattr(os, "getuid", None)
    if getuid is None:  # Windows: no owner bits to check
        return True
    return st.st_uid == getuid() and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def read_entry(kind: str, text: str) -> Any | None:
    """The cached data for ``text``, or None (missing, disabled, unreadable or corrupt)."""
    folder = cache_dir()
    if folder is None or not _usable(folder):
        return None
    key = entry_key(kind, text)
    path = folder / f"{kind}-{key}.json"
    try:
        with open(path, "rb") as fh:
            blob = fh.read(MAX_ENTRY_BYTES + 1)
        if len(blob) > MAX_ENTRY_BYTES:
            return None
        entry = json.loads(blob.decode("utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(entry, dict) or entry.get("format") != FORMAT or entry.get("key") != key:
        return None
    data = entry.get("data")
    try:
        if entry.get("data_sha256") != data_sha256(data):
            return None
    except (TypeError, ValueError, RecursionError):
        return None
    return data


def write_entry(kind: str, text: str, data: Any) -> None:
    """Store ``data`` (JSON-exact, see ``as_json_data``) for ``text``; failures are ignored."""
    folder = cache_dir()
    if folder is None:
        return
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return
    if not _usable(folder):
        return
    key = entry_key(kind, text)
    try:
        body = json.dumps(
            {"format": FORMAT, "key": key, "data_sha256": data_sha256(data), "data": data},
            allow_nan=False,
        ).encode("ascii")
    except (TypeError, ValueError, RecursionError):
        return
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{kind}-", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as fh:
            fh.write(body)
        os.replace(tmp, folder / f"{kind}-{key}.json")
        tmp = None
    except OSError:
        pass
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    _prune(folder, kind)


def _prune(folder: Path, kind: str) -> None:
    """Keep the newest ``MAX_ENTRIES_PER_KIND`` entries of ``kind`` (old versions, old texts)."""
    found: list[tuple[int, str]] = []
    try:
        with os.scandir(folder) as it:
            for e in it:
                if e.name.startswith(f"{kind}-") and e.name.endswith(".json"):
                    with contextlib.suppress(OSError):
                        found.append((e.stat(follow_symlinks=False).st_mtime_ns, e.name))
    except OSError:
        return
    found.sort(reverse=True)
    for _, name in found[MAX_ENTRIES_PER_KIND:]:
        with contextlib.suppress(OSError):
            os.unlink(folder / name)
