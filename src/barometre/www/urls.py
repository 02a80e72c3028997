"""Every URL of the site, by audience: public pages, respondents, staff."""

from django.urls import include, path, re_path

from barometre.www import converters  # noqa: F401 - registers the <id:…> path converter
from barometre.www.api.views import unknown

urlpatterns = [
    path("api/", include("barometre.www.api.urls")),
    path("repondre/", include("barometre.www.respond.urls")),
    # Contact import and access requests keep their own namespace (staff_contacts).
    path("equipe/", include("barometre.www.staff.contacts_urls")),
    path("equipe/", include("barometre.www.staff.urls")),
    path("", include("barometre.www.public.urls")),
    # Anything else under /api/ is a JSON 404 (after /api/collectivites, a public route).
    re_path(r"^api/(?P<rest>.*)$", unknown, name="api_unknown"),
]
