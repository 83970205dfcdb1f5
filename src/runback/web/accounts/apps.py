from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "runback.web.accounts"
    label = "accounts"
