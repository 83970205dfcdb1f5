"""Property-based tests of the API against its checked-in OpenAPI document.

schemathesis generates requests for every operation of ``docs/openapi.json`` (valid
and invalid bodies, odd path and query values) and sends them, signed with a
personal access token, through Django's WSGI application to a real database. Every
answer must be a documented status, never a server error, and must match the
document's schema for that status. Examples are capped so the suite stays quick.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from runback.web.runners.models import Runner
from runback.web.wsgi import application
from tests.web.api_support import imported_activity, token_for
from tests.web.files_support import media

__all__ = ["media"]  # the fixture: uploaded files go to a throwaway folder

DOCUMENT = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"
schema = schemathesis.openapi.from_path(DOCUMENT)

CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]


@pytest.fixture
def wsgi_in_the_test_transaction() -> Iterator[None]:
    """Keep the database connection open across requests, as Django's test client does:
    the WSGI handler would close it after each request (it is inside the test's
    transaction, so not in autocommit), and the next request would find it closed."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def token(alice: Runner, media: Path, settings: Any, wsgi_in_the_test_transaction: None) -> str:
    settings.RUNBACK_API_TOKEN_RATE = 1_000_000
    imported_activity(alice)
    return token_for(alice.user)


@schema.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)
@pytest.mark.slow
def test_every_operation_answers_as_documented(
    case: schemathesis.Case, alice: Runner, token: str
) -> None:
    if "runner_id" in (case.path_parameters or {}):
        # Mostly the token's own record (a stranger's id is a 404, tested elsewhere).
        case.path_parameters["runner_id"] = alice.pk
    case.call_and_validate(
        app=application, headers={"Authorization": f"Bearer {token}"}, checks=CHECKS
    )
