"""URL map: the web layer lives in barometre.www."""

from django.urls import include, path

urlpatterns = [
    path("", include("barometre.www.urls")),
]
