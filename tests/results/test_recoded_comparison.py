"""Changes between editions through a confirmed recode map, and series breaks said as such."""

from __future__ import annotations

import polars as pl
import pytest

from barometre.audit.models import AuditEvent
from barometre.campaigns.flows import RecodeError, confirm_recode
from barometre.campaigns.models import RecodeMap, Wave
from barometre.referentiel import Frame
from barometre.results.build import PARAMETERS
from barometre.results.comparison import (
    BREAK,
    COMPARABLE,
    NEW,
    RECODED,
    breaks,
    changes,
    comparable,
    series,
)
from barometre.results.estimation import WEIGHTED, estimate_table
from barometre.results.models import ResultEstimate, ResultSet, Weighting
from barometre.results.queries import frozen_answers, latest_final
from barometre.stats import DisclosureRule, change
from tests.results.recode_factory import MERGED, two_editions, versions

pytestmark = pytest.mark.django_db
DOMAINS = ["ensemble", "region", "stratum", "role"]


def sets(frame: Frame) -> tuple[ResultSet, ResultSet]:
    before, after = two_editions(frame)
    old, new = latest_final(before), latest_final(after)
    assert old is not None
    assert new is not None
    return old, new


def confirm() -> RecodeMap:
    previous, current = versions()
    return confirm_recode(previous, current, {"gestion": MERGED}, None, "OPSN et EPCI fusionnés")


def test_without_a_confirmed_map_merged_choices_break_the_series_and_say_why(
    frame: Frame,
) -> None:
    before, after = sets(frame)
    standing = series(before, after)
    assert standing["essai.site"].standing == COMPARABLE
    assert standing["essai.gestion_interne"].standing == BREAK
    assert standing["essai.gestion_interne"].reasons == (
        "Table de recodage non confirmée pour « gestion ».",
    )
    assert comparable(before, after) == ["essai.site"]


def test_a_merged_choice_is_comparable_after_recoding(frame: Frame) -> None:
    before, after = sets(frame)
    confirm()
    standing = series(before, after)
    assert standing["essai.gestion_mutualisee"].standing == RECODED
    assert standing["essai.gestion_mutualisee"].label == "comparable après recodage"
    assert comparable(before, after) == [
        "essai.site", "essai.gestion_interne", "essai.gestion_mutualisee",
    ]  # fmt: skip
    found = changes(before, after, DOMAINS, ["essai.gestion_mutualisee", "essai.site"])
    whole = found[("essai.gestion_mutualisee", "ensemble", "")]
    assert whole.standing == RECODED
    assert whole.change is not None
    assert found[("essai.site", "ensemble", "")].standing == COMPARABLE


def manually_recoded(before: ResultSet) -> pl.DataFrame:
    """The 2025 answers recoded by hand: OPSN and EPCI become « mutualise »."""
    (table,) = frozen_answers(before)
    data = table.table
    merged = pl.col("gestion").replace({"opsn": "mutualise", "epci": "mutualise"})
    in_base = pl.col("a_site") == "oui"
    return data.with_columns(
        pl.when(in_base)
        .then((merged == "mutualise").fill_null(value=False).cast(pl.Float64))
        .otherwise(float("nan"))
        .alias("num:essai.gestion_mutualisee"),
        in_base.alias("base:essai.gestion_mutualisee"),
    )


def test_a_recoded_change_equals_the_change_computed_on_data_recoded_by_hand(
    frame: Frame,
) -> None:
    before, after = sets(frame)
    confirm()
    by_hand = estimate_table(
        manually_recoded(before), frame.counts(), {"essai.gestion_mutualisee": "share"},
        DisclosureRule(), parameters=PARAMETERS,
    )  # fmt: skip
    expected = {(r.domain, r.level): r for r in by_hand.rows if r.weighting == WEIGHTED}
    found = changes(before, after, DOMAINS, ["essai.gestion_mutualisee"])
    compared = 0
    for (_, domain, level), pair in found.items():
        manual = expected[(domain, level)]
        assert pair.before is not None
        assert pair.before.n == manual.n
        if pair.change is None:
            continue
        assert pair.before.value == pytest.approx(manual.value, abs=1e-12)
        assert pair.before.se == pytest.approx(manual.se, abs=1e-12)
        assert pair.after is not None
        assert pair.change == change(manual.value, manual.se, pair.after.value, pair.after.se)
        compared += 1
    assert compared >= 3
    # The share by hand: OPSN and EPCI answers among the authorities with a site (unweighted).
    (table,) = frozen_answers(before)
    with_site = table.table.filter(pl.col("a_site") == "oui")
    share = with_site["gestion"].is_in(["opsn", "epci"]).mean()
    raw = next(r for r in by_hand.rows if r.weighting == "brut" and r.domain == "ensemble")
    assert raw.value == pytest.approx(share)
    assert 0 < share < 1


