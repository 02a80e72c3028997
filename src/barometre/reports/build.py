"""Build one authority's report for a published wave: refusals in French, then one data object."""

from __future__ import annotations

from barometre.campaigns.models import Wave, WaveStatus
from barometre.collection.models import Response, ResponseStatus
from barometre.questionnaire.maturity import model_fingerprint
from barometre.referentiel import Frame, FrameError, Unit, load_frame, stratum_label, stratum_of
from barometre.reports.advice import Advised, advised, ordered
from barometre.reports.errors import ReportError, ReportNotFoundError, ReportNotReadyError
from barometre.reports.groups import PeerGroup
from barometre.reports.history import Previous, Unavailable, previous_answer, theme_evolution
from barometre.reports.report import Authority, Report, Source, ThemeReport, item_lines
from barometre.reports.scored import ScoredTable
from barometre.reports.wave import WaveScores, cached_wave_scores
from barometre.results.models import ResultSet
from barometre.results.queries import latest_final

#: Peers needed besides the authority itself (``settings.RESTITUTION_PEERS_MINIMUM``).
DEFAULT_PEERS_MINIMUM = 10


def find_unit(frame: Frame, unit_id: str) -> Unit:
    try:
        return frame.lookup(unit_id)
    except FrameError as error:
        raise ReportNotFoundError(f"Collectivité inconnue : {error}") from None


def find_wave(wave_id: int) -> Wave:
    wave = Wave.objects.select_related("campaign").filter(pk=wave_id).first()
    if wave is None:
        raise ReportNotFoundError(f"Aucune vague n'a l'identifiant {wave_id}.")
    return wave


def final_results(wave: Wave) -> ResultSet:
    """The final result set of the published wave — or why there is none yet."""
    if wave.status != WaveStatus.PUBLISHED:
        raise ReportNotReadyError(
            f"La vague « {wave.label} » n'est pas encore publiée : la restitution paraîtra avec "
            "ses résultats."
        )
    result_set = latest_final(wave)
    if result_set is None:
        raise ReportNotReadyError(
            f"La vague « {wave.label} » n'a pas encore de résultats définitifs : la restitution "
            "se calcule sur eux."
        )
    return result_set


def answered_keys(wave: Wave, unit: Unit) -> set[str]:
    """The questionnaires the authority submitted in this wave — or why there is no report."""
    keys = set(
        Response.objects.filter(
            wave=wave, authority_id=unit.id, status=ResponseStatus.SUBMITTED
        ).values_list("questionnaire_key", flat=True)
    )
    if not keys:
        raise ReportNotFoundError(
            f"{unit.name} n'a soumis aucun questionnaire de la vague « {wave.label} » : "
            "pas de restitution."
        )
    return keys


def build_report(
    wave_id: int,
    unit_id: str,
    *,
    frame: Frame | None = None,
    peers_minimum: int = DEFAULT_PEERS_MINIMUM,
    scores: WaveScores | None = None,
) -> Report:
    """The report of ``unit_id`` for the published wave ``wave_id``."""
    frame = frame or load_frame()
    unit = find_unit(frame, unit_id)
    wave = find_wave(wave_id)
    keys = answered_keys(wave, unit)  # first: who did not answer learns nothing of the wave
    result_set = final_results(wave)
    scores = scores or cached_wave_scores(wave, result_set, frame, peers_minimum)
    tables = [scores.tables[key] for key in sorted(keys) if key in scores.tables]
    tables = [t for t in tables if unit.id in t.scores]
    if not tables:
        raise ReportError(
            "Les questionnaires auxquels cette collectivité a répondu dans cette vague n'ont pas "
            "de modèle de maturité : il n'y a pas de score à restituer."
        )
    themes = []
    for table in tables:
        previous = previous_answer(wave, unit.id, table.key, frame, scores.peers_minimum)
        themes += [
            _theme(scores, table, theme, unit, frame, previous=previous) for theme in table.themes
        ]
    return Report(_authority(unit, frame), _source(scores), tuple(themes), _advice(tables, unit))


def _advice(tables: list[ScoredTable], unit: Unit) -> tuple[Advised, ...]:
    """Every answered questionnaire's recommendations, from the version the authority answered."""
    found = []
    for table in tables:
        answered = table.versions[unit.id]
        found += advised(table.key, answered, table.scores[unit.id], table.answers[unit.id])
    return ordered(found)


def _theme(
    scores: WaveScores,
    table: ScoredTable,
    theme: str,
    unit: Unit,
    frame: Frame,
    *,
    previous: Previous | Unavailable | None,
) -> ThemeReport:
    declared = next(t for t in table.questionnaire.maturity_themes if t.id == theme)
    answered = table.versions[unit.id]
    score = table.scores[unit.id][theme]
    group, reason = _group(scores, table, theme, unit)
    peers = scores.figures(table.key, theme, group) if group is not None else None
    peer_label = group.label(_names(frame, group)) if group is not None else ""
    return ThemeReport(
        id=theme,
        label=declared.label.fr,
        description=declared.description.fr if declared.description else "",
        questionnaire=table.key,
        questionnaire_title=answered.title.fr,
        version=answered.version,
        model=model_fingerprint(answered) or "",
        score=score,
        items=item_lines(answered, score, table.answers[unit.id]),
        peers=peers,
        peer_label=peer_label,
        peers_reason=reason,
        evolution=theme_evolution(
            previous, table, theme, unit.id, peers=peers, peer_label=peer_label
        ),
    )


def _group(
    scores: WaveScores, table: ScoredTable, theme: str, unit: Unit
) -> tuple[PeerGroup | None, str]:
    if table.scores[unit.id][theme].value is None:
        return None, "Sans score pour ce thème, la collectivité n'est pas comparée."
    if model_fingerprint(table.versions[unit.id]) != table.model:
        return None, (
            "La collectivité a répondu à une autre version du modèle de maturité que la plupart "
            "des répondants : les scores ne se comparent que sous le même modèle."
        )
    group = scores.group(table.key, theme, unit.id)
    if group is None:
        return None, (
            f"Moins de {scores.peers_minimum} autres collectivités de même type et de même "
            "taille ont un score pour ce thème, même en France entière : pas de comparaison, "
            "pour que personne ne puisse déduire la réponse d'une autre."
        )
    return group, ""


def _names(frame: Frame, group: PeerGroup) -> dict[str, dict[str, str]]:
    if group.scope == "france":
        return {}
    return {group.scope: {group.area: frame.get(f"{group.scope}:{group.area}").name}}


def _authority(unit: Unit, frame: Frame) -> Authority:
    departement = frame.get(f"departement:{unit.departement}").name if unit.departement else ""
    region = frame.get(f"region:{unit.region}").name if unit.region else ""
    kind = f"{unit.type_label} ({stratum_label(unit.type, stratum_of(unit))})"
    return Authority(unit.id, unit.name, kind, departement, region)


def _source(scores: WaveScores) -> Source:
    result_set = scores.result_set
    return Source(
        wave_id=scores.wave.pk,
        wave=scores.wave.label,
        revision=result_set.revision,
        built_at=result_set.built_at,
        min_base=scores.rule.min_base,
        peers_minimum=scores.peers_minimum,
    )
