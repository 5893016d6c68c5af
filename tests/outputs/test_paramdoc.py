"""docs/model.md stays in step with the parameter registry."""
from __future__ import annotations

import re

import pytest

from model.outputs.paramdoc import (
    DOC_PATH, END_MARKER, REGENERATE, START_MARKER, escape_cell, extract_block, main, parameter_table_markdown,
    replace_block,
)
from model.core.params import PARAMETERS, Param

STALE = f"docs/model.md's parameter table is out of date: run `{REGENERATE}` and commit the result"


@pytest.fixture(scope="module")
def doc() -> str:
    return DOC_PATH.read_text(encoding="utf-8")


def _mentions(text: str, name: str) -> bool:
    return re.search(rf"(?<![A-Za-z0-9_]){re.escape(name)}(?![A-Za-z0-9_])", text) is not None


def _cells(row: str) -> list[str]:
    """Split a Markdown table row on unescaped pipes (as GitHub-flavoured Markdown does)."""
    return [c.strip() for c in re.split(r"(?<!\\)\|", row.strip())[1:-1]]


def test_parameter_block_is_current(doc):
    assert extract_block(doc) == parameter_table_markdown(), STALE


def test_every_parameter_is_in_the_doc(doc):
    missing = [name for name in PARAMETERS if not _mentions(doc, name)]
    assert not missing, f"parameters missing from docs/model.md: {missing}; {STALE}"


def test_every_parameter_is_described_outside_the_generated_table(doc):
    """The submodel text names the parameter of each symbol; a new parameter needs a sentence too."""
    start, end = doc.index(START_MARKER), doc.index(END_MARKER)
    prose = doc[:start] + doc[end:]
    missing = [name for name in PARAMETERS if not _mentions(prose, name)]
    assert not missing, (f"docs/model.md describes no use of {missing}: name each in the submodel "
                         "where it acts (sections 5-7), not only in the generated table")


def test_every_table_row_has_five_cells():
    rows = [line for line in parameter_table_markdown().splitlines() if line.startswith("| `")]
    assert len(rows) == len(PARAMETERS)
    for row in rows:
        assert len(_cells(row)) == 5, row


def test_pipes_are_escaped():
    odd = Param("odd_name", 0.5, 0.0, 1.0, "share | of firms", "Odd group", r"survey A | survey B \ note")
    table = parameter_table_markdown({odd.name: odd})
    row = next(line for line in table.splitlines() if line.startswith("| `odd_name`"))
    cells = _cells(row)
    assert cells == ["`odd_name`", "0.5", "0 to 1", r"share \| of firms", r"survey A \| survey B \\ note"]
    assert escape_cell("a|b\nc") == r"a\|b c"


def test_default_outside_its_range_is_flagged():
    bad = Param("bad", 2.0, 0.0, 1.0, "unit", "Group", "source")
    assert "outside this range" in parameter_table_markdown({"bad": bad})


def test_replace_block_round_trips():
    text = f"intro\n{START_MARKER}\nold table\n{END_MARKER}\noutro\n"
    new = replace_block(text, parameter_table_markdown())
    assert new.startswith("intro\n") and new.endswith(f"{END_MARKER}\noutro\n")
    assert extract_block(new) == parameter_table_markdown()
    assert replace_block(new, parameter_table_markdown()) == new
    with pytest.raises(ValueError):
        extract_block("no markers here")


def test_main_rewrites_and_checks(tmp_path, capsys):
    path = tmp_path / "model.md"
    path.write_text(f"# Doc\n{START_MARKER}\nstale\n{END_MARKER}\n", encoding="utf-8")
    assert main(["--doc", str(path), "--check"]) == 1
    assert REGENERATE in capsys.readouterr().err
    assert main(["--doc", str(path)]) == 0
    assert extract_block(path.read_text(encoding="utf-8")) == parameter_table_markdown()
    assert main(["--doc", str(path), "--check"]) == 0
