"""The lowest layer: categories, public conditions, errors, sourced data, the parameter registry and compiled kernels.

Layers, lowest first (each imports only from layers below it; tests/test_layers.py checks):
core -> scenario -> rules -> measure -> engines -> outputs -> experiments -> cli.
"""
