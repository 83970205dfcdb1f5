"""A bare Django view, mounted only for ``benchmarks/web_bench.py``.

The benchmark compares the real pages with the cheapest possible response through
the same server, the same middleware and the same database, in the same run. It is
off unless ``RUNBACK_BENCH_BARE_VIEW=true``: a production install never exposes it.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path

from runback.web.config import env_bool


def bare(request: HttpRequest) -> HttpResponse:
    """The floor: no template, no query beyond what the middleware does."""
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns: list[URLPattern] = (
    [path("__bench__/bare/", bare, name="bench_bare")]
    if env_bool("RUNBACK_BENCH_BARE_VIEW", default=False)
    else []
)
