from django.http import HttpRequest


def is_fragment(request: HttpRequest) -> bool:
    """An htmx request that swaps part of a page, not a boosted full-page navigation."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.boosted


def pick_template(request: HttpRequest, page: str, fragment: str) -> str:
    return fragment if is_fragment(request) else page
