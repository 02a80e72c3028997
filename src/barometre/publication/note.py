"""Render the methodology note of a result set, in Markdown and HTML (French)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import timezone

from barometre.publication.evolutions import reference_edition
from barometre.publication.methodology import CarryCount, NoteInput, note_context
from barometre.referentiel import Frame, load_frame
from barometre.results.errors import ResultsError
from barometre.results.extraction import QuestionnaireTable
from barometre.results.models import ResultSet
from barometre.results.queries import frozen_answers
from barometre.results.rows import BASE, IDENTITY, NUMERATOR


def _moment(at: dt.datetime) -> str:
    return f"{timezone.localtime(at):%d/%m/%Y à %H:%M}"


def carry_count(extracted: QuestionnaireTable) -> CarryCount:
    """The answers of one frozen table, and how many were carried over (``CarryCount``)."""
    table = extracted.table
    theme = extracted.questionnaire.title.fr
    if "carried" not in table.columns:
        return CarryCount(theme, table.height, 0, 0, 0, 0, known=False)
    questions = [
        c for c in table.columns
        if c not in IDENTITY and not c.startswith((NUMERATOR, BASE))
    ]  # fmt: skip
    answers = confirmed = changed = with_carried = 0
    for row in table.select([*questions, "carried", "changed"]).iter_rows(named=True):
        given = {q for q in questions if row[q] is not None}
        kept = given & set((row["carried"] or "").split(";"))
        answers += len(given)
        confirmed += len(kept)
        changed += len(given & set((row["changed"] or "").split(";")))
        with_carried += bool(kept)
    return CarryCount(theme, table.height, answers, confirmed, changed, with_carried)


def _carryover(result_set: ResultSet) -> dict[str, CarryCount]:
    try:
        frozen = frozen_answers(result_set)
    except ResultsError:
        return {}
    return {extracted.key: carry_count(extracted) for extracted in frozen}


def note_input(result_set: ResultSet, frame: Frame) -> NoteInput:
    decisions = (
        result_set.estimates.filter(weighting="pondere")
        .values("suppressed")
        .annotate(cells=Count("id"))
    )
    regions = {u.code: u.name for u in frame.of_type("region")}
    return NoteInput(
        title=str(result_set.wave),
        kind=result_set.kind,
        revision=result_set.revision,
        built_at=_moment(result_set.built_at),
        extracted_at=_moment(dt.datetime.fromisoformat(result_set.provenance["extraction"])),
        responses=result_set.responses,
        provenance=result_set.provenance,
        weighting=result_set.weighting,
        suppressed={d["suppressed"]: d["cells"] for d in decisions},
        region_names=regions,
        carryover=_carryover(result_set),
    )


def _reference(result_set: ResultSet) -> str:
    """The edition this wave's changes are measured from, in words (empty when none)."""
    found = reference_edition(result_set.wave, result_set)
    if found is None:
        return ""
    kind = found.result_set.get_kind_display()
    return f"{found.wave}, jeu de résultats {kind} r{found.result_set.revision}"


def render_note(result_set: ResultSet, frame: Frame | None = None) -> tuple[str, str]:
    """The note as (Markdown, HTML)."""
    context = note_context(note_input(result_set, frame or load_frame()))
    context["reference"] = _reference(result_set)
    markdown = render_to_string("publication/methodology.md", context)
    html = render_to_string("publication/methodology.html", context)
    return markdown, html


def write_note(result_set: ResultSet, directory: Path, frame: Frame | None = None) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    markdown, html = render_note(result_set, frame)
    paths = [directory / "methodologie.md", directory / "methodologie.html"]
    paths[0].write_text(markdown, encoding="utf-8")
    paths[1].write_text(html, encoding="utf-8")
    return paths
