"""Uploads in an S3-compatible bucket (``RUNBACK_STORAGE_URL``) and the two settings
that choose the storage and the cache (web/backends.py).

The bucket is moto's in-process S3 (no network): the same django-storages backend,
boto3 client and requests as against a real bucket. What must hold there as on
disk: the worker imports a file it has no path to, the owner alone gets it back
(streamed through the app, never a bucket URL), deleting the account empties the
runner's prefix, and a backup round trip gives the bucket back.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import default_storage
from typer.testing import CliRunner

from runback.cli import app
from runback.web import backends
from runback.web.activities.models import Activity, Upload
from runback.web.exports.deletion import delete_account
from runback.web.files import walk
from runback.web.runners.models import Runner
from tests.web.conftest import client_for, new_runner
from tests.web.files_support import RUN_FIT, SHORT_RUN_FIT, post_files, run_worker, upload_of

BUCKET = "runback-unit"


@pytest.fixture
def bucket(settings: Any) -> Iterator[Any]:
    """Uploads go to a private bucket in moto's in-process S3; yields the S3 client."""
    moto = pytest.importorskip("moto")
    pytest.importorskip("storages")
    import boto3

    with moto.mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket=BUCKET)
        settings.STORAGES = {
            **settings.STORAGES,
            "default": backends.storage_backend(f"s3://{BUCKET}/site?region=us-east-1"),
        }
        yield client


def keys(client: Any, prefix: str = "") -> list[str]:
    listing = client.list_objects_v2(Bucket=BUCKET, Prefix=f"site/{prefix}")
    return sorted(item["Key"] for item in listing.get("Contents", []))


def test_the_worker_imports_from_the_bucket_and_only_the_owner_gets_the_file(
    bucket: Any, db: None
) -> None:
    alice, bob = new_runner("alice"), new_runner("bob")
    response = post_files(client_for(alice.user), [upload_of(RUN_FIT)])
    assert response.status_code == 302
    upload = Upload.objects.get(runner=alice)
    assert keys(bucket, f"uploads/{alice.pk}/") == [f"site/{upload.file.name}"]
    with pytest.raises(NotImplementedError):
        upload.file.path  # noqa: B018 (no path: the worker cannot cheat)

    run_worker()
    assert Activity.objects.filter(runner=alice, upload=upload).count() == 1

    url = f"/activities/uploads/{upload.pk}/file/"
    mine = client_for(alice.user).get(url)
    assert mine.status_code == 200
    assert b"".join(mine.streaming_content) == RUN_FIT.read_bytes()  # type: ignore[attr-defined]
    assert client_for(bob.user).get(url).status_code == 404
    assert BUCKET not in mine.headers.get("Location", "")


def test_the_data_export_carries_the_files_from_the_bucket(bucket: Any, db: None) -> None:
    import io
    import zipfile

    alice = new_runner("alice")
    client = client_for(alice.user)
    post_files(client, [upload_of(RUN_FIT)])
    run_worker()
    upload = Upload.objects.get(runner=alice)
    response = client.get("/exports/my-data.zip")
    assert response.status_code == 200
    body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        name = f"runback-export/files/{upload.pk}-{upload.original_name}"
        assert archive.read(name) == RUN_FIT.read_bytes()


def test_the_admin_never_links_to_the_bucket(bucket: Any, db: None) -> None:
    """A signed bucket URL would hand the file to any staff member: the name only."""
    from django.contrib.auth.models import User

    alice = new_runner("alice")
    post_files(client_for(alice.user), [upload_of(RUN_FIT)])
    upload = Upload.objects.get(runner=alice)
    admin = User.objects.create_superuser("admin", "admin@example.org", "x")
    page = client_for(admin).get(f"/admin/activities/upload/{upload.pk}/change/")
    assert page.status_code == 200
    text = page.content.decode()
    assert upload.file.name in text
    assert "Signature" not in text
    assert "amazonaws" not in text
    assert f"{BUCKET}" not in text


def test_a_deleted_account_leaves_nothing_under_its_prefix(bucket: Any, db: None) -> None:
    alice, bob = new_runner("alice"), new_runner("bob")
    post_files(client_for(alice.user), [upload_of(RUN_FIT), upload_of(SHORT_RUN_FIT)])
    post_files(client_for(bob.user), [upload_of(RUN_FIT)])
    run_worker()
    # A file whose row is gone already (say, a crash between the two) goes too.
    default_storage.save(f"uploads/{alice.pk}/orphan/left.fit", upload_of(RUN_FIT))
    assert len(keys(bucket, f"uploads/{alice.pk}/")) == 3

    with django_capture_on_commit():
        delete_account(alice.user)
    assert keys(bucket, f"uploads/{alice.pk}/") == []
    assert len(keys(bucket, f"uploads/{bob.pk}/")) == 1
    assert not Runner.objects.filter(pk=alice.pk).exists()


