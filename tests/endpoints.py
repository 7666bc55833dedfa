"""Every page URL and API operation, enumerated from the URL resolver and the OpenAPI schema,
so that a new endpoint is covered by the tenancy and role matrices without anyone listing it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from config.api import api

# Endpoints that need no agency at all (public, about the user's own session, or opened by
# a secret token instead of a login).
PUBLIC_PAGES = {"login", "logout", "set_language", "healthz", "agency_switch",
                "calendar_feed_ics", "status_page", "status_rate"}

# Actions that take POST only and answer GET with 405.
POST_ONLY = {"status_link_issue", "status_link_revoke",
             "thread_wait", "notification_read_all", "calendar_feed_change", "request_decide",
             "decision_override", "decision_reply", "decision_answer", "task_done",
             "unhappy_refresh", "recovery_assess", "recovery_plan_create", "recovery_hold",
             "recovery_step_done",
             "claim_assess", "claim_override", "claim_reply",
             "conflict_step", "conflict_handover", "conflict_close",
             "prospect_decide", "prospect_convert",
             "stage_suggestion_accept", "stage_suggestion_reject", "client_stage_set",
             "health_refresh"}


@dataclass(frozen=True)
class Page:
    name: str
    route: str
    kwargs: tuple[str, ...]

    def url(self, ids: dict[str, int]) -> str:
        missing = [k for k in self.kwargs if k not in ids]
        assert not missing, f"{self.name}: add {missing} to tests.conftest.World.ids()"
        return reverse(self.name, kwargs={k: ids[k] for k in self.kwargs})


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def pages() -> list[Page]:
    result = []
    for route, pattern in _walk(get_resolver().url_patterns):
        if route.startswith("api/") or pattern.name in PUBLIC_PAGES:
            continue
        assert pattern.name, f"unnamed URL pattern {route!r}: name it"
        kwargs = tuple(re.findall(r"<(?:\w+:)?(\w+)>", route))
        result.append(Page(pattern.name, route, kwargs))
    return result


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    operation_id: str
    body_schema: dict | None
    multipart: bool = False

    def url(self, ids: dict[str, int]) -> str:
        def fill(match):
            key = match.group(1)
            assert key in ids, f"{self.operation_id}: add {key} to tests.conftest.World.ids()"
            return str(ids[key])

        return re.sub(r"\{(\w+)\}", fill, self.path)


def operations() -> list[Operation]:
    schema = api.get_openapi_schema()
    result = []
    for path, methods in schema["paths"].items():
        for method, spec in methods.items():
            body = None
            content = spec.get("requestBody", {}).get("content", {})
            multipart = "multipart/form-data" in content
            if content:
                kind = "multipart/form-data" if multipart else "application/json"
                body = _resolve(schema, content[kind]["schema"])
            result.append(Operation(method.upper(), path, spec["operationId"], body, multipart))
    return result


def _resolve(schema: dict, node: dict) -> dict:
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        return _resolve(schema, schema["components"]["schemas"][name])
    return node


REFERENCES = {"client": "client_id", "agreement": "agreement_id", "contact": "contact_id",
              "deliverable": "deliverable_id", "to_manager": "member_id"}


def minimal_body(operation: Operation, ids: dict[str, int]) -> dict:
    """The required fields of a request body with plausible values; references to other
    objects point at `ids` (another agency's objects, in the tenancy matrix)."""
    body = {}
    schema = operation.body_schema or {}
    for name in schema.get("required", []):
        if name in REFERENCES:
            body[name] = ids[REFERENCES[name]]
            continue
        spec = schema["properties"][name]
        kinds = {spec.get("type")} | {s.get("type") for s in spec.get("anyOf", [])}
        fmt = spec.get("format") or next(
            (s.get("format") for s in spec.get("anyOf", []) if s.get("format")), None
        )
        if fmt == "date":
            body[name] = timezone.localdate().isoformat()
        elif fmt == "date-time":
            body[name] = f"{timezone.localdate().isoformat()}T10:00:00+03:00"
        elif "number" in kinds or "integer" in kinds:
            body[name] = 1
        elif name == "language":
            body[name] = "ru"
        elif name == "channel":
            body[name] = "email"
        elif name == "direction":
            body[name] = "in"
        elif name == "source":
            body[name] = "csv"
        elif name == "stage":
            body[name] = "storm"
        elif name == "decision":
            body[name] = "interesting"
        elif name == "criteria":
            body[name] = [{"attribute": "segment", "weight": 1, "values": ["startup"]}]
        elif fmt == "binary":
            body[name] = SimpleUploadedFile("log.csv", MINIMAL_CSV)
        else:
            body[name] = "x"
    return body


# A file for an upload: one row of a CSV log, as the imports take it.
MINIMAL_CSV = (b"occurred_at,direction,channel,sender,text\n"
               b"2026-03-02T10:00:00+03:00,in,email,client@example.com,x\n")


def send(http, operation: Operation, url: str, body: dict, **headers):
    """A write with its body as the operation takes it: JSON, or a multipart form."""
    if operation.multipart:
        return http.post(url, body, **headers)
    return http.generic(operation.method, url, data=json.dumps(body),
                        content_type="application/json", **headers)
