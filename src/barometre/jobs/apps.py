from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "barometre.jobs"
    label = "jobs"
    verbose_name = "Tâches de fond"
