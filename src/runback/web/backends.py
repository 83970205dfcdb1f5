"""Where files and cached pages live: one URL setting each, read at start-up.

One machine needs neither: uploads go to the data folder and the cache is each
process's memory. Several machines behind a load balancer share everything but
their local disks, so both must move to services every machine reaches:

- ``RUNBACK_STORAGE_URL``: ``s3://bucket/optional/prefix?endpoint_url=...&region=...``
  keeps uploads in an S3-compatible bucket (django-storages). The bucket stays
  private: objects are written without a public ACL and runback never hands out a
  bucket URL; files are streamed back through views that check who is asking.
  Credentials come from boto3's usual places (``AWS_ACCESS_KEY_ID`` and
  ``AWS_SECRET_ACCESS_KEY``, a profile, an instance role), never from the URL, so
  the URL can be logged. ``file:///some/folder`` moves local storage elsewhere.
- ``RUNBACK_CACHE_URL``: ``redis://host:6379/0`` (Django's own Redis cache, the
  ``redis`` package), ``db://`` (Django's database cache: nothing new to run), or
  ``locmem://`` (the default, per process). Nothing in the cache is the only copy
  of anything: losing it costs re-renders, never data.

A mistyped URL fails at start-up with a message naming the setting.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.core import checks
from django.core.exceptions import ImproperlyConfigured

#: The table ``createcachetable`` makes for ``RUNBACK_CACHE_URL=db://``.
CACHE_TABLE = "runback_cache"
#: Seconds a signed bucket URL would stay valid, should any code ever ask for one
#: (none does: files are streamed through the app after the owner check).
SIGNED_URL_SECONDS = 60
S3_OPTIONS = frozenset({"endpoint_url", "region", "addressing_style"})


def storage_backend(url: str) -> dict[str, Any]:
    """The ``STORAGES["default"]`` entry for ``RUNBACK_STORAGE_URL`` (empty: the data folder)."""
    if not url:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    parts = urlsplit(url)
    if parts.scheme == "file":
        if parts.netloc not in {"", "localhost"} or not parts.path.startswith("/"):
            raise ImproperlyConfigured(
                f"RUNBACK_STORAGE_URL: file:// needs an absolute folder (file:///srv/files), "
                f"not {url!r}"
            )
        return {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": parts.path},
        }
    if parts.scheme != "s3":
        raise ImproperlyConfigured(
            f"RUNBACK_STORAGE_URL must start with s3:// or file://, not {url!r}"
        )
    if not parts.hostname:
        raise ImproperlyConfigured(f"RUNBACK_STORAGE_URL names no bucket: {url!r}")
    if parts.username or parts.password:
        raise ImproperlyConfigured(
            "RUNBACK_STORAGE_URL must not carry credentials: set AWS_ACCESS_KEY_ID and "
            "AWS_SECRET_ACCESS_KEY (or use a profile or an instance role)"
        )
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    unknown = set(query) - S3_OPTIONS
    if unknown:
        raise ImproperlyConfigured(
            f"RUNBACK_STORAGE_URL: unknown option(s) {', '.join(sorted(unknown))}; "
            f"known: {', '.join(sorted(S3_OPTIONS))}"
        )
    _require("storages", "RUNBACK_STORAGE_URL=s3://...")
    options: dict[str, Any] = {
        "bucket_name": parts.hostname,
        "location": parts.path.strip("/"),
        # Private objects: no ACL (the bucket's own, which must not be public), and
        # a signed, short-lived URL if anything ever asks for one.
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": SIGNED_URL_SECONDS,
        # Two uploads with the same name get two objects, as on disk.
        "file_overwrite": False,
    }
    if "endpoint_url" in query:
        options["endpoint_url"] = query["endpoint_url"]
    if "region" in query:
        options["region_name"] = query["region"]
    if "addressing_style" in query:
        options["addressing_style"] = query["addressing_style"]
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


def cache_backend(url: str, max_entries: int) -> dict[str, Any]:
    """The ``CACHES["default"]`` entry for ``RUNBACK_CACHE_URL`` (empty: this process's memory)."""
    scheme = urlsplit(url).scheme if url else "locmem"
    if scheme == "locmem":
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "runback",
            "OPTIONS": {"MAX_ENTRIES": max_entries},
        }
    if scheme in {"redis", "rediss", "unix"}:
        _require("redis", "RUNBACK_CACHE_URL=redis://...")
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "runback",
        }
    if scheme == "db":
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": CACHE_TABLE,
            "OPTIONS": {"MAX_ENTRIES": max_entries},
        }
    raise ImproperlyConfigured(
        f"RUNBACK_CACHE_URL must be redis://, rediss://, unix://, db:// or locmem://, not {url!r}"
    )


def _require(module: str, what: str) -> None:
    import importlib.util

    if importlib.util.find_spec(module) is None:
        raise ImproperlyConfigured(
            f"{what} needs the {module!r} package: pip install 'runback[scale]'"
        )


def shared_secret_check(app_configs: object = None, **_: object) -> list[checks.CheckMessage]:
    """Shared storage or cache means several hosts: they must share one secret key.

    Without ``RUNBACK_SECRET_KEY`` each host generates its own in its data folder,
    and a session signed in through one host is refused by the next.
    """
    import os

    from django.conf import settings

    shared = settings.STORAGES["default"]["BACKEND"] != (
        "django.core.files.storage.FileSystemStorage"
    ) or settings.CACHES["default"]["BACKEND"].endswith(("RedisCache", "DatabaseCache"))
    if shared and not os.environ.get("RUNBACK_SECRET_KEY"):
        return [
            checks.Warning(
                "shared storage or cache is set but RUNBACK_SECRET_KEY is not",
                hint="set the same RUNBACK_SECRET_KEY on every host (docs/deploy.md), or "
                "sign-ins made through one host are refused by the others",
                id="runback.W001",
            )
        ]
    return []
