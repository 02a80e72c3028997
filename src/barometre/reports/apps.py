from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "barometre.reports"
    verbose_name = "Restitutions"
