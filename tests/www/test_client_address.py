"""Behind the TLS proxy, rate limits count the client, not the proxy (TRUSTED_PROXIES)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory, override_settings

from barometre.collection.access import MAX_PER_CLIENT
from barometre.www.client import client_address

pytestmark = pytest.mark.django_db
PROXY = "10.0.0.5"


@pytest.fixture(autouse=True)
def fresh_rate_limit() -> None:
    cache.clear()


def address(remote: str, forwarded: str | None = None) -> str:
    headers = {} if forwarded is None else {"X-Forwarded-For": forwarded}
    return client_address(RequestFactory().get("/", REMOTE_ADDR=remote, headers=headers))


@override_settings(TRUSTED_PROXIES=["10.0.0.0/24", "::1"])
@pytest.mark.parametrize(
    ("remote", "forwarded", "client"),
    [
        (PROXY, "203.0.113.7", "203.0.113.7"),
        (PROXY, "198.51.100.1, 203.0.113.7", "203.0.113.7"),  # the left one is the client's say
        (PROXY, "203.0.113.7, 10.0.0.9", "203.0.113.7"),  # two proxies of ours
        (PROXY, "2001:db8::1", "2001:db8::1"),
        (PROXY, None, PROXY),
        ("203.0.113.9", "198.51.100.1", "203.0.113.9"),  # not from a proxy: the header is a lie
    ],
)
def test_forwarded_hops_are_read_right_to_left_up_to_the_trusted_proxies(
    remote: str, forwarded: str | None, client: str
) -> None:
    assert address(remote, forwarded) == client


@override_settings(TRUSTED_PROXIES=[])
def test_without_trusted_proxies_the_header_is_ignored() -> None:
    assert address(PROXY, "203.0.113.7") == PROXY


@override_settings(TRUSTED_PROXIES=[f"{PROXY}/32"], API_REQUESTS_PER_MINUTE=120)
def test_130_clients_behind_the_proxy_each_have_their_own_api_limit() -> None:
    codes = [
        Client(REMOTE_ADDR=PROXY)
        .get("/api/v1/vagues", headers={"X-Forwarded-For": f"198.51.100.{n}"})
        .status_code
        for n in range(130)
    ]
    assert codes == [200] * 130
    same = [
        Client(REMOTE_ADDR=PROXY)
        .get("/api/v1/vagues", headers={"X-Forwarded-For": "203.0.113.7"})
        .status_code
        for _ in range(121)
    ]
    assert same[-2:] == [200, 429]


@override_settings(TRUSTED_PROXIES=[], API_REQUESTS_PER_MINUTE=3)
def test_a_forged_header_from_a_direct_client_does_not_escape_the_limit() -> None:
    codes = [
        Client(REMOTE_ADDR="203.0.113.9")
        .get("/api/v1/vagues", headers={"X-Forwarded-For": f"198.51.100.{n}"})
        .status_code
        for n in range(4)
    ]
    assert codes == [200, 200, 200, 429]


def ask_for(forwarded: str, n: int) -> int:
    data = {"authority": "commune:42218", "role": "agent", "email": f"agent{n}@gmail.com"}
    client = Client(REMOTE_ADDR=PROXY, headers={"X-Forwarded-For": forwarded})
    return client.post("/je-reponds/", data).status_code


@override_settings(TRUSTED_PROXIES=[f"{PROXY}/32"])
def test_je_reponds_counts_each_client_behind_the_proxy() -> None:
    assert [ask_for(f"198.51.100.{n}", n) for n in range(MAX_PER_CLIENT + 1)] == [200] * (
        MAX_PER_CLIENT + 1
    )
    same = [ask_for("203.0.113.7", 100 + n) for n in range(MAX_PER_CLIENT + 1)]
    assert same[-2:] == [200, 429]
