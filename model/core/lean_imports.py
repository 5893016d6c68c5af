"""Imports a run never uses, deferred until something reads from them (issue 14).

Measured with ``python -X importtime`` on the default command (2.8 s, goal 2 s):

* ``import mesa`` runs ``mesa/__init__``, which imports mesa's grids, continuous space, data collector and
  batch runner, and through them pandas, scipy.sparse and scipy.spatial: 0.3-0.4 s. This model uses
  ``mesa.Model`` and ``mesa.Agent`` only (its agents live in arrays and provinces, not on a grid).
* numba's first compiled call (even one loaded from its cache) imports ``scipy.linalg.cython_blas`` to see
  whether ``np.dot`` can be supported, which executes ``scipy/linalg/__init__`` and scipy's array-API layer:
  0.1-0.15 s. The model's compiled code calls no BLAS (``core.kernels.weighted_total``); the extension
  module itself loads in 3 ms.

Each of these modules is put in ``sys.modules`` as a placeholder (``_defer``) whose code runs the first time
a name is read from it, so code that does use them (a user's notebook, ``mesa.space.MultiGrid``,
``scipy.linalg.cholesky`` in calibration) works as before, only later. Importing this module defers them;
use ``from model.core.lean_imports import mesa`` wherever the package needs mesa.
"""
from __future__ import annotations

import importlib
import importlib.machinery
import importlib.util
import sys

# (module, its parent package or None, whether its own submodules import without running it): mesa 3.3's
# submodules that its __init__ imports and a run never reads; pandas, which mesa.datacollection imports at its
# top; scipy.linalg, whose __init__ numba runs only to import its self-contained extension ``cython_blas``.
# Otherwise importing a submodule (``from pandas.core.frame import DataFrame``) runs the package first, as
# usual. A deferred submodule is found in its parent's folders without executing the parent's __init__.
DEFERRED = (
    ("mesa.discrete_space", "mesa", False),
    ("mesa.experimental", "mesa", False),
    ("mesa.space", "mesa", False),
    ("pandas", None, False),
    ("scipy.linalg", "scipy", True),
)


def _search_path(parent: str | None) -> list[str] | None:
    """The folders of ``parent``'s submodules, found without executing its __init__ (None: the top level; an
    empty list: the parent is not installed)."""
    if parent is None:
        return None
    if parent in sys.modules:
        return list(getattr(sys.modules[parent], "__path__", []))
    spec = importlib.util.find_spec(parent)
    return list(spec.submodule_search_locations or []) if spec is not None else []


def _defer(name: str, search_path: list[str] | None, submodules_without_it: bool) -> None:
    """Put a placeholder for module ``name`` in ``sys.modules`` that executes the module's code into itself the
    first time a name it lacks is read (a module ``__getattr__``, PEP 562), unless the module is there
    already or cannot be found.

    Not ``importlib.util.LazyLoader``: its modules load on any attribute read, and every ``import`` statement
    reads ``__spec__``, so mesa's own ``import mesa.space`` would load them at once. The placeholder has its
    real ``__spec__`` and ``__file__`` from the start. A package's ``__path__`` (which the import system reads to
    import a submodule) is there from the start only if ``submodules_without_it``; else reading it runs the
    package first."""
    if name in sys.modules or search_path == []:
        return
    spec = importlib.machinery.PathFinder.find_spec(name, search_path)
    if spec is None or spec.loader is None:
        return
    module = importlib.util.module_from_spec(spec)
    path = getattr(module, "__path__", None)  # a package's folders; None for a plain module
    if path is not None and not submodules_without_it:
        del module.__path__

    def load(attribute: str):
        del module.__getattr__  # the module's own names from now on (and no recursion while it executes)
        if path is not None:
            module.__path__ = path
        spec.loader.exec_module(module)
        return getattr(module, attribute)

    module.__getattr__ = load
    sys.modules[name] = module


def defer_unused_modules() -> None:
    """Defer every module in DEFERRED that is not imported yet, then import their parents (whose own imports
    of them find the placeholders). Idempotent."""
    for name, parent, submodules_without_it in DEFERRED:
        _defer(name, _search_path(parent), submodules_without_it)
    for parent in dict.fromkeys(parent for _, parent, _ in DEFERRED if parent is not None):
        importlib.import_module(parent)


defer_unused_modules()

import mesa  # noqa: E402  (imported above, after its placeholders)
