"""Log lines the team can read and quote, and nothing a log must not keep.

Every line carries the request id (``request_id.current_request_id``); in production it is one
JSON object per line on stderr. Before a line is written, login and opt-out links lose their
token and e-mail addresses are masked, in the message and in the traceback alike; a request's
form, cookies and headers are never written (Django hands the request to the log record: it is
left out). Errors also go by mail to ADMINS, as the same redacted text. gunicorn's access log
goes through the same redaction (``GunicornLogger``, set in config/gunicorn.py)."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import time
from collections import deque
from typing import Any

from django.utils.log import AdminEmailHandler
from gunicorn.glogging import Logger

from barometre.www.request_id import current_request_id

# /connexion/<jeton>/, /equipe/connexion/lien/<uid>/<jeton>/, /equipe/desinscription/<jeton>/
SECRET_PATH = re.compile(
    r"(?P<prefix>/(?:equipe/)?(?:connexion/lien|connexion|desinscription)/)"
    r"(?!nouveau-lien/|lien/)[^/?#\s\"']+(?:/[^/?#\s\"']+)?"
)
EMAIL = re.compile(r"[\w.+%-]+(?:@|%40)[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
# PostgreSQL quotes the offending value in an error's DETAIL and CONTEXT lines (a key, a JSON
# answer): the rest of the line goes.
DATABASE_DETAIL = re.compile(r"^(?P<label>\s*(?:DETAIL|CONTEXT)\s*:).*$", re.MULTILINE)
MASK = "[masqué]"
WINDOW_SECONDS = 60


def redact(text: str) -> str:
    """``text`` without the tokens of login or opt-out links, e-mail addresses and the values
    PostgreSQL quotes in its errors."""
    text = DATABASE_DETAIL.sub(rf"\g<label> {MASK}", text)
    return EMAIL.sub(MASK, SECRET_PATH.sub(rf"\g<prefix>{MASK}", text))


def _exception(record: logging.LogRecord, formatter: logging.Formatter) -> str:
    if record.exc_info:
        return redact(formatter.formatException(record.exc_info))
    return ""


def _request_id(record: logging.LogRecord) -> str | None:
    """The id of the request being served, or the one of the response gunicorn just logged."""
    if record.name == "gunicorn.access" and isinstance(record.args, dict):
        return str(record.args.get("{x-request-id}o", "")) or None
    return current_request_id() or None


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, status, traceback."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage()),
            "request_id": _request_id(record),
        }
        status = getattr(record, "status_code", None)
        if status is not None:
            line["status"] = status
        traceback = _exception(record, self)
        if traceback:
            line["traceback"] = traceback
        return json.dumps(line, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """Plain text (development, tests, and the mail to ADMINS), redacted the same way."""

    def format(self, record: logging.LogRecord) -> str:
        request_id = current_request_id() or "-"
        head = f"{record.levelname} {record.name} [{request_id}] {redact(record.getMessage())}"
        traceback = _exception(record, self)
        return f"{head}\n{traceback}" if traceback else head


class AdminMailHandler(AdminEmailHandler):
    """Errors to ADMINS by mail: the redacted log text, never Django's report of the request
    (which holds the form, the cookies and the session). At most ``MAILS_PER_MINUTE`` per
    process: an outage does not bury the team's mailbox, the log keeps every error."""

    MAILS_PER_MINUTE = 10

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sent: deque[float] = deque(maxlen=self.MAILS_PER_MINUTE)

    def _may_send(self) -> bool:
        now = time.monotonic()
        if len(self.sent) == self.MAILS_PER_MINUTE and now - self.sent[0] < WINDOW_SECONDS:
            return False
        self.sent.append(now)
        return True

    def emit(self, record: logging.LogRecord) -> None:
        if not self._may_send():
            return
        request_id = current_request_id() or "hors requête"
        subject = f"Erreur sur le baromètre — référence {request_id}"
        body = (
            f"{self.format(record)}\n\nRéférence de l’erreur : {request_id} "
            "(la personne qui l’a rencontrée la voit sur la page d’erreur)."
        )
        self.send_mail(subject, body, fail_silently=True)


class GunicornLogger(Logger):
    """gunicorn's access log with the same redaction (its request line, path and referer)."""

    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        found = super().atoms(resp, req, environ, request_time)
        return {
            key: redact(value) if isinstance(value, str) else value for key, value in found.items()
        }
