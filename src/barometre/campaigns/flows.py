"""Every write to campaigns, waves and questionnaire versions: atomic, guarded, audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Final

import yaml
from django.contrib.auth.models import AnonymousUser, User
from django.db import IntegrityError, transaction
from django.utils import timezone

from barometre.audit.log import record
from barometre.campaigns.models import (
    Campaign,
    QuestionnaireVersion,
    RecodeMap,
    Wave,
    WaveQuestionnaire,
    WaveStatus,
    WaveTransition,
)
from barometre.questionnaire import Issue, Questionnaire, compile_yaml, to_source
from barometre.questionnaire.recode import check_recode, normalised

Actor = User | AnonymousUser | None

ALLOWED: Final[dict[str, frozenset[str]]] = {
    WaveStatus.DRAFT: frozenset({WaveStatus.OPEN}),
    WaveStatus.OPEN: frozenset({WaveStatus.CLOSED}),
    WaveStatus.CLOSED: frozenset({WaveStatus.OPEN, WaveStatus.PUBLISHED}),
    WaveStatus.PUBLISHED: frozenset(),
}


class CampaignError(Exception):
    """A refused change, with a French message for the operator."""


def register_version(source: str, origin: str = "") -> QuestionnaireVersion:
    """Compile ``source`` and store it as a version; the same content gives the same row."""
    result = compile_yaml(source, origin=origin)
    if result.questionnaire is None or result.errors:
        details = "\n".join(str(issue) for issue in result.errors)
        raise CampaignError(f"Le questionnaire ne peut pas être enregistré :\n{details}")
    return _store_version(result.questionnaire, source, origin)


def register_compiled(questionnaire: Questionnaire, origin: str = "") -> QuestionnaireVersion:
    """Store an already compiled questionnaire (from the library) as a version."""
    text = yaml.safe_dump(to_source(questionnaire), allow_unicode=True, sort_keys=False)
    return _store_version(questionnaire, text, origin)


def _store_version(questionnaire: Questionnaire, text: str, origin: str) -> QuestionnaireVersion:
    with transaction.atomic():
        version, _ = QuestionnaireVersion.objects.get_or_create(
            questionnaire_key=questionnaire.id,
            version_hash=questionnaire.version_hash,
            defaults={
                "version_label": questionnaire.version,
                "title": questionnaire.title.get("fr"),
                "source": text,
                "origin": origin,
            },
        )
    return version


def create_wave(
    campaign: Campaign, number: int, title: str, opens_on: dt.date, closes_on: dt.date
) -> Wave:
    if closes_on <= opens_on:
        raise CampaignError("La date de clôture doit être postérieure à la date d'ouverture.")
    if Wave.objects.filter(campaign=campaign, number=number).exists():
        raise CampaignError(f"La campagne « {campaign} » a déjà une vague n° {number}.")
    return Wave.objects.create(
        campaign=campaign, number=number, title=title, opens_on=opens_on, closes_on=closes_on
    )


def set_questionnaire(
    wave: Wave, version: QuestionnaireVersion, actor: Actor = None, note: str = ""
) -> WaveQuestionnaire:
    """Serve ``version`` in ``wave``: free in a draft; once open, only as a correction."""
    with transaction.atomic():
        wave = Wave.objects.select_for_update().get(pk=wave.pk)
        current = WaveQuestionnaire.objects.filter(
            wave=wave, questionnaire_key=version.questionnaire_key
        ).first()
        _check_questionnaire_change(wave, current, version, note)
        if current is None:
            position = WaveQuestionnaire.objects.filter(wave=wave).count()
            link = WaveQuestionnaire.objects.create(
                wave=wave,
                questionnaire_key=version.questionnaire_key,
                version=version,
                position=position,
            )
        else:
            previous = current.version
            current.version = version
            current.save(update_fields=["version"])
            link = current
            record(
                "questionnaire.corrected",
                wave,
                actor,
                questionnaire=version.questionnaire_key,
                previous=previous.version_hash,
                new=version.version_hash,
                note=note,
            )
    return link


def _check_questionnaire_change(
    wave: Wave,
    current: WaveQuestionnaire | None,
    version: QuestionnaireVersion,
    note: str,
) -> None:
    if wave.status == WaveStatus.PUBLISHED:
        raise CampaignError("Une vague publiée ne change plus de questionnaire.")
    if wave.status == WaveStatus.DRAFT:
        return
    if current is None:
        raise CampaignError(
            "La vague est ouverte : on ne peut plus y ajouter de questionnaire, seulement "
            "corriger un questionnaire existant par une nouvelle version."
        )
    if current.version_id == version.pk:
        raise CampaignError("Cette version est déjà celle de la vague.")
    if not note.strip():
        raise CampaignError("Indiquez le motif de la correction : il est journalisé.")


def transition(wave: Wave, to_status: str, actor: Actor = None, note: str = "") -> Wave:
    """Move a wave along draft → open → closed → published (closed → open to reopen)."""
    with transaction.atomic():
        wave = Wave.objects.select_for_update().get(pk=wave.pk)
        from_status = wave.status
        _check_transition(wave, to_status, note)
        wave.status = to_status
        wave.save(update_fields=["status"])
        WaveTransition.objects.create(
            wave=wave,
            from_status=from_status,
            to_status=to_status,
            by=actor if isinstance(actor, User) else None,
            note=note,
        )
        record(
            "wave.transition", wave, actor, from_status=from_status, to_status=to_status, note=note
        )
    return wave


def _check_transition(wave: Wave, to_status: str, note: str) -> None:
    if to_status not in WaveStatus.values:
        raise CampaignError(f"État inconnu : « {to_status} ».")
    if to_status not in ALLOWED[wave.status]:
        current = WaveStatus(wave.status).label
        target = WaveStatus(to_status).label
        raise CampaignError(f"Une vague {current} ne peut pas devenir {target}.")
    if to_status == WaveStatus.OPEN and not wave.questionnaires.exists():
        raise CampaignError("Ajoutez au moins un questionnaire avant d'ouvrir la vague.")
    if wave.status == WaveStatus.CLOSED and to_status == WaveStatus.OPEN and not note.strip():
        raise CampaignError("Indiquez le motif de la réouverture : il est journalisé.")


def create_campaign_from_library(
    name: str,
    slug: str,
    year: int,
    waves: Iterable[tuple[int, dt.date, dt.date, tuple[Questionnaire, ...]]],
) -> Campaign:
    """A campaign with its waves and their library questionnaires, in one transaction."""
    with transaction.atomic():
        if Campaign.objects.filter(slug=slug).exists():
            raise CampaignError(f"Une campagne « {slug} » existe déjà.")
        campaign = Campaign.objects.create(name=name, slug=slug, year=year)
        for number, opens_on, closes_on, questionnaires in waves:
            wave = create_wave(campaign, number, f"Vague {number}", opens_on, closes_on)
            for questionnaire in questionnaires:
                set_questionnaire(wave, register_compiled(questionnaire, "bibliothèque"))
    return campaign


def confirm_recode(
    previous: QuestionnaireVersion,
    current: QuestionnaireVersion,
    mapping: dict[str, dict[str, object]],
    actor: Actor = None,
    note: str = "",
) -> RecodeMap:
    """Store the recode map an operator confirmed for the pair (previous edition's version,
    new version), checked first: any coded issue refuses it whole, nothing stored."""
    if previous.pk == current.pk:
        raise CampaignError("Une table de recodage relie deux versions différentes.")
    table = normalised(mapping)
    issues = check_recode(previous.questionnaire, current.questionnaire, table)
    if issues:
        raise RecodeError(issues)
    with transaction.atomic():
        QuestionnaireVersion.objects.select_for_update().filter(pk=current.pk).first()
        stored = RecodeMap.objects.create(
            questionnaire_key=current.questionnaire_key,
            previous=previous,
            current=current,
            mapping={q: {old: list(new) for old, new in c.items()} for q, c in table.items()},
            note=note.strip()[:500],
            confirmed_by=actor if isinstance(actor, User) else None,
        )
        record(
            "recode.confirmed",
            stored,
            actor,
            questionnaire=current.questionnaire_key,
            previous=previous.version_hash,
            current=current.version_hash,
            questions=sorted(table),
            note=stored.note,
        )
    return stored


class RecodeError(CampaignError):
    """A recode map refused: every coded issue, each naming its question (``subject``)."""

    def __init__(self, issues: tuple[Issue, ...]) -> None:
        self.issues = issues
        listed = "\n".join(f"[{issue.code}] {issue.message}" for issue in issues)
        super().__init__(f"La table de recodage n'est pas enregistrée :\n{listed}")


# Running an edition from the staff space (www/staff/waves.py): every step guarded by the state
# the operator saw, so that two operators acting at once never both succeed.

#: The steps an operator takes on a wave's state, by their name in the staff pages' addresses.
STEPS: Final[dict[str, tuple[str, str]]] = {
    "ouvrir": (WaveStatus.DRAFT, WaveStatus.OPEN),
    "clore": (WaveStatus.OPEN, WaveStatus.CLOSED),
    "rouvrir": (WaveStatus.CLOSED, WaveStatus.OPEN),
}


def create_campaign(
    name: str, slug: str, year: int, description: str = "", actor: Actor = None
) -> Campaign:
    """A new edition (campaign), without waves yet; its name and identifier are unique."""
    name, slug = name.strip(), slug.strip()
    if not name or not slug:
        raise CampaignError("Donnez un nom et un identifiant à l'édition.")
    with transaction.atomic():
        if Campaign.objects.filter(slug=slug).exists():
            raise CampaignError(f"Une édition a déjà l'identifiant « {slug} ».")
        if Campaign.objects.filter(name=name).exists():
            raise CampaignError(f"Une édition s'appelle déjà « {name} ».")
        campaign = Campaign.objects.create(
            name=name, slug=slug, year=year, description=description.strip()
        )
        record("campaign.created", campaign, actor, name=name, slug=slug, year=year)
    return campaign


def add_wave(
    campaign: Campaign,
    details: tuple[int, str, dt.date, dt.date],
    versions: Iterable[QuestionnaireVersion],
    actor: Actor = None,
) -> Wave:
    """A draft wave (number, title, opening and closing dates) serving ``versions``."""
    number, title, opens_on, closes_on = details
    chosen = list(versions)
    if not chosen:
        raise CampaignError(
            "Choisissez au moins un questionnaire : sans lui, la vague n'ouvre pas."
        )
    keys = [version.questionnaire_key for version in chosen]
    twice = sorted({key for key in keys if keys.count(key) > 1})
    if twice:
        raise CampaignError(
            f"Une vague ne sert qu'une version de chaque questionnaire : « {twice[0]} » est "
            "choisi deux fois."
        )
    try:
        with transaction.atomic():
            wave = create_wave(campaign, number, title.strip(), opens_on, closes_on)
            for version in chosen:
                set_questionnaire(wave, version)
            record(
                "wave.created",
                wave,
                actor,
                number=number,
                opens_on=opens_on.isoformat(),
                closes_on=closes_on.isoformat(),
                questionnaires=[f"{v.questionnaire_key} {v.version_hash[:8]}" for v in chosen],
            )
    except IntegrityError:  # a colleague created the same number meanwhile
        raise CampaignError(f"La campagne « {campaign} » a déjà une vague n° {number}.") from None
    return wave


def last_change(wave: Wave) -> str:
    """« par operatrice@… le 2026-03-02 à 14:05 », or "" before any change of state."""
    last = wave.transitions.select_related("by").order_by("-at", "-id").first()
    if last is None:
        return ""
    who = f" par {last.by.get_username()}" if last.by else ""
    return f"{who} le {timezone.localtime(last.at):%d/%m/%Y à %H:%M}"


def _state_moved(wave: Wave, expected: str) -> CampaignError:
    now, then = WaveStatus(wave.status).label, WaveStatus(expected).label
    return CampaignError(
        f"La vague n'est plus {then} : elle est devenue {now}{last_change(wave)}. "
        "Rien n'a été fait ; relisez son état avant de recommencer."
    )


def change_state(wave: Wave, step: str, actor: Actor = None, note: str = "") -> Wave:
    """Open, close or reopen (reason required) a wave that is still in the state it was seen in."""
    if step not in STEPS:
        raise CampaignError(f"Étape inconnue : « {step} ».")
    expected, target = STEPS[step]
    if step == "rouvrir" and not note.strip():
        raise CampaignError("Indiquez le motif de la réouverture : il est journalisé.")
    with transaction.atomic():
        locked = Wave.objects.select_for_update().get(pk=wave.pk)
        if locked.status != expected:
            raise _state_moved(locked, expected)
        return transition(locked, target, actor, note.strip())


def publish(
    wave: Wave, actor: Actor, *, note: str, check: Callable[[Wave], None] = lambda _: None
) -> Wave:
    """Publish a closed wave; ``check(locked wave)`` (the result set reviewed is still the one
    to publish) runs under the wave's lock, so that two operators never both publish."""
    with transaction.atomic():
        locked = Wave.objects.select_for_update().get(pk=wave.pk)
        if locked.status == WaveStatus.PUBLISHED:
            raise CampaignError(
                f"Cette vague a déjà été publiée{last_change(locked)} : rien n'a été fait."
            )
        if locked.status != WaveStatus.CLOSED:
            raise CampaignError(
                f"Cette vague est {WaveStatus(locked.status).label} : on ne publie qu'une vague "
                "close. Clôturez-la, construisez un jeu de résultats définitif, relisez-le, puis "
                "publiez."
            )
        check(locked)
        return transition(locked, WaveStatus.PUBLISHED, actor, note)
