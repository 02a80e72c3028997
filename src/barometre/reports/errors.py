"""What a report refuses, in French, with the HTTP status a page answers and the CLI's exit."""

from __future__ import annotations

from http import HTTPStatus


class ReportError(Exception):
    """A report that cannot be given; ``status`` is the HTTP status of the refusal."""

    status: int = HTTPStatus.UNPROCESSABLE_ENTITY

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class ReportNotFoundError(ReportError):
    status = HTTPStatus.NOT_FOUND


class ReportNotReadyError(ReportError):
    status = HTTPStatus.CONFLICT
