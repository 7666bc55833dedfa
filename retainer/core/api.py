"""Pieces every API router shares: authentication, error shapes, and validation through the
same Django forms the pages use (one set of rules, one set of messages)."""


from collections.abc import Callable
from typing import Annotated, Any

from django import forms
from django.db.models import QuerySet
from django.forms.models import model_to_dict
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination
from ninja.security import HttpBearer, SessionAuth

from retainer.accounts.models import ApiToken
from retainer.core.tenancy import MAX_ID, attach_membership

# Ids outside the database's integer range are refused by the schema (422), not by the database.
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


class Pagination(LimitOffsetPagination):
    """limit/offset pages whose offset stays within what the database can take (an
    unbounded one overflows SQLite's integer and is refused here with a 422 instead)."""

    class Input(Schema):
        limit: int = Field(50, ge=1, le=200)
        offset: int = Field(0, ge=0, le=10**9)


class LazyItems:
    """A queryset for `Pagination` whose page is turned into output rows only once sliced:
    for lists that compute something per row (a reply clock's state) and should do it for
    the page, not for every row the query matches."""

    def __init__(self, queryset: QuerySet, build: Callable[[list], list]):
        self.queryset = queryset
        self.build = build

    def all(self) -> QuerySet:
        return self.queryset.all()

    def __getitem__(self, page: slice) -> list:
        return self.build(list(self.queryset[page]))


class ErrorOut(Schema):
    detail: str


class ValidationErrorOut(Schema):
    detail: list[dict[str, Any]]


ERRORS: dict[int, Any] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    413: ErrorOut,
    422: ValidationErrorOut,
}


class FormInvalid(Exception):
    def __init__(self, form: forms.BaseForm):
        self.form = form


class BearerTokenAuth(HttpBearer):
    """`Authorization: Bearer rt_…` from `manage.py create_api_token`: acts in the token's
    agency with its member's role."""

    def authenticate(self, request: HttpRequest, token: str):
        api_token = ApiToken.find_active(token)
        if api_token is None:
            return None
        attach_membership(request, api_token.membership)
        request.user = api_token.membership.user
        timezone.activate(api_token.membership.agency.timezone)
        return request.user


class AgencySessionAuth(SessionAuth):
    """The browser's session (CSRF-checked for writes), acting in the session's agency."""

    def authenticate(self, request: HttpRequest, key: str | None):
        user = super().authenticate(request, key)
        if user is None or getattr(request, "membership", None) is None:
            return None
        return user


def validated(form_class: type[forms.BaseForm], data: dict, **kwargs) -> forms.BaseForm:
    form = form_class(data=data, **kwargs)
    if not form.is_valid():
        raise FormInvalid(form)
    return form


def patched(instance, form_class: type[forms.ModelForm], payload: dict, **kwargs):
    """Validate a partial update: the instance's current values overlaid by the payload."""
    fields = [name for name in form_class._meta.fields if name not in payload]
    current = model_to_dict(instance, fields=fields)
    return validated(form_class, current | payload, instance=instance, **kwargs)
