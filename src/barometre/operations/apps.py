from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "barometre.operations"
    label = "operations"
    verbose_name = "Exploitation"
