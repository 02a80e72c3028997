"""Site-wide template context, without a database row (django-dsfr reads SITE_CONFIG)."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest


@dataclass(frozen=True)
class SiteConfig:
    site_title: str = "Baromètre numérique des collectivités"
    site_tagline: str = "Où en est la transformation numérique des collectivités locales ?"
    footer_brand: str = "république française"
    footer_brand_html: str = "république<br>française"
    footer_description: str = (
        "Le baromètre mesure, vague après vague, la transformation numérique des communes, "
        "intercommunalités, départements et régions, et en publie des résultats pondérés "
        "avec leur marge d'incertitude."
    )
    mourning: bool = False
    notice_title: str = ""
    notice_description: str = ""


SITE = SiteConfig()


def site(request: HttpRequest) -> dict[str, object]:  # noqa: ARG001 - Django's signature
    return {"SITE_CONFIG": SITE}
