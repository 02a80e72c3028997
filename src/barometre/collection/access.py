"""« Je réponds pour ma collectivité »: who gets a link at once, who waits for a person to decide.

The rule (``vouched``): an address gets a link at once when it is already a respondent of that
authority, or when its domain is vouched for — listed by operators for that authority
(:class:`AllowedDomain`, subdomains included), or the authority's own name under a public-sector
top-level domain (``saint-etienne.fr``, ``mairie-saint-etienne.fr``, ``ville-lyon.fr``), provided
no other authority of the frame has the same normalised name. Everyone else is queued.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache
from typing import Final

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone

from barometre.audit.log import record
from barometre.collection.errors import CollectionError, ConflictError, NotFoundError
from barometre.collection.links import canonical_authority, enrol, issue_link, normalise_email
from barometre.collection.models import (
    AccessRequest,
    AccessRequestStatus,
    AllowedDomain,
    LinkRequest,
    Respondent,
    Role,
)
from barometre.referentiel import load_frame

PUBLIC_TLDS: Final = frozenset(
    {"fr", "bzh", "alsace", "corsica", "paris", "re", "gp", "mq", "gf", "yt", "pm", "nc", "pf"}
)
NAME_PREFIXES: Final = ("", "mairie", "ville", "commune", "mairiede", "villede", "communede")
MAX_PER_ADDRESS: Final = 3
MAX_PER_CLIENT: Final = 20
WINDOW: Final = dt.timedelta(hours=1)
MAX_FUNCTION_LENGTH: Final = 120
MAX_ADDRESS_LENGTH: Final = 150


class TooManyRequestsError(CollectionError):
    status = 429


class Outcome(enum.Enum):
    LINK = "link"
    QUEUED = "queued"


@dataclass(frozen=True)
class AccessAnswer:
    """What happened; the page shows the same words for both outcomes."""

    outcome: Outcome
    respondent: Respondent | None = None
    token: str = ""
    purpose: str = ""


def _hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def squeeze(text: str) -> str:
    """Lower case, no accents, letters and digits only: « Saint-Étienne » → ``saintetienne``."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return re.sub(r"[^a-z0-9]", "", "".join(c for c in decomposed if not unicodedata.combining(c)))


@cache
def _name_counts() -> Counter[str]:
    frame = load_frame()
    return Counter(
        squeeze(unit.name)
        for kind in ("commune", "epci", "departement", "region")
        for unit in frame.of_type(kind)
    )


def name_domain_matches(authority_id: str, domain: str) -> bool:
    """Whether ``domain`` is the authority's own name under a public-sector top-level domain."""
    labels = domain.split(".")
    if len(labels) < 2 or labels[-1] not in PUBLIC_TLDS:  # noqa: PLR2004 - name and TLD
        return False
    name = squeeze(load_frame().get(authority_id).name)
    if len(name) < 3 or _name_counts()[name] != 1:  # noqa: PLR2004 - too short to tell
        return False
    return squeeze(labels[-2]) in {prefix + name for prefix in NAME_PREFIXES}


def allowed_domain_matches(authority_id: str, domain: str) -> bool:
    listed = AllowedDomain.objects.filter(authority_id=authority_id).values_list(
        "domain", flat=True
    )
    return any(domain == entry or domain.endswith("." + entry) for entry in listed)


def vouched(authority_id: str, address: str) -> bool:
    """Whether this address may get a link for this authority without a person deciding."""
    if Respondent.objects.filter(user__username=address, authority_id=authority_id).exists():
        return True
    domain = address.rpartition("@")[2]
    return allowed_domain_matches(authority_id, domain) or name_domain_matches(authority_id, domain)


def _throttle(address: str, client: str) -> None:
    since = timezone.now() - WINDOW
    recent = LinkRequest.objects.filter(at__gte=since)
    if (
        recent.filter(email_hash=_hash(address)).count() >= MAX_PER_ADDRESS
        or recent.filter(client=_hash(client)).count() >= MAX_PER_CLIENT
    ):
        raise TooManyRequestsError("Trop de demandes en peu de temps. Réessayez dans une heure.")
    LinkRequest.objects.create(email_hash=_hash(address), client=_hash(client))


