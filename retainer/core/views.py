import sys

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET
from django.views.i18n import set_language

from retainer.core.middleware import wants_json


@login_not_required
def language_set(request):
    """Django's language switch, which also remembers the choice for the user's e-mails."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        get_user_model().objects.filter(pk=request.user.pk).update(language=language)
    return response


@login_not_required
@require_GET
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


DEFAULT_DETAIL = {403: "Forbidden", 404: "Not Found", 500: "Server Error"}


def _error(request, status: int, template: str, message: str = ""):
    if wants_json(request):
        return JsonResponse({"detail": message or DEFAULT_DETAIL[status]}, status=status)
    return render(request, template, {"message": message}, status=status)


def forbidden(request, exception=None):
    message = str(exception) if exception and str(exception) else ""
    return _error(request, 403, "errors/403.html", message)


def not_found(request, exception=None):
    return _error(request, 404, "errors/404.html")


def server_error(request):
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        return _database_unavailable(request, error)
    return _error(request, 500, "errors/500.html")


# SQLite's words for a database that cannot be written; anything else from SQLite is a bug.
SQLITE_UNWRITABLE = ("readonly", "disk is full", "disk i/o error", "unable to open",
                     "database is locked")


def _database_unavailable(request, error):
    """A database that is down, restarting, full or read-only: a 503 that says so and asks to
    retry, rendered without touching the database (the page's usual context reads it)."""
    text = str(error).lower()
    if connection.vendor == "sqlite" and not any(words in text for words in SQLITE_UNWRITABLE):
        return _error(request, 500, "errors/500.html")
    # The next request gets a fresh connection once the database is back.
    connection.close_if_unusable_or_obsolete()
    unwritable = any(words in text for words in ("readonly", "read-only", "disk is full",
                                                 "no space left"))
    detail = ("The database cannot be written (the disk is full or it is read-only): nothing "
              "was saved. Try again once it is fixed." if unwritable else
              "The database is unavailable for a moment: nothing was saved. Try again in a "
              "minute.")
    if wants_json(request):
        response = JsonResponse({"detail": detail}, status=503)
    else:
        response = HttpResponse(render_to_string("errors/503.html", {"detail": detail}),
                                status=503)
    response["Retry-After"] = "30"
    return response


def form_page(request, form, *, save, done, message: str, **context):
    """The shape of every add/edit page: on a valid POST call `save(cleaned_data)`, say
    `message` and go to `done(result)`; otherwise show the form with its errors."""
    if request.method == "POST" and form.is_valid():
        result = save(form.cleaned_data)
        messages.success(request, message)
        return redirect(done(result))
    return render(request, "form_page.html", {"form": form, **context})


def url_to(name: str, **kwargs):
    """A `done` for form_page that goes to a fixed page whatever was saved."""
    return lambda _result: reverse(name, kwargs=kwargs)


def safe_next(request: HttpRequest) -> str | None:
    """The page a form came from (`next`), when it is one of ours."""
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


def flash_error(request, error: ValidationError) -> None:
    """A service's refusal, shown on the page the action returns to."""
    for text in error.messages:
        messages.error(request, text)


def flash_form_errors(request, form) -> None:
    """A posted form's errors, each with its field's label, for an action whose form is not
    shown again (it returns to the page it came from)."""
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for text in errors:
            messages.error(request, f"{label}: {text}" if label else text)
