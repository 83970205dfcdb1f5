app_name = "runners"
urlpatterns: list[object] = []
