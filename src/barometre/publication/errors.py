"""The error of publication, with a French message for the operator."""

from __future__ import annotations


class PublicationError(Exception):
    """Nothing to publish (wave not published, no final result set…)."""
