"""/equipe/brouillons/: what an operator sees — the compile report with its codes and rows, the
preview screen by screen with the skip logic, test answers apart, publication, read-only."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client

from barometre.accounts.models import StaffProfile, StaffRole
from barometre.authoring import trials
from barometre.authoring.models import DraftStatus, QuestionnaireDraft, TrialResponse
from barometre.campaigns.models import QuestionnaireVersion
from tests.authoring.files import BAD_SURVEY, xlsform_bytes, yaml_bytes
from tests.support.collection_fixtures import SOURCE
from tests.support.pages import seen

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(client: Client) -> Client:
    user = User.objects.create_user("operatrice@equipe.fr")
    StaffProfile.objects.create(user=user, role=StaffRole.OPERATOR)
    client.force_login(user)
    return client


def upload(
    client: Client, name: str, content: bytes, url: str = "/equipe/brouillons/", **data: object
) -> HttpResponse:
    return client.post(url, {"file": SimpleUploadedFile(name, content), **data}, follow=True)


def uploaded(client: Client, name: str, content: bytes) -> QuestionnaireDraft:
    upload(client, name, content)
    return QuestionnaireDraft.objects.latest("pk")


def draft_url(draft: QuestionnaireDraft, rest: str = "") -> str:
    return f"/equipe/brouillons/{draft.pk}/{rest}"


def test_a_good_yaml_file_shows_that_it_compiles_with_its_warnings(operator: Client) -> None:
    page = seen(upload(operator, "bon.yaml", yaml_bytes("bon.yaml")))
    assert "Fichier « bon.yaml » déposé : il se compile." in page
    assert "Le questionnaire se compile" in page
    assert "durée estimée : 3 minutes" in page
    assert (
        "question_count tout le fichier bon.yaml 4 questions : le baromètre en prévoit de 10 à 25"
        in page
    )


def test_a_bad_yaml_file_lists_each_error_with_its_code_and_line(operator: Client) -> None:
    page = seen(upload(operator, "mauvais.yaml", yaml_bytes("mauvais.yaml")))
    assert "3 erreurs : le brouillon ne peut pas être publié" in page
    assert "schema ligne 13 mauvais.yaml question « pages » : « type » vaut « entier »" in page
    assert "duplicate_id ligne 20 mauvais.yaml identifiant de question « a_site »" in page
    assert (
        "unknown_question ligne 18 mauvais.yaml question « frequence » : "
        "la question « site_internet » n'existe pas" in page
    )
    assert "Un brouillon qui ne se compile pas ne peut pas être publié" in page
    assert "Lire la spécification" not in page


def test_a_bad_xlsform_lists_each_error_with_its_sheet_and_row(operator: Client) -> None:
    page = seen(upload(operator, "cyber.xlsx", xlsform_bytes(BAD_SURVEY)))
    assert "2 erreurs" in page
    assert (
        "xlsform_unsupported feuille « survey », ligne 4 cyber.xlsx "
        "type « geopoint » non pris en charge" in page
    )
    assert (
        "xlsform_unsupported feuille « survey », ligne 6 cyber.xlsx "
        "liste de choix inconnue « frequences »" in page
    )


def test_a_good_xlsform_compiles_and_can_be_downloaded_back(operator: Client) -> None:
    workbook_sent = xlsform_bytes()
    draft = uploaded(operator, "tableur.xlsx", workbook_sent)
    assert "Le questionnaire se compile" in seen(operator.get(draft_url(draft)))
    workbook = operator.get(draft_url(draft, "questionnaire.xlsx"))
    assert workbook.content.startswith(b"PK")
    assert 'filename="essai_tableur-brouillon-' in workbook["Content-Disposition"]
    text = operator.get(draft_url(draft, "questionnaire.yaml")).content.decode()
    assert "id: essai_tableur" in text
    assert operator.get(draft_url(draft, "fichier-recu/")).content == workbook_sent


def test_a_file_of_another_kind_is_refused_and_nothing_is_stored(operator: Client) -> None:
    response = operator.post(
        "/equipe/brouillons/", {"file": SimpleUploadedFile("notes.docx", b"PK\x03\x04")}
    )
    assert response.status_code == 400
    assert "Format non reconnu (« .docx ») : déposez un questionnaire en YAML" in seen(response)
    assert not QuestionnaireDraft.objects.exists()


def test_the_preview_without_javascript_skips_a_question_that_does_not_apply(
    operator: Client,
) -> None:
    draft = uploaded(operator, "bon.yaml", yaml_bytes("bon.yaml"))
    first = operator.post(draft_url(draft, "apercu/"), follow=True)
    trial = TrialResponse.objects.get()
    assert first.redirect_chain[-1][0] == draft_url(draft, f"apercu/{trial.pk}/site/")
    page = seen(first)
    assert "Avez-vous un site internet ?" in page
    assert "réponse de test, gardée à part et jamais comptée" in page
    # Without JavaScript the question that depends on this answer waits for its own screen.
    assert 'data-question="pages" hidden' in first.content.decode()
    after_no = operator.post(draft_url(draft, f"apercu/{trial.pk}/site/"), {"a_site": "non"})
    assert after_no["Location"] == draft_url(draft, f"apercu/{trial.pk}/outils/")
    summary = seen(operator.get(draft_url(draft, f"apercu/{trial.pk}/recapitulatif/")))
    assert "Avez-vous un site internet ? Non" in summary
    assert "Combien de pages" not in summary
    after_yes = operator.post(draft_url(draft, f"apercu/{trial.pk}/site/"), {"a_site": "oui"})
    assert after_yes["Location"] == draft_url(draft, f"apercu/{trial.pk}/site-2/")
    assert "Combien de pages compte votre site ?" in seen(operator.get(after_yes["Location"]))


def test_with_javascript_the_later_screen_is_sent_with_the_section(operator: Client) -> None:
    draft = uploaded(operator, "bon.yaml", yaml_bytes("bon.yaml"))
    operator.post(draft_url(draft, "apercu/"))
    trial = TrialResponse.objects.get()
    response = operator.post(
        draft_url(draft, f"apercu/{trial.pk}/site/"),
        {"a_site": "oui", "pages": "12", "etendue": "section"},
    )
    assert response["Location"] == draft_url(draft, f"apercu/{trial.pk}/outils/")
    trial.refresh_from_db()
    assert trial.values == {"a_site": "oui", "pages": 12}


def test_a_wrong_answer_in_the_preview_is_shown_and_not_stored(operator: Client) -> None:
    draft = uploaded(operator, "bon.yaml", yaml_bytes("bon.yaml"))
    operator.post(draft_url(draft, "apercu/"))
    trial = TrialResponse.objects.get()
    operator.post(draft_url(draft, f"apercu/{trial.pk}/site/"), {"a_site": "oui"})
    response = operator.post(draft_url(draft, f"apercu/{trial.pk}/site-2/"), {"pages": "douze"})
    assert response.status_code == 422
    page = seen(response)
    assert "1 réponse à corriger" in page
    assert 'value="douze"' in response.content.decode()
    trial.refresh_from_db()
    assert "pages" not in trial.values


def test_finishing_a_trial_checks_it_as_a_submission(operator: Client) -> None:
    draft = uploaded(operator, "bon.yaml", yaml_bytes("bon.yaml"))
    operator.post(draft_url(draft, "apercu/"))
    trial = TrialResponse.objects.get()
    summary = draft_url(draft, f"apercu/{trial.pk}/recapitulatif/")
    refused = operator.post(summary)
    assert refused.status_code == 422
    assert "Avez-vous un site internet ? : réponse obligatoire" in seen(refused)
    operator.post(draft_url(draft, f"apercu/{trial.pk}/site/"), {"a_site": "non"})
    done = operator.post(summary, follow=True)
    assert "Essai terminé" in seen(done)
    assert "1 réponse saisie dans l'aperçu (1 terminée)" in seen(done)
    assert "Dispose d'un site internet 0,0 % 1" in seen(done)


def test_synthetic_answers_feed_the_test_indicators_and_can_be_reset(operator: Client) -> None:
    draft = uploaded(operator, "bon.yaml", yaml_bytes("bon.yaml"))
    page = seen(
        operator.post(
            draft_url(draft, "essais/generer/"), {"count": "40", "seed": "3"}, follow=True
        )
    )
    assert "40 réponses synthétiques ajoutées (graine 3)" in page
    assert "0 réponses saisies dans l'aperçu (0 terminées), 40 réponses synthétiques" in page
    assert "Sur 40 réponses de test terminées" in page
    # The base: every synthetic respondent was asked whether the authority has a site.
    assert re.search(r"Dispose d'un site internet \d+,\d % 40 ", page)
    assert "Présence en ligne" in page
    reset = seen(operator.post(draft_url(draft, "essais/effacer/"), follow=True))
    assert "40 réponses de test effacées" in reset
    assert not TrialResponse.objects.exists()


def test_generating_too_many_answers_is_refused_in_french(operator: Client) -> None:
    draft = uploaded(operator, "bon.yaml", yaml_bytes("bon.yaml"))
    response = operator.post(draft_url(draft, "essais/generer/"), {"count": "5000", "seed": "1"})
    assert response.status_code == 400
    assert "Au plus 500 à la fois." in seen(response)
    assert not TrialResponse.objects.exists()


def test_publishing_from_the_page_makes_the_draft_read_only(operator: Client) -> None:
    draft = uploaded(operator, "bon.yaml", yaml_bytes("bon.yaml"))
    page = seen(operator.post(draft_url(draft, "publier/"), {"revision": "1"}, follow=True))
    version = QuestionnaireVersion.objects.get()
    assert f"Questionnaire publié : version {version.version_hash[:12]} enregistrée" in page
    assert "Publié : lecture seule" in page
    assert "Remplacer le fichier" not in page
    assert "Essayer le questionnaire" not in page
    replaced = operator.post(
        draft_url(draft, "fichier/"),
        {"file": SimpleUploadedFile("bon.yaml", yaml_bytes("bon.yaml")), "revision": "1"},
    )
    assert replaced.status_code == 409
    assert "Ce brouillon a déjà été publié" in seen(replaced)
    again = operator.post(draft_url(draft, "publier/"), {"revision": "1"})
    assert again.status_code == 409
    assert "n'a pas été publié une seconde fois" in seen(again)
    assert QuestionnaireVersion.objects.count() == 1


def test_a_draft_that_does_not_compile_cannot_be_published_from_the_page(operator: Client) -> None:
    draft = uploaded(operator, "mauvais.yaml", yaml_bytes("mauvais.yaml"))
    response = operator.post(draft_url(draft, "publier/"), {"revision": "1"})
    assert response.status_code == 422
    assert "Ce brouillon ne se compile pas (3 erreurs)" in seen(response)
    draft.refresh_from_db()
    assert draft.status == DraftStatus.DRAFT
    assert not QuestionnaireVersion.objects.exists()


def test_replacing_the_file_says_how_many_test_answers_were_removed(operator: Client) -> None:
    draft = uploaded(operator, "mauvais.yaml", yaml_bytes("mauvais.yaml"))
    page = seen(
        upload(
            operator, "bon.yaml", yaml_bytes("bon.yaml"), draft_url(draft, "fichier/"), revision=1
        )
    )
    assert "Fichier « bon.yaml » déposé : il se compile." in page
    assert "révision 2 du brouillon" in page
    trials.generate(QuestionnaireDraft.objects.get(pk=draft.pk), 3, 1, None)
    page = seen(
        upload(
            operator, "bon.yaml", yaml_bytes("bon.yaml"), draft_url(draft, "fichier/"), revision=2
        )
    )
    assert "Réponses de test du fichier précédent effacées (3)" in page


def test_a_stale_page_cannot_replace_a_newer_file(operator: Client) -> None:
    draft = uploaded(operator, "bon.yaml", yaml_bytes("bon.yaml"))
    upload(operator, "bon.yaml", yaml_bytes("bon.yaml"), draft_url(draft, "fichier/"), revision=1)
    response = operator.post(
        draft_url(draft, "fichier/"),
        {"file": SimpleUploadedFile("mauvais.yaml", yaml_bytes("mauvais.yaml")), "revision": "1"},
    )
    assert response.status_code == 409
    assert "Le brouillon a changé depuis que vous l'avez ouvert" in seen(response)
    draft.refresh_from_db()
    assert draft.compiles


def test_starting_from_the_previous_edition_copies_its_version(
    operator: Client, open_wave: object
) -> None:
    listing = seen(operator.get("/equipe/brouillons/"))
    assert "Questionnaire d'essai — Essai, vague 1" in listing
    version = QuestionnaireVersion.objects.get()
    page = seen(
        operator.post(
            "/equipe/brouillons/depuis-une-version/", {"version": version.pk}, follow=True
        )
    )
    assert "Brouillon créé à partir de « Questionnaire d'essai — Essai, vague 1 »" in page
    assert "Édition précédente : Essai, vague 1" in page
    assert "Ce brouillon a exactement le même contenu." in page
    refused = operator.post("/equipe/brouillons/depuis-une-version/", {"version": "999"})
    assert refused.status_code == 400
    assert "Ce questionnaire n'est servi par aucune édition." in seen(refused)


def test_a_changed_draft_shows_each_change_and_what_it_does_to_the_series(
    operator: Client, open_wave: object
) -> None:
    changed = (
        SOURCE.replace('version: "1"', 'version: "2"')
        .replace("Combien de pages ?", "Combien de pages compte votre site ?")
        .replace("          - {value: agenda, label: Agenda partagé}\n", "")
    )
    page = seen(upload(operator, "essai.yaml", changed.encode()))
    assert "Le contenu de ce brouillon en diffère" in page
    assert "Changements, question par question" in page
    assert "Combien de pages compte votre site ?" in page
    assert "comparable après recodage" in page.lower()
    assert "Ce que deviennent les indicateurs" in page


def test_the_specification_says_conditions_choices_and_scores_in_words(operator: Client) -> None:
    draft = uploaded(operator, "bon.yaml", yaml_bytes("bon.yaml"))
    page = seen(operator.get(draft_url(draft, "specification/")))
    assert "Q2. Combien de pages compte votre site ?" in page
    assert "Posée si la réponse à « Avez-vous un site internet ? » est « Oui »" in page
    assert "Valeurs admises de 1 à 10000" in page
    assert "oui Oui 3 sur 3" in page
    assert "nsp Ne sait pas ne sait pas : aucun point, la question reste dans le potentiel" in page
    assert "aucun Aucun (exclut les autres choix)" in page
    assert (
        "part des réponses où la réponse à « Avez-vous un site internet ? » est « Oui », "
        "parmi toutes les réponses" in page
    )
    assert "3. Structuration de 40 à moins de 60" in page


def test_the_specification_pdf_is_tagged_french_and_set_in_marianne(operator: Client) -> None:
    from barometre.www.staff.drafts.specification import render_pdf  # noqa: PLC0415
    from tests.www.test_infographic import inflated, pdf_text  # noqa: PLC0415 - PDF readers

    draft = uploaded(operator, "bon.yaml", yaml_bytes("bon.yaml"))
    response = operator.get(draft_url(draft, "specification.pdf"))
    assert response["Content-Type"] == "application/pdf"
    clear = inflated(response.content)
    assert b"/Lang (fr)" in clear
    assert b"/StructTreeRoot" in clear
    fonts = set(re.findall(rb"/BaseFont /\w+\+([\w-]+)", clear))
    assert fonts
    assert all(font.startswith(b"Marianne") for font in fonts), fonts
    text = pdf_text(render_pdf(draft, uncompressed_pdf=True))
    assert "Combien de pages compte votre site ?" in text
    assert "est « Oui »" in text


def test_an_unknown_draft_or_trial_is_404(operator: Client) -> None:
    draft = uploaded(operator, "bon.yaml", yaml_bytes("bon.yaml"))
    assert operator.get("/equipe/brouillons/999/").status_code == 404
    assert operator.get(draft_url(draft, "apercu/999/site/")).status_code == 404
    operator.post(draft_url(draft, "apercu/"))
    trial = TrialResponse.objects.get()
    assert operator.get(draft_url(draft, f"apercu/{trial.pk}/inconnue/")).status_code == 404


def test_the_preview_of_a_published_draft_refuses_to_store_anything(operator: Client) -> None:
    draft = uploaded(operator, "bon.yaml", yaml_bytes("bon.yaml"))
    operator.post(draft_url(draft, "apercu/"))
    trial = TrialResponse.objects.get()
    operator.post(draft_url(draft, "publier/"), {"revision": "1"})
    response = operator.post(draft_url(draft, f"apercu/{trial.pk}/site/"), {"a_site": "oui"})
    assert response.status_code == 409
    assert "Ce brouillon a déjà été publié" in seen(response)
    trial.refresh_from_db()
    assert trial.values == {}
    assert operator.post(draft_url(draft, "essais/effacer/")).status_code == 409
