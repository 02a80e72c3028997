"""Which respondent a browser session speaks for (one person may answer for several authorities)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import login
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest
from django.utils import timezone

from barometre.collection.models import Respondent

SESSION_KEY = "barometre_respondent_id"
#: A respondent's session ends after this many hours without a request (the page says so).
IDLE_HOURS = 4
#: The stored end of a session is pushed again once it is this much nearer than ``IDLE_HOURS``:
#: a respondent reading a page a minute writes the session row about once a minute, not on every
#: request, and the session still ends ``IDLE_HOURS`` (less a minute at most) after the last one.
REFRESH = dt.timedelta(minutes=1)


def login_respondent(request: HttpRequest, respondent: Respondent) -> None:
    """Open a fresh session (new session key: no fixation) for this respondent."""
    login(request, respondent.user, backend="django.contrib.auth.backends.ModelBackend")
    request.session[SESSION_KEY] = respondent.pk
    keep_alive(request)


def keep_alive(request: HttpRequest) -> None:
    """Push the end of the session to ``IDLE_HOURS`` from now (saved with the response), unless
    the stored end was pushed less than ``REFRESH`` ago."""
    if not _pushed_recently(request.session):
        request.session.set_expiry(IDLE_HOURS * 3600)


def _pushed_recently(session: SessionBase) -> bool:
    stored = getattr(session, "stored_expiry", None)  # www.sessions.SessionStore
    if stored is None or session.get("_session_expiry") != IDLE_HOURS * 3600:
        return False
    return bool(stored - timezone.now() > dt.timedelta(hours=IDLE_HOURS) - REFRESH)


def current_respondent(request: HttpRequest) -> Respondent | None:
    """The session's respondent, only if it still belongs to the logged-in user."""
    if not request.user.is_authenticated:
        return None
    respondent_id = request.session.get(SESSION_KEY)
    if respondent_id is None:
        return None
    return (
        Respondent.objects.filter(pk=respondent_id, user=request.user)
        .select_related("user")
        .first()
    )
