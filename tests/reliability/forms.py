"""The forms a page shows, read from its HTML as a browser would, and sent back altered.

A form's defaults are what a browser would send untouched: hidden fields (CSRF token, key,
revision), text as filled, the checked boxes, the first option of each list, the first named
button. Files go as multipart/form-data.
"""

from __future__ import annotations

import html
import re
import uuid
from dataclasses import dataclass, field

FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.DOTALL | re.IGNORECASE)
ATTRIBUTE = re.compile(r'([a-zA-Z_:-]+)(?:="([^"]*)")?')
INPUT = re.compile(r"<input\b([^>]*)>", re.IGNORECASE)
TEXTAREA = re.compile(r"<textarea\b([^>]*)>(.*?)</textarea>", re.DOTALL | re.IGNORECASE)
SELECT = re.compile(r"<select\b([^>]*)>(.*?)</select>", re.DOTALL | re.IGNORECASE)
OPTION = re.compile(r"<option\b([^>]*)>", re.IGNORECASE)
BUTTON = re.compile(r"<button\b([^>]*)>", re.IGNORECASE)
Value = str | bytes


def attributes(text: str) -> dict[str, str]:
    return {name.lower(): html.unescape(value or "") for name, value in ATTRIBUTE.findall(text)}


@dataclass(frozen=True)
class Form:
    page: str  # the page that shows it
    action: str
    method: str
    fields: tuple[tuple[str, str], ...]  # name, default value (in order, repeated names too)
    files: tuple[str, ...] = ()
    multipart: bool = False

    @property
    def names(self) -> list[str]:
        seen: list[str] = []
        for name, _ in self.fields:
            if name not in seen and name != "csrfmiddlewaretoken":
                seen.append(name)
        return seen + list(self.files)


def forms_of(page: str, text: str) -> list[Form]:
    found = []
    for head, body in FORM.findall(text):
        attrs = attributes(head)
        if "data-no-fuzz" in attrs:
            continue
        files = tuple(
            a["name"] for a in map(attributes, INPUT.findall(body)) if a.get("type") == "file"
        )
        found.append(
            Form(
                page=page,
                action=attrs.get("action") or page.split("?", 1)[0],
                method=(attrs.get("method") or "get").lower(),
                fields=tuple(_defaults(body)),
                files=files,
                multipart="multipart" in attrs.get("enctype", "") or bool(files),
            )
        )
    return found


def _defaults(body: str) -> list[tuple[str, str]]:
    found = _inputs(body)
    for head, content in TEXTAREA.findall(body):
        if name := attributes(head).get("name"):
            found.append((name, html.unescape(content)))
    for head, content in SELECT.findall(body):
        options = [attributes(o).get("value", "") for o in OPTION.findall(content)]
        if (name := attributes(head).get("name")) and options:
            found.append((name, options[0]))
    buttons = [a for a in map(attributes, BUTTON.findall(body)) if a.get("name")]
    if buttons:
        found.append((buttons[0]["name"], buttons[0].get("value", "")))
    return found


def _inputs(body: str) -> list[tuple[str, str]]:
    """Inputs as sent untouched: checked boxes only, the first choice of each radio group."""
    found: list[tuple[str, str]] = []
    radios: set[str] = set()
    for attrs in map(attributes, INPUT.findall(body)):
        name, kind = attrs.get("name"), attrs.get("type", "text")
        skipped = kind in {"file", "submit", "button", "reset", "image"} or "disabled" in attrs
        if not name or skipped or (kind == "checkbox" and "checked" not in attrs):
            continue
        if kind == "radio":
            if name in radios:
                continue
            radios.add(name)
        found.append((name, attrs.get("value", "on" if kind == "checkbox" else "")))
    return found


def with_value(form: Form, name: str, value: Value) -> list[tuple[str, Value]]:
    """The form's defaults with ``name`` set to ``value`` (added when the form had none)."""
    pairs: list[tuple[str, Value]] = [(n, v) for n, v in form.fields if n != name]
    return [*pairs, (name, value)]


def urlencoded(pairs: list[tuple[str, Value]]) -> bytes:
    from urllib.parse import quote_from_bytes  # noqa: PLC0415 - only here

    def part(value: Value) -> str:
        raw = value.encode() if isinstance(value, str) else value
        return quote_from_bytes(raw, safe="")

    return "&".join(f"{part(n)}={part(v)}" for n, v in pairs).encode()


@dataclass
class Upload:
    name: str
    filename: Value
    content: bytes
    content_type: str = "application/octet-stream"


@dataclass
class Multipart:
    pairs: list[tuple[str, Value]]
    uploads: list[Upload] = field(default_factory=list)
    boundary: str = field(default_factory=lambda: uuid.uuid4().hex)

    @property
    def content_type(self) -> str:
        return f"multipart/form-data; boundary={self.boundary}"

    def body(self) -> bytes:
        chunks: list[bytes] = []
        line = f"--{self.boundary}\r\n".encode()
        for name, value in self.pairs:
            raw = value.encode() if isinstance(value, str) else value
            chunks += [line, f'Content-Disposition: form-data; name="{name}"\r\n\r\n'.encode()]
            chunks += [raw, b"\r\n"]
        for upload in self.uploads:
            filename = (
                upload.filename if isinstance(upload.filename, bytes) else upload.filename.encode()
            )
            chunks += [
                line,
                f'Content-Disposition: form-data; name="{upload.name}"; filename="'.encode(),
            ]
            chunks += [filename, b'"\r\n', f"Content-Type: {upload.content_type}\r\n\r\n".encode()]
            chunks += [upload.content, b"\r\n"]
        chunks.append(f"--{self.boundary}--\r\n".encode())
        return b"".join(chunks)
