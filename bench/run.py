"""adrtool benchmark: whole-process timings and peak memory on synthetic repositories.

    python3 bench/run.py --quick     # 10 and 1,000 records, a 10,000-file monorepo
    python3 bench/run.py             # full: also 10,000 records and a 100,000-file monorepo

Without peers the quick run takes about a minute and the full run about three; the bash
adr-tools add about two minutes at 1,000 records (their toc and graph are quadratic), and
log4brains about a minute at 10,000 records (stopped after 120 s).

Each command runs as a separate process (like a user or CI runs it) several times; the table
shows the median wall time and the peak resident memory of the slowest-memory run
(``os.wait4`` rusage of that one child). When other ADR tools are installed (the adr-tools
bash scripts, log4brains, adr-log: on PATH or in ``bench/.peers``, see ``bench/peers.sh``) the
same operation runs with them and the table shows how many times slower they are.

Writes ``bench/RESULTS.md`` (or ``--out FILE``). Targets come from GitHub issue 6; they are
benchmark goals, not tests.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gen  # noqa: E402

HERE = Path(__file__).resolve().parent
PEERS = HERE / ".peers"
LOAD: list[float] = []
PEER_TIMEOUT = 120.0  # seconds; adr-tools is quadratic and may take minutes at 10,000 records


@dataclass
class Timing:
    median_ms: float | None = None
    rss_mib: float | None = None
    cpu_ms: float | None = None  # user + system time of the process and its children (git)
    runs: int = 0
    error: str | None = None

    def cell(self) -> str:
        if self.error:
            return self.error
        return f"{self.median_ms:.0f} ms" if self.median_ms is not None else "-"


@dataclass
class Row:
    op: str
    size: str
    target_ms: float | None
    target_mib: float | None
    ours: Timing
    peers: dict[str, Timing] = field(default_factory=dict)

    def verdict(self) -> str:
        if self.ours.error or self.ours.median_ms is None:
            return "n/a"
        if self.target_mib is not None and (self.ours.rss_mib or 0) > self.target_mib:
            return "**MISS** (memory)"
        if self.target_ms is None or self.ours.median_ms <= self.target_ms:
            return "ok"
        if self.ours.cpu_ms is not None and self.ours.cpu_ms <= self.target_ms:
            return "ok on CPU, **MISS** on wall"  # a busy machine: waiting for a core
        return "**MISS**"


def adrtool_cmd() -> list[str]:
    """The installed console script next to this Python (not a pyenv shim), else -m."""
    script = Path(sys.executable).parent / "adrtool"
    return [str(script)] if script.exists() else [sys.executable, "-m", "adrtool"]


def run_once(
    argv: list[str], cwd: Path, env: dict[str, str], timeout: float
) -> tuple[float, float, float, int, str]:
    """Run one process; return (wall ms, peak RSS MiB, CPU ms, exit code, first stderr line)."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err
        )
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                os.wait4(proc.pid, 0)
                proc.returncode = -9
                raise TimeoutError
            time.sleep(0.0005)
        wall = (time.perf_counter() - start) * 1000
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        lines = err.read().decode("utf-8", "replace").strip().splitlines()
    cpu = (usage.ru_utime + usage.ru_stime) * 1000
    return wall, usage.ru_maxrss / 1024, cpu, proc.returncode, (lines[0] if lines else "")


def measure(
    argv: list[str],
    cwd: Path,
    env: dict[str, str],
    runs: int,
    timeout: float = 60.0,
    reset: object = None,
    ok_codes: tuple[int, ...] = (0,),
) -> Timing:
    """Median wall time over ``runs`` (one warm-up first); ``reset()`` runs before each."""
    times, rss, cpus = [], [], []
    for i in range(runs + 1):
        if callable(reset):
            reset()
        try:
            wall, mib, cpu, code, first = run_once(argv, cwd, env, timeout)
        except TimeoutError:
            return Timing(error=f"> {timeout:.0f} s (stopped)")
        except OSError as e:
            return Timing(error=f"cannot run: {e.strerror}")
        if code not in ok_codes:
            return Timing(error=f"exit {code}: {first[:70]}".replace("|", "/"))
        if i == 0 and runs > 1 and wall < 10_000:
            continue  # warm-up: page cache, .pyc files (a slow peer's first run counts)
        times.append(wall)
        rss.append(mib)
        cpus.append(cpu)
        if wall > 10_000:  # a slow peer: one measured run is enough
            break
    return Timing(
        statistics.median(times), max(rss), cpu_ms=statistics.median(cpus), runs=len(times)
    )


