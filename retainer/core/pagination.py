from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Window
from django.http import HttpRequest

# Deeper than this a log is read by search or export, not by paging.
MAX_LOG_PAGE = 10_000


def paginate(request: HttpRequest, queryset: QuerySet, per_page: int | None = None) -> Page:
    """One page of `queryset` from ?page=; a bad or out-of-range number gives the nearest
    page instead of an error."""
    paginator = Paginator(queryset, per_page or settings.RETAINER_PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))


def query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@dataclass
class LogPage:
    """A page of a long, newest-first log that does not count the whole log: fetching one row
    more than the page shows tells whether an older page exists."""

    object_list: list
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1


def paginate_log(request: HttpRequest, queryset: QuerySet, per_page: int | None = None) -> LogPage:
    size = per_page or settings.RETAINER_PAGE_SIZE
    try:
        number = min(max(int(request.GET.get("page", 1)), 1), MAX_LOG_PAGE)
    except ValueError:
        number = 1
    start = (number - 1) * size
    rows = list(queryset[start:start + size + 1])
    return LogPage(object_list=rows[:size], number=number, has_next=len(rows) > size)


class Counted:
    """Rows that are counted by a cheaper queryset than the one that reads them. Django's
    count() of a values() list keeps the joins its columns needed (the client's name, the
    contact's), and on a big table joining every matching row costs far more than counting
    them from an index; `count_from` is the same filter without the joins. Pages, the API's
    pagination and plain iteration read it like the queryset of rows."""

    def __init__(self, rows: QuerySet, count_from: QuerySet):
        self.rows = rows
        self.count_from = count_from

    @property
    def ordered(self) -> bool:
        return self.rows.ordered

    def count(self) -> int:
        return self.count_from.count()

    def all(self) -> Counted:
        return self

    def __getitem__(self, index):
        return self.rows[index]

    def __iter__(self):
        return iter(self.rows)


def head_and_count(queryset: QuerySet, limit: int) -> tuple[list, int]:
    """The first `limit` rows and how many rows there are in all, from one query: the count
    is a window over the whole filtered set. A list whose filter is costly (a due date
    computed per client) is then filtered once, not once for the count and again for the
    rows. Not for a DISTINCT queryset, whose window would count the rows before DISTINCT."""
    rows = list(queryset.annotate(rows_in_all=Window(Count("pk")))[:limit])
    return rows, rows[0].rows_in_all if rows else 0
