"""ProConnect (the State's OpenID Connect federation for public agents) as a way in.

The backend never creates access: a verified e-mail logs in only a person who already answers
for at least one authority. For anyone else, when the ``siret`` claim names an authority of the
frame, an access request is queued for an operator or a relay, exactly as from the public form.
"""

from __future__ import annotations

import logging
from typing import Any

import jwt
import requests
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.exceptions import SuspiciousOperation
from django.db.models import QuerySet
from django.http import HttpRequest
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from barometre.audit.log import record
from barometre.collection.access import queue_request
from barometre.collection.errors import CollectionError
from barometre.collection.links import canonical_authority, normalise_email
from barometre.collection.models import Role

LOGGER = logging.getLogger(__name__)
SESSION_OUTCOME = "barometre_proconnect_outcome"
SIREN_LENGTH = 9


def verified_address(claims: dict[str, Any]) -> str | None:
    """The normalised e-mail of the claims, or ``None`` when it is missing or malformed."""
    email = claims.get("email")
    if not isinstance(email, str):
        return None
    try:
        return normalise_email(email)
    except CollectionError:
        return None


def authority_of(claims: dict[str, Any]) -> str | None:
    """The frame id named by the SIRET claim (its first nine digits are the SIREN), if any."""
    siret = claims.get("siret")
    if not isinstance(siret, str) or len(siret) < SIREN_LENGTH:
        return None
    try:
        return canonical_authority(siret[:SIREN_LENGTH])
    except CollectionError:
        return None


def queue_unknown(claims: dict[str, Any]) -> bool:
    """Queue an access request for an unknown agent; whether one could be queued."""
    address = verified_address(claims)
    authority_id = authority_of(claims)
    if address is None or authority_id is None:
        record("proconnect_unknown", None, None, authority=authority_id or "")
        return False
    function = str(claims.get("belonging_population") or "")[:120]
    queue_request(authority_id, address, Role.AGENT, function, "proconnect")
    return True


class ProConnectBackend(OIDCAuthenticationBackend):
    """Maps the verified e-mail to existing respondents; never creates a user."""

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        """As the parent, but a provider that fails or answers nonsense means « not logged in »."""
        try:
            return super().authenticate(request, **kwargs)  # type: ignore[no-any-return]
        except (requests.RequestException, jwt.PyJWTError, KeyError, ValueError) as error:
            LOGGER.warning("ProConnect : échec de l'échange avec le fournisseur (%s)", error)
            return None

    def retrieve_matching_jwk(self, token: str) -> Any:
        """The provider's key; a token without ``kid`` is accepted only when the set has one key."""
        header = jwt.get_unverified_header(token)
        if "kid" in header:
            return super().retrieve_matching_jwk(token)
        response = requests.get(
            self.OIDC_OP_JWKS_ENDPOINT,
            verify=self.get_settings("OIDC_VERIFY_SSL", True),  # noqa: FBT003 - (name, default)
            timeout=self.get_settings("OIDC_TIMEOUT", None),
        )
        response.raise_for_status()
        keys = response.json()["keys"]
        if len(keys) != 1 or keys[0].get("alg", header.get("alg")) != header.get("alg"):
            raise SuspiciousOperation("Jeton sans « kid » et plusieurs clés possibles.")
        return jwt.PyJWK(keys[0], algorithm=header.get("alg"))

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return verified_address(claims) is not None

    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[Any]:
        address = verified_address(claims)
        return (
            get_user_model()
            .objects.filter(username=address, is_active=True, respondents__isnull=False)
            .distinct()
        )

    def create_user(self, claims: dict[str, Any]) -> None:
        """Called only for an address without respondents: queue, and let nobody in."""
        queued = queue_unknown(claims)
        self.request.session[SESSION_OUTCOME] = "queued" if queued else "unknown"

    def update_user(self, user: User, claims: dict[str, Any]) -> User:  # noqa: ARG002 - mozilla-django-oidc's signature
        self.request.session[SESSION_OUTCOME] = "known"
        return user