def find_peers() -> dict[str, list[str]]:
    """Peer ADR tools: adr-tools' bash scripts (not adrtool's ``adr``), log4brains, adr-log."""
    found: dict[str, list[str]] = {}
    local = PEERS / "adr-tools" / "usr" / "bin" / "adr"
    candidates = [local] if local.exists() else []
    which = shutil.which("adr")
    if which:
        candidates.append(Path(which))
    for path in candidates:
        try:
            head = path.read_bytes()[:200]
        except OSError:
            continue
        if head.startswith(b"#!/bin/bash") or head.startswith(b"#!/usr/bin/env bash"):
            found["adr-tools"] = [str(path)]
            break
    for name in ("log4brains", "adr-log"):
        local = PEERS / "npm" / "node_modules" / ".bin" / name
        path = str(local) if local.exists() else shutil.which(name)
        if path:
            found[name] = [path]
    return found


def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    py = platform.python_version()
    nproc = len(os.sched_getaffinity(0))
    system = f"{platform.system()} {platform.release()}"
    return f"{os.cpu_count()} CPUs (nproc {nproc}), {cpu}, Python {py}, {system}"


def bench(args: argparse.Namespace) -> list[Row]:
    ours = adrtool_cmd()
    dropin = Path(sys.executable).parent / "adr"  # adrtool's adr-tools drop-in
    peers = {} if args.no_peers or args.peers_from else find_peers()
    env = {
        **os.environ,
        "GIT_CONFIG_NOSYSTEM": "1",
        "NO_COLOR": "1",
        "LC_ALL": "C.UTF-8",
        "GIT_AUTHOR_NAME": "bench",
        "GIT_AUTHOR_EMAIL": "bench@example.com",
        "GIT_COMMITTER_NAME": "bench",
        "GIT_COMMITTER_EMAIL": "bench@example.com",
    }
    for key in ("VISUAL", "EDITOR", "ADR_DATE", "ADR_TEMPLATE", "GITHUB_ACTIONS"):
        env.pop(key, None)
    work = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="adrtool-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    # Time what an installed tool costs: pip and pipx compile .pyc files on install, so every
    # run reads bytecode. With PYTHONDONTWRITEBYTECODE set (some shells and CI images set it)
    # each run would compile every module from source again (about 20 ms for `list`). The
    # warm-up run writes the bytecode into a folder of the work dir, not the source tree.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    rows: list[Row] = []
    slow: dict[tuple[str, tuple[str, ...]], float] = {}
    peer_cache: dict[tuple[str, tuple[str, ...], str], Timing] = {}
    runs = args.runs
    log = print if args.verbose else (lambda *a, **k: None)

    def add(
        op: str,
        size: str,
        argv: list[str],
        cwd: Path,
        target_ms: float | None,
        target_mib: float | None = None,
        peer_argv: dict[str, list[str]] | None = None,
        reset: object = None,
        ok_codes: tuple[int, ...] = (0,),
        command: list[str] | None = None,
    ) -> None:
        row = Row(
            op,
            size,
            target_ms,
            target_mib,
            measure((command or ours) + argv, cwd, env, runs, reset=reset, ok_codes=ok_codes),
        )
        for name, pargv in (peer_argv or {}).items():
            earlier = slow.get((name, tuple(pargv)))
            if name in peers and earlier is not None:
                row.peers[name] = Timing(error=f"not run ({earlier / 1000:.0f} s on fewer records)")
            elif name in peers and (name, tuple(pargv), str(cwd)) in peer_cache:
                row.peers[name] = peer_cache[(name, tuple(pargv), str(cwd))]  # same run again
            elif name in peers:
                row.peers[name] = measure(
                    peers[name] + pargv,
                    cwd,
                    env,
                    runs,
                    timeout=PEER_TIMEOUT,
                    reset=reset,
                    ok_codes=(0, 1),
                )
                t = row.peers[name]
                peer_cache[(name, tuple(pargv), str(cwd))] = t
                if t.error or (t.median_ms or 0) > 20_000:  # quadratic peers: skip bigger sizes
                    slow[(name, tuple(pargv))] = t.median_ms or PEER_TIMEOUT * 1000
        rows.append(row)
        peer_text = "  ".join(f"{k}={v.cell()}" for k, v in row.peers.items())
        print(
            f"{op:<28} {size:<14} {row.ours.cell():>12} {row.ours.rss_mib or 0:7.1f} MiB "
            f"{row.verdict():>8}  {peer_text}",
            flush=True,
        )

    try:
        # the interpreter alone: every Python CLI pays this (site-packages .pth files included)
        floor = measure([sys.executable, "-c", "pass"], work, env, runs)
        rows.append(Row("python3 -c pass (floor)", "-", None, None, floor))
        print(f"{'python3 -c pass (floor)':<28} {'-':<14} {floor.cell():>12}", flush=True)
        small = gen.make_records(work / "r10", 10)
        add(
            "--help",
            "-",
            ["--help"],
            small,
            80,
            peer_argv={"adr-tools": ["help"], "log4brains": ["--help"]},
        )
        add("--version", "-", ["--version"], small, 80, peer_argv={"log4brains": ["--version"]})
        add("list", "10 records", ["list"], small, 150, peer_argv={"adr-tools": ["list"]})
        sizes = [1000] if args.quick else [1000, 10_000]
        for n in sizes:
            log(f"generating {n} records")
            repo = gen.make_records(work / f"r{n}", n)
            label = f"{n:,} records"
            ms, mib = (150, None) if n <= 1000 else (1000, 100)
            add(
                "list",
                label,
                ["list"],
                repo,
                ms,
                mib,
                peer_argv={"adr-tools": ["list"], "log4brains": ["adr", "list", "--raw"]},
            )
            add(
                "generate toc",
                label,
                ["generate", "toc"],
                repo,
                ms,
                mib,
                peer_argv={"adr-tools": ["generate", "toc"], "adr-log": ["-d", gen.ADR_DIR]},
            )
            add(
                "generate graph",
                label,
                ["generate", "graph"],
                repo,
                ms,
                mib,
                peer_argv={"adr-tools": ["generate", "graph"]},
            )
            add("check (lint)", label, ["check", "--lint-only"], repo, ms, mib, ok_codes=(0, 1))
            if dropin.exists() and ("adr-tools" in peers or args.peers_from):
                # like for like: adrtool's own adr-tools drop-in against the bash original
                for sub in (["list"], ["generate", "toc"], ["generate", "graph"]):
                    add(
                        f"adr {' '.join(sub)} (drop-in)",
                        label,
                        sub,
                        repo,
                        None,
                        command=[str(dropin)],
                        peer_argv={"adr-tools": sub},
                    )
            if n == sizes[-1]:
                adr_dir = repo / gen.ADR_DIR
                before = set(os.listdir(adr_dir))

                def clean(adr_dir: Path = adr_dir, before: set[str] = before) -> None:
                    for name in set(os.listdir(adr_dir)) - before:
                        (adr_dir / name).unlink()

                add(
                    "new --no-edit",
                    label,
                    ["new", "--no-edit", "Bench", "record"],
                    repo,
                    120 if n >= 10_000 else None,
                    reset=clean,
                    peer_argv={
                        "adr-tools": ["new", "Bench", "record"],
                        "log4brains": ["adr", "new", "--quiet", "Bench record"],
                    },
                )
                clean()
        files = 10_000 if args.quick else 100_000
        log(f"generating a {files}-file monorepo")
        mono = gen.make_monorepo(work / "mono", files)
        add("scan", f"{files:,} files", ["scan"], mono, 1000 if files >= 100_000 else None)
        template = gen.make_typical(work / "typical-template")
        typical = work / "typical"

        def fresh() -> None:
            shutil.rmtree(typical, ignore_errors=True)
            shutil.copytree(template, typical, symlinks=True)

        add(
            "draft --no-commit", "typical repo", ["draft", "--no-commit"], typical, 400, reset=fresh
        )
        add("draft (with commit)", "typical repo", ["draft"], typical, 700, reset=fresh)
    finally:
        if not args.workdir and not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return rows


