"""The one place that imports jinja2: rendering ADR, index and review templates.

Templates are searched in the repo first (``<repo>/.adrtool/templates``) and then in the
packaged ``templates/`` folder. A repo's templates come from whoever wrote the pull
request, so every template renders in Jinja2's sandbox: it can format the values it is
given, but cannot read files, import modules or reach Python internals.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from adrtool.errors import ConfigError, located
from adrtool.resources import data_dir

if TYPE_CHECKING:
    import jinja2


def template_dirs(repo: Path | None) -> list[Path]:
    """Folders searched for templates, repo-local first."""
    dirs = []
    if repo is not None:
        local = repo / ".adrtool" / "templates"
        if local.is_dir():
            dirs.append(local)
    dirs.append(data_dir("templates"))
    return dirs


def environment(repo: Path | None, extra_dirs: list[Path] | None = None) -> jinja2.Environment:
    """A strict, sandboxed environment over the repo and packaged templates."""
    import jinja2
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    dirs = [*(extra_dirs or []), *template_dirs(repo)]
    env: jinja2.Environment = _bounded_sandbox(ImmutableSandboxedEnvironment)(
        loader=jinja2.FileSystemLoader([str(d) for d in dirs]),
        bytecode_cache=_packaged_bytecode_cache(),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md_cell"] = md_cell
    return env


MAX_RESULT = 1_000_000  # characters (or bits) one "*" or "**" in a template may produce
MAX_BYTECODE_BYTES = 5_000_000
MAX_BYTECODE_ENTRIES = 32  # the packaged templates of a few adrtool versions
_BYTECODE_MAGIC = b"adrtool-jinja-bytecode/1\n"


def _packaged_bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled packaged templates in adrtool's per-user cache, or None when it is off.

    Compiling a template costs 2-17 ms a run; loading its code takes a fraction of a ms.
    The same rules as the catalog cache (``adrtool.decision.cache``, same folder, same
    ``ADRTOOL_NO_CACHE`` switch): only adrtool's own packaged templates are cached, never a
    repo's; an entry is named by the sha256 of the template's text, its file, this module,
    jinja2's and Python's versions; it carries the sha256 of its bytes and is ignored when
    torn or edited; the folder must be the user's own and not writable by others (the
    entry is code that runs); entries are written to a temp file and renamed into place.
    """
    import hashlib
    import pickle
    import sys

    import jinja2
    from jinja2.bccache import Bucket

    from adrtool import __version__
    from adrtool.decision import cache

    found = cache.cache_dir()
    if found is None:
        return None
    folder: Path = found
    packaged = str(data_dir("templates"))
    try:
        code = Path(__file__).read_bytes()  # the environment's options shape compiled code
    except OSError:
        return None
    seed = hashlib.sha256(code)
    seed.update(f"\0{__version__}\0{jinja2.__version__}\0{sys.version}\0".encode())

    class PackagedBytecodeCache(jinja2.BytecodeCache):
        def __init__(self) -> None:
            self.ours: set[str] = set()  # keys of packaged templates seen in this run

        def get_bucket(
            self, environment: jinja2.Environment, name: str, filename: str | None, source: str
        ) -> Bucket:
            checksum = self.get_source_checksum(source)
            if filename is None or os.path.dirname(filename) != packaged:
                return Bucket(environment, "", checksum)  # a repo's template: never cached
            h = seed.copy()
            h.update(f"{name}\0{filename}\0".encode("utf-8", "surrogatepass"))
            h.update(source.encode("utf-8", "surrogatepass"))
            bucket = Bucket(environment, f"template-{h.hexdigest()}.bin", checksum)
            self.ours.add(bucket.key)
            self.load_bytecode(bucket)
            return bucket

        def set_bucket(self, bucket: Bucket) -> None:
            if bucket.key in self.ours:
                self.dump_bytecode(bucket)

        def load_bytecode(self, bucket: Bucket) -> None:
            if not cache._usable(folder):
                return
            try:
                with open(folder / bucket.key, "rb") as fh:
                    blob = fh.read(MAX_BYTECODE_BYTES + 1)
            except OSError:
                return
            head = len(_BYTECODE_MAGIC) + 65  # magic, sha256 hex, newline
            payload = blob[head:]
            digest = hashlib.sha256(payload).hexdigest().encode("ascii") + b"\n"
            if len(blob) > MAX_BYTECODE_BYTES or blob[:head] != _BYTECODE_MAGIC + digest:
                return
            try:
                bucket.bytecode_from_string(payload)  # checks jinja2's magic and the source
            except (pickle.UnpicklingError, EOFError, ValueError, TypeError):
                bucket.reset()

        def dump_bytecode(self, bucket: Bucket) -> None:
            try:
                folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            except OSError:
                return
            if not cache._usable(folder):
                return
            payload = bucket.bytecode_to_string()
            digest = hashlib.sha256(payload).hexdigest().encode("ascii")
            _write_entry(folder, bucket.key, _BYTECODE_MAGIC + digest + b"\n" + payload)

    return PackagedBytecodeCache()


