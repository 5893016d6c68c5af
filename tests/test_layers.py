"""The package's layers: each imports only from the layers below it, and no imports go round in a cycle.

The layers, lowest first, are model.core -> scenario -> rules -> measure -> engines -> outputs ->
experiments -> cli. The contract is written in pyproject.toml ([tool.importlinter]) and checked here
with import-linter, which reads the source (it imports nothing) and counts every import statement,
inside functions and under ``if TYPE_CHECKING:`` too.
"""
from __future__ import annotations

import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import grimp
import pytest

REPO = Path(__file__).resolve().parent.parent
# import-linter's command line, run by this interpreter (so it need not be on PATH). With no config
# file named it reads pyproject.toml (or .importlinter) in its working folder, which it also puts first
# on sys.path, so the package checked is the one in that folder.
LINT_IMPORTS = [sys.executable, "-c",
                "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())",
                "--no-cache"]


def lint_imports(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run(LINT_IMPORTS, cwd=folder, capture_output=True, text=True, timeout=120)


def layers() -> list[str]:
    """The layers of the contract in pyproject.toml, highest first."""
    with open(REPO / "pyproject.toml", "rb") as f:
        config = tomllib.load(f)["tool"]["importlinter"]
    (contract,) = [c for c in config["contracts"] if c["type"] == "layers"]
    return contract["layers"]


def test_contract_is_the_documented_layering():
    with open(REPO / "pyproject.toml", "rb") as f:
        config = tomllib.load(f)["tool"]["importlinter"]
    assert config["root_package"] == "model"
    assert layers() == ["model.cli", "model.experiments", "model.outputs", "model.engines", "model.measure",
                        "model.rules", "model.scenario", "model.core"]
    # TYPE_CHECKING imports count: a layer may not even name a higher layer's types.
    assert not config.get("exclude_type_checking_imports", False)
    assert all(not c.get("exclude_type_checking_imports", False) for c in config["contracts"])


def test_no_layer_imports_a_higher_one():
    result = lint_imports(REPO)
    assert result.returncode == 0, f"import-linter found broken contracts:\n{result.stdout}\n{result.stderr}"
    assert "0 broken" in result.stdout, result.stdout


def test_the_checker_can_fail(tmp_path):
    """The same check on a two-layer package whose lower layer imports the upper one reports it."""
    package = tmp_path / "toypkg"
    (package / "low").mkdir(parents=True)
    (package / "high").mkdir()
    (package / "__init__.py").write_text("")
    (package / "high" / "__init__.py").write_text("")
    (package / "high" / "views.py").write_text("from toypkg.low.store import load\n")
    (package / "low" / "__init__.py").write_text("")
    # Under TYPE_CHECKING, so this also shows that such imports count.
    (package / "low" / "store.py").write_text(textwrap.dedent("""\
        from typing import TYPE_CHECKING

        if TYPE_CHECKING:
            from toypkg.high.views import View


        def load():
            return None
        """))
    (tmp_path / "pyproject.toml").write_text(textwrap.dedent("""\
        [tool.importlinter]
        root_package = "toypkg"

        [[tool.importlinter.contracts]]
        name = "toy layers"
        type = "layers"
        layers = ["toypkg.high", "toypkg.low"]
        """))
    result = lint_imports(tmp_path)
    assert result.returncode != 0, result.stdout + result.stderr
    assert "1 broken" in result.stdout, result.stdout
    assert "toypkg.low.store -> toypkg.high.views" in result.stdout, result.stdout


def strongly_connected(nodes, edges) -> list[set[str]]:
    """The import cycles of a graph: its strongly connected components of more than one node."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[set[str]] = []

    def visit(node: str) -> None:  # Tarjan's algorithm
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(edges.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(component)

    for node in sorted(nodes):
        if node not in index:
            visit(node)
    return cycles


@pytest.fixture(scope="module")
def graph():
    """Every import between the package's modules (TYPE_CHECKING and function-level ones included)."""
    return grimp.build_graph("model", cache_dir=None)


def test_no_cycles_between_layers(graph):
    """Each module counted as its layer (the root package and model.__main__ as themselves)."""
    def layer_of(module: str) -> str:
        return next((l for l in layers() if module == l or module.startswith(l + ".")), module)

    edges: dict[str, set[str]] = {}
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            if layer_of(imported) != layer_of(module):
                edges.setdefault(layer_of(module), set()).add(layer_of(imported))
    assert strongly_connected({layer_of(m) for m in graph.modules}, edges) == []


# Cycles between modules inside one layer that are known and harmless at run time. Each pair may go,
# but no new cycle may come: when one of these is broken, delete it here.
KNOWN_MODULE_CYCLES: list[set[str]] = []  # none: every module's imports form a tree of layers


def test_no_new_cycles_between_modules(graph):
    edges = {m: graph.find_modules_directly_imported_by(m) for m in graph.modules}
    cycles = strongly_connected(graph.modules, edges)
    details = {frozenset(c): [f"{a} -> {b} (line {d['line_number']}: {d['line_contents']})"
                              for a in sorted(c) for b in sorted(edges[a] & c)
                              for d in graph.get_import_details(importer=a, imported=b)]
               for c in cycles}
    new = [lines for c, lines in details.items() if set(c) not in KNOWN_MODULE_CYCLES]
    assert not new, "import cycles between modules:\n" + "\n\n".join("\n".join(lines) for lines in new)
    gone = [c for c in KNOWN_MODULE_CYCLES if frozenset(c) not in details]
    assert not gone, f"these cycles are gone: delete them from KNOWN_MODULE_CYCLES: {gone}"
