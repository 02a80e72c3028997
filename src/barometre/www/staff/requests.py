"""/equipe/demandes/: operators approve or refuse « Je réponds pour ma collectivité » requests."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from barometre.accounts.models import StaffProfile, StaffRole
from barometre.accounts.permissions import can_see, restrict, staff_required
from barometre.collection.access import approve, refuse
from barometre.collection.errors import CollectionError
from barometre.collection.models import AccessRequest, AccessRequestStatus
from barometre.collection.notify import send_login_link
from barometre.referentiel import FrameError, load_frame

PAGE_SIZE = 200


def _authority_name(authority_id: str) -> str:
    try:
        unit = load_frame().get(authority_id)
    except FrameError:
        return authority_id
    return f"{unit.name} ({unit.type_label}, {unit.code})"


DECIDERS = (StaffRole.OPERATOR, StaffRole.RELAY)


@staff_required(*DECIDERS)
@require_GET
def access_requests(request: HttpRequest, profile: StaffProfile) -> HttpResponse:
    return _list(request, profile)


def _list(request: HttpRequest, profile: StaffProfile, status: int = 200) -> HttpResponse:
    pending = restrict(
        AccessRequest.objects.filter(status=AccessRequestStatus.PENDING), profile
    ).order_by("created_at")[:PAGE_SIZE]
    rows = [
        {
            "request": item,
            "authority": _authority_name(item.authority_id),
            "domain": item.email.rpartition("@")[2],
        }
        for item in pending
    ]
    context = {"title": "Demandes d'accès", "rows": rows, "profile": profile}
    return render(request, "www/staff/requests.html", context, status=status)


@staff_required(*DECIDERS)
@require_POST
def decide(request: HttpRequest, profile: StaffProfile, request_id: int) -> HttpResponse:
    """Accept or refuse; a request outside a relay's territory is 404, as a missing one."""
    authority_id = (
        AccessRequest.objects.filter(pk=request_id).values_list("authority_id", flat=True).first()
    )
    if authority_id is None or not can_see(profile, authority_id):
        messages.error(request, "Cette demande n'existe pas.")
        return _list(request, profile, 404)
    decision = request.POST.get("decision")
    if decision not in {"approve", "refuse"}:
        messages.error(request, "Décision inconnue : acceptez ou refusez la demande.")
        return _list(request, profile, 400)
    try:
        if decision == "approve":
            allow = request.POST.get("allow_domain") == "on"
            respondent, token = approve(request_id, request.user, allow_domain=allow)  # type: ignore[arg-type]
            url = request.build_absolute_uri(reverse("public:login", args=[token]))
            send_login_link(respondent, url, "invitation")
            messages.success(
                request, f"Demande acceptée : invitation envoyée à {respondent.user.email}."
            )
        else:
            refused = refuse(request_id, request.user)  # type: ignore[arg-type]
            messages.success(request, f"Demande de {refused.email} refusée.")
    except CollectionError as error:
        messages.error(request, str(error))
        return _list(request, profile, error.status)
    return redirect("staff_contacts:requests")
