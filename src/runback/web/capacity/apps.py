from django.apps import AppConfig


class CapacityConfig(AppConfig):
    """Readiness tests in the browser: the results that open the phase gates."""

    name = "runback.web.capacity"
    label = "capacity"
