from django.urls import path

from runback.web.activities import views

app_name = "activities"
urlpatterns = [
    path("", views.activity_list, name="list"),
    path("<int:pk>/", views.activity_detail, name="detail"),
    path("<int:pk>/answer/", views.answer, name="answer"),
    path("<int:pk>/delete/", views.delete_activity, name="delete"),
    path("imports/<int:pk>/", views.batch_detail, name="batch"),
    path("uploads/<int:pk>/file/", views.upload_file, name="upload_file"),
]
