from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "runback.web.exports"
    label = "exports"
