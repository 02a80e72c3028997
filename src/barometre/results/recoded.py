"""The previous edition's estimates of indicators whose definition or answers moved: its frozen
answers recoded through the confirmed map, then estimated by the statistics engine as the
result set was (same parameters, same disclosure rule), once per pair and map (cached)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from django.core.cache import cache

from barometre.campaigns.models import QuestionnaireVersion, RecodeMap
from barometre.questionnaire import Questionnaire
from barometre.referentiel import load_frame
from barometre.results.build import PARAMETERS, estimate_model
from barometre.results.errors import ResultsError
from barometre.results.estimation import WEIGHTED, EstimateRow, estimate_table
from barometre.results.frozen import thaw
from barometre.results.models import ResultAnswers, ResultEstimate, ResultSet, Weighting
from barometre.results.recoding import recoded_table
from barometre.stats import DisclosureRule, StatsError

Cell = tuple[str, str, str]  # indicator, domain, level
#: A week: the inputs (frozen result sets, immutable versions and maps) never change.
TIMEOUT = 7 * 24 * 3600


def version(key: str, version_hash: str) -> Questionnaire | None:
    found = QuestionnaireVersion.objects.filter(version_hash=version_hash).order_by(
        "-registered_at"
    )
    stored = found.filter(questionnaire_key=key).first() or found.first()
    return stored.questionnaire if stored else None


def rule_of(result_set: ResultSet) -> DisclosureRule:
    """The disclosure rule the result set was built with (its provenance says it)."""
    secret = result_set.provenance.get("ponderation", {}).get("secret", {})
    return DisclosureRule(min_base=int(secret.get("base_minimale", DisclosureRule().min_base)))


def hidden_levels(result_set: ResultSet, key: str) -> set[tuple[str, str]]:
    """Domain levels where the result set hides a weighted cell of this questionnaire: a
    recomputed cell there is hidden too, so that no difference uncovers what was hidden."""
    rows = ResultEstimate.objects.filter(
        result_set=result_set, questionnaire_key=key, weighting=Weighting.WEIGHTED
    ).exclude(suppressed="")
    return set(rows.values_list("domain", "level"))


def _estimate(row: EstimateRow, result_set: ResultSet, key: str, *, hidden: bool) -> ResultEstimate:
    estimate = estimate_model(result_set, key, row)
    estimate.weighting = Weighting.WEIGHTED
    estimate.suppressed = row.suppressed or ("secondary" if hidden else "")
    return estimate


def _compute(
    before: ResultSet, key: str, current: Questionnaire, recode: RecodeMap | None,
    indicators: Sequence[str],
) -> list[EstimateRow]:  # fmt: skip
    stored = ResultAnswers.objects.filter(result_set=before, questionnaire_key=key).first()
    if stored is None:
        raise ResultsError(
            f"{before} n'a pas de réponses figées pour « {key} » : reconstruisez-en une révision "
            "pour comparer après recodage."
        )
    table = thaw(stored)
    mapping = recode.recoded if recode else {}
    data = recoded_table(table.table, table.questionnaire, current, mapping, indicators)
    kinds = {i.id: i.kind for i in current.indicators if i.id in indicators}
    try:
        result = estimate_table(
            data, load_frame().counts(), kinds, rule_of(before), key, parameters=PARAMETERS
        )
    except StatsError as error:
        raise ResultsError(f"« {key} » : estimation après recodage impossible — {error}") from None
    return [r for r in result.rows if r.weighting == WEIGHTED]


def recoded_estimates(
    before: ResultSet,
    key: str,
    current: tuple[str, Questionnaire],
    recode: RecodeMap | None,
    indicators: Sequence[str],
) -> dict[Cell, ResultEstimate]:
    """The previous edition's weighted estimates of ``indicators`` under ``current``'s
    definitions, every domain, hidden where the rule or the stored set hides a cell."""
    current_hash, questionnaire = current
    wanted = sorted(indicators)
    parts = [before.pk, before.built_at.isoformat(), key, current_hash, recode.pk if recode else 0]
    name = "recoded:" + hashlib.sha256(repr((*parts, *wanted)).encode()).hexdigest()
    rows: Any = cache.get(name)
    if rows is None:
        rows = _compute(before, key, questionnaire, recode, wanted)
        cache.set(name, rows, TIMEOUT)
    hidden = hidden_levels(before, key)
    return {
        (r.indicator, r.domain, r.level): _estimate(
            r, before, key, hidden=(r.domain, r.level) in hidden
        )
        for r in rows
    }
