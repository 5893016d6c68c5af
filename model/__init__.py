"""Agent-based simulator of Vietnam's digital economy (digital infrastructure, skills and institutions)."""
import os
import sys

__version__ = "0.1.0"

# numba caches the compiled kernels on disk (model/core/kernels.py, cache=True), by default in
# __pycache__ folders next to the sources: in the checkout, or in site-packages when installed. Send
# them to a per-user cache folder instead, unless the user chose one with NUMBA_CACHE_DIR. numba reads
# the variable when it is first imported, so this is set here: the package's __init__ runs before any
# of its modules. (If numba was imported before the model, its configuration is read again.)
if not os.environ.get("NUMBA_CACHE_DIR"):
    _xdg_cache = os.environ.get("XDG_CACHE_HOME", "")
    # The XDG spec says to ignore a relative XDG_CACHE_HOME.
    _cache_home = _xdg_cache if os.path.isabs(_xdg_cache) else os.path.join(os.path.expanduser("~"), ".cache")
    os.environ["NUMBA_CACHE_DIR"] = os.path.join(_cache_home, "vn-digital-sim", "numba")
    if "numba" in sys.modules:
        sys.modules["numba"].config.reload_config()
    del _xdg_cache, _cache_home
