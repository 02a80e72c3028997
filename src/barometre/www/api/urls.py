from django.urls import path

from barometre.www.api import views
from barometre.www.api.documentation import documentation

app_name = "api"

urlpatterns = [
    path("", documentation, name="documentation"),
    path("openapi.json", views.openapi, name="openapi"),
    path("v1/vagues", views.waves, name="waves"),
    path("v1/vagues/<id:wave_id>", views.wave, name="wave"),
    path("v1/vagues/<id:wave_id>/questionnaires", views.questionnaires, name="questionnaires"),
    path("v1/vagues/<id:wave_id>/indicateurs", views.indicators, name="indicators"),
    path("v1/vagues/<id:wave_id>/resultats", views.results, name="results"),
    path("v1/vagues/<id:wave_id>/evolutions", views.changes, name="changes"),
    path("v1/vagues/<id:wave_id>/participation", views.participation, name="participation"),
]
