from django.apps import AppConfig


class RunnersConfig(AppConfig):
    name = "runback.web.runners"
    label = "runners"

    def ready(self) -> None:
        from runback.web.runners import freshness

        freshness.connect()
