from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "barometre.accounts"
    label = "accounts"
    verbose_name = "Comptes de l'équipe"
