"""The parameter registry as Markdown tables, kept in ``docs/model.md``.

``python -m model.outputs.paramdoc`` rewrites the block between the markers
``<!-- parameters:start -->`` and ``<!-- parameters:end -->`` in
``docs/model.md`` from ``model.params.PARAMETERS``; ``--check`` only reports
whether the block is up to date (exit status 1 if not). A test compares the
block with :func:`parameter_table_markdown`, so a parameter changed without
regenerating the documentation fails.
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from pathlib import Path

from model.core.paths import DOCS_DIR
from model.core.params import PARAMETERS, Param, calibrated_values

START_MARKER = "<!-- parameters:start -->"
END_MARKER = "<!-- parameters:end -->"
DOC_PATH = Path(DOCS_DIR or "docs") / "model.md"
REGENERATE = "python -m model.outputs.paramdoc"
COLUMNS = ("name", "value", "allowed range", "unit", "source")


def escape_cell(text: object) -> str:
    """Text safe inside a Markdown table cell: backslashes and pipes escaped, one line."""
    s = str(text).replace("\\", "\\\\").replace("|", "\\|")
    return " ".join(s.split())


def format_number(x: float) -> str:
    """Short, exact-looking numbers: 442,000 / 0.0095 / 2.5 / 1e-06."""
    x = float(x)
    if x.is_integer() and abs(x) < 1e15:
        n = int(x)
        return f"{n:,}" if abs(n) >= 10_000 else str(n)
    return f"{x:.6g}"


def _row(p: Param, estimates: Mapping[str, float]) -> str:
    allowed = f"{format_number(p.low)} to {format_number(p.high)}"
    if not p.low <= p.default <= p.high:
        allowed += " (the default lies outside this range)"
    value, source = format_number(p.default), p.source
    if p.name in estimates:  # the calibrated estimate is the value in use
        value = format_number(estimates[p.name])
        source = (f"estimated by `python -m model calibrate` (docs/calibration.md) from "
                  f"{format_number(p.default)}; {source}")
    cells = (f"`{escape_cell(p.name)}`", value, allowed, p.unit, source)
    return "| " + " | ".join(escape_cell(c) if i > 1 else c for i, c in enumerate(cells)) + " |"


def parameter_table_markdown(parameters: Mapping[str, Param] | None = None) -> str:
    """Markdown tables of the registry, one per group in order of first declaration."""
    params = PARAMETERS if parameters is None else parameters
    estimates = calibrated_values() if parameters is None else {}
    groups: dict[str, list[Param]] = {}
    for p in params.values():
        groups.setdefault(p.group, []).append(p)
    lines = [
        f"<!-- Generated from model/core/params.py by `{REGENERATE}`; do not edit by hand. -->",
        "",
        f"{len(params)} parameters in {len(groups)} groups; {len(estimates)} are estimated from the history "
        "rows by `python -m model calibrate` (their value is the estimate in `model/data/calibration.toml`). "
        "Sources marked *assumption* are modelling choices; *calibrated* means tuned by hand so that the "
        "baseline replays the history rows.",
    ]
    for group, members in groups.items():
        lines += ["", f"### {escape_cell(group[:1].upper() + group[1:])} ({len(members)})", "",
                  "| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
        lines += [_row(p, estimates) for p in members]
    return "\n".join(lines) + "\n"


def _find_block(text: str) -> tuple[int, int]:
    start = text.find(START_MARKER)
    end = text.find(END_MARKER)
    if start < 0 or end < 0 or end < start or text.count(START_MARKER) != 1 or text.count(END_MARKER) != 1:
        raise ValueError(f"the document needs exactly one {START_MARKER} followed by one {END_MARKER}")
    return start + len(START_MARKER), end


def extract_block(text: str) -> str:
    """What stands between the markers, without the newlines that frame it."""
    a, b = _find_block(text)
    return text[a:b].strip("\n") + "\n"


def replace_block(text: str, table: str) -> str:
    a, b = _find_block(text)
    return text[:a] + "\n" + table.strip("\n") + "\n" + text[b:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m model.outputs.paramdoc", description=__doc__.splitlines()[0])
    parser.add_argument("--doc", type=Path, default=DOC_PATH, help="document to update (default: docs/model.md)")
    parser.add_argument("--check", action="store_true", help="do not write; exit 1 if the block is out of date")
    args = parser.parse_args(argv)
    try:
        text = args.doc.read_text(encoding="utf-8")
        new = replace_block(text, parameter_table_markdown())
    except (OSError, ValueError) as e:
        print(f"error: {args.doc}: {e}", file=sys.stderr)
        return 2
    if new == text:
        print(f"{args.doc}: parameter table is up to date ({len(PARAMETERS)} parameters)")
        return 0
    if args.check:
        print(f"{args.doc}: parameter table is out of date; run `{REGENERATE}`", file=sys.stderr)
        return 1
    args.doc.write_text(new, encoding="utf-8")
    print(f"{args.doc}: parameter table rewritten ({len(PARAMETERS)} parameters)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