def kept_peers(text: str, rows: list[Row]) -> str:
    """Fill each row's peer timings from an earlier RESULTS.md (``--peers-from``); return its
    run line. A kept ``NNN ms`` becomes a timing again, so the ratio uses today's adrtool."""
    lines = [ln for ln in text.splitlines() if ln.startswith("| ")]
    when = r"\d{4}-\d\d-\d\d \d\d:\d\d UTC"
    # a table that kept its peers from an older one names when they really ran
    stamp = re.search(rf"Peer timings kept from .* of ({when})", text) or re.search(
        rf"({when})", text
    )
    run = stamp.group(1) if stamp else "an earlier run"
    if not lines:
        return run
    head = [c.strip() for c in lines[0].strip("|").split("|")]
    suffix = " (× adrtool)"
    peer_cols = {i: h[: -len(suffix)] for i, h in enumerate(head) if h.endswith(suffix)}
    old: dict[tuple[str, str], dict[str, Timing]] = {}
    for ln in lines[1:]:
        cells = [c.strip() for c in ln.strip().strip("|").split("|")]
        if len(cells) != len(head):
            continue
        found: dict[str, Timing] = {}
        for i, name in peer_cols.items():
            cell = cells[i]
            if not cell:
                continue
            m = re.match(r"^(\d+) ms\b", cell)
            found[name] = Timing(float(m.group(1))) if m else Timing(error=cell)
        old[(cells[0].strip("`"), cells[1])] = found
    for r in rows:
        r.peers = dict(old.get((r.op, r.size), {}))
    return run


