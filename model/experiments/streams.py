"""Random streams for experiments that run many draws: one stream per replication, spawned from one seed, and
substreams for the draws made apart from the model's own (parameters), so a replication's numbers depend only
on the seed and its index, never on how many replications run or in what order."""
from __future__ import annotations

import numpy as np


def replication_stream(seed: int, i: int) -> np.random.SeedSequence:
    """Replication i's stream: child i of the seed's SeedSequence (the same as ``spawn(n)[i]`` for any n > i),
    made on demand so that nothing grows with the number of replications."""
    return np.random.SeedSequence(int(seed), spawn_key=(int(i),))


def replication_seeds(seed: int, n: int) -> list[np.random.SeedSequence]:
    """Independent streams, one per replication, spawned from one seed (child i does not depend on n)."""
    return [replication_stream(seed, i) for i in range(n)]


def substream(stream: np.random.SeedSequence, k: int) -> np.random.Generator:
    """A generator on grandchild ``k`` of a replication's stream: draws made apart from the model's own
    (0: the calibrated parameters, 1: the priors; 2, with a column's key below it, keys the model's own error,
    model_error.draw), leaving the replication's stream as it was."""
    return np.random.default_rng(np.random.SeedSequence(stream.entropy, spawn_key=stream.spawn_key + (int(k),)))


def model_seed(stream: np.random.SeedSequence) -> int:
    """The integer seed a replication's model runs with (63 bits of its stream)."""
    return int(stream.generate_state(1, np.uint64)[0] >> np.uint64(1))
