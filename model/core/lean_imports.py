"""Imports a run never uses, left until something reads from them (issue 14).

Measured with ``python -X importtime`` on the default command (2.8 s, goal 2 s):

* ``import mesa`` runs ``mesa/__init__``, which imports mesa's grids, continuous space, data collector and
  batch runner, and through them pandas, scipy.sparse and scipy.spatial: 0.3-0.4 s. This model uses
  ``mesa.Model`` and ``mesa.Agent`` only (its agents live in arrays and provinces, not on a grid).
* numba's first compiled call (even one loaded from its cache) runs ``import scipy.linalg.cython_blas`` to
  see whether ``np.dot`` can be supported, which executes ``scipy/linalg/__init__`` and scipy's array-API
  layer: 0.1-0.15 s. The model's compiled code calls no BLAS (``core.kernels.weighted_total``); the
  extension module itself loads in 3 ms.

So, once, before mesa is imported:

* mesa's unused submodules and pandas get **stand-ins** (``_stand_in``), in ``sys.modules`` only while
  ``mesa/__init__`` runs, so that its ``import mesa.space`` and ``mesa.datacollection``'s ``import pandas``
  bind them instead of running them. Reading any name from a stand-in imports the real module the ordinary
  way (under the import lock, once, cleaned up if it fails) and forwards to it, so code that uses them
  (``mesa.space.MultiGrid``, ``mesa.DataCollector(...).get_model_vars_dataframe()``, a user's
  ``import pandas``) works as before, only later.
* ``scipy.linalg.cython_blas`` is **loaded under its full name** without its package (``_preload``), so
  numba's check finds it in ``sys.modules``; ``scipy.linalg`` stays an ordinary package, not yet imported.

Not placeholders kept in ``sys.modules`` (an earlier version): importing a submodule of such a placeholder
ran the submodule twice (two copies of its classes), and a failure while loading left it broken (issue 14's
review). Use ``from model.core.lean_imports import mesa`` wherever the package needs mesa.
"""
from __future__ import annotations

import importlib
import importlib.machinery
import importlib.util
import itertools
import sys
import types
import weakref

# (module, its parent package or None): what mesa 3.3's __init__ imports and a run never reads. pandas is
# imported at the top of mesa.datacollection, which mesa's __init__ runs.
STAND_INS = (("mesa.discrete_space", "mesa"), ("mesa.experimental", "mesa"), ("mesa.space", "mesa"),
             ("pandas", None))
# (extension module, its package's parent): numba's BLAS check imports it; it needs nothing of its package.
PRELOADED = (("scipy.linalg.cython_blas", "scipy"),)


def _search_path(parent: str | None) -> list[str] | None:
    """The folders of ``parent``'s submodules, found without executing its __init__ (None: the top level; an
    empty list: the parent is not installed)."""
    if parent is None:
        return None
    if parent in sys.modules:
        return list(getattr(sys.modules[parent], "__path__", []))
    spec = importlib.util.find_spec(parent)
    return list(spec.submodule_search_locations or []) if spec is not None else []


def _stand_in(name: str, search_path: list[str] | None) -> types.ModuleType | None:
    """Put a stand-in for module ``name`` in ``sys.modules`` (None if the module is imported already or cannot
    be found). It imports ``name`` the ordinary way the first time a name is read from it, and forwards every
    read to it; the caller removes it from ``sys.modules`` once mesa is imported."""
    if name in sys.modules or search_path == []:
        return None
    spec = importlib.machinery.PathFinder.find_spec(name, search_path)
    if spec is None:
        return None
    stand_in = types.ModuleType(name)
    del stand_in.__doc__  # read through to the real module's

    def real() -> types.ModuleType:
        if sys.modules.get(name) is stand_in:  # read while mesa's __init__ runs
            del sys.modules[name]
        return importlib.import_module(name)

    stand_in.__getattr__ = lambda attribute: getattr(real(), attribute)  # PEP 562: names it lacks
    stand_in.__dir__ = lambda: dir(real())
    stand_in.__spec__, stand_in.__file__ = spec, spec.origin  # what an import statement reads of it
    sys.modules[name] = stand_in
    return stand_in


def _preload(name: str, search_path: list[str] | None) -> None:
    """Execute the extension module ``name`` (package.sub.module) under its full name without running its
    package's __init__, unless it, or its package, is imported already or cannot be found."""
    package = name.rpartition(".")[0]
    if name in sys.modules or package in sys.modules or search_path == []:
        return
    found = importlib.machinery.PathFinder.find_spec(package, search_path)
    spec = found and importlib.machinery.PathFinder.find_spec(name, found.submodule_search_locations)
    if not spec:
        return
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise


def defer_unused_modules() -> None:
    """Preload what numba's check needs, and import mesa with stand-ins for what it would import and a run
    never reads. Idempotent; with mesa imported already it only preloads."""
    for name, parent in PRELOADED:
        _preload(name, _search_path(parent))
    if "mesa" in sys.modules:
        return
    stand_ins = {name: _stand_in(name, _search_path(parent)) for name, parent in STAND_INS}
    try:
        importlib.import_module("mesa")
    finally:
        for name, stand_in in stand_ins.items():
            if stand_in is not None and sys.modules.get(name) is stand_in:
                del sys.modules[name]


defer_unused_modules()

import mesa  # noqa: E402  (imported above, with its stand-ins)


# mesa 3.3's Agent keeps each model's unique-id counter in a class-level defaultdict keyed by the model
# (``mesa.Agent._ids``), so every model that ever made an agent stays alive with all its arrays: about 2.6 MB a
# run at scale 1, which grew each worker of a long posterior inference to 12 GB until it was killed. Held
# weakly instead, a model's counter goes with the model; a live model counts exactly as before (from 1).
class AgentIdsByModel(weakref.WeakKeyDictionary):
    def __getitem__(self, model):
        try:
            return super().__getitem__(model)
        except KeyError:
            counter = itertools.count(1)
            self[model] = counter
            return counter


if not isinstance(mesa.Agent._ids, AgentIdsByModel):
    _held = AgentIdsByModel()
    _held.update(mesa.Agent._ids)
    mesa.Agent._ids = _held
