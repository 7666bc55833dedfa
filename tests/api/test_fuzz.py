"""Schemathesis against /api/openapi.json: whatever it sends, the API answers without a 500,
every response conforms to the schema, and no response carries another agency's data.

The budget is FUZZ_EXAMPLES examples per operation: 10 by default, so that `make test` stays
quick; `make prod-check` runs it with a larger one."""

from __future__ import annotations

import os
from types import SimpleNamespace

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application
from retainer.accounts.services import token_issue
from retainer.agreements.models import Agreement, Deliverable
from retainer.claims.models import Claim
from retainer.clients.models import Client, Contact
from retainer.conversations.models import Interaction
from retainer.prospects.models import Prospect
from retainer.scope.models import ClientRequest
from tests.conftest import make_world

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "10"))

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)

# ASCII, so that a JSON body that escapes other characters still shows them as they are.
MARKER = "zqrival7f3a"
RIVAL_TEXTS = {
    (Client, "name"): f"{MARKER} client",
    (Contact, "name"): f"{MARKER} contact",
    (Agreement, "title"): f"{MARKER} agreement",
    (Deliverable, "title"): f"{MARKER} deliverable",
    (Interaction, "text"): f"{MARKER} message",
    (ClientRequest, "title"): f"{MARKER} request",
    (Claim, "words"): f"{MARKER} claim",
    (Prospect, "name"): f"{MARKER} prospect",
}


@schemathesis.check
def no_rival_data(ctx, response, case) -> None:
    """No response of the team's API carries a text of the rival agency's."""
    if MARKER in response.text:
        raise AssertionError(f"{case.method} {case.path} answered with another agency's data: "
                             f"{response.text[:300]}")


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance, no_rival_data]


@pytest.fixture
def rival_world(rival):
    """One object of every kind in the rival agency, its texts marked."""
    world = make_world(rival)
    for (model, field), text in RIVAL_TEXTS.items():
        updated = model._base_manager.filter(agency=rival.agency).update(**{field: text})
        assert updated, model
    Client._base_manager.filter(agency=rival.agency).update(name_folded=RIVAL_TEXTS[
        (Client, "name")].casefold())
    return world


@pytest.fixture
def connection_kept():
    """Schemathesis calls the WSGI handler, which closes the database connection around each
    request as a server should; in a test that connection holds the test's transaction, so
    it is kept open, as Django's test client keeps it."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def bearer(team, world, rival_world, connection_kept):
    return {"Authorization": f"Bearer {token_issue(membership=team.olena)}"}


@pytest.mark.fuzz
@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck),
          derandomize=True)
def test_api_never_fails_keeps_its_schema_and_its_agency(case, bearer):
    case.call_and_validate(headers=bearer, checks=CHECKS)


@pytest.mark.django_db
def test_the_leak_check_tells_the_rival_list_from_the_team_list(team, world, rival,
                                                                 rival_world, client):
    case = SimpleNamespace(method="GET", path="/api/clients")

    def clients_of(member) -> SimpleNamespace:
        response = client.get("/api/clients",
                              HTTP_AUTHORIZATION=f"Bearer {token_issue(membership=member)}")
        return SimpleNamespace(text=response.content.decode())

    with pytest.raises(AssertionError, match="another agency's data"):
        no_rival_data(None, clients_of(rival.olena), case)
    no_rival_data(None, clients_of(team.olena), case)
