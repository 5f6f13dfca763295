"""A corpus of nasty inputs through the real CLI: each gives exit 0 or 2, one clean line on
stderr (plus an optional hint), never a traceback or a hang, and leaves no partial file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import run

ADR = "docs/decisions"
GOOD = "# 1. Use records\n\nDate: 2024-01-02\n\n## Status\n\nAccepted\n\n## Context\n\nx\n"
BOMB = "".join(
    f"{c}: &{c} [{', '.join([f'*{p}'] * 9) if p else ', '.join(['lol'] * 9)}]\n"
    for p, c in zip(["", *"abcdefgh"], "abcdefghi", strict=True)
)


def make_repo(tmp_path: Path, files: dict[str, bytes | str] | None = None) -> Path:
    repo = tmp_path / "repo"
    (repo / ADR).mkdir(parents=True)
    (repo / ADR / "0001-use-records.md").write_text(GOOD, encoding="utf-8")
    for name, content in (files or {}).items():
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return repo


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def assert_one_line(stderr: str, *, code: int, allowed: tuple[int, ...] = (0, 2)) -> list[str]:
    """Exit code as expected, no traceback, one message line (a hint line may follow)."""
    assert code in allowed, stderr
    assert "Traceback" not in stderr
    lines = [ln for ln in stderr.splitlines() if not ln.startswith("  hint: ")]
    assert len(lines) <= 1, stderr
    if code == 2:
        assert len(lines) == 1 and lines[0].startswith("adrtool: error: "), stderr
    return lines


# Runs adrtool in the child and reports that program's own peak memory (VmHWM) on exit.
# ru_maxrss of a child is no good here: a child forked from a large pytest process starts
# with the parent's resident pages counted, and the figure survives exec.
_MEASURED_MAIN = """
import atexit, sys
def _report():
    try:
        with open('/proc/self/status') as f:
            for line in f:
                if line.startswith('VmHWM:'):
                    sys.stderr.write('\\n' + MARK + line.split()[1] + '\\n')
    except OSError:
        pass
