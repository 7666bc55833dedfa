"""The app's URLs plus the load benchmark's floor: a trivial page behind the same middleware
(session, log-in, tenancy, security headers), served by the same gunicorn as the app."""

from django.http import HttpResponse
from django.urls import path

from config.urls import handler403, handler404, handler500
from config.urls import urlpatterns as app_urlpatterns

__all__ = ["handler403", "handler404", "handler500", "urlpatterns"]


def floor(request):
    return HttpResponse(request.agency.name, content_type="text/plain; charset=utf-8")


urlpatterns = [path("floor/", floor), *app_urlpatterns]
