"""The routes of an edition's lifecycle (editions, waves, steps, results, invitations, exports),
added to the staff namespace by staff/urls.py."""

from django.urls import path

from barometre.www.staff import editions, exports, review, waves

urlpatterns = [
    path("editions/", editions.edition_list, name="editions"),
    path("editions/nouvelle/", editions.new_edition, name="edition_new"),
    path("editions/<id:campaign_id>/", editions.edition, name="edition"),
    path("editions/<id:campaign_id>/vague/", editions.new_wave, name="wave_new"),
    path("vagues/<id:wave_id>/", waves.wave_page, name="wave"),
    path("vagues/<id:wave_id>/etat/<slug:step>/", waves.change_step, name="wave_step"),
    path("vagues/<id:wave_id>/resultats/calcul/", waves.build, name="wave_build"),
    path("vagues/<id:wave_id>/resultats/<id:revision>/", review.review, name="wave_review"),
    path("vagues/<id:wave_id>/publier/", waves.publish, name="wave_publish"),
    path("vagues/<id:wave_id>/invitations/", waves.invitations, name="wave_invitations"),
    path("exports/", exports.exports, name="exports"),
]
