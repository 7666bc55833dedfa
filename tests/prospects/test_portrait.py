"""The portrait of "our client": written from article 001's defaults on first use, edited by
sales and owners only, every version kept, bad criteria refused with nothing written — and
every prospect scored again when it changes."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from retainer.accounts.services import token_issue
from retainer.prospects.models import Portrait, Prospect
from retainer.prospects.services import (
    portrait_current,
    portrait_update,
    prospect_create,
    prospect_update,
)

pytestmark = pytest.mark.django_db

SEGMENT_ONLY = [{"attribute": "segment", "weight": 10, "values": ["enterprise"]}]


def add(team, **data):
    return prospect_create(agency=team.agency, user=team.ivan.user,
                           data={"company": "ООО «Домашний очаг»", "language": "ru"} | data)


def test_the_default_portrait_follows_article_001(team):
    portrait = portrait_current(agency=team.agency)
    criteria = {row["attribute"]: row for row in portrait.criteria}
    assert portrait.version == 1
    assert set(criteria) == {"segment", "budget", "industry", "decision_days",
                             "decision_maker", "source"}
    assert sum(row["weight"] for row in portrait.criteria) == 100
    assert "enterprise" not in criteria["segment"]["values"]
    assert criteria["budget"]["low"] == "600000"  # the agency works in roubles
    assert portrait_current(agency=team.agency).pk == portrait.pk


def test_a_prospect_is_scored_when_added_and_when_edited(team):
    matching = add(team, segment="mid_market", budget=Decimal("3000000"), industry="Retail",
                   decision_days=10, decision_maker=True, source="referral")
    assert matching.score == 100
    assert matching.portrait_version == 1
    empty = add(team)
    assert empty.score == 0
    assert {c["reason"]["rule"] for c in empty.contributions} == {"qualification.missing"}
    edited = prospect_update(prospect=empty, data={"segment": "startup"}, user=team.ivan.user)
    assert edited.score == 25
    assert Prospect.objects.get(pk=empty.pk).score == 25


def test_a_changed_portrait_rescores_every_prospect_and_keeps_its_versions(team):
    big = add(team, segment="enterprise")
    small = add(team, segment="small_business")
    assert (big.score, small.score) == (0, 25)
    portrait, changed = portrait_update(agency=team.agency, criteria=SEGMENT_ONLY,
                                        user=team.olena.user, note="Only enterprises")
    assert changed and portrait.version == 2
    scores = dict(Prospect.objects.filter(agency=team.agency)
                  .values_list("pk", "score"))
    assert scores == {big.pk: 100, small.pk: 0}
    assert set(Prospect.objects.values_list("portrait_version", flat=True)) == {2}
    versions = list(portrait.history.order_by("version").values_list("version", "note"))
    assert versions[0][0] == 1 and versions[-1] == (2, "Only enterprises")


def test_the_same_criteria_write_no_version(team):
    portrait = portrait_current(agency=team.agency)
    again, changed = portrait_update(agency=team.agency, criteria=portrait.criteria,
                                     user=team.olena.user)
    assert not changed and again.version == 1
    assert portrait.history.count() == 1


@pytest.mark.parametrize("criteria", [
    [],
    "segment",
    [{"attribute": "colour", "weight": 5, "values": ["red"]}],
    [{"attribute": "segment", "weight": 0, "values": ["startup"]}],
    [{"attribute": "segment", "weight": 5, "values": ["giant"]}],
    [{"attribute": "segment", "weight": 5, "values": []}],
    [{"attribute": "budget", "weight": 5}],
    [{"attribute": "budget", "weight": 5, "low": "9", "high": "1"}],
    [{"attribute": "budget", "weight": 5, "low": "lots"}],
    [{"attribute": "decision_maker", "weight": 5, "expected": "maybe"}],
    [{"attribute": "industry", "weight": 5, "values": ["retail"]},
     {"attribute": "industry", "weight": 7, "values": ["saas"]}],
])
def test_bad_criteria_are_refused_and_nothing_is_written(team, criteria):
    prospect = add(team, segment="startup")
    with pytest.raises(ValidationError) as refused:
        portrait_update(agency=team.agency, criteria=criteria, user=team.olena.user)
    assert refused.value.message_dict["criteria"]
    portrait = Portrait.objects.get(agency=team.agency)
    assert portrait.version == 1
    assert Prospect.objects.get(pk=prospect.pk).score == prospect.score


def test_rescoring_takes_the_same_queries_for_few_and_many_prospects(team):
    def rescore_queries(count):
        for _ in range(count):
            add(team, segment="startup")
        criteria = [{"attribute": "segment", "weight": 10 + count, "values": ["startup"]}]
        with CaptureQueriesContext(connection) as captured:
            portrait_update(agency=team.agency, criteria=criteria, user=team.olena.user)
        return len(captured)

    few = rescore_queries(3)
    many = rescore_queries(40)
    assert many <= few + 1  # the UPDATE batches: one per 500 prospects
    assert set(Prospect.objects.values_list("score", flat=True)) == {100}


def test_everyone_reads_the_portrait_but_only_sales_and_owners_edit_it(team, as_user):
    url = reverse("portrait")
    page = as_user(team.petro).get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Portrait of our client" in page and "Save a new version" not in page
    assert as_user(team.petro).post(url, {"segment_weight": "5"}).status_code == 403
    assert portrait_current(agency=team.agency).version == 1

    http = as_user(team.olena)
    assert "Save a new version" in http.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    response = http.post(url, {"segment_weight": "10", "segment_values": ["enterprise"],
                               "budget_weight": "20", "budget_low": "1000000",
                               "budget_partial_within": "500000",
                               "decision_maker_weight": "5", "decision_maker_expected": "no",
                               "industry_weight": "5", "industry_values": "saas\nRetail\n",
                               "note": "Крупнее"})
    assert response.status_code == 302
    portrait = portrait_current(agency=team.agency)
    assert portrait.version == 2 and portrait.note == "Крупнее"
    assert portrait.criteria == [
        {"attribute": "segment", "weight": 10, "values": ["enterprise"]},
        {"attribute": "budget", "weight": 20, "low": "1000000", "high": None,
         "partial_within": "500000"},
        {"attribute": "industry", "weight": 5, "values": ["saas", "Retail"]},
        {"attribute": "decision_maker", "weight": 5, "expected": False},
    ]


def test_a_portrait_form_without_criteria_is_shown_again_with_the_error(team, as_user):
    response = as_user(team.ivan).post(reverse("portrait"), {"note": "x"},
                                       HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "The portrait needs at least one criterion." in response.content.decode()
    assert portrait_current(agency=team.agency).version == 1


def test_the_api_reads_and_replaces_the_portrait(team, client):
    def call(membership, method="get", body=None):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token_issue(membership=membership)}"}
        if method == "get":
            return client.get("/api/prospects/portrait", **headers)
        return client.post("/api/prospects/portrait", data=json.dumps(body),
                           content_type="application/json", **headers)

    current = call(team.petro).json()
    assert current["version"] == 1 and current["count"] == len(current["items"]) == 6
    body = {"criteria": [{"attribute": "budget", "weight": 3, "high": 900000,
                          "partial_within": 100000}], "note": "cheap only"}
    assert call(team.masha, "post", body).status_code == 403
    created = call(team.ivan, "post", body)
    assert created.status_code == 201
    assert created.json()["items"] == [{"attribute": "budget", "weight": 3, "values": None,
                                        "low": None, "high": "900000",
                                        "partial_within": "100000", "expected": None}]
    assert call(team.ivan, "post", body).status_code == 200  # the same criteria
    bad = call(team.ivan, "post", {"criteria": [{"attribute": "budget", "weight": 3}]})
    assert bad.status_code == 422
    assert call(team.petro).json()["version"] == 2
