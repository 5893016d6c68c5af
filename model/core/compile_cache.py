"""Whether numba has the fast engine's compiled phases in its cache for this code version.

numba compiles each phase the first time it runs on a machine (about half a
minute on two cores) and caches it on disk (``NUMBA_CACHE_DIR``, set in
``model/__init__.py``). A first run would otherwise sit silent for that minute,
so the command line says once that it compiles, and marks the cache warm after
a run succeeds. The mark is keyed on the package's source files and the numba
and Python versions, which is what numba's own cache is keyed on.
"""
from __future__ import annotations

import hashlib
import os
import platform
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from model.core.paths import PACKAGE_DIR

# benchmarks/speed.py measured 31-35 s on two cores (December 2026)
COLD_NOTICE = ("compiling the fast engine's phases for this machine and code version: once, about half a minute "
               "on two cores (longer under load); later runs start at once")


@lru_cache(maxsize=None)
def code_version() -> str:
    """A hash of the package's Python sources and the numba and Python versions."""
    h = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        h.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
        h.update(path.read_bytes())
    try:
        numba_version = metadata.version("numba")
    except metadata.PackageNotFoundError:  # pragma: no cover
        numba_version = "?"
    h.update(f"numba {numba_version} python {platform.python_version()}".encode())
    return h.hexdigest()[:16]


def _marker(cache_dir: str | os.PathLike | None = None) -> Path:
    folder = Path(cache_dir or os.environ.get("NUMBA_CACHE_DIR") or Path.home() / ".cache" / "vn-digital-sim" / "numba")
    return folder / f"warm-{code_version()}"


def is_warm(cache_dir: str | os.PathLike | None = None) -> bool:
    """True once a run of this code version has finished with this cache folder."""
    return _marker(cache_dir).exists()


def mark_warm(cache_dir: str | os.PathLike | None = None) -> None:
    """Record that the phases of this code version are compiled and cached (after a run succeeded)."""
    marker = _marker(cache_dir)
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()
    except OSError:  # a read-only cache folder: numba cannot cache either, so the notice stays true
        pass
