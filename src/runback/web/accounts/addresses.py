"""The client's address, as seen through the reverse proxies the operator trusts.

Behind nginx every request arrives from 127.0.0.1, so login throttling keyed on
``REMOTE_ADDR`` would lock every runner out together, and anyone could do it. Each
trusted proxy appends the address it received the request from to
``X-Forwarded-For``; with ``RUNBACK_TRUSTED_PROXIES = n`` the client's address is
therefore the n-th entry from the right. Entries further left were written by the
client itself and prove nothing, so they are never read.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The address to throttle on: ``REMOTE_ADDR``, or the trusted proxies' word for it."""
    remote = str(request.META.get("REMOTE_ADDR") or "")
    proxies: int = settings.RUNBACK_TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    chain = [hop.strip() for hop in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")]
    chain = [hop for hop in chain if hop]
    if len(chain) < proxies:
        return remote  # the request did not come through every proxy: trust no header
    claimed = chain[-proxies]
    try:
        return str(ipaddress.ip_address(claimed))
    except ValueError:
        return remote
