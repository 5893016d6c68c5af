"""Running independent model runs on worker processes, results in job order."""
from __future__ import annotations

import multiprocessing
import os
from collections import deque
from concurrent.futures import ProcessPoolExecutor


class Runner:
    """Runs jobs on worker processes (or in this one); results come back in job order, so they never
    depend on the number of workers."""

    def __init__(self, workers: int | None = None, scheduler: str | None = None):
        self.workers = max(1, workers if workers is not None else (os.cpu_count() or 1))
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
            self.pool = ProcessPoolExecutor(self.workers, mp_context=ctx)

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
            self.pool.shutdown(wait=not cancel, cancel_futures=cancel)
        if self.client is not None:
            self.client.close()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        self.close(cancel=exc_type is not None)
