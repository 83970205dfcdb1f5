from django.apps import AppConfig


class TokensConfig(AppConfig):
    name = "runback.web.tokens"
    label = "tokens"
