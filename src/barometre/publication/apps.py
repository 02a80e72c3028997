from django.apps import AppConfig


class PublicationConfig(AppConfig):
    name = "barometre.publication"
    label = "publication"
    verbose_name = "Publication et données ouvertes"
