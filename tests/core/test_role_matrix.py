"""Roles hold for every page and API operation. The expected permissions are written here,
independently of the code: a new endpoint fails this test until someone states who may use
it."""

from __future__ import annotations

import pytest

from retainer.accounts.roles import MATRIX, Role
from retainer.accounts.services import token_issue
from tests.endpoints import minimal_body, operations, pages, send

pytestmark = pytest.mark.django_db

# BRIEF C11: specialists read but do not decide or edit terms; only owners edit the agency
# policy and members; only sales and owners qualify prospects.
EXPECTED_ROLES = {
    Role.OWNER: {"view", "log_interactions", "edit_clients", "edit_terms", "decide", "qualify",
                 "edit_agency", "edit_policy", "manage_members"},
    Role.SALES: {"view", "log_interactions", "edit_clients", "edit_terms", "decide", "qualify"},
    Role.ACCOUNT_MANAGER: {"view", "log_interactions", "edit_clients", "edit_terms", "decide"},
    Role.SPECIALIST: {"view", "log_interactions"},
}

# page name → (permission for GET, permission for POST[, status of an allowed empty POST]).
# No GET permission: the page takes POST only (405). Forms re-show an empty POST with
# errors (200); actions without required fields act and redirect (302).
PAGES = {
    "agency_settings": ("edit_agency", "edit_agency"),
    "member_list": ("view", "manage_members"),
    "audit_log": ("manage_members", None),
    "audit_log_csv": ("manage_members", None),
    "policy": ("view", None),
    "policy_edit": ("edit_policy", "edit_policy"),
    "client_list": ("view", None),
    "client_new": ("edit_clients", "edit_clients"),
    "client_detail": ("view", None),
    "client_edit": ("edit_clients", "edit_clients"),
    "contact_new": ("edit_clients", "edit_clients"),
    "contact_edit": ("edit_clients", "edit_clients"),
    "agreement_new": ("edit_terms", "edit_terms"),
    "agreement_detail": ("view", None),
    "agreement_edit": ("edit_terms", "edit_terms"),
    "deliverable_new": ("edit_terms", "edit_terms"),
    "deliverable_edit": ("edit_terms", "edit_terms"),
    "kpi_new": ("edit_terms", "edit_terms"),
    "measurement_new": ("edit_terms", "edit_terms"),
    "period_edit": ("edit_terms", "edit_terms"),
    "interaction_new": ("log_interactions", "log_interactions"),
    "interaction_edit": ("log_interactions", "log_interactions"),
    "client_imports": ("log_interactions", "log_interactions"),
    "import_detail": ("log_interactions", "log_interactions"),
    "waiting_queue": ("view", None),
    "thread_panel": ("view", None),
    "thread_wait": (None, "log_interactions", 302),
    "notification_list": ("view", None),
    "notification_badge": ("view", None),
    "notification_read_all": (None, "view", 302),
    "calendar_feed": ("view", None),
    "calendar_feed_change": (None, "view", 302),
    "status_link_issue": (None, "edit_terms", 302),
    "status_link_revoke": (None, "edit_terms", 302),
    "request_new": ("log_interactions", "log_interactions"),
    "request_list": ("view", None),
    "override_list": ("view", None),
    "request_detail": ("view", None),
    "request_decide": (None, "decide", 302),
    "decision_override": (None, "decide", 302),
    "decision_reply": (None, "decide", 302),
    "decision_answer": (None, "decide", 302),
    "home": ("view", None),
    "attention": ("view", None),
    "task_list": ("view", None),
    "task_done": (None, "decide", 302),
    "client_attention": ("view", None),
    "agreement_register": ("view", None),
    "agreement_register_csv": ("view", None),
    "agreement_register_xlsx": ("view", None),
    "agreement_register_pdf": ("view", None),
    "agreement_quote_pdf": ("view", None),
    "unhappy_list": ("view", None),
    "unhappy_refresh": (None, "decide", 302),
    "client_recovery": ("view", None),
    "recovery_assess": (None, "decide", 302),
    "recovery_plan_create": (None, "decide", 302),
    "recovery_hold": (None, "decide", 302),
    "recovery_letter_pdf": ("view", None),
    "recovery_step_edit": ("decide", "decide"),
    "recovery_step_done": (None, "decide", 302),
    "claim_new": ("log_interactions", "log_interactions"),
    "client_claims": ("view", None),
    "claim_list": ("view", None),
    "claim_overrides": ("view", None),
    "claim_detail": ("view", None),
    "claim_assess": (None, "decide", 302),
    "claim_override": (None, "decide", 302),
    "claim_reply": (None, "decide", 302),
    "conflict_list": ("view", None),
    "conflict_new": ("log_interactions", "log_interactions"),
    "client_conflicts": ("view", None),
    "conflict_detail": ("view", None),
    "conflict_edit": ("decide", "decide"),
    "conflict_step": (None, "decide", 302),
    "conflict_handover": (None, "decide", 302),
    "conflict_close": (None, "decide", 302),
    # Statuses and retrospectives: everyone reads them, whoever logs conversations records
    # them. Notification settings are each member's own.
    "touchpoint_list": ("view", None),
    "touchpoints_missed": ("view", None),
    "touchpoint_new": ("log_interactions", "log_interactions"),
    "touchpoint_edit": ("log_interactions", "log_interactions"),
    "client_touchpoints": ("view", None),
    "notification_settings": ("view", "view", 302),
    # Only sales and owners qualify prospects (BRIEF C10): decide, convert, the portrait
    # and the plan; everyone reads them.
    "prospect_list": ("view", None),
    "prospect_new": ("edit_clients", "edit_clients"),
    "prospect_detail": ("view", None),
    "prospect_edit": ("edit_clients", "edit_clients"),
    "prospect_decide": (None, "qualify", 302),
    "prospect_convert": (None, "qualify", 302),
    "portrait": ("view", "qualify"),
    "sales_plan": ("view", "qualify"),
    "sales_plan_edit": ("qualify", "qualify"),
    "health_list": ("view", None),
    "manager_scorecard": ("view", None),
    "health_refresh": (None, "edit_policy", 302),
    "client_health": ("view", None),
    "client_health_panel": ("view", None),
    "report_list": ("view", None),
    "client_report": ("view", None),
    "client_report_pdf": ("view", None),
    # The lifecycle: everyone reads it; whoever edits clients moves them between stages.
    "client_lifecycle": ("view", None),
    "client_stage_set": (None, "edit_clients", 302),
    "stage_suggestions": ("view", None),
    "stage_suggestion_accept": (None, "edit_clients", 302),
    "stage_suggestion_reject": (None, "edit_clients", 302),
    "keep_in_touch": ("view", None),
}

