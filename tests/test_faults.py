"""Faults: a process killed mid-write, a read-only folder, a full disk, no git binary, a
detached HEAD, a rejecting hook, a held index.lock. Each ends in a clear one-line message and
the right exit code, and no file is lost or left half-written."""

from __future__ import annotations

import json
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.conftest import git, run

ADR = "docs/decisions"
END = "<!-- end of record -->\n"
ANSWERS = (
    "version: 1\nproject:\n  name: Ledgerly\n  type: business-app\nchecklist:\n"
    "  project_complexity: high\n  internal_expertise: [python]\n"
)


def nygard(n: int, title: str, status: str = "Accepted", body_kib: int = 0) -> str:
    filler = "Context line that makes the record long enough to take a while to write.\n" * (
        body_kib * 14
    )
    return (
        f"# {n}. {title}\n\nDate: 2024-01-02\n\n## Status\n\n{status}\n\n## Context\n\n"
        f"{filler}\n## Decision\n\nWe will.\n\n{END}"
    )


def records_repo(tmp_path: Path, body_kib: int = 0) -> Path:
    repo = tmp_path / "repo"
    (repo / ADR).mkdir(parents=True)
    (repo / ADR / "0001-use-records.md").write_text(
        nygard(1, "Use records", body_kib=body_kib), encoding="utf-8"
    )
    (repo / ADR / "0002-use-python.md").write_text(nygard(2, "Use Python"), encoding="utf-8")
    return repo


def draft_repo(tmp_path: Path) -> Path:
    """A committed git repo a draft can run in, plus a staged and an unstaged user change."""
    repo = records_repo(tmp_path)
    (repo / "pyproject.toml").write_text(
        '[project]\nname = "ledgerly"\ndependencies = ["django"]\n', encoding="utf-8"
    )
    (repo / ".adrtool" / "answers").mkdir(parents=True)
    (repo / ".adrtool" / "answers" / "backend-framework.yaml").write_text(ANSWERS, encoding="utf-8")
    (repo / "staged.txt").write_text("v1\n", encoding="utf-8")
    (repo / "unstaged.txt").write_text("v1\n", encoding="utf-8")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "initial")
    (repo / "staged.txt").write_text("v2 staged\n", encoding="utf-8")
    git(repo, "add", "staged.txt")
    (repo / "unstaged.txt").write_text("v2 unstaged\n", encoding="utf-8")
    return repo


def user_changes(repo: Path) -> tuple[str, str, str, str]:
    return (
        git(repo, "diff", "--cached", "--", "staged.txt"),
        git(repo, "diff", "--", "unstaged.txt"),
        (repo / "staged.txt").read_text(),
        (repo / "unstaged.txt").read_text(),
    )


def cli(
    *args: str, cwd: Path, env: dict[str, str] | None = None, preexec=None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if k not in ("VISUAL", "EDITOR")}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "adrtool", *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        preexec_fn=preexec,
        timeout=timeout,
    )


def one_line(stderr: str) -> str:
    """The single error line (an optional hint line may follow); never a traceback."""
    assert "Traceback" not in stderr, stderr
    lines = [ln for ln in stderr.splitlines() if not ln.startswith("  hint: ")]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("adrtool: error: "), stderr
    return lines[0]


def whole_records(folder: Path) -> dict[str, str]:
    """Every record file in ``folder``; each must end as written (never truncated)."""
    texts = {}
    for path in sorted(folder.glob("[0-9]*.md")):
        text = path.read_text(encoding="utf-8")
        # ours end with END; records made by `new` end with the Nygard template's last line
        assert text.endswith((END, "we will have to watch from now on.\n")), (
            f"{path.name} is truncated ({len(text)} chars)"
        )
        assert text.startswith(("# ", "---\n")), f"{path.name} lost its head"
        texts[path.name] = text
    return texts


# -- killed mid-write ---------------------------------------------------------------------------

LOOP = textwrap.dedent("""
    import sys
    from adrtool.cli import cli
    repo, mode = sys.argv[1], sys.argv[2]
    i = 0
    while True:
        i += 1
        if mode == "status":
            args = ["status", "1", "deprecated" if i % 2 else "accepted"]
        else:
            args = ["new", "--no-edit", "-s", str(i), f"Decision {i + 2}"]
        try:
            cli.main([*args, "--repo", repo], standalone_mode=False)
        except SystemExit:
            pass
        print(i, flush=True)
""")