atexit.register(_report)
sys.argv = ['adrtool', *sys.argv[1:]]
from adrtool.cli import main
main()
"""
_MARK = "@@adrtool-test-vmhwm-kib "


def subprocess_cli(*args: str, cwd: Path, timeout: float = 60) -> tuple[int, str, str, float]:
    """The CLI as a real process: exit code, stdout, stderr and its peak memory (MiB)."""
    code = f"MARK = {_MARK!r}\n" + _MEASURED_MAIN
    proc = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise AssertionError(f"adrtool {' '.join(args)} hung for {timeout} s") from None
    text = err.decode("utf-8", "replace")
    rss = 0.0
    if _MARK in text:
        text, _, kib = text.rpartition(_MARK)
        text = text[:-1] if text.endswith("\n") else text  # the newline the report added
        rss = int(kib.strip()) / 1024
    return proc.returncode, out.decode("utf-8", "replace"), text, rss


HANG_RISK = ("alias-bomb", "deeply-nested", "deeply-nested-maps", "huge")


def cli_for(kind: str, *args: str, cwd: Path) -> tuple[int, str, str]:
    """In-process (fast) for most inputs; a real process with a timeout for those that could
    hang or eat memory if a guard regressed."""
    if kind in HANG_RISK:
        code, out, err, _ = subprocess_cli(*args, cwd=cwd, timeout=60)
        return code, out, err
    result = run(*args)
    return result.exit_code, result.stdout, result.stderr


# -- odd record files: skipped with one warning, the rest still listed -----------------------------

ODD_RECORDS = {
    "binary": os.urandom(2000) + b"\0\0\0",
    "empty": b"",
    "latin-1": "# Caf\xe9 d\xe9cision\n\n## Status\n\nAccepted\n".encode("latin-1"),
    "utf-16": "# Utf sixteen\n".encode("utf-16"),
    "nul-in-text": b"# Title\n\nsome\0text\n",
    "only-whitespace": b" \n\t\r\n\n",
    "only-bom": b"\xef\xbb\xbf",
    "front-matter-never-closed": b"---\nstatus: accepted\n# Title\n",
    "broken-front-matter": b"---\nstatus: [unclosed\ndate: {\n---\n# Broken\n",
    "no-title": b"Just some words and no heading at all.\n",
}


@pytest.mark.parametrize("kind", list(ODD_RECORDS))
def test_odd_record_file_never_breaks_list(tmp_path: Path, kind: str) -> None:
    repo = make_repo(tmp_path, {f"{ADR}/0002-odd.md": ODD_RECORDS[kind]})
    before = snapshot(repo)
    result = run("list", "--repo", str(repo))
    lines = assert_one_line(result.stderr, code=result.exit_code, allowed=(0,))
    assert "Use records" in result.stdout
    if lines:
        assert "0002-odd.md" in lines[0]
    for args in (
        ["show", "1"],
        ["generate", "toc"],
        ["generate", "graph"],
        ["list", "--format", "json"],
    ):
        again = run(*args, "--repo", str(repo))
        assert_one_line(again.stderr, code=again.exit_code, allowed=(0,))
    assert snapshot(repo) == before  # reading never writes


def test_huge_record_file_is_skipped_fast_and_small(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    with open(repo / ADR / "0002-huge.md", "w", encoding="utf-8") as f:
        f.write("# Huge\n\n")
        for _ in range(50):
            f.write(("x" * 1023 + "\n") * 1024)  # 50 MiB in total
    code, out, err, rss = subprocess_cli("list", "--repo", str(repo), cwd=tmp_path, timeout=60)
    lines = assert_one_line(err, code=code, allowed=(0,))
    assert "Use records" in out
    assert len(lines) == 1 and "0002-huge.md" in lines[0] and "too large" in lines[0]
    assert rss < 200, f"peak RSS {rss:.0f} MiB while skipping a 50 MB file"


def test_symlink_loops_in_the_adr_folder(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    folder = repo / ADR
    os.symlink("0002-self.md", folder / "0002-self.md")  # ELOOP
    os.symlink("0004-b.md", folder / "0003-a.md")
    os.symlink("0003-a.md", folder / "0004-b.md")
    os.symlink(".", folder / "0005-dir.md")  # a folder named like a record, looping to itself
    os.symlink("/nonexistent/x", folder / "0006-dangling.md")
    os.symlink("..", folder / "up")
    for args in (["list"], ["generate", "toc"], ["generate", "graph"], ["show", "1"]):
        result = run(*args, "--repo", str(repo))
        assert result.exit_code == 0 and "Traceback" not in result.stderr
    assert "Use records" in run("list", "--repo", str(repo)).stdout
    # a new record still gets the next free number and does not follow the links
    result = run("new", "--no-edit", "--repo", str(repo), "After", "loops")
    assert result.exit_code == 0, result.stderr
    assert (folder / "0007-after-loops.md").is_file()


def test_symlink_loops_in_the_scanned_repo(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path,
        {
            "pyproject.toml": '[project]\nname = "x"\ndependencies = ["django"]\n',
            "web/package.json": '{"dependencies": {"express": "4"}}\n',
        },
    )
    os.symlink("..", repo / "web" / "up")
    os.symlink(".", repo / "here")
    os.symlink("loop.json", repo / "loop.json")
    os.symlink("package.json", repo / "web" / "node_modules")
    os.symlink("/", repo / "root")  # must not scan the whole machine
    code, out, err, _ = subprocess_cli(
        "scan", "--repo", str(repo), "--format", "json", cwd=tmp_path, timeout=60
    )
    assert_one_line(err, code=code, allowed=(0,))
    assert '"django"' in out and '"express"' in out


# -- config files: wrong types, bombs, deep nesting, bad encodings -------------------------------

BAD_CONFIGS = {
    "alias-bomb": BOMB,
    "recursive-alias": "adr_dir: &a [*a]\n",
    "deeply-nested": "check: " + "[" * 1100 + "]" * 1100 + "\n",
    "deeply-nested-maps": "check:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 400)),
    "list-not-map": "- a\n- b\n",
    "scalar": "just words\n",
    "adr-dir-list": "adr_dir: [1, 2]\n",
    "adr-dir-map": "adr_dir: {a: b}\n",
    "allow-plugins-string": 'allow_plugins: "yes please"\n',
    "weights-negative": "weights: {security: -1}\n",
    "weights-string": "weights: {security: high}\n",
    "weights-list": "weights: [1, 2]\n",
    "weights-inf": "weights: {security: .inf}\n",
    "weights-nan": "weights: {security: .nan}\n",
    "weights-huge": "weights: {security: 1e308}\n",
    "check-list": "check: [1]\n",
    "check-require-map": "check: {require: {a: b}}\n",
    "check-unknown": "check: {requre: [x]}\n",
    "unknown-key": "adr_dri: docs\n",
    "duplicate-key": "adr_dir: a\nadr_dir: b\n",
    "python-tag": "adr_dir: !!python/object/apply:os.system ['touch pwned']\n",
    "custom-tag": "adr_dir: !env HOME\n",
    "tab-indent": "check:\n\trequire: [x]\n",
    "huge": "adr_dir: docs\n" + "# pad\n" * 400_000,
}


@pytest.mark.parametrize("kind", list(BAD_CONFIGS))
def test_bad_config_is_one_line_exit_2(tmp_path: Path, kind: str) -> None:
    repo = make_repo(tmp_path, {".adrtool.yaml": BAD_CONFIGS[kind]})
    before = snapshot(repo)
    code, out, err = cli_for(kind, "list", "--repo", str(repo), cwd=tmp_path)
    lines = assert_one_line(err, code=code, allowed=(2,))
    assert ".adrtool.yaml" in lines[0]
    assert not (tmp_path / "pwned").exists() and not (repo / "pwned").exists()
    assert snapshot(repo) == before


def test_reused_anchor_is_not_a_multi_line_warning(tmp_path: Path) -> None:
    # YAML allows redefining an anchor; ruamel warns with a 7-line Python warning
    repo = make_repo(
        tmp_path, {".adrtool.yaml": f"adr_dir: &a {ADR}\ndefault_status: &a proposed\n"}
    )
    code, out, err, _ = subprocess_cli("list", "--repo", str(repo), cwd=tmp_path)
    assert (code, err) == (0, "")
    assert "Use records" in out


def test_adr_dir_with_a_nul_byte(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, {".adrtool.yaml": 'adr_dir: "docs\\0x"\n'})
    result = run("list", "--repo", str(repo))
    assert_one_line(result.stderr, code=result.exit_code, allowed=(2,))


@pytest.mark.parametrize(
    "content", [b"\xff\xfe\x00a\x00d", os.urandom(512) + b"\0", b"\xc3\x28: x\n"]
)
def test_config_that_is_not_text(tmp_path: Path, content: bytes) -> None:
    repo = make_repo(tmp_path, {".adrtool.yaml": content})
    result = run("list", "--repo", str(repo))
    lines = assert_one_line(result.stderr, code=result.exit_code, allowed=(2,))
    assert ".adrtool.yaml" in lines[0]


@pytest.mark.parametrize(
    "table",
    [
        "[tool.adrtool]\nadr_dir = 3\n",
        '[tool.adrtool]\nweights = "x"\n',
        '[tool]\nadrtool = "not a table"\n',
        "[tool.adrtool\nbroken",
        "[tool.adrtool]\ncheck = {require = [1, {a = 2}]}\n",
    ],
)
def test_bad_pyproject_table_is_one_line_exit_2(tmp_path: Path, table: str) -> None:
    repo = make_repo(tmp_path, {"pyproject.toml": table})
    result = run("list", "--repo", str(repo), "--config", str(repo / "pyproject.toml"))
    lines = assert_one_line(result.stderr, code=result.exit_code, allowed=(2,))
    assert "pyproject.toml" in lines[0]


# -- titles: path tricks, NUL, control and right-to-left characters ------------------------------

TITLES = {
    "dot-dot-slash": "../../../etc/passwd",
    "absolute": "/etc/shadow",
    "backslashes": "..\\..\\windows\\system32",
    "nul": "Use\0PostgreSQL",
    "control": "Use \x1b[31mred\x1b[0m and \x07bell\x08",
    "newlines": "First line\nSecond line\r\nthird",
    "rtl-override": "Use \u202egnp.exe\u202c files",
    "zero-width": "Use\u200b\u200dzero width",
    "emoji": "Use \U0001f680 rockets",
    "cjk": "使用 PostgreSQL 数据库",
    "very-long": "word " * 2000,
    "markdown-and-html": "Use <script>alert(1)</script> [x](javascript:alert(1))",
    "yaml-breaker": "status: accepted\n---\n# injected",
}


@pytest.mark.parametrize("kind", list(TITLES))
@pytest.mark.parametrize("template", ["madr", "nygard"])
def test_odd_titles_make_safe_records(tmp_path: Path, kind: str, template: str) -> None:
    repo = make_repo(tmp_path)
    folder = repo / ADR
    outside_before = sorted(p.name for p in tmp_path.iterdir())
    result = run("new", "--no-edit", "--repo", str(repo), "--template", template, TITLES[kind])
    assert_one_line(result.stderr, code=result.exit_code, allowed=(0,))
    created = sorted(set(os.listdir(folder)) - {"0001-use-records.md"})
    assert len(created) == 1 and created[0].startswith("0002-") and created[0].endswith(".md")
    assert "/" not in created[0] and ".." not in created[0][:-3]
    assert sorted(p.name for p in tmp_path.iterdir()) == outside_before  # nothing escaped
    text = (folder / created[0]).read_text(encoding="utf-8")
    assert not any(ch in text for ch in "\0\x1b\x07\x08\u202e\u202c")
    # the record reads back as one record with a one-line title
    listed = run("list", "--repo", str(repo), "--format", "json")
    assert listed.exit_code == 0 and listed.stderr == ""
    import json

    records = json.loads(listed.stdout)
    assert [r["number"] for r in records] == [1, 2]
    assert "\n" not in records[1]["title"] and records[1]["title"].strip()


@pytest.mark.parametrize("title", ["...", "---", "\0", "\u202e", "   ", "\x1b\x07", "../..", "/"])
def test_title_without_letters_is_a_usage_error(tmp_path: Path, title: str) -> None:
    repo = make_repo(tmp_path)
    before = snapshot(repo)
    result = run("new", "--no-edit", "--repo", str(repo), "--", title)
    assert_one_line(result.stderr, code=result.exit_code, allowed=(2,))
    assert snapshot(repo) == before
    assert not [n for n in os.listdir(repo / ADR) if n.startswith(".")]  # no markers or temp files


# -- untrusted repositories: templates, plugins, text that reaches CI --------------------------

TEMPLATE_ATTACKS = {
    "mro-subclasses": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "cycler-globals": "{{ cycler.__init__.__globals__.os.popen('touch pwned').read() }}",
    "lipsum-globals": "{{ lipsum.__globals__['os'].system('touch pwned') }}",
    "self-reference": "{{ self.__init__.__globals__ }}",
    "attr-filter": "{{ title|attr('__class__') }}",
    "format-string": "{{ '{0.__class__.__mro__}'.format(title) }}",
    "percent-format": "{{ '%s'|format(title.__class__) }}",
    "namespace": "{{ namespace.__init__.__globals__ }}",
    "include-absolute": "{% include '/etc/passwd' %}",
    "include-parent": "{% include '../../../../../../etc/passwd' %}",
    "include-secret": "{% include '../secret.txt' %}",
    "import": "{% import 'os' as os %}{{ os.system('touch pwned') }}",
    "huge-range": "{% for i in range(10**9) %}x{% endfor %}",
    "huge-power": "{{ 7 ** 99999999 }}",
    "huge-string": "{{ ('x' * 1000000000)|length }}",
    "huge-list": "{{ ([0] * 100000000)|length }}",
    "division-by-zero": "{{ 1 / 0 }}",
    "recursion": "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
    "syntax": "{% if %}",
    "unknown-value": "{{ secrets }}",
}


@pytest.mark.parametrize("kind", list(TEMPLATE_ATTACKS))
def test_repo_template_cannot_read_files_or_run_code(tmp_path: Path, kind: str) -> None:
    repo = make_repo(
        tmp_path,
        {
            ".adrtool/secret.txt": "TOP-SECRET-TOKEN\n",
            ".adrtool/templates/madr.md.j2": "# {{ title }}\n" + TEMPLATE_ATTACKS[kind] + "\n",
        },
    )
    before = snapshot(repo)
    code, out, err, _ = subprocess_cli(
        "new",
        "--no-edit",
        "--template",
        "madr",
        "--repo",
        str(repo),
        "Attack",
        cwd=tmp_path,
        timeout=60,
    )
    line = assert_one_line(err, code=code, allowed=(2,))[0]
    assert "madr.md.j2" in line or "template" in line
    assert "TOP-SECRET-TOKEN" not in out + err and "root:" not in out + err
    assert not (repo / "pwned").exists() and not (tmp_path / "pwned").exists()
    assert snapshot(repo) == before  # no record, no marker, no temp file


def test_repo_draft_template_is_sandboxed_too(tmp_path: Path) -> None:
    repo = make_repo(
        tmp_path,
        {
            "pyproject.toml": '[project]\nname = "x"\ndependencies = ["django"]\n',
            ".adrtool/answers/backend-framework.yaml": "version: 1\nproject:\n  type: mvp\n",
            ".adrtool/templates/draft-madr.md.j2": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        },
    )
    before = snapshot(repo)
    result = run("draft", "--no-commit", "--template", "madr", "--repo", str(repo))
    line = assert_one_line(result.stderr, code=result.exit_code, allowed=(2,))[0]
    assert "unsafe" in line
    assert snapshot(repo) == before


PLUGIN = """
import os, pathlib
pathlib.Path(os.environ["ADRTOOL_PLUGIN_MARKER"]).write_text("imported")

