"""Agent-based simulator of Vietnam's digital economy (digital infrastructure, skills and institutions)."""
__version__ = "0.1.0"
