"""The benchmark's comparison views, mounted only for ``benchmarks/web_bench.py``.

Today is measured against ``bare``: a page that goes through the same server,
middleware, database, session and sign-in as every runner page (it needs a signed-in
user and names them) but renders a trivial template. The ratio then shows what
Today itself costs, not what being signed in costs. ``ping`` is the floor (no
session, no template); the benchmark only uses it to see that the server is up and
idle.

Both are off unless ``RUNBACK_BENCH_BARE_VIEW=true``: a production install never
exposes them.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path

from runback.web.config import env_bool


@login_required
def bare(request: HttpRequest) -> HttpResponse:
    """A signed-in page with nothing on it but whose it is."""
    return render(request, "bench/bare.html")


def ping(request: HttpRequest) -> HttpResponse:
    """No session, no template, no query."""
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns: list[URLPattern] = (
    [
        path("__bench__/bare/", bare, name="bench_bare"),
        path("__bench__/ping/", ping, name="bench_ping"),
    ]
    if env_bool("RUNBACK_BENCH_BARE_VIEW", default=False)
    else []
)
