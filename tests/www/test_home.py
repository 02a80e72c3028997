"""The home page explains the barometer and searches the frame without JavaScript."""

from __future__ import annotations

from django.test import Client


def test_home_page_presents_the_frame(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr"' in html
    assert "<h1>Baromètre numérique des collectivités</h1>" in html
    assert "34\xa0875 communes" in html


def test_search_results_are_a_table_with_type_code_and_departement(client: Client) -> None:
    html = client.get("/", {"q": "st etienne"}).content.decode()
    assert "<caption>" in html
    assert "Saint-Étienne" in html
    assert "42218" in html
    assert "Loire (42)" in html


def test_empty_search_shows_a_french_error_linked_to_the_field(client: Client) -> None:
    html = client.get("/", {"q": "   "}).content.decode()
    assert "La recherche est vide" in html
    assert 'aria-describedby="q-erreur"' in html


def test_hostile_query_is_escaped(client: Client) -> None:
    html = client.get("/", {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_every_page_carries_a_content_security_policy(client: Client) -> None:
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "nonce-" in policy
    assert response["X-Frame-Options"] == "DENY"


def test_every_page_links_to_the_accessibility_statement(client: Client) -> None:
    html = client.get("/").content.decode()
    assert 'href="/accessibilite/"' in html
    statement = client.get("/accessibilite/").content.decode()
    assert "Déclaration d'accessibilité" in statement
    assert "Défenseur des droits" in statement


def test_a_browser_that_asks_for_english_still_reads_french(client: Client) -> None:
    # Chromium and most browsers send their own language: the site has only French to offer
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="fr"' in html
    assert "34\xa0875 communes" in html
    assert "Sauf mention explicite de propriété intellectuelle" in html
    assert "Unless explicit mention" not in html


def test_a_form_sent_to_a_page_that_only_shows_gets_a_french_405(client: Client) -> None:
    for path in ("/", "/accessibilite/", "/donnees-personnelles/"):
        refused = client.post(path)
        assert refused.status_code == 405
        assert refused["Allow"] == "GET, HEAD"
        html = refused.content.decode()
        assert "Cette adresse ne prend pas en charge ce type de demande (« POST »)" in html
        assert "Rien n’a été" in html
    api = client.post("/api/v1/vagues")  # the API keeps its own JSON answer
    assert api.status_code == 405
    assert api["Content-Type"].startswith("application/json")
