"""The runner's pages. Everything about a record sits under ``r/<runner_id>/``."""

from django.urls import path

from runback.web.runners import views

app_name = "runners"
urlpatterns = [
    path("", views.home, name="home"),
    path("r/<int:runner_id>/start/<str:step>/", views.onboarding, name="onboarding"),
    path("r/<int:runner_id>/referral/", views.referral, name="referral"),
    path("r/<int:runner_id>/clearance/", views.clearance, name="clearance"),
    path("r/<int:runner_id>/today/", views.today_page, name="today"),
    path("r/<int:runner_id>/today/<int:slot>/done/", views.log_session, name="log_session"),
    path("r/<int:runner_id>/today/<int:slot>/skip/", views.skip_session, name="skip_session"),
    path("r/<int:runner_id>/log/new-run/", views.unplanned_run, name="unplanned_run"),
    path("r/<int:runner_id>/log/<int:entry_id>/checkin/", views.run_checkin, name="run_checkin"),
    path("r/<int:runner_id>/log/<int:entry_id>/load/", views.strength_log, name="strength_log"),
    path("r/<int:runner_id>/morning/", views.morning_checkin, name="morning"),
    path("r/<int:runner_id>/journal/", views.journal, name="journal"),
    path("r/<int:runner_id>/plan/", views.plan_page, name="plan"),
    path("r/<int:runner_id>/progress/", views.progress_page, name="progress"),
]
