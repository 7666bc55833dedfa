"""Per-address rate limits for the URLs a secret link opens without a login (the client's
status page, the calendar feed).

The count is taken before the token is looked up, so guessing tokens is slowed exactly as
much as opening a real one, and the refusal says nothing about whether the token exists.
The counters live in the cache, which several web processes share when RETAINER_CACHE is
`database`; the client's address is read from RATELIMIT_IP_META_KEY (a proxy's header).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django_ratelimit.core import is_ratelimited

# Limits are counted per minute, so a refused caller may try again a minute later.
WINDOW = "m"
RETRY_AFTER_SECONDS = 60


def per_minute(count: int) -> str:
    """A rate in django-ratelimit's notation: `count` requests per minute."""
    return f"{count}/{WINDOW}"


def limit_per_address(*, group: str, rate: str,
                      refusal: Callable[[HttpRequest], HttpResponse]) -> Callable:
    """A view decorator: past `rate` requests from one address within the minute, the view
    is not called and `refusal(request)` answers instead, as a 429 with Retry-After.
    Views sharing a `group` share one count."""
    if not rate.endswith("/" + WINDOW):
        raise ValueError(f"{rate!r}: limits are per minute; write it with per_minute()")

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def limited(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if is_ratelimited(request, group=group, key="ip", rate=rate, increment=True):
                response = refusal(request)
                response.status_code = 429
                response["Retry-After"] = str(RETRY_AFTER_SECONDS)
                return response
            return view(request, *args, **kwargs)

        return limited

    return decorate
