from __future__ import annotations

import pytest
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.test import RequestFactory

from retainer.clients.models import Client
from retainer.core.pagination import head_and_count, paginate_log
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def clients(team):
    for i in range(7):
        ClientFactory(agency=team.agency, name=f"{i}")
    return Client.objects.for_agency(team.agency).order_by("name")


@pytest.mark.parametrize(("page", "number", "names", "older", "newer"), [
    (None, 1, ["0", "1", "2"], True, False),
    ("2", 2, ["3", "4", "5"], True, True),
    ("3", 3, ["6"], False, True),
    ("9", 9, [], False, True),
    ("x", 1, ["0", "1", "2"], True, False),
    ("-4", 1, ["0", "1", "2"], True, False),
])
def test_a_log_page_knows_its_neighbours_without_counting(clients, page, number, names, older,
                                                         newer):
    request = RequestFactory().get("/", {"page": page} if page else {})
    window = paginate_log(request, clients, per_page=3)
    assert window.number == number
    assert [c.name for c in window.object_list] == names
    assert (window.has_next, window.has_previous) == (older, newer)


def test_the_head_and_the_count_come_in_order_with_annotations(clients,
                                                               django_assert_num_queries):
    named = clients.filter(name__gte="2").annotate(label=Concat(Value("#"), F("name")))
    with django_assert_num_queries(1):
        rows, count = head_and_count(named.order_by("-name"), 3)
    assert [(row.name, row.label) for row in rows] == [("6", "#6"), ("5", "#5"), ("4", "#4")]
    assert count == 5
    assert head_and_count(named.filter(name="none"), 3) == ([], 0)
