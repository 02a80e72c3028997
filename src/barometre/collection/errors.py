"""Refusals of the collection flows, each with a French message and an HTTP status hint."""

from __future__ import annotations


class CollectionError(Exception):
    status = 400


class NotFoundError(CollectionError):
    status = 404


class WaveClosedError(CollectionError):
    status = 409


class ConflictError(CollectionError):
    status = 409


class LinkError(CollectionError):
    status = 410
