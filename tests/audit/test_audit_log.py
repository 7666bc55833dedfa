"""The audit log (issue 7, security): every decision, override, concession, agreement change
and member change appears with who made it and when, to owners only, as a page, a CSV and
over the API; another agency's trail never shows."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from retainer.accounts.models import Membership
from retainer.accounts.roles import Role
from retainer.accounts.services import token_issue
from retainer.audit.selectors import audit_entries, describe
from retainer.claims.models import Concession
from retainer.scope.models import Decision
from retainer.scope.services import request_create
from tests.claims.conftest import Deal
from tests.factories import (
    AgreementFactory,
    ClientFactory,
    DeliverableFactory,
    TouchpointFactory,
)

pytestmark = pytest.mark.django_db

OVERRIDE = "Старый клиент, продлевает договор на год"
CONCESSION_OVERRIDE = "Клиент платит вовремя три года подряд"


def _decide_and_override(team, as_user):
    client = ClientFactory(agency=team.agency, language="ru", account_manager=team.masha.user)
    agreement = AgreementFactory(client=client)
    DeliverableFactory(agreement=agreement)
    client_request = request_create(client=client, agreement=agreement, user=None, data={
        "kind": "change", "estimate_min": 240, "title": "Блок на лендинге", "deliverable": None})
    http = as_user(team.masha)
    http.post(reverse("request_decide", kwargs={"request_id": client_request.pk}))
    http.post(reverse("decision_override", kwargs={"request_id": client_request.pk}),
              {"outcome": "bonus", "reason": OVERRIDE})
    return Decision.objects.get(request=client_request)


def _assess_and_override(team, as_user):
    claim = Deal(team).claim(ask="Переделать баннеры в другом цвете", asked_min=600)
    http = as_user(team.ivan)
    http.post(reverse("claim_assess", kwargs={"claim_id": claim.pk}))
    concession = Concession.objects.get(claim=claim)
    http.post(reverse("claim_override", kwargs={"claim_id": claim.pk}), {
        "decision": "refuse" if concession.granted else "grant", "reason": CONCESSION_OVERRIDE})
    concession.refresh_from_db()
    assert concession.override_reason == CONCESSION_OVERRIDE
    return concession


def _entries(agency, **filters):
    with translation.override("en"):
        return describe(audit_entries(agency=agency, **filters))


def test_decisions_overrides_concessions_agreements_and_roles_appear_with_actor(
        team, as_user, client):
    decision = _decide_and_override(team, as_user)
    concession = _assess_and_override(team, as_user)
    agreement = AgreementFactory(client=ClientFactory(agency=team.agency), title="Договор 2026")
    token = token_issue(membership=team.masha)
    response = client.patch(f"/api/agreements/{agreement.pk}", {"title": "Договор 2027"},
                            content_type="application/json",
                            HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200, response.content
    as_user(team.olena).post(reverse("member_list"), {
        "email": team.petro.user.email, "role": Role.ACCOUNT_MANAGER})
    assert Membership.objects.get(pk=team.petro.pk).role == Role.ACCOUNT_MANAGER

    entries = _entries(team.agency)
    assert [entry.at for entry in entries] == sorted((e.at for e in entries), reverse=True)

    def made(kind, object_id, action):
        return [(e.actor_id, e.actor) for e in entries
                if (e.kind, e.object_id, e.action) == (kind, object_id, action)]

    masha, ivan, olena = (m.user for m in (team.masha, team.ivan, team.olena))
    assert made("decision", decision.pk, "+") == [(masha.pk, "Masha")]
    override = [e for e in entries if e.kind == "decision" and e.reason == OVERRIDE
                and e.action == "~"]
    assert override and override[-1].actor_id == masha.pk
    assert "why the outcome was overridden" in override[-1].changed
    assert made("concession", concession.pk, "+") == [(ivan.pk, "Ivan")]
    assert any(e.actor_id == ivan.pk and e.reason == CONCESSION_OVERRIDE and e.action == "~"
               for e in entries if e.kind == "concession")
    agreement_change = [e for e in entries if e.kind == "agreement" and e.action == "~"]
    assert [(e.actor_id, e.title, e.changed) for e in agreement_change] == \
        [(masha.pk, "Договор 2027", ("title",))]
    role_change = made("member", team.petro.pk, "~")
    assert role_change == [(olena.pk, "Olena")]
    assert [e.title for e in entries if e.kind == "member" and e.action == "~"] == ["Petro"]


def test_another_agencys_trail_never_appears(team, rival, as_user):
    ours = list(audit_entries(agency=team.agency))
    _decide_and_override(rival, as_user)
    as_user(rival.olena).post(reverse("member_list"), {
        "email": rival.petro.user.email, "role": Role.SALES})
    assert audit_entries(agency=rival.agency).count() > len(ours)
    assert list(audit_entries(agency=team.agency)) == ours
    assert not {e["log_actor_id"] for e in ours} & {m.user_id for m in
                                                     Membership.objects.filter(agency=rival.agency)}
    page = as_user(team.olena).get(reverse("audit_log")).content.decode()
    assert "Блок на лендинге" not in page
    export = as_user(team.olena).get(reverse("audit_log_csv"))
    assert "Блок на лендинге" not in b"".join(export.streaming_content).decode()


def test_filters_narrow_the_log(team, as_user):
    _decide_and_override(team, as_user)
    as_user(team.olena).post(reverse("member_list"), {
        "email": team.petro.user.email, "role": Role.SALES})
    members = _entries(team.agency, kind="member")
    assert {e.kind for e in members} == {"member"} and len(members) == 5
    assert {e.kind for e in _entries(team.agency, actor_id=team.masha.user.pk)} == {"decision"}
    tomorrow = timezone.now() + timezone.timedelta(days=1)
    assert _entries(team.agency, since=tomorrow) == []
    assert _entries(team.agency, until=tomorrow)


@pytest.mark.parametrize("role", [Role.SALES, Role.ACCOUNT_MANAGER, Role.SPECIALIST])
def test_only_owners_read_the_log(team, as_user, client, role):
    member = team.by_role(role)
    http = as_user(member)
    assert http.get(reverse("audit_log")).status_code == 403
    assert http.get(reverse("audit_log_csv")).status_code == 403
    response = client.get("/api/audit", HTTP_AUTHORIZATION=f"Bearer {token_issue(membership=member)}")
    assert response.status_code == 403 and "detail" in response.json()
    assert reverse("audit_log") not in http.get(reverse("member_list")).content.decode()


def test_the_owner_reads_the_page_with_a_link_from_the_team_page(team, as_user):
    http = as_user(team.olena)
    assert reverse("audit_log") in http.get(reverse("member_list")).content.decode()
    empty = http.get(reverse("audit_log"), {"kind": "concession"}).content.decode()
    assert 'class="empty"' in empty and "<table" not in empty
    decision = _decide_and_override(team, as_user)
    http = as_user(team.olena)
    page = http.get(reverse("audit_log")).content.decode()
    assert OVERRIDE in page and "Masha" in page
    assert reverse("request_detail", kwargs={"request_id": decision.request_id}) in page
    wrong = http.get(reverse("audit_log"), {"since": "2026-12-01", "until": "2026-11-01"})
    assert wrong.status_code == 200 and OVERRIDE not in wrong.content.decode()
    bad_csv = http.get(reverse("audit_log_csv"), {"kind": "nonsense"})
    assert bad_csv.status_code == 400


def test_the_csv_holds_every_entry_with_actor_and_time(team, as_user):
    decision = _decide_and_override(team, as_user)
    response = as_user(team.olena).get(reverse("audit_log_csv"), {"kind": "decision"})
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    header, *rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(header) == 10
    count = Decision.history.filter(id=decision.pk).count()
    assert count >= 2 and len(rows) == count
    assert all(row[1] == "Masha" and row[-1] == str(decision.pk) for row in rows)
    assert any(OVERRIDE in row for row in rows)


def test_the_api_pages_the_log(team, as_user, client):
    _decide_and_override(team, as_user)
    token = token_issue(membership=team.olena)
    response = client.get("/api/audit", {"kind": "decision", "limit": 1},
                          HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] >= 2 and len(body["items"]) == 1
    assert body["items"][0]["actor"] == "Masha" and body["items"][0]["kind"] == "decision"
    bad = client.get("/api/audit", {"kind": "nonsense"}, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert bad.status_code == 422


def _queries(http, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert http.get(url).status_code == 200
    return len(queries)


def test_the_page_export_and_api_take_as_many_queries_for_few_and_many_entries(
        team, as_user, client):
    token = token_issue(membership=team.olena)
    agreement = AgreementFactory(client=ClientFactory(agency=team.agency))
    deliverable = DeliverableFactory(agreement=agreement)

    def act(number):
        _decide_and_override(team, as_user)
        deliverable.title = f"Этап {number}"
        deliverable.save()
        as_user(team.olena).post(reverse("member_list"), {
            "email": team.petro.user.email, "role": [Role.SALES, Role.SPECIALIST][number % 2]})

    def measure():
        http = as_user(team.olena)
        with CaptureQueriesContext(connection) as api:
            client.get("/api/audit", HTTP_AUTHORIZATION=f"Bearer {token}")
        with CaptureQueriesContext(connection) as export:
            b"".join(http.get(reverse("audit_log_csv")).streaming_content)
        return _queries(http, reverse("audit_log")), len(api), len(export)

    act(0)
    few = measure()
    for number in range(1, 60):
        act(number)
    assert audit_entries(agency=team.agency).count() > 300
    many = measure()
    assert few == many


def test_a_milestones_retrospective_day_is_no_change_of_its_own(team):
    """The retrospective day kept on a milestone changes with the touchpoints, and the next
    change someone makes to the milestone names only what they changed (history diffs
    leave out fields that are not editable, as the derived columns are not)."""
    client = ClientFactory(agency=team.agency, account_manager=team.masha.user)
    milestone = DeliverableFactory(agreement=AgreementFactory(client=client),
                                   status="approved", actual_done=timezone.localdate())
    TouchpointFactory(client=client, kind="retrospective", deliverable=milestone,
                      held_on=timezone.localdate())
    milestone.refresh_from_db()
    milestone.title = "Макеты, финал"
    milestone.save()
    changes = [e.changed for e in _entries(team.agency, kind="deliverable") if e.action == "~"]
    assert changes == [("title",)]
