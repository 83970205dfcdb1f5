from django.urls import path

app_name = "runners"
urlpatterns: list[object] = []
