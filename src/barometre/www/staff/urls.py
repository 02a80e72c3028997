"""Staff pages (participation, reminders, background jobs); the Django admin is under /gestion/."""

from django.urls import path

from barometre.www.staff import (
    auth,
    jobs,
    link_login,
    nonrespondents,
    recoding,
    relay,
    reminders,
    unsubscribe,
    views,
    waves_urls,
)
from barometre.www.staff.drafts import urls as drafts

app_name = "staff"

urlpatterns = [
    path("", views.home, name="home"),
    path("connexion/", auth.StaffLoginView.as_view(), name="login"),
    path("deconnexion/", auth.StaffLogoutView.as_view(), name="logout"),
    path("connexion/lien/", link_login.confirm_staff_link, name="link_login_confirm"),
    path(
        "connexion/lien/<str:uidb64>/<str:token>/",
        link_login.login_with_staff_link,
        name="link_login",
    ),
    path("vagues/<id:wave_id>/participation/", views.dashboard, name="dashboard"),
    path("vagues/<id:wave_id>/participation.csv", views.dashboard_csv, name="dashboard_csv"),
    path(
        "vagues/<id:wave_id>/sans-reponse/",
        nonrespondents.non_respondent_list,
        name="non_respondents",
    ),
    path(
        "vagues/<id:wave_id>/collectivites/<str:authority_id>/",
        nonrespondents.authority,
        name="authority",
    ),
    path("vagues/<id:wave_id>/relances/", reminders.reminders, name="reminders"),
    path("vagues/<id:wave_id>/niveaux/", relay.levels, name="levels"),
    path("taches/", jobs.job_list, name="jobs"),
    path("taches/<id:job_id>/", jobs.job_detail, name="job"),
    path("taches/<id:job_id>/relancer/", jobs.job_restart, name="job_restart"),
    path("recodage/", recoding.recoding_list, name="recodings"),
    path(
        "recodage/<id:previous_id>/<id:current_id>/",
        recoding.recoding_pair,
        name="recoding_pair",
    ),
    path("desinscription/<str:token>/", unsubscribe.unsubscribe, name="unsubscribe"),
    *drafts.urlpatterns,  # /equipe/brouillons/…: questionnaire drafts (operators)
    *waves_urls.urlpatterns,
]
