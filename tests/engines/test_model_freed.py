"""A finished run's model is freed when nothing refers to it (mesa 3.3's Agent id counters held every model)."""
import gc
import weakref

from model.experiments.run import Job, run
from model.scenario import load_scenario


def test_a_run_that_is_dropped_is_freed_and_agent_ids_still_count_from_one():
    model = run(Job(load_scenario("baseline"), {}, 1, 0.05, 2016))
    ids = sorted(a.unique_id for a in model.agents)
    assert ids[0] == 1 and ids == list(range(1, len(ids) + 1))  # as mesa numbers them, per model
    gone = weakref.ref(model)
    del model
    gc.collect()
    assert gone() is None
