"""Many adrtool processes at once: distinct numbers, no overwritten file, readers never see
half a record."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ADR = "docs/decisions"
FIRST = "# 1. Use records\n\nDate: 2024-01-02\n\n## Status\n\nAccepted\n\n## Context\n\nx\n"


def cli_process(repo: Path, *args: str) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if k not in ("VISUAL", "EDITOR")}
    return subprocess.Popen(
        [sys.executable, "-m", "adrtool", *args, "--repo", str(repo)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env=env,
    )


def make_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    (repo / ADR).mkdir(parents=True)
    (repo / ADR / "0001-use-records.md").write_text(FIRST, encoding="utf-8")
    return repo


def test_twenty_parallel_new_make_twenty_distinct_records(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    folder = repo / ADR
    procs = [cli_process(repo, "new", "--no-edit", f"Parallel decision {i}") for i in range(20)]
    results = [(p.wait(timeout=120), p.stdout.read(), p.stderr.read()) for p in procs]  # type: ignore[union-attr]
    for code, _out, err in results:
        assert code == 0, err.decode()
        assert b"Traceback" not in err
    names = sorted(os.listdir(folder))
    assert len(names) == 21, names  # no marker or temp file left behind
    assert (folder / "0001-use-records.md").read_text(encoding="utf-8") == FIRST
    numbers = [int(n.split("-", 1)[0]) for n in names]
    assert numbers == list(range(1, 22))  # 20 distinct numbers, no gap, no duplicate
    titles = set()
    for name in names[1:]:
        text = (folder / name).read_text(encoding="utf-8")
        titles.update(line for line in text.splitlines() if "Parallel decision" in line)
        i = name.split("parallel-decision-", 1)[1][:-3]
        assert f"Parallel decision {i}" in text  # each file holds its own title: none overwritten
    assert len({t.split("Parallel decision ")[1] for t in titles}) == 20


def test_readers_never_see_a_half_written_record(tmp_path: Path) -> None:
    # writers add records and rewrite statuses while readers list the folder as JSON
    repo = make_repo(tmp_path)
    writers = [cli_process(repo, "new", "--no-edit", f"Writer {i}") for i in range(8)]
    writers += [cli_process(repo, "status", "1", s) for s in ("deprecated", "accepted") * 3]
    readers = [cli_process(repo, "list", "--format", "json") for _ in range(8)]
    for p in writers:
        assert p.wait(timeout=120) == 0, p.stderr.read().decode()  # type: ignore[union-attr]
    for p in readers:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err.decode()
        assert err == b""  # no "skipped: ..." warning: never a truncated or empty file
        rows = json.loads(out)
        assert rows[0]["number"] == 1 and rows[0]["title"] == "Use records"
        assert all(r["title"] for r in rows)
    final = json.loads(
        subprocess.run(
            [sys.executable, "-m", "adrtool", "list", "--format", "json", "--repo", str(repo)],
            capture_output=True,
            check=True,
        ).stdout
    )
    assert [r["number"] for r in final] == list(range(1, 10))
