"""Running independent model runs on worker processes, results in job order.

Workers never outlive the process that started them: each watches its parent
and exits when it ends, however it ends (``kill -9`` included), and workers
ignore Ctrl-C, which the parent handles (so no worker prints a traceback).
"""
from __future__ import annotations

import multiprocessing
import os
import select
import signal
import threading
import time
from collections import deque
from concurrent.futures import ProcessPoolExecutor

PARENT_POLL_SECONDS = 0.5  # how often a worker looks for its parent where the kernel cannot tell it at once


def cores() -> int:
    """Cores this process may run on (its CPU affinity, which containers and taskset narrow)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _exit_with(parent: int) -> None:
    """Block until process ``parent`` ends, then end this one at once."""
    try:
        fd = os.pidfd_open(parent)  # Linux 5.3+: readable when the process ends, even before it is reaped
    except (AttributeError, OSError):
        fd = None
    if fd is not None:
        select.select([fd], [], [])
    else:  # pragma: no cover - older kernels
        while True:
            try:
                os.kill(parent, 0)
            except ProcessLookupError:
                break
            time.sleep(PARENT_POLL_SECONDS)
    os._exit(1)


def _start_worker(parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent takes Ctrl-C and stops the pool
    threading.Thread(target=_exit_with, args=(parent,), daemon=True, name="exit-with-parent").start()


class Runner:
    """Runs jobs on worker processes (or in this one); results come back in job order, so they never
    depend on the number of workers.

    ``workers`` (default: the cores) is cut to the cores unless ``oversubscribe``, and to ``jobs`` when
    the number of jobs is known; ``say`` is told when a request is cut."""

    def __init__(self, workers: int | None = None, scheduler: str | None = None, jobs: int | None = None,
                 oversubscribe: bool = False, say=None):
        asked = workers
        workers = max(1, workers if workers is not None else cores())
        if not oversubscribe:
            workers = min(workers, cores())
        if jobs is not None:
            workers = min(workers, max(1, jobs))
        if asked is not None and workers < asked and say is not None:
            why = (f"there are only {jobs} jobs" if jobs is not None and workers == jobs
                   else f"this machine lets the model use {cores()} cores (--oversubscribe allows more)")
            say(f"note: running {workers} worker process(es), not {asked}: {why}")
        self.workers = workers
        self.pool = None
        self.client = None
        if scheduler is not None:  # a Dask cluster (optional extra: pip install "vn-digital-sim[cluster]")
            try:
                from distributed import Client
            except ImportError:
                from model.core.errors import UserError
                raise UserError("--scheduler needs Dask: pip install 'dask[distributed]' "
                                "(or the project's extra: pip install -e '.[cluster]')") from None
            try:
                self.client = Client(scheduler, timeout="20s")
            except (OSError, ValueError, TimeoutError) as e:
                from model.core.errors import UserError
                raise UserError(f"--scheduler {scheduler}: cannot reach a Dask scheduler there ({e}); "
                                "give its address, such as tcp://host:8786") from None
            self.workers = max(1, sum(self.client.nthreads().values()))
        elif self.workers > 1:
            # A fork server, not a fork: forking after the compiled phases started their threads breaks them.
            ctx = multiprocessing.get_context("forkserver" if "forkserver" in multiprocessing.get_all_start_methods()
                                              else "spawn")
            self.pool = ProcessPoolExecutor(self.workers, mp_context=ctx, initializer=_start_worker,
                                            initargs=(os.getpid(),))

    def map(self, jobs: list, function) -> list:
        """``function`` of each job, in job order (``function`` must be importable by the workers)."""
        if self.pool is None:
            return [function(j) for j in jobs]
        return list(self.pool.map(function, jobs))

    def imap(self, jobs, function, window: int | None = None):
        """Like ``map``, but yields each result in job order as soon as it and all before it are done,
        keeping at most ``window`` jobs in flight (memory stays flat however many jobs there are)."""
        if self.pool is None and self.client is None:
            yield from (function(j) for j in jobs)
            return
        window = window or 4 * self.workers
        pending = deque()
        for job in jobs:
            if self.client is not None:  # pure=False: every job runs, none is taken from a cache
                pending.append(self.client.submit(function, job, pure=False))
            else:
                pending.append(self.pool.submit(function, job))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

    def close(self, cancel: bool = False) -> None:
        """Stop the workers; ``cancel``: drop jobs not yet started (after an interruption)."""
        if self.pool is not None:
            if cancel:  # stop at once: the jobs running now would only be thrown away
                for process in list(getattr(self.pool, "_processes", {}).values()):
                    process.terminate()
            self.pool.shutdown(wait=not cancel, cancel_futures=cancel)
        if self.client is not None:
            self.client.close()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        self.close(cancel=exc_type is not None)
