"""The lifecycle pages: the client panel, the pending suggestions and the keep-in-touch list,
their buttons by role, their empty states, and their query counts at two data sizes."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from retainer.clients.models import Stage
from retainer.lifecycle.models import StageChange, StageSuggestion
from retainer.lifecycle.services import lifecycle_refresh, stage_set
from tests.factories import AgreementFactory, ClientFactory, InteractionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def suggested(team):
    client = ClientFactory(agency=team.agency, name="Альфа", account_manager=team.masha.user)
    AgreementFactory(client=client, starts_on=timezone.localdate() - timedelta(days=20))
    lifecycle_refresh(agency=team.agency, now=timezone.now())
    return client, StageSuggestion.objects.get(client=client)


def panel(http, client):
    return http.get(reverse("client_lifecycle", kwargs={"client_id": client.pk}),
                    HTTP_HX_REQUEST="true")


def test_the_panel_shows_the_stage_the_trust_and_the_suggestion(team, suggested, as_user):
    client, suggestion = suggested
    page = panel(as_user(team.masha), client).content.decode()
    assert "courtship" in page and "calculated" in page
    assert "The agreement started on" in page
    assert reverse("stage_suggestion_accept", kwargs={"suggestion_id": suggestion.pk}) in page
    assert "No stage changes recorded yet." in page
    specialist = panel(as_user(team.petro), client).content.decode()
    assert "The agreement started on" in specialist
    assert reverse("stage_suggestion_accept", kwargs={"suggestion_id": suggestion.pk}) \
        not in specialist


def test_accepting_from_the_panel_moves_the_client(team, suggested, as_user):
    client, suggestion = suggested
    http = as_user(team.masha)
    response = http.post(reverse("stage_suggestion_accept",
                                 kwargs={"suggestion_id": suggestion.pk}),
                         {"next": reverse("client_detail", kwargs={"client_id": client.pk})})
    assert response.status_code == 302
    assert response["Location"] == reverse("client_detail", kwargs={"client_id": client.pk})
    client.refresh_from_db()
    assert client.stage == Stage.HONEYMOON
    page = panel(http, client).content.decode()
    assert "honeymoon" in page and "suggested" in page


def test_a_specialist_cannot_accept(team, suggested, as_user):
    _client, suggestion = suggested
    response = as_user(team.petro).post(reverse("stage_suggestion_accept",
                                                kwargs={"suggestion_id": suggestion.pk}))
    assert response.status_code == 403
    assert StageSuggestion.objects.get(pk=suggestion.pk).is_pending


def test_rejecting_twice_tells_why_the_second_time(team, suggested, as_user):
    _client, suggestion = suggested
    http = as_user(team.masha)
    url = reverse("stage_suggestion_reject", kwargs={"suggestion_id": suggestion.pk})
    http.post(url)
    response = http.post(url, follow=True)
    assert "already been answered" in response.content.decode()


def test_a_stage_set_by_hand_without_a_reason_is_refused(team, suggested, as_user):
    client, _suggestion = suggested
    http = as_user(team.masha)
    url = reverse("client_stage_set", kwargs={"client_id": client.pk})
    response = http.post(url, {"stage": "storm", "reason": ""}, follow=True)
    (refusal,) = response.context["messages"]
    assert refusal.level_tag == "error" and str(refusal).startswith("Why: ")
    assert not StageChange.objects.exists()
    http.post(url, {"stage": "storm", "reason": "Клиент недоволен сроками"})
    client.refresh_from_db()
    assert client.stage == Stage.STORM


def test_the_suggestions_page_and_its_empty_state(team, suggested, as_user):
    http = as_user(team.olena)
    page = http.get(reverse("stage_suggestions")).content.decode()
    assert "Альфа" in page and "The agreement started on" in page
    mine = http.get(reverse("stage_suggestions") + "?who=mine").content.decode()
    assert "No stage suggestions for your clients." in mine


def test_the_keep_in_touch_page_and_its_empty_state(team, as_user):
    http = as_user(team.masha)
    assert "No past client is due a reminder today." in http.get(
        reverse("keep_in_touch")).content.decode()
    quiet = ClientFactory(agency=team.agency, name="Тихий", stage=Stage.SUPPORT,
                          account_manager=team.olena.user)
    InteractionFactory(client=quiet, occurred_at=timezone.now() - timedelta(days=45))
    page = http.get(reverse("keep_in_touch")).content.decode()
    assert "Тихий" in page
    mine = http.get(reverse("keep_in_touch") + "?who=mine").content.decode()
    assert "None of your past clients is due a reminder today." in mine


def _many(team, count):
    for index in range(count):
        client = ClientFactory(agency=team.agency, stage=Stage.SUPPORT,
                               account_manager=team.masha.user)
        AgreementFactory(client=client, starts_on=timezone.localdate() - timedelta(days=400),
                         status="ended", ends_on=timezone.localdate() - timedelta(days=100))
        InteractionFactory(client=client, occurred_at=timezone.now() - timedelta(days=40 + index))
        fresh = ClientFactory(agency=team.agency, account_manager=team.masha.user)
        AgreementFactory(client=fresh, starts_on=timezone.localdate() - timedelta(days=index))
    lifecycle_refresh(agency=team.agency, now=timezone.now())


@pytest.mark.parametrize("name", ["keep_in_touch", "stage_suggestions"])
def test_the_lists_take_the_same_queries_for_few_rows_or_many(team, as_user, name,
                                                              django_assert_max_num_queries):
    http = as_user(team.masha)
    counts = []
    for count in (2, 12):
        _many(team, count)
        with django_assert_max_num_queries(30) as captured:
            assert http.get(reverse(name)).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_the_panel_takes_the_same_queries_with_a_long_history(team, suggested, as_user,
                                                              django_assert_max_num_queries):
    client, _suggestion = suggested
    http = as_user(team.masha)
    counts = []
    for stages in ([Stage.SALE], [Stage.STORM, Stage.NORMALIZATION, Stage.SUPPORT,
                                  Stage.ENDED, Stage.HONEYMOON]):
        for stage in stages:
            stage_set(client=client, stage=stage, user=team.masha.user, reason="Проверка")
        with django_assert_max_num_queries(30) as captured:
            assert panel(http, client).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