def table(rows: list[Row], args: argparse.Namespace) -> str:
    peer_names = sorted({p for r in rows for p in r.peers})
    head = ["operation", "input", "adrtool (median)", "CPU", "peak RSS", "target", "verdict"]
    head += [f"{p} (× adrtool)" for p in peer_names]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        target = f"≤ {r.target_ms:.0f} ms" if r.target_ms else "-"
        if r.target_mib:
            target += f", ≤ {r.target_mib:.0f} MiB"
        rss = f"{r.ours.rss_mib:.0f} MiB" if r.ours.rss_mib else "-"
        cpu = f"{r.ours.cpu_ms:.0f} ms" if r.ours.cpu_ms is not None else "-"
        cells = [f"`{r.op}`", r.size, r.ours.cell(), cpu, rss, target, r.verdict()]
        for p in peer_names:
            t = r.peers.get(p)
            if t is None:
                cells.append("")
            elif t.error or not r.ours.median_ms or t.median_ms is None:
                cells.append(t.cell())
            else:
                cells.append(f"{t.cell()} ({t.median_ms / r.ours.median_ms:.1f}×)")
        lines.append("| " + " | ".join(cells) + " |")
    mode = "quick" if args.quick else "full"
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    load = " / ".join(f"{a:.1f}" for a in LOAD)
    kept = ""
    if args.peers_from:
        kept = (
            f"  \nPeer timings kept from `{Path(args.peers_from).name}` of {args.peers_run} "
            "(`--peers-from`); the ratios use this run's adrtool times."
        )
    return (
        f"Machine: {machine()}; load average {load} (start / end).  \n"
        f"Run: `python3 bench/run.py{' --quick' if args.quick else ''}` "
        f"({mode}, {args.runs} timed runs after one warm-up, {stamp}).{kept}\n\n"
        + "\n".join(lines)
        + "\n\nMedian wall time and median CPU time (user + system of the process and of the git "
        "processes it waits for). On a busy machine the wall time includes waiting for a core; "
        "the CPU time is what the command itself costs. Peer columns: the peer's median and how "
        "many times adrtool's it is (above 1× means adrtool is faster).\n"
    )


def main() -> None:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--quick", action="store_true", help="1,000 records at most, 10,000 files")
    p.add_argument(
        "--runs", type=int, default=None, help="timed runs per command (default 5, quick 3)"
    )
    p.add_argument("--no-peers", action="store_true", help="do not run other ADR tools")
    p.add_argument("--workdir", help="generate repos here and keep them (default: a temp folder)")
    p.add_argument("--keep", action="store_true", help="keep the temp folder")
    p.add_argument("--out", default=str(HERE / "RESULTS.md"), help="Markdown table to write")
    p.add_argument(
        "--peers-from",
        metavar="FILE",
        help="do not run other ADR tools; keep their timings from an earlier RESULTS.md",
    )
    p.add_argument("-v", "--verbose", action="store_true")
    args = p.parse_args()
    if args.runs is None:
        args.runs = 3 if args.quick else 5
    old_peers = None
    if args.peers_from:  # read it now: --out may be the same file
        old_peers = Path(args.peers_from).read_text(encoding="utf-8")
    LOAD.append(os.getloadavg()[0])
    rows = bench(args)
    LOAD.append(os.getloadavg()[0])
    if old_peers is not None:
        args.peers_run = kept_peers(old_peers, rows)
    text = table(rows, args)
    Path(args.out).write_text("# adrtool benchmark results\n\n" + text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
