from django.apps import AppConfig


class ResultsConfig(AppConfig):
    name = "barometre.results"
    label = "results"
    verbose_name = "Jeux de résultats"
