from django.urls import path

from runback.web.clinic import steering, views

app_name = "clinic"
urlpatterns = [
    path("", views.home, name="home"),
    path("share/", views.share, name="share"),
    path("ask/", views.ask, name="ask"),
    path("join/", views.join, name="join"),
    path("join/<str:code>/", views.invitation, name="invitation"),
    path("grants/<int:grant_id>/revoke/", views.revoke, name="revoke"),
    path("invitations/<int:invitation_id>/cancel/", views.cancel, name="cancel"),
    path("access-log/", views.access_log, name="access_log"),
    path("clinics/<int:clinic_id>/", views.clinic_admin, name="clinic_admin"),
    path("runners/<int:runner_id>/", views.runner_page, name="runner"),
    path("runners/<int:runner_id>/notes/", views.add_note, name="add_note"),
    path("runners/<int:runner_id>/clearance/", views.clear, name="clear"),
    path("runners/<int:runner_id>/alerts/", views.acknowledge, name="acknowledge"),
    path("runners/<int:runner_id>/steering/", steering.steer, name="steer"),
    path("runners/<int:runner_id>/steering/<str:key>/lift/", steering.lift, name="lift_steering"),
    path("two-factor/", views.two_factor_setup, name="two_factor_setup"),
    path("two-factor/verify/", views.two_factor_verify, name="two_factor_verify"),
]
