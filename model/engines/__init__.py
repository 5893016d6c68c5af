"""Engines run the rules quarter by quarter: ``shared`` (what both engines share), ``fast`` (array populations,
compiled phases) and ``reference`` (plain Mesa, one agent per household and firm)."""
from __future__ import annotations

ENGINES = ("fast", "reference")


def engine_class(name: str):
    """The model class of an engine: 'fast' (array populations) or 'reference' (one Mesa agent each)."""
    if name == "reference":
        from model.engines.reference import ReferenceEconomy

        return ReferenceEconomy
    if name == "fast":
        from model.engines.fast import VietnamEconomy

        return VietnamEconomy
    raise ValueError(f"unknown engine {name!r}: one of {', '.join(ENGINES)}")
