"""The reference engine: the same rules in plain Mesa, one agent per household and per firm (Mesa's layout:
``agents.py`` beside ``model.py``). Slow on purpose; the fast engine's test oracle."""
from model.engines.reference.agents import FirmAgent, HouseholdAgent
from model.engines.reference.model import ReferenceEconomy

__all__ = ["ReferenceEconomy", "HouseholdAgent", "FirmAgent"]
