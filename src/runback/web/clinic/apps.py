from django.apps import AppConfig


class ClinicConfig(AppConfig):
    name = "runback.web.clinic"
    label = "clinic"
    verbose_name = "Clinic"

    def ready(self) -> None:
        from runback.web.clinic import audit, twofactor

        audit.connect()
        twofactor.connect()
