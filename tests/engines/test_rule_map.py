"""docs/model.md's rule map names code that exists, in both engines, so the map stays true."""
from __future__ import annotations

import importlib
import re

import pytest

from conftest import REPO

START, END = "<!-- rules:start -->", "<!-- rules:end -->"


def _map_rows() -> list[str]:
    text = (REPO / "docs" / "model.md").read_text(encoding="utf-8")
    block = text[text.index(START) + len(START):text.index(END)]
    return [line for line in block.splitlines() if line.startswith("| ") and not line.startswith("| rule")]


def resolve(dotted: str):
    """The object a dotted name refers to: the longest importable module prefix, then attributes."""
    parts = dotted.split(".")
    for k in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:k]))
        except ImportError:
            continue
        for name in parts[k:]:
            obj = getattr(obj, name)
        return obj
    raise ImportError(dotted)


def test_the_map_covers_the_submodels():
    rows = _map_rows()
    assert len(rows) >= 30
    sections = {row.split("|")[2].strip() for row in rows}
    assert {f"7.{k}" for k in range(1, 14)} <= sections, "every submodel of section 7 has a row"
    for row in rows:
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert len(cells) == 4 and cells[2] and cells[3], row


@pytest.mark.parametrize("name", sorted({n for row in _map_rows() for n in re.findall(r"`(model\.[\w.]+)`", row)}))
def test_every_name_in_the_map_exists(name):
    assert callable(resolve(name)), f"docs/model.md's rule map names {name}, which is not a function or method"


def test_resolve_fails_for_a_name_that_does_not_exist():
    with pytest.raises(AttributeError):
        resolve("model.rules.households.no_such_rule")
