from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "barometre.audit"
    label = "audit"
    verbose_name = "Journal d'audit"
