"""URL map: each feature area (Django app) owns its own ``urls.py``."""

from django.contrib import admin
from django.urls import include, path

from runback.web.api import api, api_v1

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("runback.web.accounts.urls")),
    path("activities/", include("runback.web.activities.urls")),
    path("exports/", include("runback.web.exports.urls")),
    path("clinic/", include("runback.web.clinic.urls")),
    path("exports/tokens/", include("runback.web.tokens.urls")),
    path("api/v1/", api_v1.urls),
    path("api/", api.urls),  # the unversioned alias of v1, for older clients
    path("", include("runback.web.pwa")),
    path("", include("runback.web.runners.urls")),
    path("", include("runback.web.capacity.urls")),
    path("", include("runback.web.outcomes.urls")),
    path("", include("runback.web.benchview")),  # empty unless RUNBACK_BENCH_BARE_VIEW=true
]
