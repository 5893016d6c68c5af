"""Engines run the rules quarter by quarter: ``shared`` (what both engines share), ``fast`` (array populations,
compiled phases) and ``reference`` (plain Mesa, one agent per household and firm)."""
