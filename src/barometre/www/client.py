"""The client's address, for rate limits: behind the TLS proxy, REMOTE_ADDR is the proxy's.

``X-Forwarded-For`` is read right to left and trusted only as far as the hops are proxies of
TRUSTED_PROXIES (config/env.py): the first hop that is not one of them is the client. Without
trusted proxies, or when the request does not come from one, the header is ignored (anybody
can send it) and REMOTE_ADDR is the client."""

from __future__ import annotations

import ipaddress
from functools import cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
MAX_HOPS = 20


@cache
def _networks(trusted: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(item, strict=False) for item in trusted)


def _trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(request: HttpRequest) -> str:
    remote = str(request.META.get("REMOTE_ADDR", ""))
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    if not networks or not _trusted(remote, networks):
        return remote
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
    hops = [hop.strip() for hop in forwarded[-MAX_HOPS:] if hop.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, networks):
            return hop[:64]
    return hops[0][:64] if hops else remote  # every hop is a proxy of ours: the farthest one
