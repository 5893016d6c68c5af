"""How the model's processes end (the command line and the figure helpers)."""
from __future__ import annotations

import atexit
import os
import sys
import threading


def exit_without_teardown(status: int) -> None:
    """Exit with ``status`` without the interpreter's tear-down of its modules, when nothing else runs.

    Tearing down numba, LLVM, mesa, pandas and matplotlib took about 0.5 s at the end of every command (issue
    14: a quarter of the default command's goal), and 0.1 s at the end of each figure helper. By then every
    result is written and closed; the atexit functions run and the standard streams are flushed here. With
    another non-daemon thread alive, the usual exit."""
    others = [t for t in threading.enumerate() if t is not threading.current_thread() and not t.daemon]
    run_exit_functions = getattr(atexit, "_run_exitfuncs", None)  # CPython's; elsewhere the usual exit
    if others or run_exit_functions is None:
        raise SystemExit(status)
    run_exit_functions()
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:  # None: started without the stream (a closed descriptor, pythonw)
                stream.flush()
        except (OSError, ValueError):  # a closed pipe (``| head``) or stream: nothing more can reach it
            pass
    os._exit(status)