@pytest.mark.parametrize("mode", ["status", "supersede"])
def test_sigkill_mid_rewrite_leaves_old_or_new_file(tmp_path: Path, mode: str) -> None:
    # a 1/2 MiB record rewritten in a loop; SIGKILL at random moments, then every file is whole
    repo = records_repo(tmp_path, body_kib=512 if mode == "status" else 64)
    folder = repo / ADR
    script = tmp_path / "loop.py"
    script.write_text(LOOP, encoding="utf-8")
    rng = random.Random(6)
    kills = 0
    for _round in range(8):
        child = subprocess.Popen(
            [sys.executable, str(script), str(repo), mode],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert child.stdout is not None
        child.stdout.readline()  # the first rewrite finished: the loop is running
        time.sleep(rng.uniform(0.0, 0.25))
        child.send_signal(signal.SIGKILL)
        child.wait()
        kills += child.returncode == -signal.SIGKILL
        texts = whole_records(folder)
        status = texts["0001-use-records.md"].split("## Status\n\n", 1)[1].split("\n", 1)[0]
        if mode == "status":
            assert status in ("Accepted", "Deprecated")
            assert len(texts) == 2
        else:
            assert status.startswith(("Accepted", "Superseded", "Superceded"))
    assert kills == 8  # every round really was killed, not finished on its own
    result = run("list", "--repo", str(repo))
    assert result.exit_code == 0 and result.stderr == ""  # temp files left by a kill are ignored


# -- read-only folder, full disk ----------------------------------------------------------------


def _make_read_only(folder: Path) -> object:
    """Read-only for real: chmod for a normal user; a read-only bind mount for root."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        return lambda: folder.chmod(0o755)
    subprocess.run(["mount", "--bind", str(folder), str(folder)], check=True)
    subprocess.run(["mount", "-o", "remount,bind,ro", str(folder)], check=True)
    return lambda: subprocess.run(["umount", str(folder)], check=True)


def test_read_only_adr_folder(tmp_path: Path) -> None:
    repo = records_repo(tmp_path)
    folder = repo / ADR
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    undo = _make_read_only(folder)
    try:
        for args in (
            ["new", "--no-edit", "Blocked"],
            ["status", "2", "deprecated"],
            ["new", "--no-edit", "-s", "1", "Blocked too"],
            ["link", "1", "Amends", "2", "Amended by"],
        ):
            result = run(*args, "--repo", str(repo))
            assert result.exit_code == 2, (args, result.stderr)
            line = one_line(result.stderr)
            assert "docs/decisions" in line and (
                "read-only" in line.lower() or "permission" in line.lower()
            ), line
        listed = run("list", "--repo", str(repo))
        assert listed.exit_code == 0 and "Use Python" in listed.stdout
    finally:
        undo()  # type: ignore[operator]
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def _fsize_limit(limit: int):  # noqa: ANN202
    def preexec() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # write() then fails with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return preexec


@pytest.mark.parametrize(
    ("args", "limit"),
    [
        (["new", "--no-edit", "Too", "big"], 256),
        (["status", "1", "deprecated"], 4096),
        (["new", "--no-edit", "-s", "1", "Replace", "records"], 4096),
        # record 2 (small) is rewritten first, then record 1 (64 KiB) fails: 2 is restored
        (["new", "--no-edit", "-s", "2", "-s", "1", "Replace", "both"], 4096),
    ],
)
def test_full_disk_loses_nothing(tmp_path: Path, args: list[str], limit: int) -> None:
    # RLIMIT_FSIZE makes every write past the limit fail, like a disk that fills up mid-write
    repo = records_repo(tmp_path, body_kib=64)
    folder = repo / ADR
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    result = cli(*args, "--repo", str(repo), cwd=tmp_path, preexec=_fsize_limit(limit))
    assert result.returncode == 2, result.stderr
    line = one_line(result.stderr)
    assert "docs/decisions" in line and "too large" in line.lower(), line
    after = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert {k: v for k, v in after.items() if k in before} == before  # old files untouched
    extra = sorted(set(after) - set(before))
    # no partial or temp file; with -s the new record is removed again when the old one
    # cannot be rewritten (all or nothing), and the error says so
    assert extra == []
    if "-s" in args:
        assert "removed again" in line and "0003-replace-" in line, line


def test_full_tmpfs_loses_nothing(tmp_path: Path) -> None:
    # a real ENOSPC: a tiny tmpfs (root) or, without mount rights, the same rlimit as above
    repo = tmp_path / "repo"
    repo.mkdir()
    mounted = False
    if os.geteuid() == 0 and shutil.which("mount"):
        mounted = (
            subprocess.run(
                ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(repo)], capture_output=True
            ).returncode
            == 0
        )
    try:
        (repo / ADR).mkdir(parents=True)
        (repo / ADR / "0001-use-records.md").write_text(nygard(1, "Use records"), encoding="utf-8")
        filler = repo / "filler.bin"
        if mounted:
            with open(filler, "wb", buffering=0) as f:
                try:
                    while True:
                        f.write(b"\0" * 4096)
                        f.flush()
                except OSError:
                    pass
        before = {p.name: p.read_bytes() for p in (repo / ADR).iterdir()}
        result = cli(
            "new",
            "--no-edit",
            "--repo",
            str(repo),
            "No",
            "space",
            "left",
            cwd=tmp_path,
            preexec=None if mounted else _fsize_limit(1024),
        )
        assert result.returncode == 2, result.stderr
        one_line(result.stderr)
        assert {p.name: p.read_bytes() for p in (repo / ADR).iterdir()} == before
    finally:
        if mounted:
            subprocess.run(["umount", str(repo)], check=True)


# -- git: missing binary, detached HEAD, rejecting hook, held lock -----------------------------


def _no_git_path(tmp_path: Path) -> dict[str, str]:
    empty = tmp_path / "empty-bin"
    empty.mkdir(exist_ok=True)
    return {"PATH": str(empty), "GIT_PYTHON_REFRESH": "quiet"}


def test_missing_git_binary(tmp_path: Path) -> None:
    repo = draft_repo(tmp_path)
    env = _no_git_path(tmp_path)
    changes = user_changes(repo)
    drafted = cli("draft", "--repo", str(repo), cwd=tmp_path, env=env)
    assert drafted.returncode == 3, drafted.stderr
    assert "git" in one_line(drafted.stderr).lower()
    checked = cli("check", "--repo", str(repo), cwd=tmp_path, env=env)
    assert checked.returncode == 3, checked.stderr
    assert "git" in one_line(checked.stderr).lower()
    linted = cli("check", "--lint-only", "--repo", str(repo), cwd=tmp_path, env=env)
    assert linted.returncode == 0, linted.stderr
    written = cli("draft", "--no-commit", "--repo", str(repo), cwd=tmp_path, env=env)
    assert written.returncode == 0, written.stderr
    assert "Traceback" not in written.stderr
    assert len(list((repo / ADR).glob("0003-*.md"))) == 1
    assert user_changes(repo) == changes


def test_detached_head(tmp_path: Path) -> None:
    repo = draft_repo(tmp_path)
    git(repo, "checkout", "-q", "--detach")
    head = git(repo, "rev-parse", "HEAD").strip()
    changes = user_changes(repo)
    result = run("draft", "--repo", str(repo))
    written = list((repo / ADR).glob("0003-*.md"))
    if result.exit_code == 0:  # committed on the detached HEAD, and said where
        assert len(written) == 1
        assert git(repo, "rev-parse", "HEAD~1").strip() == head
        assert git(repo, "show", "--name-only", "--format=", "HEAD").split() == [
            f"{ADR}/{written[0].name}"
        ]
    else:
        assert result.exit_code == 3, result.stderr
        assert "detached" in one_line(result.stderr).lower()
        assert git(repo, "rev-parse", "HEAD").strip() == head
    assert user_changes(repo) == changes


def test_rejecting_hook_keeps_the_record_and_the_user_changes(tmp_path: Path) -> None:
    repo = draft_repo(tmp_path)
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text(
        "#!/bin/sh\necho 'policy: commits are frozen today' >&2\nexit 1\n", encoding="utf-8"
    )
    hook.chmod(0o755)
    head = git(repo, "rev-parse", "HEAD").strip()
    changes = user_changes(repo)
    result = run("draft", "--repo", str(repo))
    assert result.exit_code == 3, result.stderr
    line = one_line(result.stderr)
    assert "0003-" in line and "commit" in line.lower()
    assert git(repo, "rev-parse", "HEAD").strip() == head
    written = list((repo / ADR).glob("0003-*.md"))
    assert len(written) == 1 and written[0].read_text(encoding="utf-8").startswith("# 3. ")
    assert user_changes(repo) == changes


def test_held_index_lock(tmp_path: Path) -> None:
    repo = draft_repo(tmp_path)
    lock = repo / ".git" / "index.lock"
    lock.write_text("held by another git process\n", encoding="utf-8")
    head = git(repo, "rev-parse", "HEAD").strip()
    changes = user_changes(repo)
    result = run("draft", "--repo", str(repo))
    assert result.exit_code == 3, result.stderr
    assert "lock" in one_line(result.stderr).lower()
    assert lock.read_text(encoding="utf-8") == "held by another git process\n"  # not ours to remove
    assert git(repo, "rev-parse", "HEAD").strip() == head
    written = list((repo / ADR).glob("0003-*.md"))  # written, not committed, and said so
    assert len(written) == 1 and written[0].name in result.stderr
    assert git(repo, "status", "--porcelain", "--", ADR).startswith("?? ")
    assert "another git process" in result.stderr  # the hint says what to do, not .gitignore
    lock.unlink()
    assert user_changes(repo) == changes
    # Drafting again with the same inputs commits the record the first run left behind,
    # and only it: the user's staged and unstaged work stays as it was.
    again = run("draft", "--repo", str(repo))
    assert again.exit_code == 0, again.stderr
    assert "committed it now" in again.stderr
    assert git(repo, "show", "--name-only", "--format=", "HEAD").split() == [
        f"{ADR}/{written[0].name}"
    ]
    assert user_changes(repo) == changes
    third = run("draft", "--repo", str(repo))
    assert third.exit_code == 0 and "committed it now" not in third.stderr
    assert third.stderr.count("unchanged:") == 1


# -- new -s is all or nothing ---------------------------------------------------------------------


def test_adr_face_new_supersede_with_a_held_lock_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket
    from io import StringIO

    from adrtool.compat_adr import run as adr
    from adrtool.records import write

    monkeypatch.setattr(write, "_LOCK_WAIT", 0.2)
    repo = records_repo(tmp_path)
    folder = repo / ADR
    (repo / ".adr-dir").write_text(ADR + "\n", encoding="utf-8")
    lock = folder / ".0002-use-python.md.lock"
    lock.write_text(f"{os.getpid()} {socket.gethostname()}\n", encoding="utf-8")  # a live holder
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    out, err = StringIO(), StringIO()
    env = {k: v for k, v in os.environ.items() if k not in ("VISUAL", "EDITOR")}
    code = adr(["new", "-s", "1", "-s", "2", "Both"], cwd=repo, env=env, out=out, err=err)
    assert (code, out.getvalue()) == (1, "")  # the adr face exits 1 on errors, like adr-tools
    assert "another process is editing it" in err.getvalue(), err.getvalue()
    assert "nothing written" in err.getvalue()
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before  # 0001 untouched, no 0003


# -- leftovers of a killed new ------------------------------------------------------------------

KILLED_NEW = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from adrtool.records import write
    def make(n):
        print(n, flush=True)
        time.sleep(60)  # killed here: the number is reserved, the record not yet written
    write.create_numbered(Path(sys.argv[1]), make)
""")


