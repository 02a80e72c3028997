"""The public page of an authority: identity from the frame, participation in published waves
only, public answers only, the published figures of its stratum, the way to a login link."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from barometre.campaigns.models import Wave, WaveStatus
from barometre.referentiel import Frame, Unit, load_frame, stratum_of
from barometre.results.build import build_result_set
from barometre.results.models import ResultEstimate, ResultSet
from barometre.www.dashboard.figures import figure
from tests.results.factory import make_wave, sample_communes
from tests.support.pages import seen
from tests.www.test_dashboard_helpers import DIGIT, rendered_cells

pytestmark = pytest.mark.django_db


def small_stratum(frame: Frame) -> list[Unit]:
    """Two communes of 500 to 999 inhabitants: their stratum's figures are under secret."""
    units = (u for u in frame.of_type("commune") if u.region == "84" and stratum_of(u) == "500-999")
    return sorted(units, key=lambda u: u.code)[:2]


def published_wave(frame: Frame, communes: list[str]) -> tuple[Wave, ResultSet]:
    wave = make_wave(frame, communes, status=WaveStatus.PUBLISHED)
    return wave, build_result_set(wave, "final", frame=frame)


def page(client: Client, unit_id: str, query: str = "", status: int = 200) -> str:
    response = client.get(f"/collectivites/{unit_id}/{query}")
    assert response.status_code == status, seen(response)[:500]
    return response.content.decode()


def test_a_commune_reads_its_identity_from_the_frame(client: Client) -> None:
    text = seen(page(client, "commune:42218"))
    assert "Saint-Étienne" in text
    assert "Type de collectivité Commune" in text
    assert "Code INSEE de la commune 42218" in text
    assert "SIREN 214202186" in text
    assert "Population municipale (millésime 2026) 173 136 habitants" in text
    assert "Strate de taille Communes de 50 000 hab. et plus" in text
    assert "Département Loire (42)" in text
    assert "Région Auvergne-Rhône-Alpes (84)" in text
    assert "Intercommunalité (EPCI) Saint-Étienne Métropole (244200770)" in text
    assert "Codes postaux 42000, 42100, 42230" in text


def test_a_commune_links_to_its_epci_departement_and_region(client: Client) -> None:
    html = page(client, "commune:42218")
    for target in ("epci:244200770", "departement:42", "region:84"):
        assert f'href="/collectivites/{target}/"' in html


def test_an_epci_lists_its_member_communes_with_links(client: Client) -> None:
    frame = load_frame()
    members = frame.members("epci:244200770")
    html = page(client, "epci:244200770")
    text = seen(html)
    assert "Type de collectivité Intercommunalité (EPCI) : Métropole" in text
    assert "SIREN de l'intercommunalité 244200770" in text
    assert "Strate de taille Métropole" in text
    assert f"Communes membres de Saint-Étienne Métropole ({len(members)})" in text
    assert len(members) > 40
    for member in members:
        assert f'href="/collectivites/{member.id}/"' in html


def test_a_region_lists_its_departements(client: Client) -> None:
    text = seen(page(client, "region:84"))
    assert "Départements de la région Auvergne-Rhône-Alpes (12)" in text
    assert "Strate de taille Régions" in text
    assert "Loire 42" in text


def test_without_any_published_wave_the_page_says_so(client: Client) -> None:
    text = seen(page(client, "commune:42218"))
    assert "Aucune vague n'a encore été publiée." in text
    assert "Chiffres publiés pour la strate" not in text


def test_participation_is_told_for_published_waves_only(client: Client) -> None:
    frame = load_frame()
    communes = sample_communes(frame)
    ours = communes[0]
    published_wave(frame, communes)  # vague 1: it answered
    published_wave(frame, communes[1:])  # vague 2: it did not
    open_wave = make_wave(frame, [ours], status=WaveStatus.OPEN)  # vague 3: still open
    closed = make_wave(frame, communes, status=WaveStatus.CLOSED)  # vague 4: not published
    build_result_set(closed, "final", frame=frame)
    html = page(client, ours)
    text = seen(html)
    answered = "Essai résultats, vague 1 (détaillée plus bas) Oui Questionnaire d'essai des"
    assert answered in text
    assert "Essai résultats, vague 2 Non aucun" in text
    for hidden in (open_wave, closed):
        assert hidden.label not in text
        assert f'data-wave="{hidden.pk}"' not in html
        assert f"vague={hidden.pk}" not in html
    # the number of respondents of the authority, their role or their names: never
    assert not re.search(r"\b\d+ (personnes?|répondants?)\b", text)
    assert "@essai.invalid" not in html


def test_an_unpublished_wave_asked_for_is_the_same_404_as_an_unknown_one(client: Client) -> None:
    frame = load_frame()
    closed = make_wave(frame, status=WaveStatus.CLOSED)
    build_result_set(closed, "final", frame=frame)
    unit = sample_communes(frame)[0]
    hidden = seen(page(client, unit, f"?vague={closed.pk}", status=404))
    unknown = seen(page(client, unit, "?vague=999999", status=404))
    assert "Aucun résultat publié pour cette vague." in hidden
    assert hidden == unknown
    assert "Essai résultats" not in hidden