def catalogs():
    return os.environ["ADRTOOL_PLUGIN_CATALOG"]
"""


def test_catalog_plugins_load_only_when_allowed(tmp_path: Path) -> None:
    from adrtool.resources import data_dir

    site = tmp_path / "site"
    dist = site / "evilplug-1.0.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: evilplug\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[adrtool.catalogs]\nevil = evilplug_mod:catalogs\n")
    (site / "evilplug_mod.py").write_text(PLUGIN, encoding="utf-8")
    builtin = (data_dir("criteria") / "backend-frameworks.yaml").read_text(encoding="utf-8")
    catalog = tmp_path / "evil.yaml"
    catalog.write_text(
        builtin.replace("id: backend-frameworks", "id: plugin-frameworks", 1), encoding="utf-8"
    )
    marker = tmp_path / "imported.txt"
    repo = make_repo(tmp_path)
    env = {
        **os.environ,
        "PYTHONPATH": str(site),
        "ADRTOOL_PLUGIN_MARKER": str(marker),
        "ADRTOOL_PLUGIN_CATALOG": str(catalog),
    }

    def catalog_list() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "adrtool", "catalog", "list", "--repo", str(repo)],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )

    for args in (
        ["catalog", "list"],
        ["list"],
        ["check", "--lint-only"],
        ["score", "--format", "json"],
    ):
        done = subprocess.run(
            [sys.executable, "-m", "adrtool", *args, "--repo", str(repo)],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        assert "Traceback" not in done.stderr
        assert not marker.exists(), f"adrtool {' '.join(args)} imported a plugin without opt-in"
    assert "plugin-frameworks" not in catalog_list().stdout
    # the opt-in works, so the absence above is the guard and not a broken fake plugin
    (repo / ".adrtool.yaml").write_text("allow_plugins: true\n", encoding="utf-8")
    allowed = catalog_list()
    assert allowed.returncode == 0, allowed.stderr
    assert marker.exists() and "plugin-frameworks" in allowed.stdout


HOSTILE = (
    "Use <img src=x onerror=alert(1)> @everyone @acme/admins ::error::pwned "
    "%0A::add-mask::x [link](javascript:alert(1)) | pipe <!-- c -->"
)


def hostile_branch(tmp_path: Path) -> Path:
    """main with one record; branch 'feature' adds a record whose title and status are hostile."""
    from tests.conftest import git

    repo = make_repo(tmp_path)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "init")
    git(repo, "checkout", "-q", "-b", "feature")
    text = (
        f'---\nstatus: "::set-output name=x::y %0A::error::z <b>@everyone</b>"\n'
        f"date: 2024-01-02\n---\n\n# {HOSTILE}\n\n## Decision\n\n::warning::body line\n"
        "[broken](0099-missing.md)\n"
    )
    (repo / ADR / "0002-hostile.md").write_text(text, encoding="utf-8")
    (repo / ADR / "::error file=x::evil.md").write_text("# x\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "hostile")
    return repo


def test_review_markdown_escapes_record_text(tmp_path: Path) -> None:
    repo = hostile_branch(tmp_path)
    result = run("review", "--base", "main", "--repo", str(repo), "--format", "markdown")
    assert result.exit_code in (0, 1), result.stderr
    out = result.stdout
    assert "onerror" in out or "img" in out  # the title is there ...
    assert "<img" not in out and "<b>" not in out and "<!--" not in out  # ... but not as HTML
    assert "@everyone" not in out and "@acme/admins" not in out  # no mass mentions
    assert "](javascript:" not in out  # no live link
    assert not any(line.startswith("::") for line in (out + result.stderr).splitlines())


def test_github_annotations_cannot_inject_workflow_commands(tmp_path: Path) -> None:
    repo = hostile_branch(tmp_path)
    result = run("check", "--base", "main", "--repo", str(repo), "--format", "github")
    assert result.exit_code == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines, "the hostile record should produce findings"
    for line in lines:
        # every line is one annotation; record text only ever appears escaped in its data part
        assert line.startswith(("::error ", "::warning ", "::notice ")), line
        head, _, data = line.partition("::")[2].partition("::")
        assert "%0A" not in data.replace("%250A", "") and "\r" not in line
    assert "::set-output" not in "\n".join(ln.split("::", 2)[1] for ln in lines)
    assert not any(ln.startswith("::") for ln in result.stderr.splitlines())


# -- `new` reads only the latest record: it must choose exactly as a full read would -------------

NYGARD = "# {n}. T\n\nDate: 2024-01-02\n\n## Status\n\nAccepted\n"
MADR = "---\nstatus: accepted\n---\n\n# T {n}\n"
FOLDERS = {
    "nygard-last": {"0001-a.md": MADR, "0002-b.md": NYGARD},
    "madr-last": {"0001-a.md": NYGARD, "0002-b.md": MADR},
    "adr-prefix": {"ADR-006-a.md": NYGARD, "ADR-007-b.md": MADR},
    "three-digits": {"006-a.md": MADR, "007-b.md": NYGARD},
    "log4brains-last": {"007-a.md": NYGARD, "20240102-later.md": MADR},
    "log4brains-only": {"20240101-a.md": NYGARD, "20240102-later.md": MADR},
    "crlf-last": {"0001-a.md": NYGARD, "0002-b.md": MADR.replace("\n", "\r\n")},
    "unreadable-last": {"0001-a.md": NYGARD, "0002-b.md": MADR, "0003-bin.md": b"\0\xff"},
    "folder-named-like-a-record": {"0001-a.md": NYGARD, "0009-dir.md/": None},
    "numbers-out-of-name-order": {"0010-a.md": NYGARD, "0009-z.md": MADR},
}


@pytest.mark.parametrize("kind", list(FOLDERS))
def test_new_chooses_like_a_full_read(tmp_path: Path, kind: str) -> None:
    from adrtool.config import Config
    from adrtool.records.store import load_folder
    from adrtool.services import records as svc

    repo = tmp_path / "repo"
    folder = repo / ADR
    folder.mkdir(parents=True)
    for i, (name, body) in enumerate(FOLDERS[kind].items(), start=1):
        if body is None:
            (folder / name).mkdir()
        elif isinstance(body, bytes):
            (folder / name).write_bytes(body)
        else:
            (folder / name).write_text(body.format(n=i), encoding="utf-8")
    full = load_folder(repo, folder)
    fast = svc._folder_for_new(repo, Config(), None, full=False)
    assert svc._choose_template(fast, repo, None, Config()) == svc._choose_template(
        full, repo, None, Config()
    )
    assert svc._name_pattern(fast) == svc._name_pattern(full)
    assert fast.records[-1].newline == full.records[-1].newline
    numbered = [any(svc._numbered(r.path.name) for r in f.records) for f in (fast, full)]
    assert numbered[0] == numbered[1]  # log4brains (date-named) folders are told apart alike
    result = run("new", "--no-edit", "--repo", str(repo), "Next", "one")
    assert result.exit_code == 0, result.stderr


# -- answers files and repo catalogs: wrong types, bombs, encodings -----------------------------

BAD_ANSWERS = {
    "alias-bomb": "version: 1\n" + BOMB,
    "deeply-nested": "version: 1\nchecklist: " + "[" * 1100 + "]" * 1100 + "\n",
    "not-a-mapping": "- version\n- 1\n",
    "version-string": "version: one\nproject: {type: mvp}\n",
    "version-2": "version: 2\nproject: {type: mvp}\n",
    "project-list": "version: 1\nproject: [mvp]\n",
    "type-number": "version: 1\nproject: {type: 7}\n",
    "type-unknown": "version: 1\nproject: {type: startup}\n",
    "checklist-scalar": "version: 1\nproject: {type: mvp}\nchecklist: high\n",
    "choice-list": "version: 1\nproject: {type: mvp}\nchecklist: {traffic_growth: [high]}\n",
    "choice-map": "version: 1\nproject: {type: mvp}\nchecklist: {project_complexity: {a: 1}}\n",
    "expertise-map": "version: 1\nproject: {type: mvp}\nchecklist: {internal_expertise: {a: 1}}\n",
    "weights-string": "version: 1\nproject: {type: mvp}\nweights: {security: lots}\n",
    "weights-inf": "version: 1\nproject: {type: mvp}\nweights: {security: .inf}\n",
    "weights-nan": "version: 1\nproject: {type: mvp}\nweights: {security: .nan}\n",
    "constraints-exclude-map": "version: 1\nproject: {type: mvp}\nconstraints: {exclude: {a: 1}}\n",
    "exclude-everything": "version: 1\nproject: {type: mvp}\nconstraints: {languages: [cobol]}\n",
    "python-tag": "version: 1\nproject: !!python/object/apply:os.system ['touch pwned']\n",
    "binary": "\0\x01\x02",
}


@pytest.mark.parametrize("kind", list(BAD_ANSWERS))
def test_bad_answers_file_is_one_line_exit_2(tmp_path: Path, kind: str) -> None:
    repo = make_repo(tmp_path, {"answers.yaml": BAD_ANSWERS[kind]})
    before = snapshot(repo)
    answers = str(repo / "answers.yaml")
    commands = [["score", "--format", "json"], ["draft", "--no-commit"]]
    for args in commands[:1] if kind in HANG_RISK else commands:  # slow ones: once is enough
        code, out, err = cli_for(
            kind, *args, "--answers", answers, "--repo", str(repo), cwd=tmp_path
        )
        line = assert_one_line(err, code=code, allowed=(2,))[0]
        assert "answers.yaml" in line or "candidate" in line, line
    assert not (tmp_path / "pwned").exists() and not (repo / "pwned").exists()
    assert snapshot(repo) == before  # draft wrote nothing


BAD_CATALOGS = {
    "alias-bomb": BOMB,
    "version-list": "id: x\nversion: [1]\n",
    "candidates-map": (
        "id: x\nversion: '1'\ntitle: t\ntopic: t\ncriteria: [{id: a}]\ncandidates: {a: 1}\n"
    ),
    "rating-string": (
        "id: x\nversion: '1'\ntitle: t\ntopic: backend-framework\ncriteria: [{id: a, name: A}]\n"
        "candidates: [{id: c, name: C, language: python, ratings: {a: {value: high}}}]\n"
    ),
    "not-utf8": b"id: caf\xe9\n",
    "empty": "",
}


@pytest.mark.parametrize("kind", list(BAD_CATALOGS))
def test_bad_repo_catalog_is_one_line_exit_2(tmp_path: Path, kind: str) -> None:
    repo = make_repo(
        tmp_path,
        {
            ".adrtool/criteria/bad.yaml": BAD_CATALOGS[kind],
            ".adrtool/answers/backend-framework.yaml": "version: 1\nproject: {type: mvp}\n",
        },
    )
    for args in (["score"], ["catalog", "list"]):
        code, out, err = cli_for(kind, *args, "--repo", str(repo), cwd=tmp_path)
        line = assert_one_line(err, code=code, allowed=(2,))[0]
        assert ".adrtool/criteria/bad.yaml" in line, line


def test_text_output_lines_never_start_a_workflow_command(tmp_path: Path) -> None:
    # GitHub reads "::cmd::" at the start of any log line, also in check's default text format
    folder = "::error::pwned"
    repo = make_repo(tmp_path, {".adrtool.yaml": f'adr_dir: "{folder}"\n'})
    (repo / folder).mkdir()
    (repo / folder / "0001-a.md").write_text(
        "# 1. A\n\nDate: 2024-01-01\n\n## Status\n\nWeird\n", encoding="utf-8"
    )
    (repo / folder / "::warning::not-a-record.md").write_text("# x\n", encoding="utf-8")
    for args in (["check", "--lint-only"], ["list"], ["generate", "toc"], ["scan"]):
        result = run(*args, "--repo", str(repo))
        assert "Traceback" not in result.stderr
        lines = (result.stdout + result.stderr).splitlines()
        assert not [ln for ln in lines if ln.startswith("::")], (args, lines)
    assert "0001-a.md:7: ADR003" in run("check", "--lint-only", "--repo", str(repo)).stdout
