from __future__ import annotations

import re

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.http import HttpRequest, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

# The two places that take an uploaded export (the import page and POST /api/imports).
IMPORT_UPLOADS = re.compile(r"^/(clients/\d+/imports/|api/imports)$")


def wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


class RequestSizeLimitMiddleware:
    """Refuse an oversized body before anything reads it, with a clear message in the user's
    language (Django's own limit would answer with a bare 400)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.RETAINER_MAX_REQUEST_BYTES
        if IMPORT_UPLOADS.match(request.path_info):
            # Exports are streamed to disk by the upload handler; room is left for the form.
            limit = max(limit, settings.RETAINER_MAX_IMPORT_BYTES + 64 * 1024)
        if length > limit:
            message = _("The data sent is too large: %(size)s MB, the limit is %(limit)s MB.") % {
                "size": round(length / 1024 / 1024, 1),
                "limit": round(limit / 1024 / 1024, 1),
            }
            if wants_json(request):
                return JsonResponse({"detail": message}, status=413)
            return render(request, "errors/too_large.html", {"message": message}, status=413)
        return self.get_response(request)


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Every page needs a login; the API answers 401 itself (session or bearer token)."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if wants_json(request):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
