from django.apps import AppConfig


class CollectionConfig(AppConfig):
    name = "barometre.collection"
    label = "collection"
    verbose_name = "Collecte des réponses"
