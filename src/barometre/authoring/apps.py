from django.apps import AppConfig


class AuthoringConfig(AppConfig):
    name = "barometre.authoring"
    label = "authoring"
    verbose_name = "Brouillons de questionnaires"
