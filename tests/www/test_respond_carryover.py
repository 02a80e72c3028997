"""The respondent's pages with last edition's answers: shown beside each question, copied in
only by the section's confirmation button, never by « Enregistrer et continuer »."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from barometre.campaigns.models import Wave
from barometre.collection import flows
from barometre.collection.models import Answer, Respondent
from tests.support.collection_fixtures import PREVIOUS_VALUES, SOURCE_WITH_FAX, previous_wave_with
from tests.www.test_respond import form_fields, logged_in, start

pytestmark = pytest.mark.django_db

BUTTON = "Confirmer les réponses de l'an dernier pour cette section"
SAID = (
    "Réponse de l&#x27;édition 2025, donnée par ancienne.dgs@saint-etienne.fr, agent "
    "(directrice générale), le 3 février 2025 : "
)


def fieldset(html: str, qid: str) -> str:
    found = re.search(rf'<fieldset[^>]*id="q-{qid}".*?</fieldset>', html, re.DOTALL)
    assert found, qid
    return found.group(0)


def carry_form(html: str) -> dict[str, str]:
    box = html[html.index('id="reprise"') :]
    return {**form_fields(box), "action": "reprendre"}


def test_the_page_shows_last_answers_with_who_and_when_and_prefills_nothing(
    client: Client, open_wave: Wave, previous_wave: Wave, agent: Respondent
) -> None:
    logged_in(client, agent)
    start(client, open_wave)
    html = client.get(f"/repondre/{open_wave.pk}/essai/site/").content.decode()
    assert "Vos réponses de l'édition 2025" in html
    assert SAID + "Oui" in html
    assert SAID + "40" in html  # the later screen of the section, sent for the browser
    assert BUTTON in html
    assert " checked" not in fieldset(html, "a_site")
    assert 'name="pages" value=""' in html


def test_saving_without_confirming_carries_nothing(
    client: Client, open_wave: Wave, previous_wave: Wave, agent: Respondent
) -> None:
    logged_in(client, agent)
    start(client, open_wave)
    url = f"/repondre/{open_wave.pk}/essai/outils/"
    html = client.get(url).content.decode()
    saved = client.post(url, {**form_fields(html), "action": "suivant"})
    assert saved.status_code == 302
    assert not Answer.objects.filter(response__wave=open_wave).exists()


def test_the_confirmation_copies_the_section_in_and_they_stay_editable(
    client: Client, open_wave: Wave, previous_wave: Wave, agent: Respondent
) -> None:
    logged_in(client, agent)
    start(client, open_wave)
    url = f"/repondre/{open_wave.pk}/essai/outils/"
    confirmed = client.post(url, carry_form(client.get(url).content.decode()))
    assert confirmed.status_code == 302
    assert confirmed["Location"] == url
    html = client.get(url).content.decode()
    assert "Les réponses de l&#x27;an dernier sont reprises pour cette section" in html
    assert BUTTON not in html
    assert "Site refait en 2024</textarea>" in html
    assert 'value="messagerie" checked' in fieldset(html, "outils")
    changed = client.post(
        url, {**form_fields(html), "action": "suivant", "outils": ["messagerie"],
              "commentaire": "Site refait en 2024"},
    )  # fmt: skip
    assert changed.status_code == 302
    mine = Answer.objects.filter(response__wave=open_wave)
    stored = dict(mine.values_list("question_id", "provenance"))
    assert stored == {"outils": "modifiee", "commentaire": "reprise"}


def test_no_previous_edition_shows_nothing_of_it(
    client: Client, open_wave: Wave, agent: Respondent
) -> None:
    logged_in(client, agent)
    start(client, open_wave)
    html = client.get(f"/repondre/{open_wave.pk}/essai/site/").content.decode()
    assert "édition 2025" not in html
    assert "Confirmer les réponses" not in html
    refused = client.post(f"/repondre/{open_wave.pk}/essai/site/", carry_form_or_plain(html))
    assert refused.status_code == 302
    follow = client.get(refused["Location"]).content.decode()
    assert "il n&#x27;y a aucune réponse à reprendre" in follow


def carry_form_or_plain(html: str) -> dict[str, str]:
    return {**form_fields(html), "action": "reprendre"}


def test_changed_choices_without_a_recode_map_say_why_nothing_is_carried(
    client: Client, open_wave: Wave, agent: Respondent
) -> None:
    previous_wave_with(SOURCE_WITH_FAX, {**PREVIOUS_VALUES, "outils": ["messagerie", "fax"]})
    logged_in(client, agent)
    start(client, open_wave)
    url = f"/repondre/{open_wave.pk}/essai/outils/"
    html = client.get(url).content.decode()
    assert SAID + "Messagerie, Télécopie" in html
    assert (
        "Cette réponse de l&#x27;édition 2025 ne peut pas être reprise : les choix de cette "
        "question ont changé depuis (« fax » n&#x27;existe plus) et aucune table de recodage "
        "confirmée ne dit à quel choix le rapporter." in html
    )
    client.post(url, carry_form(html))
    response = flows.open_response(open_wave, "essai", agent)
    assert flows.current_values(response) == {"commentaire": "Site refait en 2024"}


def test_summary_receipt_and_email_say_what_became_of_each_previous_answer(
    client: Client, open_wave: Wave, previous_wave: Wave, agent: Respondent
) -> None:
    logged_in(client, agent)
    start(client, open_wave)
    base = f"/repondre/{open_wave.pk}/essai"
    client.post(f"{base}/site/", carry_form(client.get(f"{base}/site/").content.decode()))
    html = client.get(f"{base}/site/").content.decode()
    client.post(f"{base}/site/", {**form_fields(html), "action": "suivant", "a_site": "oui",
                                  "pages": "55", "etendue": "section"})  # fmt: skip
    html = client.get(f"{base}/profil/").content.decode()
    client.post(f"{base}/profil/", {**form_fields(html), "action": "suivant", "role": "agent"})
    summary = client.get(f"{base}/recapitulatif/").content.decode()
    counted = (
        "Réponses de l&#x27;édition 2025 : 1 reprise et confirmée telle quelle, 1 reprise puis "
        "modifiée, 2 laissées sans réponse."
    )
    assert counted.replace("l&#x27;", "l'") in summary
    assert "reprise de l&#x27;édition 2025 et confirmée" in summary
    assert "reprise de l&#x27;édition 2025 puis modifiée" in summary
    assert SAID + "40" in summary  # the changed one shows what it was
    assert "laissée sans réponse (une réponse de l&#x27;édition 2025 était proposée)" in summary
    submitted = client.post(f"{base}/recapitulatif/")
    assert submitted.status_code == 302
    receipt = client.get(submitted["Location"]).content.decode()
    assert counted.replace("l&#x27;", "l'") in receipt
    assert "reprise de l&#x27;édition 2025 puis modifiée" in receipt
    body = mail.outbox[-1].body
    assert "Réponses de l'édition 2025 : 1 reprise et confirmée telle quelle" in body
    assert "- Combien de pages ? : 55 [reprise de l'édition 2025 puis modifiée]" in body
    assert "- Avez-vous un site internet ? : Oui [reprise de l'édition 2025 et confirmée]" in body
    assert "- Quels outils ? : (sans réponse) [laissée sans réponse" in body
