"""Pages where an authority's respondents answer."""

from django.urls import path

from barometre.www.respond import report, views

app_name = "respond"

urlpatterns = [
    path("", views.home, name="home"),
    path("deconnexion/", views.logout, name="logout"),
    path("<id:wave_id>/restitution/", report.report, name="report"),
    path("<id:wave_id>/restitution.pdf", report.report_pdf, name="report_pdf"),
    path("<id:wave_id>/<slug:key>/commencer/", views.start, name="start"),
    path("<id:wave_id>/<slug:key>/recapitulatif/", views.summary, name="summary"),
    path("<id:wave_id>/<slug:key>/accuse/", views.receipt, name="receipt"),
    path("<id:wave_id>/<slug:key>/<slug:page>/", views.page, name="page"),
]