def test_public_answers_are_shown_never_secret_restricted_free_text_or_role(client: Client) -> None:
    frame = load_frame()
    communes = sample_communes(frame)
    published_wave(frame, communes)
    first = seen(page(client, communes[0]))  # answers_for(0): no site, victim, formula comment
    assert "Avez-vous un site internet ? Non" in first
    assert "Part des démarches en ligne Sans réponse ou question non posée" in first
    assert "Quels outils ? Messagerie" in first
    for hidden in ("Victime d une attaque", "Assurance cyber", "Un commentaire", "HYPERLINK",
                   "Nom du site", "site-0", "Rôle", "agent de la collectivité"):  # fmt: skip
        assert hidden not in first, hidden
    second = seen(page(client, communes[1]))  # answers_for(1): a site, 10 % online, two tools
    assert "Avez-vous un site internet ? Oui" in second
    assert "Part des démarches en ligne 10 %" in second
    assert "Quels outils ? Messagerie, Agenda partagé" in second


def test_an_authority_that_did_not_answer_has_no_answers_but_its_stratum_figures(
    client: Client,
) -> None:
    frame = load_frame()
    communes = sample_communes(frame)
    published_wave(frame, communes[1:])
    text = seen(page(client, communes[0]))
    assert "n'a pas soumis ce questionnaire lors de cette vague" in text
    assert "réponses publiques, Questionnaire d'essai" not in text
    assert "Chiffres publiés pour la strate « Communes de moins de 500 hab. »" in text


def test_stratum_figures_are_the_published_estimates_and_secret_cells_show_no_number(
    client: Client,
) -> None:
    frame = load_frame()
    small = small_stratum(frame)
    _, result_set = published_wave(frame, [*sample_communes(frame), *(u.id for u in small)])
    html = page(client, small[0].id)
    cells = rendered_cells(html)
    weighted = ResultEstimate.objects.filter(
        result_set=result_set, domain__in=["stratum", "ensemble"], weighting="pondere"
    )
    checked = 0
    for estimate in weighted:
        key = f"{estimate.indicator_id}|{estimate.domain}|{estimate.level}"
        if estimate.domain == "stratum" and estimate.level != "500-999":
            assert key not in cells  # another stratum's figures are not on this page
            continue
        shown = cells[key]
        if estimate.suppressed:
            assert "secret statistique" in shown
            assert not DIGIT.search(shown), (key, shown)
        else:
            printed = figure(estimate)
            for part in (printed.value, printed.interval, printed.base):
                assert part in shown, (key, shown)
        checked += 1
    assert checked == 6  # three indicators, in the stratum (all secret) and for the whole
    assert seen(html).count("secret statistique") >= 3


def test_the_page_links_to_the_theme_for_its_stratum_and_to_the_link_request(
    client: Client,
) -> None:
    frame = load_frame()
    communes = sample_communes(frame)
    wave, _ = published_wave(frame, communes)
    html = page(client, communes[0])
    assert f'href="/resultats/{wave.pk}/essai_resultats/?stratum=&lt;500"' in html
    text = seen(html)
    assert "Vous êtes élu ou agent de cette collectivité ?" in text
    link = re.search(r'href="(/je-reponds/\?authority=[^"]+)"', html)
    assert link is not None
    request = client.get(link.group(1).replace("&amp;", "&"))
    assert request.status_code == 200
    chosen = request.content.decode()
    assert f'value="{communes[0]}" checked' in chosen


def test_the_home_search_links_each_result_to_its_page(client: Client) -> None:
    html = client.get("/", {"q": "st etienne"}).content.decode()
    assert '<a href="/collectivites/commune:42218/">Saint-Étienne</a>' in html
    assert client.get("/collectivites/commune:42218/").status_code == 200


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("commune:99999", "Aucune collectivité de type commune n'a le code « 99999 »."),
        ("epci:123456789", "Aucune collectivité de type epci n'a le code « 123456789 »."),
        ("zzz:1", "commence par un type inconnu"),
        ("commune:", "n'a pas de code après « : »"),
        ("pas-un-code", "n'est ni un identifiant"),
        ("commune:" + "9" * 5000, "Cet identifiant est trop long"),
        ("9" * 20, "n'est ni un identifiant"),
    ],
)
def test_an_unknown_or_malformed_id_is_a_french_404(
    client: Client, path: str, message: str
) -> None:
    text = seen(page(client, path, status=404))
    assert "Collectivité introuvable" in text
    assert message in text
    assert "9" * 100 not in text  # a huge id is not printed back


def test_a_bare_code_redirects_to_the_page_of_its_stable_id(client: Client) -> None:
    response = client.get("/collectivites/42218/?vague=3")
    assert response.status_code == 301
    assert response["Location"] == "/collectivites/commune:42218/?vague=3"
    assert client.get("/collectivites/244200770/")["Location"] == "/collectivites/epci:244200770/"


@pytest.mark.parametrize("value", ["abc", "-1", "1.5", "9x", "٣", ""])
def test_a_malformed_wave_is_a_french_400(client: Client, value: str) -> None:
    text = seen(page(client, "commune:42218", f"?vague={value}", status=400))
    assert "Demande incorrecte" in text
    assert "Le paramètre vague est le numéro d'une vague publiée." in text


def test_the_page_only_reads(client: Client) -> None:
    assert client.post("/collectivites/commune:42218/").status_code == 405


def test_a_result_set_without_frozen_answers_says_participation_is_not_available(
    client: Client,
) -> None:
    frame = load_frame()
    communes = sample_communes(frame)
    _, result_set = published_wave(frame, communes)
    result_set.answer_tables.all().delete()  # as a set built before the answers were frozen
    text = seen(page(client, communes[0]))
    assert "Essai résultats, vague 1 (détaillée plus bas) non disponible" in text
    assert "Les réponses par collectivité de cette vague ne sont pas disponibles" in text
    assert "n'a pas soumis ce questionnaire" not in text  # not known, so not said
    assert "Avez-vous un site internet ?" not in text
    assert "Chiffres publiés pour la strate « Communes de moins de 500 hab. »" in text