def test_killed_new_leaves_nothing_that_blocks_a_number_or_shows_up(tmp_path: Path) -> None:
    repo = records_repo(tmp_path)
    folder = repo / ADR
    script = tmp_path / "killed.py"
    script.write_text(KILLED_NEW, encoding="utf-8")
    child = subprocess.Popen([sys.executable, str(script), str(folder)], stdout=subprocess.PIPE)
    assert child.stdout is not None
    assert child.stdout.readline().strip() == b"3"
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert (folder / ".adrtool-3.reserving").exists()
    # other leftovers of killed writers: a temp file (a whole record in it), a lock, a stale lock
    (folder / ".0002-use-python.md.x1y2z3.tmp").write_text(nygard(2, "Half"), encoding="utf-8")
    (folder / ".0002-use-python.md.lock").write_text("999999 elsewhere\n", encoding="utf-8")
    (folder / ".0001-use-records.md.lock.4242.stale").write_text("1 h\n", encoding="utf-8")
    (folder / ".adrtool-9.reserving").write_text("", encoding="utf-8")
    listed = run("list", "--repo", str(repo), "--format", "json")
    assert listed.exit_code == 0 and listed.stderr == ""
    assert [r["path"] for r in json.loads(listed.stdout)] == [
        f"{ADR}/0001-use-records.md", f"{ADR}/0002-use-python.md"]
    checked = run("check", "--repo", str(repo), "--lint-only")
    assert (checked.exit_code, checked.stdout) == (0, ""), checked.stdout
    # the dead writer's reservation does not block number 3 (no five-minute wait)
    made = run("new", "--repo", str(repo), "--no-edit", "--template", "nygard", "Next")
    assert made.exit_code == 0, made.stderr
    assert made.stdout == f"{ADR}/0003-next.md\n"
    assert not (folder / ".adrtool-3.reserving").exists()
