from django.urls import path

from runback.web.outcomes import views

app_name = "outcomes"
urlpatterns = [
    path("r/<int:runner_id>/questionnaires/", views.questionnaires_page, name="questionnaires"),
    path(
        "r/<int:runner_id>/questionnaires/<str:instrument>/",
        views.answer,
        name="answer",
    ),
    path("r/<int:runner_id>/help/", views.help_page, name="help"),
    path("r/<int:runner_id>/help/visits/", views.add_visit, name="visit"),
    path("r/<int:runner_id>/report/", views.report_page, name="report"),
    path("r/<int:runner_id>/report.pdf", views.report_pdf, name="report_pdf"),
]
