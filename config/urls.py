"""URL map: the web layer lives in barometre.www."""

from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Baromètre numérique — back-office"
admin.site.site_title = "Back-office du baromètre"

urlpatterns = [
    path("gestion/", admin.site.urls),
    path("", include("barometre.www.urls")),
]