def django_capture_on_commit() -> Any:
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=True)


@pytest.mark.slow
def test_a_backup_round_trip_gives_the_bucket_back(
    bucket: Any, transactional_db: None, tmp_path: Path
) -> None:
    alice = new_runner("alice")
    post_files(client_for(alice.user), [upload_of(RUN_FIT)])
    run_worker()
    before = {name: default_storage.open(name).read() for name in walk(default_storage)}
    assert len(before) == 1
    out = tmp_path / "backup.tar.gz"
    cli = CliRunner()
    made = cli.invoke(app, ["backup", str(out)])
    assert made.exit_code == 0, made.output
    assert "1 file(s)" in made.output

    delete_account(alice.user)
    default_storage.save("uploads/999/later/new.fit", upload_of(SHORT_RUN_FIT))
    assert set(walk(default_storage)) != set(before)

    restored = cli.invoke(app, ["restore", str(out), "--yes"])
    assert restored.exit_code == 0, restored.output
    after = {name: default_storage.open(name).read() for name in walk(default_storage)}
    assert after == before
    assert Upload.objects.get(runner__user__username="alice").file.name in after


@pytest.mark.parametrize(
    ("url", "backend", "options"),
    [
        ("", "django.core.files.storage.FileSystemStorage", None),
        (
            "file:///srv/runback-files",
            "django.core.files.storage.FileSystemStorage",
            {"location": "/srv/runback-files"},
        ),
        (
            "s3://health-files/runback/site?endpoint_url=https://s3.example.org&region=eu-west-2",
            "storages.backends.s3.S3Storage",
            {
                "bucket_name": "health-files",
                "location": "runback/site",
                "endpoint_url": "https://s3.example.org",
                "region_name": "eu-west-2",
                "default_acl": None,
                "querystring_auth": True,
                "file_overwrite": False,
            },
        ),
    ],
)
def test_one_url_chooses_the_storage(
    url: str, backend: str, options: dict[str, Any] | None
) -> None:
    chosen = backends.storage_backend(url)
    assert chosen["BACKEND"] == backend
    for key, value in (options or {}).items():
        assert chosen["OPTIONS"][key] == value


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://bucket", "must start with s3:// or file://"),
        ("s3://", "names no bucket"),
        ("s3://key:secret@bucket", "must not carry credentials"),
        ("s3://bucket?acl=public-read", "unknown option"),
        ("file://relative/folder", "absolute folder"),
    ],
)
def test_a_bad_storage_url_is_named(url: str, message: str) -> None:
    with pytest.raises(ImproperlyConfigured, match=f"RUNBACK_STORAGE_URL.*{message}|{message}"):
        backends.storage_backend(url)


@pytest.mark.parametrize(
    ("url", "backend"),
    [
        ("", "django.core.cache.backends.locmem.LocMemCache"),
        ("locmem://", "django.core.cache.backends.locmem.LocMemCache"),
        ("redis://cache.internal:6379/2", "django.core.cache.backends.redis.RedisCache"),
        ("rediss://cache.internal:6380/0", "django.core.cache.backends.redis.RedisCache"),
        ("db://", "django.core.cache.backends.db.DatabaseCache"),
    ],
)
def test_one_url_chooses_the_cache(url: str, backend: str) -> None:
    assert backends.cache_backend(url, 100)["BACKEND"] == backend


def test_a_bad_cache_url_is_named() -> None:
    with pytest.raises(ImproperlyConfigured, match="RUNBACK_CACHE_URL"):
        backends.cache_backend("memcached://x", 100)


def test_the_database_cache_serves_today(db: None, settings: Any) -> None:
    """``db://``: the cache table ``runback migrate`` makes, shared by every process."""
    from django.core.cache import caches
    from django.core.management import call_command

    settings.CACHES = {"default": backends.cache_backend("db://", 100)}
    call_command("createcachetable", verbosity=0)
    caches["default"].set("runback:probe", "kept", 60)
    assert caches["default"].get("runback:probe") == "kept"


@pytest.mark.parametrize("secret", ["", "the-same-on-every-host"])
def test_shared_services_without_a_shared_secret_key_are_flagged(
    settings: Any, monkeypatch: pytest.MonkeyPatch, secret: str
) -> None:
    monkeypatch.setenv("RUNBACK_SECRET_KEY", secret)
    settings.CACHES = {"default": backends.cache_backend("redis://cache:6379/0", 100)}
    found = [m.id for m in backends.shared_secret_check()]
    assert found == ([] if secret else ["runback.W001"])
    settings.CACHES = {"default": backends.cache_backend("", 100)}
    monkeypatch.setenv("RUNBACK_SECRET_KEY", "")
    assert backends.shared_secret_check() == []  # one machine: the data folder's key is fine
