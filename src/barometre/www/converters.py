"""URL converters: database ids within the range of a database integer (else: 404, never 500)."""

from __future__ import annotations

from django.urls import register_converter

MAX_ID = 2_147_483_647


class DatabaseId:
    regex = "[0-9]{1,10}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError(value)  # Django answers 404: no page has this id
        return number

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(DatabaseId, "id")
