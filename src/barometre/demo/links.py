"""One-time login links for the demo accounts."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django.urls import reverse

from barometre.accounts.links import staff_link_parts
from barometre.accounts.models import StaffProfile, StaffRole
from barometre.campaigns.models import Campaign
from barometre.collection.errors import CollectionError
from barometre.collection.links import canonical_authority, enrol, issue_link
from barometre.collection.models import Respondent, Response, ResponseStatus
from barometre.demo.load import EMAIL_DOMAIN, OPEN_WAVE, PREVIOUS, demo_campaign
from barometre.referentiel import FrameError, load_frame


def _started_with_previous_answers(campaign: Campaign) -> Response | None:
    """A response in progress in the open wave whose authority answered the same
    questionnaire in the previous edition: its pages offer last year's answers (a commune
    first)."""
    answered = Response.objects.filter(
        wave__campaign__slug=PREVIOUS.slug,
        wave__number=OPEN_WAVE,
        status=ResponseStatus.SUBMITTED,
        questionnaire_key=OuterRef("questionnaire_key"),
        authority_id=OuterRef("authority_id"),
    )
    started = Response.objects.filter(
        wave__campaign=campaign, wave__number=OPEN_WAVE, status=ResponseStatus.IN_PROGRESS
    ).filter(Exists(answered))
    communes = started.filter(authority_id__startswith="commune:")
    return communes.order_by("authority_id").first() or started.order_by("authority_id").first()


def _demo_respondent(authority: str | None) -> Respondent:
    campaign = demo_campaign()
    if campaign is None:
        raise FrameError("La démonstration n'est pas chargée : lancez « make demo ».")
    if authority is not None:
        authority_id = canonical_authority(authority)
        found = Respondent.objects.filter(authority_id=authority_id).order_by("-pk").first()
        if found is not None:
            return found
        code = authority_id.split(":")[1].lower()
        return enrol(authority_id, f"demo-{code}@{EMAIL_DOMAIN}", "agent", "secrétaire de mairie")
    started = _started_with_previous_answers(campaign) or (
        Response.objects.filter(
            wave__campaign=campaign,
            wave__number=OPEN_WAVE,
            status=ResponseStatus.IN_PROGRESS,
            authority_id__startswith="commune:",
        )
        .order_by("authority_id")
        .first()
    )
    if started is None:
        raise FrameError("Aucune réponse en cours dans la vague ouverte de démonstration.")
    return Respondent.objects.filter(authority_id=started.authority_id).order_by("-pk").first()  # type: ignore[return-value]


def respondent_link(base_url: str, authority: str | None) -> tuple[str, str]:
    """A single-use URL logging in a respondent of a demo authority, and who that is."""
    try:
        respondent = _demo_respondent(authority)
    except CollectionError as error:
        raise FrameError(str(error)) from None
    token = issue_link(respondent)
    unit = load_frame().get(respondent.authority_id)
    url = base_url + reverse("public:login", args=[token])
    return (
        url,
        f"Répondant·e de {unit.name} ({unit.type_label}, {unit.code}) — lien à usage unique :",
    )


def staff_link(base_url: str, role: str) -> tuple[str, str]:
    """A single-use URL logging in the demo operator, or the demo relay of Auvergne-Rhône-Alpes."""
    if demo_campaign() is None:
        raise FrameError("La démonstration n'est pas chargée : lancez « make demo ».")
    user_model = get_user_model()
    address = f"{'operateur' if role == StaffRole.OPERATOR else 'relais'}@{EMAIL_DOMAIN}"
    user, _ = user_model.objects.get_or_create(username=address, defaults={"email": address})
    territories = "region:84" if role == StaffRole.RELAY else ""
    StaffProfile.objects.update_or_create(
        user=user,
        defaults={"role": role, "territories": territories, "organisation": "Démonstration"},
    )
    uidb64, token = staff_link_parts(user)
    url = base_url + reverse("staff:link_login", args=[uidb64, token])
    label = "Opérateur" if role == StaffRole.OPERATOR else "Relais (région Auvergne-Rhône-Alpes)"
    return url, f"{label} de démonstration — lien à usage unique :"