def _clean(authority: str, email: str, role: str, function: str) -> tuple[str, str, str]:
    if role not in Role.values:
        raise CollectionError("Choisissez votre rôle : agent ou élu.")
    if len(function) > MAX_FUNCTION_LENGTH:
        raise CollectionError(f"La fonction dépasse {MAX_FUNCTION_LENGTH} caractères.")
    address = normalise_email(email)
    if len(address) > MAX_ADDRESS_LENGTH:
        raise CollectionError(f"L'adresse dépasse {MAX_ADDRESS_LENGTH} caractères.")
    return canonical_authority(authority), address, function.strip()


def ask_access(
    authority: str,
    email: str,
    role: str,
    function: str = "",
    *,
    client: str,
    source: str = "formulaire",
) -> AccessAnswer:
    """A link for a vouched address, otherwise a queued request (idempotent while pending)."""
    authority_id, address, function = _clean(authority, email, role, function)
    with transaction.atomic():
        _throttle(address, client)
        if vouched(authority_id, address):
            respondent = enrol(authority_id, address, role, function)
            purpose = "relogin" if respondent.links.exists() else "invitation"
            token = issue_link(respondent, purpose)
            record("access_link", respondent, None, source=source)
            return AccessAnswer(Outcome.LINK, respondent, token, purpose)
        queue_request(authority_id, address, role, function, source)
    return AccessAnswer(Outcome.QUEUED)


def queue_request(
    authority_id: str, address: str, role: str, function: str, source: str
) -> AccessRequest:
    """The pending request for this person and authority, created if needed."""
    pending = AccessRequest.objects.filter(
        authority_id=authority_id, email=address, status=AccessRequestStatus.PENDING
    ).first()
    if pending is not None:
        return pending
    try:
        with transaction.atomic():
            request = AccessRequest.objects.create(
                authority_id=authority_id,
                email=address,
                role=role,
                function=function,
                source=source,
            )
    except IntegrityError:  # a twin request won the race: it stands for this one
        return AccessRequest.objects.get(
            authority_id=authority_id, email=address, status=AccessRequestStatus.PENDING
        )
    record("access_request", request, None, source=source)
    return request


def _pending(request_id: int) -> AccessRequest:
    request = AccessRequest.objects.select_for_update().filter(pk=request_id).first()
    if request is None:
        raise NotFoundError("Cette demande n'existe pas.")
    if request.status != AccessRequestStatus.PENDING:
        raise ConflictError(f"Cette demande a déjà été {request.get_status_display()}.")
    return request


def approve(request_id: int, actor: User, *, allow_domain: bool = False) -> tuple[Respondent, str]:
    """Enrol the requester and return a fresh invitation token for the e-mail."""
    with transaction.atomic():
        request = _pending(request_id)
        respondent = enrol(request.authority_id, request.email, request.role, request.function)
        _decide(request, AccessRequestStatus.APPROVED, actor)
        if allow_domain:
            domain = request.email.rpartition("@")[2]
            AllowedDomain.objects.get_or_create(
                authority_id=request.authority_id, domain=domain, defaults={"added_by": actor}
            )
            record("allowed_domain", request, actor, domain=domain)
        return respondent, issue_link(respondent, "invitation")


def refuse(request_id: int, actor: User) -> AccessRequest:
    with transaction.atomic():
        request = _pending(request_id)
        _decide(request, AccessRequestStatus.REFUSED, actor)
    return request


def _decide(request: AccessRequest, status: str, actor: User) -> None:
    request.status = status
    request.decided_at = timezone.now()
    request.decided_by = actor
    request.save(update_fields=["status", "decided_at", "decided_by"])
    record(f"access_request_{status}", request, actor)
