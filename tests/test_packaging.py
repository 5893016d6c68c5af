"""The package as built and installed: every sub-package ships, the scenarios come along, numba caches per user.

The slow test builds a wheel, installs it into a folder of its own and runs the command line from an
empty folder, so it checks what ``pip install .`` gives a user, not the checkout.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
MODEL_DIR = REPO / "model"


def setuptools_config() -> dict:
    with open(REPO / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["tool"]["setuptools"]


def test_every_sub_package_is_listed():
    """pyproject.toml lists its packages (it does not find them), so a new sub-package must be added there."""
    on_disk = {".".join(("model",) + d.relative_to(MODEL_DIR).parts)
               for d in [MODEL_DIR, *MODEL_DIR.rglob("*")]
               if d.is_dir() and (d / "__init__.py").is_file() and "__pycache__" not in d.parts}
    listed = set(setuptools_config()["packages"])
    assert on_disk - listed == set(), "sub-packages missing from [tool.setuptools] packages in pyproject.toml"
    assert listed - on_disk == {"model.shipped_scenarios"}, "listed packages that are not in model/"


def test_shipped_scenarios_map_to_the_scenarios_folder():
    config = setuptools_config()
    assert config["package-dir"]["model.shipped_scenarios"] == "scenarios"
    assert "*.toml" in config["package-data"]["model.shipped_scenarios"]
    assert list((REPO / "scenarios").glob("*.toml")), "no shipped scenarios in scenarios/"


def test_version_is_the_projects():
    """model.__version__ (written into every results manifest) is the version pyproject.toml builds."""
    import model

    with open(REPO / "pyproject.toml", "rb") as f:
        assert model.__version__ == tomllib.load(f)["project"]["version"]


# ---- numba's on-disk cache goes to a per-user folder (model/__init__.py) ----

def numba_cache_dir(env: dict[str, str], cwd: Path) -> str:
    """numba.config.CACHE_DIR in a fresh interpreter that imports the model first."""
    code = "import model, numba; print(numba.config.CACHE_DIR)"
    result = subprocess.run([sys.executable, "-c", code], env=env, cwd=cwd, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def clean_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment with a fresh HOME and no NUMBA_CACHE_DIR or XDG_CACHE_HOME, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if k not in ("NUMBA_CACHE_DIR", "XDG_CACHE_HOME")}
    env["HOME"] = str(tmp_path / "home")
    env["PYTHONPATH"] = str(REPO)  # the checkout's package, whatever the venv has installed
    env.update(extra)
    return env


def test_numba_caches_in_the_user_cache_folder(tmp_path):
    env = clean_env(tmp_path)
    assert numba_cache_dir(env, tmp_path) == str(tmp_path / "home" / ".cache" / "vn-digital-sim" / "numba")
    env = clean_env(tmp_path, XDG_CACHE_HOME=str(tmp_path / "xdg"))
    assert numba_cache_dir(env, tmp_path) == str(tmp_path / "xdg" / "vn-digital-sim" / "numba")
    # A relative XDG_CACHE_HOME is ignored, as the XDG spec says.
    env = clean_env(tmp_path, XDG_CACHE_HOME="relative/cache")
    assert numba_cache_dir(env, tmp_path) == str(tmp_path / "home" / ".cache" / "vn-digital-sim" / "numba")


def test_a_user_numba_cache_dir_is_respected(tmp_path):
    mine = str(tmp_path / "my-numba-cache")
    env = clean_env(tmp_path, XDG_CACHE_HOME=str(tmp_path / "xdg"), NUMBA_CACHE_DIR=mine)
    assert numba_cache_dir(env, tmp_path) == mine


def test_numba_imported_before_the_model_still_caches_per_user(tmp_path):
    code = "import numba, model; print(numba.config.CACHE_DIR)"
    result = subprocess.run([sys.executable, "-c", code], env=clean_env(tmp_path), cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(tmp_path / "home" / ".cache" / "vn-digital-sim" / "numba")


# ---- end to end: build a wheel, install it into a folder, run it from another ----

def run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=600, **kwargs)
    assert result.returncode == 0, f"{' '.join(map(str, cmd))} failed:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.mark.slow
def test_installed_wheel_runs_from_any_folder(tmp_path):
    # Built from a copy of the checkout: pip builds in the source folder, and a build/ folder left there
    # could carry modules since deleted into later wheels.
    source = tmp_path / "source"
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "dist", "results", "__pycache__", "*.egg-info", ".pytest_cache"))
    started = time.perf_counter()
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path / "wheels"), str(source)])
    (wheel,) = (tmp_path / "wheels").glob("vn_digital_sim-*.whl")
    target = tmp_path / "installed"
    run([sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(target), str(wheel)])
    built = time.perf_counter()

    # every shipped data file is in the wheel (the posterior's record and the model's error among them)
    shipped = {f.name for f in (REPO / "model" / "data").iterdir() if f.is_file()}
    assert shipped <= {f.name for f in (target / "model" / "data").iterdir()}

    work = tmp_path / "work"  # an empty folder: no checkout, no scenarios/ beside it
    work.mkdir()
    cache = tmp_path / "cache"
    # This interpreter, so the dependencies come from the venv; the model only from the installed copy.
    env = {k: v for k, v in os.environ.items() if k != "NUMBA_CACHE_DIR"}
    env.update(PYTHONPATH=str(target), XDG_CACHE_HOME=str(cache))
    python = [sys.executable]

    where = run(python + ["-c", "import model, model.core.paths as p; print(model.__file__); "
                                "print(p.SCENARIO_DIR); print(p.REPO_DIR)"], cwd=work, env=env).stdout.split("\n")
    assert Path(where[0]).is_relative_to(target), f"imported {where[0]}, not the installed copy"
    assert Path(where[1]) == target / "model" / "shipped_scenarios"
    assert where[2] == "None"

    listed = run(python + ["-m", "model", "list"], cwd=work, env=env).stdout
    names = sorted(line.split()[0] for line in listed.splitlines() if line.strip())
    assert names == sorted(p.stem for p in (REPO / "scenarios").glob("*.toml"))

    first = run(python + ["-m", "model", "run", "baseline", "--scale", "0.05", "--no-figures"], cwd=work, env=env)
    ran = time.perf_counter()
    annual = work / "results" / "baseline" / "annual.csv"
    assert annual.is_file() and annual.stat().st_size > 0
    # A first run says, in one line, that it compiles once; a second run of the same code does not.
    from model.core.compile_cache import COLD_NOTICE
    assert first.stderr.count(COLD_NOTICE) == 1, first.stderr
    second = run(python + ["-m", "model", "run", "baseline", "--scale", "0.05", "--no-figures",
                           "--out", "results/again"], cwd=work, env=env)
    assert COLD_NOTICE not in second.stderr

    # numba compiled the installed copy's kernels into the per-user cache, not into site-packages.
    assert list((cache / "vn-digital-sim" / "numba").rglob("*.nbi")), "no numba cache in the user cache folder"
    assert not list(target.rglob("*.nbi")), "numba cached inside the installed package"
    print(f"build and install {built - started:.1f} s, list and run (compiling the kernels) {ran - built:.1f} s")


def test_the_compile_mark_is_per_cache_folder_and_code_version(tmp_path, monkeypatch):
    from model.core import compile_cache
    assert not compile_cache.is_warm(tmp_path)
    compile_cache.mark_warm(tmp_path)
    assert compile_cache.is_warm(tmp_path)
    assert not compile_cache.is_warm(tmp_path / "elsewhere")
    # Another code version (any source file changed) is cold again.
    monkeypatch.setattr(compile_cache, "code_version", lambda: "another-version")
    assert not compile_cache.is_warm(tmp_path)
