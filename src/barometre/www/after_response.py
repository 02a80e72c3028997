"""Work done once the response has been sent.

« Nouveau lien » and « Je réponds pour ma collectivité » answer the same words whether or not an
address is known; sending the e-mail inside the request would still tell, by the time the answer
takes. The e-mail is sent when the WSGI server closes the response (Django runs the response's
closers then, and so does its test client), after the reader has the page.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.http import HttpResponse

LOGGER = logging.getLogger(__name__)


def _logged(job: Callable[[], None]) -> Callable[[], None]:
    def run() -> None:
        try:
            job()
        except Exception:  # Django swallows a closer's error silently: say it in the log
            LOGGER.exception("Tâche après la réponse en échec (courriel non envoyé ?)")

    return run


def after_response(response: HttpResponse, jobs: list[Callable[[], None]]) -> HttpResponse:
    """``response``, with ``jobs`` run in order once it has been sent."""
    for job in jobs:
        # Django's closing hook (HttpResponseBase.close runs them); it has no public name.
        response._resource_closers.append(_logged(job))  # type: ignore[attr-defined]  # noqa: SLF001
    return response
