"""The draft pages, listed in the staff URL conf (staff namespace, so in its authz matrix)."""

from django.urls import path

from barometre.www.staff.drafts import preview, specification, trials, views

urlpatterns = [
    path("brouillons/", views.draft_list, name="drafts"),
    path("brouillons/depuis-une-version/", views.draft_from_version, name="draft_from_version"),
    path("brouillons/<id:draft_id>/", views.draft_detail, name="draft"),
    path("brouillons/<id:draft_id>/fichier/", views.draft_replace, name="draft_replace"),
    path("brouillons/<id:draft_id>/publier/", views.draft_publish, name="draft_publish"),
    path("brouillons/<id:draft_id>/supprimer/", views.draft_delete, name="draft_delete"),
    path("brouillons/<id:draft_id>/fichier-recu/", views.draft_received, name="draft_received"),
    path("brouillons/<id:draft_id>/questionnaire.yaml", views.draft_yaml, name="draft_yaml"),
    path("brouillons/<id:draft_id>/questionnaire.xlsx", views.draft_xlsform, name="draft_xlsform"),
    path(
        "brouillons/<id:draft_id>/specification/",
        specification.specification_page,
        name="draft_specification",
    ),
    path(
        "brouillons/<id:draft_id>/specification.pdf",
        specification.specification_pdf,
        name="draft_specification_pdf",
    ),
    path("brouillons/<id:draft_id>/apercu/", preview.preview_start, name="draft_preview_start"),
    path(
        "brouillons/<id:draft_id>/apercu/<id:trial_id>/recapitulatif/",
        preview.preview_summary,
        name="draft_preview_summary",
    ),
    path(
        "brouillons/<id:draft_id>/apercu/<id:trial_id>/<slug:page>/",
        preview.preview_page,
        name="draft_preview_page",
    ),
    path("brouillons/<id:draft_id>/essais/generer/", trials.generate, name="draft_generate"),
    path("brouillons/<id:draft_id>/essais/effacer/", trials.reset, name="draft_reset"),
]
