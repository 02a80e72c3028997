"""The one error of result building, with a French message for the operator."""

from __future__ import annotations


class ResultsError(Exception):
    """A result set that cannot be built (open wave for a final set, empty wave…)."""
