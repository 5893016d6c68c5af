"""Measurement: national accounts, the digital-economy satellite account, growth accounting and the targets."""
