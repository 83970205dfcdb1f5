from django.apps import AppConfig


class RunnersConfig(AppConfig):
    name = "runback.web.runners"
    label = "runners"
