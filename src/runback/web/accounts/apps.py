from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "runback.web.accounts"
    label = "accounts"

    def ready(self) -> None:
        from django.core.signals import request_started

        from runback.web.accounts import sessions

        request_started.connect(sessions.reset, dispatch_uid="runback.accounts.reset")
