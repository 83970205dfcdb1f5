"""``{% nav_url %}``: the links every page's navigation shows, reversed once.

``base.html`` links to the signed-in runner's own pages on every page. Each
``{% url %}`` asks Django's resolver again, and these eight reversals were the
largest part of rendering a page around a cached body (measured with
``benchmarks/web_bench.py``; docs/performance.md). A URL is a pure function of the
URLconf, the script prefix, the route's name and its arguments, so each is reversed
once per process and remembered under exactly those.
"""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse

register = template.Library()


@register.simple_tag
def nav_url(name: str, *args: int | str) -> str:
    """``{% nav_url 'runners:today' runner.pk %}`` is ``{% url 'runners:today' runner.pk %}``."""
    return _reversed(get_urlconf(), get_script_prefix(), name, args)


@lru_cache(maxsize=4096)
def _reversed(urlconf: str | None, prefix: str, name: str, args: tuple[int | str, ...]) -> str:
    return reverse(name, urlconf=urlconf, args=args)
