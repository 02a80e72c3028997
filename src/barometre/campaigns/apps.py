from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "barometre.campaigns"
    label = "campaigns"
    verbose_name = "Campagnes et vagues"
