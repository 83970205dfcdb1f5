from django.apps import AppConfig


class RunnersConfig(AppConfig):
    name = "runback.web.runners"
    label = "runners"

    def ready(self) -> None:
        from django.core import checks

        from runback.web.backends import shared_secret_check
        from runback.web.runners import freshness

        freshness.connect()
        checks.register(shared_secret_check, checks.Tags.security)
