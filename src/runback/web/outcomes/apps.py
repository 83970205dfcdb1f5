from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    """Outcome questionnaires (OSTRC-O2, TSK-11, VISA) and the professional route."""

    name = "runback.web.outcomes"
    label = "outcomes"
