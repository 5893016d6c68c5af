"""Experiments apart from the model: one way to run a job, workers, calibration, ensembles, validation,
comparisons, backtests and the reproduction of the docs."""
