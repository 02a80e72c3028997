"""The one place where the environment is read. Settings modules import from here only."""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass
from email.utils import parseaddr
from pathlib import Path
from urllib.parse import unquote, urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent


class ConfigurationError(RuntimeError):
    """A missing or malformed environment variable, explained in French."""


def text(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None or value == "":
        raise ConfigurationError(f"La variable d'environnement {name} est obligatoire.")
    return value


def flag(name: str, *, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "oui", "on"}:
        return True
    if lowered in {"0", "false", "no", "non", "off"}:
        return False
    raise ConfigurationError(f"{name} doit valoir 1/0, true/false ou oui/non (reçu « {raw} »).")


def whole_number(name: str, default: int) -> int:
    """A positive whole number (a rate, a delay), ``default`` when unset."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise ConfigurationError(f"{name} doit être un entier positif (reçu « {raw} »).")
    return int(raw)


def items(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


def networks(name: str) -> list[str]:
    """Addresses or networks (``10.0.0.1``, ``10.0.0.0/8``, ``::1``), comma-separated."""
    found = items(name)
    for item in found:
        try:
            ipaddress.ip_network(item, strict=False)
        except ValueError:
            raise ConfigurationError(
                f"{name} : « {item} » n'est ni une adresse IP ni un réseau (ex. 10.0.0.0/8)."
            ) from None
    return found


def admins(name: str) -> list[tuple[str, str]]:
    """``Nom <adresse>`` or ``adresse``, comma-separated: who is told of server errors."""
    found = []
    for item in items(name):
        display, address = parseaddr(item)
        if "@" not in address or " " in address:
            raise ConfigurationError(f"{name} : « {item} » n'est pas une adresse électronique.")
        found.append((display or address, address))
    return found


@dataclass(frozen=True)
class Database:
    engine: str
    name: str
    user: str = ""
    password: str = ""
    host: str = ""
    port: str = ""

    def as_django(self) -> dict[str, object]:
        return {
            "ENGINE": self.engine,
            "NAME": self.name,
            "USER": self.user,
            "PASSWORD": self.password,
            "HOST": self.host,
            "PORT": self.port,
            "ATOMIC_REQUESTS": False,
            "CONN_MAX_AGE": 60 if self.engine.endswith("postgresql") else 0,
            # A kept connection is checked before a request reuses it: after PostgreSQL
            # restarts, each worker's first request would otherwise fail on the dead one
            # (tests/reliability/test_database_stops.py).
            "CONN_HEALTH_CHECKS": True,
        }


def database(name: str = "DATABASE_URL", default: str | None = None) -> Database:
    """Parse ``sqlite:///path`` or ``postgresql://user:password@host:port/name``."""
    url = text(name, default)
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        path = unquote(parts.path)
        return Database("django.db.backends.sqlite3", path[1:] if path.startswith("//") else path)
    if parts.scheme in {"postgres", "postgresql"}:
        return Database(
            "django.db.backends.postgresql",
            unquote(parts.path.lstrip("/")),
            unquote(parts.username or ""),
            unquote(parts.password or ""),
            unquote(parts.hostname or ""),
            str(parts.port or ""),
        )
    raise ConfigurationError(
        f"{name} doit commencer par sqlite:/// ou postgresql:// (reçu « {parts.scheme}: »)."
    )


@dataclass(frozen=True)
class ProConnect:
    """The client of ProConnect (OpenID Connect for public agents); endpoints from its base URL."""

    client_id: str
    client_secret: str
    authorization_endpoint: str
    token_endpoint: str
    userinfo_endpoint: str
    jwks_endpoint: str


def proconnect() -> ProConnect | None:
    """``None`` (ProConnect off) unless PROCONNECT_CLIENT_ID is set; then the rest is required."""
    client_id = os.environ.get("PROCONNECT_CLIENT_ID", "")
    if not client_id:
        return None
    base = text("PROCONNECT_BASE_URL").rstrip("/")
    return ProConnect(
        client_id=client_id,
        client_secret=text("PROCONNECT_CLIENT_SECRET"),
        authorization_endpoint=text("PROCONNECT_AUTHORIZATION_ENDPOINT", f"{base}/authorize"),
        token_endpoint=text("PROCONNECT_TOKEN_ENDPOINT", f"{base}/token"),
        userinfo_endpoint=text("PROCONNECT_USERINFO_ENDPOINT", f"{base}/userinfo"),
        jwks_endpoint=text("PROCONNECT_JWKS_ENDPOINT", f"{base}/jwks"),
    )


# --- Operations: file locations, retention of personal data (docs/operations.md) ---------------


def path(name: str, default: Path) -> Path:
    """An absolute directory, ``default`` when unset."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not Path(raw).is_absolute():
        raise ConfigurationError(f"{name} doit être un chemin absolu (reçu « {raw} »).")
    return Path(raw)


@dataclass(frozen=True)
class Retention:
    """How many days each kind of personal data is kept (RGPD), after the event named."""

    contacts: int  # a contact who never answered, after their last activity
    respondents: int  # a person who answered, after their last activity
    login_links: int  # a login link, after it expired or was used
    access_requests: int  # an access request, after its decision (or its sending)
    logs: int  # audit events that name a person, reminder logs, new-link requests


def retention() -> Retention:
    """BAROMETRE_RETENTION_*_DAYS; by default 2 years, 3 years, 30 days, 6 months and 1 year."""
    return Retention(
        contacts=whole_number("BAROMETRE_RETENTION_CONTACTS_DAYS", 730),
        respondents=whole_number("BAROMETRE_RETENTION_RESPONDENTS_DAYS", 1095),
        login_links=whole_number("BAROMETRE_RETENTION_LOGIN_LINKS_DAYS", 30),
        access_requests=whole_number("BAROMETRE_RETENTION_ACCESS_REQUESTS_DAYS", 180),
        logs=whole_number("BAROMETRE_RETENTION_LOGS_DAYS", 365),
    )
