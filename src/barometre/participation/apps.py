from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "barometre.participation"
    label = "participation"
    verbose_name = "Participation et relances"
