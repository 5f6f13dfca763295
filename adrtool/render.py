"""The one place that imports jinja2: rendering ADR, index and review templates.

Templates are searched in the repo first (``<repo>/.adrtool/templates``) and then in the
packaged ``templates/`` folder. A repo's templates come from whoever wrote the pull
request, so every template renders in Jinja2's sandbox: it can format the values it is
given, but cannot read files, import modules or reach Python internals.
"""

from __future__ import annotations

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
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md_cell"] = md_cell
    return env


MAX_RESULT = 1_000_000  # characters (or bits) one "*" or "**" in a template may produce


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
