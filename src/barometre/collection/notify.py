"""E-mails to respondents: login links (invitation or new link)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string

from barometre.collection.models import Respondent, Response
from barometre.referentiel import load_frame


def send_login_link(respondent: Respondent, url: str, purpose: str) -> None:
    """One plain-text e-mail with the personal link; the token is only in this message."""
    authority = load_frame().get(respondent.authority_id)
    context = {"authority": authority, "url": url, "purpose": purpose, "respondent": respondent}
    subject = (
        f"Baromètre numérique : votre lien pour répondre au nom de {authority.name}"
        if purpose == "invitation"
        else f"Baromètre numérique : votre nouveau lien de connexion ({authority.name})"
    )
    body = render_to_string("collection/login_link.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [respondent.user.email])


def send_receipt(
    response: Response,
    rows: list[dict[str, Any]],
    respondent: Respondent,
    *,
    carry: dict[str, Any] | None = None,
) -> None:
    """The receipt of a submission, with every answer (and, when the previous edition's
    answers were offered, what became of each), to the respondent who submitted."""
    authority = load_frame().get(response.authority_id)
    context = {"authority": authority, "response": response, "rows": rows, "carry": carry}
    subject = (
        f"Baromètre numérique : accusé de réception {response.receipt_number} ({authority.name})"
    )
    body = render_to_string("collection/receipt.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [respondent.user.email])
