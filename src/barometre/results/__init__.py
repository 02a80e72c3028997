"""Frozen result sets of a wave: estimates and provenance, built by calling ``barometre.stats``."""
