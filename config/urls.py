"""URL map: the web layer lives in barometre.www."""

from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Baromètre numérique — back-office"
admin.site.site_title = "Back-office du baromètre"

urlpatterns = [
    path("gestion/", admin.site.urls),
    path("", include("barometre.www.urls")),
]

# Error pages that never read the request again (no form, cookie or session): www/errors.py.
handler400 = "barometre.www.errors.bad_request"
handler500 = "barometre.www.errors.server_error"