# Operations that an allowed role reaches but the world's state refuses: the world's request
# is not decided, so there is nothing to override or answer yet (409, not 403).
STATE_REFUSED = {"override_decision": 409, "answer_choice": 409,
                 "override_claim": 409, "reply_claim": 409}

OPERATIONS = {
    "GET": "view",
    "POST": {"create_client": "edit_clients", "create_contact": "edit_clients",
             "create_agreement": "edit_terms", "create_deliverable": "edit_terms",
             "create_interaction": "log_interactions", "wait_for_client": "log_interactions",
             "stop_waiting_for_client": "log_interactions", "create_import": "log_interactions",
             "create_request": "log_interactions", "decide_request": "decide",
             "override_decision": "decide", "answer_choice": "decide",
             "assess_dissatisfaction": "decide", "create_recovery_plan": "decide",
             "create_claim": "log_interactions", "assess_claim": "decide",
             "override_claim": "decide", "reply_claim": "decide",
             "create_conflict_case": "log_interactions", "record_conflict_step": "decide",
             "hand_over_conflict_case": "decide", "close_conflict_case": "decide",
             "create_touchpoint": "log_interactions", "read_notifications": "view",
             "create_prospect": "edit_clients", "decide_prospect": "qualify",
             "convert_prospect": "qualify", "update_portrait": "qualify",
             "create_sales_plan": "qualify",
             "refresh_health": "edit_policy",
             "set_client_stage": "edit_clients", "accept_stage_suggestion": "edit_clients",
             "reject_stage_suggestion": "edit_clients"},
    "PATCH": {"update_client": "edit_clients", "update_contact": "edit_clients",
              "update_agreement": "edit_terms", "update_deliverable": "edit_terms",
              "update_interaction": "log_interactions",
              "update_recovery_step": "decide",
              "update_touchpoint": "log_interactions",
              "update_notification_preferences": "view",
              "update_prospect": "edit_clients", "update_sales_plan": "qualify"},
}


def test_the_matrix_is_the_written_standard():
    assert {role: set(perms) for role, perms in MATRIX.items()} == EXPECTED_ROLES


def test_every_page_has_a_stated_permission():
    assert {p.name for p in pages()} == set(PAGES)


@pytest.mark.parametrize("role", list(Role), ids=str)
@pytest.mark.parametrize("page", pages(), ids=lambda p: p.name)
def test_pages_enforce_roles(page, role, team, world, as_user):
    http = as_user(team.by_role(role))
    url = page.url(world.ids())
    get_perm, post_perm, *post_status = PAGES[page.name]
    response = http.get(url)
    if get_perm is None:
        assert response.status_code == 405
    elif get_perm in EXPECTED_ROLES[role]:
        assert response.status_code == 200
    else:
        assert response.status_code == 403
    if post_perm is not None:
        response = http.post(url, {})
        allowed = post_perm in EXPECTED_ROLES[role]
        assert response.status_code == ((post_status or [200])[0] if allowed else 403)


# Reads that need more than "view": the audit log is the owners'.
OWNER_READS = {"list_audit_entries": "manage_members"}


def _operation_perm(op) -> str:
    rule = OPERATIONS[op.method]
    if isinstance(rule, str):
        return OWNER_READS.get(op.operation_id, rule)
    return rule[op.operation_id]


@pytest.mark.parametrize("role", list(Role), ids=str)
@pytest.mark.parametrize("op", operations(), ids=lambda o: o.operation_id)
def test_api_enforces_roles(op, role, team, world, client):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_issue(membership=team.by_role(role))}"}
    ids = world.ids()
    perm = _operation_perm(op)
    url = op.url(ids)
    if op.method == "GET":
        response = client.get(url, **headers)
    else:
        body = {} if op.method == "PATCH" else minimal_body(op, ids)
        response = send(client, op, url, body, **headers)
    if perm in EXPECTED_ROLES[role]:
        expected = (STATE_REFUSED[op.operation_id],) if op.operation_id in STATE_REFUSED \
            else (200, 201)
        assert response.status_code in expected, response.content
    else:
        assert response.status_code == 403, response.content


def test_anonymous_api_calls_are_unauthorized(world, client):
    for op in operations():
        response = client.generic(op.method, op.url(world.ids()))
        assert response.status_code == 401, op.operation_id


def test_anonymous_pages_redirect_to_login(world, client):
    for page in pages():
        response = client.get(page.url(world.ids()))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
