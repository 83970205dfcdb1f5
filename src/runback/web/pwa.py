"""What makes runback installable on a phone: the web manifest, the favicon, the service worker.

Each is served from the site's root because browsers look there: ``/favicon.ico`` is
asked for on every first page load whatever the page links to, and a service worker
controls only the paths under its own URL, so ``/sw.js`` (not ``/static/...``) is the
one that can keep a morning check-in made offline. The icons themselves are static
files drawn by ``scripts/make_icons.py`` (checked in; nothing is fetched).
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.staticfiles import finders
from django.http import FileResponse, Http404, HttpRequest, JsonResponse
from django.templatetags.static import static
from django.urls import URLPattern, path, reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

BRAND = "#0f766e"  # --brand in runback.css
BACKGROUND = "#f5f7f9"  # --bg in runback.css
ICONS = (
    ("runback/icons/icon-192.png", "192x192", "any"),
    ("runback/icons/icon-512.png", "512x512", "any"),
    ("runback/icons/icon-maskable-192.png", "192x192", "maskable"),
    ("runback/icons/icon-maskable-512.png", "512x512", "maskable"),
)


@require_safe
@cache_control(public=True, max_age=3600)
def manifest(request: HttpRequest) -> JsonResponse:
    """The web app manifest: name, colours, icons, and Today as the page a home-screen tap opens."""
    body = {
        "name": "runback",
        "short_name": "runback",
        "description": "A guided, step-by-step return to running after injury.",
        "start_url": reverse("runners:home"),
        "scope": "/",
        "display": "standalone",
        "background_color": BACKGROUND,
        "theme_color": BRAND,
        "icons": [
            {"src": static(name), "sizes": sizes, "type": "image/png", "purpose": purpose}
            for name, sizes, purpose in ICONS
        ],
    }
    return JsonResponse(body, content_type="application/manifest+json")


def _static_file(name: str, content_type: str) -> FileResponse:
    found = finders.find(name)
    if not found or isinstance(found, list):
        raise Http404(name)
    return FileResponse(Path(found).open("rb"), content_type=content_type)  # closed when sent


@require_safe
@cache_control(public=True, max_age=86400)
def favicon(request: HttpRequest) -> FileResponse:
    """The icon a browser asks for before it has read any page."""
    return _static_file("runback/icons/favicon.ico", "image/x-icon")


@require_safe
@cache_control(no_cache=True)
def service_worker(request: HttpRequest) -> FileResponse:
    """The service worker, from the root so its scope covers every runner page; never cached
    long, so a fixed worker reaches phones on their next visit."""
    return _static_file("runback/sw.js", "text/javascript")


app_name = "pwa"
urlpatterns: list[URLPattern] = [
    path("manifest.webmanifest", manifest, name="manifest"),
    path("favicon.ico", favicon, name="favicon"),
    path("sw.js", service_worker, name="service_worker"),
]
