"""Progress on the terminal: one line on stderr, only when stderr is a terminal and a run takes a while."""
from __future__ import annotations

import sys
import time


class Progress:
    """A one-line progress bar of a run's quarters, shown only once the run has taken more than a second."""

    def __init__(self, label: str, enabled: bool):
        self.label, self.enabled, self.start, self.shown = label, enabled, time.perf_counter(), False

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or time.perf_counter() - self.start < 1.0:
            return
        self.shown = True
        width = 30
        filled = int(width * done / total)
        sys.stderr.write(f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total} quarters")
        sys.stderr.flush()

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\n")


class ReplicationProgress:
    """Replications done, rate and time left, on one line."""

    def __init__(self, total: int, done: int, enabled: bool):
        self.total, self.start_done, self.enabled, self.start = total, done, enabled, time.perf_counter()

    def __call__(self, done: int) -> None:
        if not self.enabled:
            return
        elapsed = time.perf_counter() - self.start
        rate = (done - self.start_done) / elapsed if elapsed > 0 else 0.0
        left = (self.total - done) / rate if rate > 0 else float("nan")
        sys.stderr.write(f"\r{done}/{self.total} replications, {rate:.2f} a second, about {left:.0f} s left   ")
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")