def _write_entry(folder: Path, name: str, blob: bytes) -> None:
    """Temp file + rename, then keep the newest MAX_BYTECODE_ENTRIES; failures are ignored."""
    import contextlib
    import tempfile

    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=".template-", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as fh:
            fh.write(blob)
        os.replace(tmp, folder / name)
        tmp = None
    except OSError:
        return
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    found: list[tuple[int, str]] = []
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for e in entries:
            if e.name.startswith("template-") and e.name.endswith(".bin"):
                with contextlib.suppress(OSError):
                    found.append((e.stat(follow_symlinks=False).st_mtime_ns, e.name))
    found.sort(reverse=True)
    for _, old in found[MAX_BYTECODE_ENTRIES:]:
        with contextlib.suppress(OSError):
            os.unlink(folder / old)


def _bounded_sandbox(base: type[jinja2.Environment]) -> Any:
    """The sandbox, plus limits on ``*`` and ``**`` so a repo template cannot make CI build
    a gigabyte string or spend minutes on ``7 ** 99999999``."""
    from jinja2.exceptions import SecurityError

    class BoundedSandbox(base):  # type: ignore[valid-type,misc]
        intercepted_binops = frozenset({"*", "**"})

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            if (operator == "**" and isinstance(left, int) and isinstance(right, int)
                    and right > 0 and right * max(abs(left).bit_length(), 1) > MAX_RESULT):
                raise SecurityError(f"{left} ** {right} is too large")
            if operator == "*":
                for seq, times in ((left, right), (right, left)):
                    if (isinstance(seq, (str, list, tuple)) and isinstance(times, int)
                            and len(seq) * times > MAX_RESULT):
                        raise SecurityError(f"{len(seq)} items times {times} is too large")
            return super().call_binop(context, operator, left, right)

    return BoundedSandbox


def _failure(name: str, e: BaseException) -> ConfigError:
    """A template's runtime failure (1/0, a too-big range, a bad filter argument) as one line."""
    lines = str(e).strip().splitlines()
    return ConfigError(f"{name}: template failed: {type(e).__name__}: {lines[0] if lines else ''}")


def render(name: str, context: dict[str, Any], repo: Path | None = None,
           extra_dirs: list[Path] | None = None) -> str:
    """Render template ``name`` with ``context``; template errors become ConfigError."""
    import jinja2
    from jinja2.exceptions import SecurityError

    env = environment(repo, extra_dirs)
    try:
        template = env.get_template(name)
        text = template.render(**context)
    except jinja2.TemplateNotFound as e:
        raise ConfigError(f'template "{e.name or name}" not found',
                          hint="templates live in .adrtool/templates/ or the package") from None
    except jinja2.TemplateSyntaxError as e:
        where = e.filename or name
        raise ConfigError(located(where, e.lineno, f"template error: {e.message}")) from None
    except jinja2.UndefinedError as e:
        raise ConfigError(f"{name}: template uses an unknown value: {e.message}") from None
    except SecurityError as e:
        raise ConfigError(f"{name}: template tried an unsafe operation: {e}") from None
    except jinja2.TemplateError as e:
        raise _failure(name, e) from None
    except (ArithmeticError, LookupError, TypeError, ValueError, RecursionError) as e:
        raise _failure(name, e) from None
    return text.replace("\r\n", "\n")


def render_string(source: str, context: dict[str, Any], name: str = "<template>") -> str:
    """Render a template given as text (used for adr-tools style template.md files)."""
    import jinja2
    from jinja2.exceptions import SecurityError

    env = environment(None)
    try:
        return env.from_string(source).render(**context)
    except jinja2.TemplateSyntaxError as e:
        raise ConfigError(located(name, e.lineno, f"template error: {e.message}")) from None
    except jinja2.UndefinedError as e:
        raise ConfigError(f"{name}: template uses an unknown value: {e.message}") from None
    except SecurityError as e:
        raise ConfigError(f"{name}: template tried an unsafe operation: {e}") from None
    except jinja2.TemplateNotFound as e:
        raise ConfigError(f'{name}: template "{e.name}" not found') from None
    except jinja2.TemplateError as e:
        raise _failure(name, e) from None
    except (ArithmeticError, LookupError, TypeError, ValueError, RecursionError) as e:
        raise _failure(name, e) from None


def md_cell(value: object) -> str:
    """Make text safe inside a Markdown table cell (one line, pipes escaped)."""
    text = " ".join(str(value).split())
    return text.replace("\\", "\\\\").replace("|", "\\|")
