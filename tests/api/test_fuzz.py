"""Schemathesis against /api/openapi.json with a fixed budget: whatever it sends, the API
answers without a 500 and every response conforms to the schema."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application
from retainer.accounts.services import token_issue

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]


@pytest.fixture
def bearer(team, world):
    return {"Authorization": f"Bearer {token_issue(membership=team.olena)}"}


@pytest.mark.fuzz
@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck),
          derandomize=True)
def test_api_never_fails_and_keeps_its_schema(case, bearer):
    case.call_and_validate(headers=bearer, checks=CHECKS)
