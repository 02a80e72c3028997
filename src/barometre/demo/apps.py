from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "barometre.demo"
    label = "demo"
    verbose_name = "Démonstration"
