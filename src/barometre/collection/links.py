"""Invitations and single-use login links (only a hash of each token is stored)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Final

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from barometre.audit.log import record
from barometre.collection.errors import CollectionError, LinkError
from barometre.collection.models import LinkRequest, LoginLink, Respondent, Role
from barometre.referentiel import FrameError, load_frame

INVITATION_LIFETIME: Final = dt.timedelta(days=14)
RELOGIN_LIFETIME: Final = dt.timedelta(hours=2)
# Opened but not used (the button not pressed): a day left at most, mail scanners included.
SEEN_LIFETIME: Final = dt.timedelta(hours=24)
MAX_EMAIL_LENGTH: Final = 150  # Django's username length: the address is the username


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def canonical_authority(value: str) -> str:
    """The frame id of an authority given by id, INSEE code or SIREN (French error otherwise)."""
    try:
        return load_frame().lookup(value).id
    except FrameError as error:
        raise CollectionError(str(error)) from None


def normalise_email(email: str) -> str:
    cleaned = email.strip().lower()
    local, _, domain = cleaned.partition("@")
    if not local or "." not in domain or len(cleaned) > MAX_EMAIL_LENGTH or " " in cleaned:
        raise CollectionError(f"« {email} » n'est pas une adresse électronique valide.")
    return cleaned


def enrol(authority: str, email: str, role: str, function: str = "") -> Respondent:
    """The respondent for this person and authority, created if needed (idempotent)."""
    if role not in Role.values:
        raise CollectionError(f"Rôle inconnu : « {role} » (agent ou elu).")
    authority_id = canonical_authority(authority)
    address = normalise_email(email)
    user_model = get_user_model()
    with transaction.atomic():
        user, _ = user_model.objects.get_or_create(username=address, defaults={"email": address})
        respondent, _ = Respondent.objects.get_or_create(
            user=user,
            authority_id=authority_id,
            defaults={"role": role, "function": function[:120]},
        )
    return respondent


def issue_link(respondent: Respondent, purpose: str = "invitation") -> str:
    """A new single-use token for ``respondent``; the caller puts it in an e-mail."""
    token = secrets.token_urlsafe(32)
    lifetime = INVITATION_LIFETIME if purpose == "invitation" else RELOGIN_LIFETIME
    LoginLink.objects.create(
        token_hash=_hash(token),
        respondent=respondent,
        purpose=purpose,
        expires_at=timezone.now() + lifetime,
    )
    return token


def token_hash(token: str) -> str:
    """What is stored of a token (and what a session keeps between the link and its button)."""
    return _hash(token)


def _usable_link(hashed: str) -> LoginLink:
    """The link of this hash, locked, or a French :class:`LinkError` (forged, spent, expired)."""
    link = (
        LoginLink.objects.select_for_update()
        .select_related("respondent__user")
        .filter(token_hash=hashed)
        .first()
    )
    if link is None:
        raise LinkError("Ce lien de connexion n'est pas valide. Demandez-en un nouveau.")
    if link.used_at is not None:
        raise LinkError("Ce lien a déjà servi : chaque lien ne s'utilise qu'une fois.")
    if link.expires_at <= timezone.now():
        raise LinkError("Ce lien a expiré. Demandez-en un nouveau.")
    return link


def see_link(token: str) -> str:
    """A GET of the link, by its recipient or a mail scanner: checked, not spent.

    The link's URL may now sit in a proxy's access log, so an unused link expires at the latest
    ``SEEN_LIFETIME`` after it was first opened. Returns the hash the session keeps for the
    button (the token itself goes nowhere else).
    """
    hashed = _hash(token)
    with transaction.atomic():
        link = _usable_link(hashed)
        deadline = timezone.now() + SEEN_LIFETIME
        if link.expires_at > deadline:
            link.expires_at = deadline
            link.save(update_fields=["expires_at"])
    return hashed


def consume_link(token: str) -> Respondent:
    """Spend a token: it opens one session, once, before it expires."""
    return consume_hashed(_hash(token))


def consume_hashed(hashed: str) -> Respondent:
    """Spend the link of this hash (kept by the session since :func:`see_link`)."""
    with transaction.atomic():
        link = _usable_link(hashed)
        link.used_at = timezone.now()
        link.save(update_fields=["used_at"])
        record("login", link.respondent, link.respondent.user, purpose=link.purpose)
    return link.respondent


MAX_REQUESTS_PER_ADDRESS: Final = 3
MAX_REQUESTS_PER_CLIENT: Final = 20
REQUEST_WINDOW: Final = dt.timedelta(hours=1)


def request_new_links(email: str, client: str) -> list[tuple[Respondent, str]]:
    """New login links for every authority this address answers for.

    Returns an empty list for an unknown address, so the caller says the same thing either way.
    Raises :class:`CollectionError` when too many requests came from this address or client.
    """
    address = normalise_email(email)
    address_hash = _hash(address)
    client_hash = _hash(client)
    since = timezone.now() - REQUEST_WINDOW
    with transaction.atomic():
        recent = LinkRequest.objects.filter(at__gte=since)
        if (
            recent.filter(email_hash=address_hash).count() >= MAX_REQUESTS_PER_ADDRESS
            or recent.filter(client=client_hash).count() >= MAX_REQUESTS_PER_CLIENT
        ):
            raise CollectionError(
                "Trop de demandes de lien en peu de temps. Réessayez dans une heure."
            )
        LinkRequest.objects.create(email_hash=address_hash, client=client_hash)
        respondents = list(Respondent.objects.filter(user__username=address).select_related("user"))
        return [(respondent, issue_link(respondent, "relogin")) for respondent in respondents]
