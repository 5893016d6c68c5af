"""Where the package's files are, installed or in a checkout.

The sourced data (``model/data/``) ships inside the package. The shipped
scenarios live in the checkout's top-level ``scenarios/`` folder and are copied
into the package as ``model/shipped_scenarios/`` when it is built
(``pyproject.toml``), so ``pip install .`` gives a package that runs from any
folder. ``REPO_DIR`` is the checkout (for ``docs/``), or None when installed.
"""
from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = PACKAGE_DIR / "data"
_CHECKOUT = PACKAGE_DIR.parent
REPO_DIR: Path | None = _CHECKOUT if (_CHECKOUT / "pyproject.toml").is_file() and (_CHECKOUT / "scenarios").is_dir() else None
# Installed: inside the package; in a checkout (editable install or PYTHONPATH): the top-level folder.
SCENARIO_DIR = PACKAGE_DIR / "shipped_scenarios" if (PACKAGE_DIR / "shipped_scenarios").is_dir() else _CHECKOUT / "scenarios"
DOCS_DIR: Path | None = REPO_DIR / "docs" if REPO_DIR is not None else None


def record_path(path: Path) -> Path:
    """The record of how a shipped file was made, beside it: the same name with .json (posterior.csv ->
    posterior.json)."""
    return path.with_suffix(".json")


def write_whole(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path``, then move it into place: a reader never sees half a
    file, and a stopped write leaves the old one."""
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
