"""The one error of operations: what went wrong, in French, and that nothing was written."""

from __future__ import annotations


class OperationError(Exception):
    """A backup, restore or purge that could not be done; the message is for the operator."""
