"""A page typed when the session had already ended is kept as a draft, not lost.

Each questionnaire page carries a signed token naming its respondent, response and screen; a
POST that arrives without a session but with a valid token stores what was typed as drafts
(never as answers: the respondent checks them on the page after logging in again).
"""

from __future__ import annotations

from django.core import signing
from django.http import HttpRequest

from barometre.collection import flows
from barometre.collection.errors import CollectionError
from barometre.collection.models import Respondent, Response
from barometre.questionnaire import Page
from barometre.www.respond.pages import BadPostError, read_post

SALT = "barometre.respond.draft"
#: How long a page's token can keep a draft: an idle session plus a long weekend.
MAX_AGE_SECONDS = 4 * 24 * 3600


def token(respondent: Respondent, response: Response, page: Page) -> str:
    return signing.dumps([respondent.pk, response.pk, page.id], salt=SALT)


def keep_posted_drafts(request: HttpRequest) -> int:
    """How many typed values of this POST were kept as drafts (0 when none could be)."""
    if request.method != "POST":
        return 0
    try:
        respondent_id, response_id, page_id = signing.loads(
            request.POST.get("brouillon", ""), salt=SALT, max_age=MAX_AGE_SECONDS
        )
    except (signing.BadSignature, ValueError, TypeError):
        return 0
    respondent = Respondent.objects.filter(pk=respondent_id).first()
    response = Response.objects.select_related("version").filter(pk=response_id).first()
    page = response.version.questionnaire.page(page_id) if response else None
    if respondent is None or response is None or page is None:
        return 0
    try:
        raw = read_post(page, response.version.questionnaire, request.POST)
        return flows.keep_drafts(response, raw, respondent)
    except (BadPostError, CollectionError):
        return 0
