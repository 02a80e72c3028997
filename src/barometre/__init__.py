"""Baromètre numérique des collectivités."""

__version__ = "0.1.0"
