"""The raw answers per authority say which answers were carried over from the previous
edition: confirmed as is, or then changed (published questions only)."""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

import pytest

from barometre.collection.models import Answer, Provenance, Response
from barometre.publication.export import export_wave
from barometre.publication.methodology import carryover_rows
from barometre.publication.note import carry_count, render_note
from barometre.publication.records import answers_record
from barometre.referentiel import Frame
from barometre.results.build import build_result_set
from barometre.results.extraction import extract_wave
from tests.results.factory import make_wave

pytestmark = pytest.mark.django_db


def carry(response: Response, question_id: str, provenance: str) -> None:
    """As flows.confirm_carried (then a save) leaves an answer."""
    answer = Answer.objects.get(response=response, question_id=question_id)
    Answer.objects.filter(pk=answer.pk).update(
        provenance=provenance, carried_value=answer.value, carried_from=response
    )


def test_the_answers_table_names_the_carried_and_changed_questions(
    frame: Frame, tmp_path: Path
) -> None:
    wave = make_wave(frame)
    first, second = Response.objects.filter(wave=wave).order_by("authority_id")[:2]
    carry(first, "a_site", Provenance.CONFIRMED)
    carry(first, "victime", Provenance.CONFIRMED)  # secret: never named in the open data
    carry(first, "outils", Provenance.CHANGED)
    extracted = extract_wave(wave, frame).tables[0].table
    row = extracted.filter(extracted["authority"] == first.authority_id).row(0, named=True)
    assert (row["carried"], row["changed"]) == ("a_site;victime", "outils")
    build_result_set(wave, "final")
    wave.status = "published"
    wave.save(update_fields=["status"])
    export_wave(wave, tmp_path / "donnees", frame)
    with (tmp_path / "donnees" / "reponses_essai_resultats.csv").open(encoding="utf-8") as f:
        rows = {r["collectivite"]: r for r in csv.DictReader(f)}
    assert rows[first.authority_id]["questions_reprises"] == "a_site"
    assert rows[first.authority_id]["questions_modifiees"] == "outils"
    assert rows[second.authority_id]["questions_reprises"] == ""
    record = answers_record(extract_wave(wave, frame).tables[0].questionnaire)
    assert record.names[6:8] == ("questions_reprises", "questions_modifiees")
    assert "reprise de l'édition précédente" in record.by_name["questions_reprises"].description


def test_the_methodology_note_gives_the_share_of_carried_answers_per_theme(
    frame: Frame,
) -> None:
    wave = make_wave(frame)
    first = Response.objects.filter(wave=wave).order_by("authority_id").first()
    assert first is not None
    carry(first, "a_site", Provenance.CONFIRMED)
    carry(first, "outils", Provenance.CHANGED)
    result_set = build_result_set(wave, "final")
    answers = Answer.objects.filter(response__wave=wave, set_aside=False)
    given = sum(1 for a in answers if a.value not in (None, [], ""))
    markdown, html = render_note(result_set, frame)
    section = markdown[markdown.index("## 9. Réponses reprises de l'édition précédente") :]
    share = f"{100 / given:.1f}".replace(".", ",")
    assert (
        f"Questionnaire d'essai des résultats : {share} % des {given} réponses reprises et "
        "confirmées (1)" in " ".join(section.split())
    )
    assert "reprises puis modifiées (1) ; 1 sur 30 collectivités" in " ".join(section.split())
    assert "<caption>Réponses reprises de l'édition précédente, par thème</caption>" in html


def test_a_note_of_answers_frozen_before_provenance_says_it_cannot_tell(frame: Frame) -> None:
    wave = make_wave(frame)
    table = extract_wave(wave, frame).tables[0]
    old = dataclasses.replace(table, table=table.table.drop("carried", "changed"))
    count = carry_count(old)
    assert not count.known
    rows = carryover_rows({"essai": count})
    assert rows[0]["reason"].startswith("non calculable : réponses figées avant")
