"""Sanxiang (三项): the three systems of administrative law enforcement and their supervision."""

__version__ = "0.1.0"
