"""The site's URLs plus the staff pages of « who answers », until staff/urls.py includes them."""

from django.urls import include, path

from config.urls import urlpatterns as site

urlpatterns = [path("equipe/", include("barometre.www.staff.contacts_urls")), *site]
