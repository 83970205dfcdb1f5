"""The checked-in OpenAPI document is the one the API serves."""

from __future__ import annotations

import json
from pathlib import Path

from django.test import Client

from runback.web.api import openapi_text
from runback.web.runners.models import Runner
from tests.web.conftest import client_for

DOCUMENT = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"


def test_docs_openapi_json_is_up_to_date() -> None:
    assert DOCUMENT.read_text(encoding="utf-8") == openapi_text(), (
        "the API changed: run scripts/write_openapi.py and commit docs/openapi.json"
    )


def test_the_served_document_is_the_checked_in_one(alice: Runner) -> None:
    served = client_for(alice.user).get("/api/v1/openapi.json").json()
    assert served == json.loads(DOCUMENT.read_text(encoding="utf-8"))


def test_the_document_says_how_to_authenticate() -> None:
    document = json.loads(DOCUMENT.read_text(encoding="utf-8"))
    schemes = document["components"]["securitySchemes"]
    assert {"type": "http", "scheme": "bearer"}.items() <= schemes["TokenAuth"].items()
    assert schemes["SessionAuth"]["in"] == "cookie"
    assert "X-CSRFToken" in document["info"]["description"]


def test_the_document_is_public_but_the_data_is_not(db: None) -> None:
    assert Client().get("/api/v1/openapi.json").status_code == 200
    assert Client().get("/api/v1/me").status_code == 401
