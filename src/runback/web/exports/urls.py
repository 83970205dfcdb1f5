from django.urls import path

from runback.web.exports import views

app_name = "exports"
urlpatterns = [
    path("", views.index, name="index"),
    path("calendar/", views.calendar_create, name="calendar_create"),
    path("calendar/revoke/", views.calendar_revoke, name="calendar_revoke"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar"),
    path("workouts/<str:day>/<int:slot>.fit", views.workout_file, name="workout"),
    path("reminders/", views.reminders, name="reminders"),
    path("my-data.zip", views.my_data, name="my_data"),
    path("delete-account/", views.delete_my_account, name="delete_account"),
    path("deleted/", views.account_deleted, name="deleted"),
]
