from django.urls import path

from barometre.www.dashboard import infographic, maps, opendata, participation
from barometre.www.dashboard import views as dashboard
from barometre.www.public import (
    api,
    authority,
    login,
    new_link,
    privacy,
    scoring,
    self_service,
    views,
)

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibilite/", views.accessibility, name="accessibility"),
    path("donnees-personnelles/", privacy.privacy, name="privacy"),
    path("sante/", views.health, name="health"),
    path("sante/pret/", views.readiness, name="readiness"),
    path("comment-les-scores-sont-calcules/", scoring.scoring, name="scoring"),
    path("resultats/", dashboard.results_home, name="results"),
    path("resultats/<id:wave_id>/", dashboard.wave_results, name="results_wave"),
    path(
        "resultats/<id:wave_id>/methodologie/",
        dashboard.methodology,
        name="results_methodology",
    ),
    path(
        "resultats/<id:wave_id>/infographie/",
        infographic.infographic,
        name="results_infographic",
    ),
    path(
        "resultats/<id:wave_id>/infographie.pdf",
        infographic.infographic_pdf,
        name="results_infographic_pdf",
    ),
    path(
        "resultats/<id:wave_id>/<slug:theme>/carte/",
        maps.indicator_map,
        name="results_map",
    ),
    path("resultats/<id:wave_id>/evolution/", dashboard.changes, name="results_changes"),
    path(
        "resultats/<id:wave_id>/participation/",
        participation.participation_page,
        name="results_participation",
    ),
    path("resultats/<id:wave_id>/<slug:theme>/", dashboard.theme_results, name="results_theme"),
    path("donnees/<id:wave_id>/", opendata.opendata_page, name="opendata"),
    path("donnees/<id:wave_id>/<str:name>", opendata.opendata_file, name="opendata_file"),
    path("connexion/nouveau-lien/", new_link.new_link, name="new_link"),
    path("connexion/", login.login_confirm, name="login_confirm"),
    path("connexion/<str:token>/", login.login_with_link, name="login"),
    path("je-reponds/", self_service.self_service, name="self_service"),
    path("collectivites/<str:unit_id>/", authority.authority_page, name="authority"),
    path("api/collectivites", api.authorities, name="api_authorities"),
    path("proconnect/connexion/", self_service.proconnect_start, name="proconnect_start"),
    path("proconnect/retour/", self_service.proconnect_callback, name="proconnect_callback"),
    path("proconnect/choix/", self_service.proconnect_choose, name="proconnect_choose"),
    path("proconnect/echec/", self_service.proconnect_failed, name="proconnect_failed"),
]
