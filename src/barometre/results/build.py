"""Build a frozen result set for a wave: extract, estimate (``barometre.stats``), store, log."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.db.models import Max

from barometre.audit.log import record
from barometre.campaigns.models import Wave, WaveStatus
from barometre.referentiel import DEFAULT_SCHEME, Frame, load_frame
from barometre.results.errors import ResultsError
from barometre.results.estimation import EstimateRow, disclose, estimate_table
from barometre.results.extraction import QuestionnaireTable, WaveExtract, extract_wave
from barometre.results.frozen import frozen_rows
from barometre.results.models import Kind, ResultAnswers, ResultEstimate, ResultSet
from barometre.results.provenance import provenance
from barometre.stats import BarometerParameters, Cell, DisclosureRule, StatsError

#: ``progress(done, total, label)``: one step per questionnaire, plus extraction and storage.
Progress = Callable[[int, int, str], None]
Actor = User | AnonymousUser | None
#: The estimation's parameters: the engine's defaults, on the frame's size strata.
PARAMETERS = BarometerParameters(strata=DEFAULT_SCHEME)


def check_buildable(wave: Wave, kind: str) -> None:
    """Refuse, in French, what cannot be built (before any work)."""
    if kind not in Kind.values:
        raise ResultsError(f"Nature de jeu de résultats inconnue : « {kind} ».")
    if wave.status == WaveStatus.DRAFT:
        raise ResultsError("Cette vague est un brouillon : elle n'a encore aucune réponse.")
    if kind == Kind.FINAL and wave.status == WaveStatus.OPEN:
        raise ResultsError(
            "Cette vague est encore ouverte : un jeu définitif ne se construit qu'après sa "
            "clôture. Construisez un jeu provisoire, ou clôturez la vague."
        )


def _quiet(done: int, total: int, label: str) -> None:
    """No progress shown."""


def build_result_set(
    wave: Wave,
    kind: str,
    actor: Actor = None,
    *,
    rule: DisclosureRule = DisclosureRule(),  # noqa: B008 - frozen, immutable default
    frame: Frame | None = None,
    progress: Progress = _quiet,
    audit: Mapping[str, object] | None = None,
) -> ResultSet:
    """A new revision of the wave's results; earlier revisions are kept untouched.

    ``audit`` adds to the ``results.built`` event (the reason of a revision, the job)."""
    wave = Wave.objects.select_related("campaign").get(pk=wave.pk)
    check_buildable(wave, kind)
    frame = frame or load_frame()
    progress(0, 1, "extraction des réponses soumises")
    extract = extract_wave(wave, frame)
    if not extract.tables:
        raise ResultsError("Aucune réponse soumise dans cette vague : rien à estimer.")
    total = len(extract.tables) + 2
    progress(1, total, "réponses extraites")
    counts = frame.counts()
    estimates: dict[str, tuple[EstimateRow, ...]] = {}
    weighting: dict[str, Any] = {}
    cells: list[Cell] = []
    for step, table in enumerate(extract.tables, start=2):
        result = _estimate(table, counts, rule)
        estimates[table.key], weighting[table.key] = result.rows, result.weighting
        cells.extend(result.cells)
        progress(step, total, f"questionnaire « {table.key} » estimé")
    estimates, pinned = disclose(estimates, cells, rule)
    result_set = _store(
        extract, (kind, actor, audit or {}), (estimates, weighting), (frame, rule, pinned)
    )
    progress(total, total, f"révision {result_set.revision} enregistrée")
    return result_set


def _estimate(table: QuestionnaireTable, counts: Any, rule: DisclosureRule) -> Any:
    try:
        return estimate_table(
            table.table, counts, table.indicators, rule, table.key, parameters=PARAMETERS
        )
    except StatsError as error:
        raise ResultsError(
            f"Questionnaire « {table.key} » : estimation impossible — {error}"
        ) from None


def _indicators(extract: WaveExtract) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for table in extract.tables:
        for version in table.versions:
            for indicator in version.questionnaire.indicators:
                found[indicator.id] = {
                    "questionnaire": table.key,
                    "libelle": indicator.label.fr,
                    "nature": indicator.kind,
                    "sensibilite": indicator.sensitivity.value,
                    "base": indicator.base.source,
                    "numerateur": indicator.numerator.source,
                }
    return found


def _store(
    extract: WaveExtract,
    who: tuple[str, Actor, Mapping[str, object]],
    results: tuple[dict[str, tuple[EstimateRow, ...]], dict[str, Any]],
    context: tuple[Frame, DisclosureRule, int],
) -> ResultSet:
    kind, actor, audit = who
    estimates, weighting = results
    frame, rule, pinned = context
    described = provenance(extract, frame.provenance, (PARAMETERS, rule))
    described["ponderation"]["secret"]["bases_fixees_par_les_motifs"] = pinned
    with transaction.atomic():
        wave = Wave.objects.select_for_update().get(pk=extract.wave.pk)
        latest = wave.result_sets.aggregate(Max("revision"))["revision__max"] or 0
        previous = wave.result_sets.filter(kind=kind).order_by("-revision").first()
        result_set = ResultSet.objects.create(
            wave=wave,
            kind=kind,
            revision=latest + 1,
            supersedes=previous,
            built_by=actor if isinstance(actor, User) else None,
            responses=extract.responses,
            provenance=described,
            weighting=weighting,
            indicators=_indicators(extract),
        )
        ResultEstimate.objects.bulk_create(
            (
                estimate_model(result_set, key, row)
                for key, rows in estimates.items()
                for row in rows
            ),
            batch_size=2000,
        )
        ResultAnswers.objects.bulk_create(frozen_rows(result_set, extract.tables))
        record(
            "results.built",
            result_set,
            actor,
            wave=wave.pk,
            kind=kind,
            revision=result_set.revision,
            supersedes=previous.revision if previous else None,
            responses=extract.responses,
            **audit,
        )
    return result_set


def _number(value: float) -> float | None:
    return None if math.isnan(value) or math.isinf(value) else value


def estimate_model(result_set: ResultSet, key: str, row: EstimateRow) -> ResultEstimate:
    """The stored form of one estimate row (NaN and infinities stored as none)."""
    return ResultEstimate(
        result_set=result_set,
        questionnaire_key=key,
        indicator_id=row.indicator,
        domain=row.domain,
        level=row.level,
        weighting=row.weighting,
        value=_number(row.value),
        se=_number(row.se),
        ci_low=_number(row.ci_low),
        ci_high=_number(row.ci_high),
        n=row.n,
        suppressed=row.suppressed,
    )