def test_a_type_change_is_a_series_break_whatever_the_map(frame: Frame) -> None:
    before, after = sets(frame)
    confirm()
    broken = breaks(before, after)
    assert list(broken) == ["essai.pages"]
    (reason,) = broken["essai.pages"].reasons
    assert "Type « integer » devenu « percentage »" in reason
    assert "essai.pages" not in comparable(before, after)
    assert not any(c[0] == "essai.pages" for c in changes(before, after, DOMAINS, ["essai.pages"]))


def test_a_recomputed_cell_is_hidden_wherever_the_reference_hides_a_cell(frame: Frame) -> None:
    before, after = sets(frame)
    confirm()
    hidden = set(
        ResultEstimate.objects.filter(result_set=before, weighting=Weighting.WEIGHTED)
        .exclude(suppressed="")
        .values_list("domain", "level")
    )
    found = changes(before, after, DOMAINS, ["essai.gestion_interne"])
    assert hidden  # the small role and stratum cells of 30 communes
    for (_, domain, level), pair in found.items():
        if (domain, level) in hidden:
            assert pair.before is not None
            assert pair.before.suppressed
            assert pair.change is None


def test_a_bad_recode_map_is_refused_whole_with_coded_reasons(frame: Frame) -> None:
    two_editions(frame)
    previous, current = versions()
    unmapped = {"gestion": {"interne": ["interne"], "opsn": ["mutualise"]}}
    with pytest.raises(RecodeError) as refused:
        confirm_recode(previous, current, unmapped)
    codes = {issue.code for issue in refused.value.issues}
    assert codes == {"recode_unmapped_choice"}
    assert "« epci »" in str(refused.value)
    across = {"pages": {"1": ["1"]}, "gestion": {**MERGED, "interne": ["autre"]}}
    with pytest.raises(RecodeError) as refused:
        confirm_recode(previous, current, across)
    codes = {issue.code for issue in refused.value.issues}
    assert codes == {"recode_incompatible_types", "recode_unknown_choice"}
    assert not RecodeMap.objects.exists()
    assert not AuditEvent.objects.filter(action="recode.confirmed").exists()


def test_a_confirmed_map_is_audited_and_the_newest_one_wins(frame: Frame) -> None:
    before, after = sets(frame)
    first = confirm()
    event = AuditEvent.objects.get(action="recode.confirmed")
    assert event.detail["questions"] == ["gestion"]
    assert event.object_id == str(first.pk)
    previous, current = versions()
    everything_inside = {**MERGED, "opsn": ["interne"], "epci": ["interne"]}
    confirm_recode(previous, current, {"gestion": everything_inside})
    standing = series(before, after)["essai.gestion_mutualisee"]
    assert standing.standing == BREAK  # nothing feeds « mutualise » any more
    assert "aucun choix antérieur" in standing.reasons[0]


def test_an_indicator_the_reference_never_measured_is_new(frame: Frame) -> None:
    before, after = sets(frame)
    indicators = dict(after.indicators)
    indicators["essai.autre"] = {**indicators["essai.site"], "libelle": "Autre"}
    widened = ResultSet.objects.create(
        wave=Wave.objects.get(pk=after.wave_id), kind="final", revision=9, responses=1,
        indicators=indicators,
    )  # fmt: skip
    assert series(before, widened)["essai.autre"].standing == NEW
