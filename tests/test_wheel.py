"""Wheel smoke test: a built wheel installed into a clean venv outside the repo works.

This is the packaging promise of the design card: templates/ and criteria/ travel inside
the wheel, both console scripts are installed, and the main job runs from the install.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_installs_and_runs_outside_the_repo(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist)],
        cwd=ROOT, check=True, capture_output=True, text=True,
    )
    wheels = list(dist.glob("adrtool-*.whl"))
    assert len(wheels) == 1

    # The test venv reuses this interpreter's site-packages for the dependencies (no network),
    # but adrtool itself comes only from the wheel.
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False, system_site_packages=True).create(env_dir)
    py = env_dir / "bin" / "python"
    work = tmp_path / "elsewhere"
    work.mkdir()
    clean = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    subprocess.run(
        [str(py), "-m", "pip", "install", "-q", "--no-deps", "--no-index", "--force-reinstall",
         "--target", str(tmp_path / "site"), str(wheels[0])],
        cwd=work, check=True, capture_output=True, text=True, env=clean,
    )
    site = tmp_path / "site"
    clean["PYTHONPATH"] = str(site)
    # Nothing from the source checkout may leak in.
    probe = subprocess.run(
        [str(py), "-c", "import adrtool, pathlib; print(pathlib.Path(adrtool.__file__).parent)"],
        cwd=work, check=True, capture_output=True, text=True, env=clean,
    )
    pkg = Path(probe.stdout.strip())
    assert pkg == site / "adrtool"
    assert (pkg / "templates" / "madr.md.j2").is_file()
    assert (pkg / "criteria" / "backend-frameworks.yaml").is_file()
    assert (site / "bin" / "adrtool").is_file() and (site / "bin" / "adr").is_file()

    version = subprocess.run([str(py), "-m", "adrtool", "--version"], cwd=work,
                             check=True, capture_output=True, text=True, env=clean)
    assert version.stdout.startswith("adrtool, version ")
    demo = subprocess.run([str(py), "-m", "adrtool", "draft", "--example"], cwd=work,
                          capture_output=True, text=True, env=clean)
    assert demo.returncode == 0, demo.stderr
    assert "## Decision Outcome" in demo.stdout
