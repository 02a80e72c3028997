"""Staff pages of « who answers »: contact import and access requests (included under /equipe/)."""

from django.urls import path

from barometre.www.staff import contacts, requests

app_name = "staff_contacts"

urlpatterns = [
    path("contacts/", contacts.contacts, name="contacts"),
    path("demandes/", requests.access_requests, name="requests"),
    path("demandes/<id:request_id>/", requests.decide, name="decide"),
]
