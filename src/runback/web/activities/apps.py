from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "runback.web.activities"
    label = "activities"
