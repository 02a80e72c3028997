from django.apps import AppConfig
from django.db.models.signals import post_save


class ReportsConfig(AppConfig):
    name = "barometre.reports"
    label = "reports"
    verbose_name = "Restitutions"

    def ready(self) -> None:
        from barometre.campaigns.models import WaveTransition  # noqa: PLC0415 - apps loaded
        from barometre.reports.tasks import on_publication  # noqa: PLC0415

        post_save.connect(on_publication, sender=WaveTransition, dispatch_uid="reports-publication")
