"""Who may see what: staff roles for views, and a relay's territory for querysets."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from barometre.accounts.models import StaffProfile, StaffRole
from barometre.accounts.territory import authorities_in

View = Callable[..., HttpResponse]
M = TypeVar("M", bound=Model)

ALL_ROLES = tuple(StaffRole.values)
LOGIN_URL_NAME = "staff:login"


def staff_profile(request: HttpRequest) -> StaffProfile | None:
    """The active staff profile of the logged-in user, if any."""
    if not request.user.is_authenticated:
        return None
    return StaffProfile.objects.filter(user=request.user, active=True).first()


def staff_required(*roles: str) -> Callable[[View], View]:
    """Deny by default: anonymous → login page; any other user without one of ``roles`` → 403.

    The view receives the profile as its second argument; every answer is ``no-store``.
    """
    allowed = roles or ALL_ROLES

    def decorator(view: View) -> View:
        @wraps(view)
        @never_cache
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), reverse(LOGIN_URL_NAME))
            profile = staff_profile(request)
            if profile is None or profile.role not in allowed:
                context = {"title": "Accès refusé"}
                return render(request, "accounts/forbidden.html", context, status=403)
            return view(request, profile, *args, **kwargs)

        return wrapper

    return decorator


def visible_authorities(profile: StaffProfile) -> frozenset[str] | None:
    """The authority ids a profile may see: ``None`` means every one (operators, analysts)."""
    if profile.role != StaffRole.RELAY:
        return None
    return authorities_in(profile.territory_ids)


def can_see(profile: StaffProfile, authority_id: str) -> bool:
    visible = visible_authorities(profile)
    return visible is None or authority_id in visible


def restrict(
    queryset: QuerySet[M], profile: StaffProfile, field: str = "authority_id"
) -> QuerySet[M]:
    """``queryset`` limited to the profile's territory (rows of respondents, responses…)."""
    visible = visible_authorities(profile)
    if visible is None:
        return queryset
    return queryset.filter(**{f"{field}__in": sorted(visible)})


def authority_or_404(profile: StaffProfile, authority_id: str) -> str:
    """The id if the profile may see it; otherwise 404, exactly as for an unknown authority."""
    if not can_see(profile, authority_id):
        raise Http404
    return authority_id
