"""Sessions in the database, as Django keeps them, knowing when the stored session ends.

``SESSION_ENGINE`` points here. A respondent's session ends after ``IDLE_HOURS`` without a request
(``www.respond.session.keep_alive``); pushing that end on every request would write the session
row on every page. Knowing the stored end lets a request skip the write when the end was pushed
less than a minute ago (``stored_expiry``: ``None`` before the session is read, or when it is new).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.sessions.backends import db


class SessionStore(db.SessionStore):
    stored_expiry: dt.datetime | None = None

    def _get_session_from_db(self) -> Any:
        found = super()._get_session_from_db()  # type: ignore[misc]  # absent from django-stubs
        self.stored_expiry = found.expire_date if found is not None else None
        return found
