from django.apps import AppConfig


class WwwConfig(AppConfig):
    name = "barometre.www"
    label = "www"
    verbose_name = "Site web"
