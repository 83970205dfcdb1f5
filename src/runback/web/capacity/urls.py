from django.urls import path

from runback.web.capacity import views

app_name = "capacity"
urlpatterns = [
    path("r/<int:runner_id>/tests/", views.tests_page, name="tests"),
    path("r/<int:runner_id>/tests/<str:name>/", views.record_result, name="record"),
]
urlpatterns += [
    path("r/<int:runner_id>/self-checks/", views.self_checks_page, name="self_checks"),
    path("r/<int:runner_id>/self-checks/<str:kind>/", views.record_self_check, name="self_check"),
]
urlpatterns += [
    path("r/<int:runner_id>/log/<int:entry_id>/lifts/", views.lifts_page, name="lifts"),
]
