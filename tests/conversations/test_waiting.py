"""The Waiting-for-us queue, as a page and as `GET /api/waiting`."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from retainer.conversations.services import interaction_create
from tests.factories import ClientFactory

pytestmark = pytest.mark.django_db


def inbound(client, ago: timedelta, text: str, thread: str = ""):
    return interaction_create(client=client, data={
        "channel": "telegram", "direction": "in", "occurred_at": timezone.now() - ago,
        "text": text, "thread": thread,
    })


@pytest.fixture
def queue(team):
    mine = ClientFactory(agency=team.agency, name="Альфа", account_manager=team.masha.user)
    theirs = ClientFactory(agency=team.agency, name="Бета", account_manager=team.olena.user)
    answered = inbound(mine, timedelta(days=30), "Спасибо, всё получили")
    interaction_create(client=mine, data={
        "channel": "telegram", "direction": "out", "text": "Отчёт в почте",
        "occurred_at": answered.occurred_at + timedelta(minutes=5),
    })
    old = inbound(mine, timedelta(days=20), "Где отчёт за прошлый месяц?")
    new = inbound(theirs, timedelta(minutes=1), "Пришлите, пожалуйста, счёт")
    return {"mine": mine, "theirs": theirs, "old": old, "new": new}


def test_the_page_lists_open_messages_soonest_due_first_with_their_state(team, queue, as_user):
    page = as_user(team.masha).get("/waiting/").content.decode()
    assert page.index("Где отчёт") < page.index("Пришлите, пожалуйста")
    assert "Спасибо, всё получили" not in page  # answered by our later message
    assert "Отчёт в почте" not in page  # our own messages never wait
    assert "просрочено на" in page  # the 20-day-old message is breached (ru interface)


def test_each_row_escapes_what_the_client_wrote_and_carries_its_thread_control(team, as_user):
    client = ClientFactory(agency=team.agency, name="<b>Гамма</b>", account_manager=team.masha.user)
    inbound(client, timedelta(minutes=3), "<script>alert(1)</script> " + "слово " * 60,
            thread='Тема "<i>"')
    page = as_user(team.petro).get("/waiting/", {"who": "all"}).content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>Гамма</b>" not in page and "&lt;b&gt;Гамма&lt;/b&gt;" in page
    assert "слово " * 60 not in page and "…" in page  # long texts are cut
    assert 'name="thread" value="Тема &quot;&lt;i&gt;&quot;"' in page
    assert f'action="/clients/{client.pk}/threads/wait/"' in page
    assert 'name="csrfmiddlewaretoken" value="' in page
    assert 'name="next" value="/waiting/?who=all"' in page
    assert "Ждём клиента" in page and "осталось" in page


def test_a_paused_thread_offers_to_stop_waiting(team, queue, as_user):
    as_user(team.petro).post(f"/clients/{queue['mine'].pk}/threads/wait/", {"thread": ""})
    page = as_user(team.petro).get("/waiting/").content.decode()
    assert "ждём клиента" in page and "Больше не ждём" in page
    assert 'name="resume" value="1"' in page


def test_my_clients_only(team, queue, as_user):
    page = as_user(team.masha).get("/waiting/", {"who": "mine"}).content.decode()
    assert "Где отчёт" in page and "Пришлите, пожалуйста" not in page


def test_an_empty_queue_says_so(team, as_user):
    page = as_user(team.masha).get("/waiting/").content.decode()
    assert "Все сообщения клиентов отвечены" in page


def test_marking_a_thread_as_waiting_for_the_client_from_the_queue(team, queue, as_user):
    http = as_user(team.petro)
    response = http.post(f"/clients/{queue['mine'].pk}/threads/wait/",
                         {"thread": "", "next": "/waiting/"})
    assert response.status_code == 302 and response["Location"] == "/waiting/"
    queue["old"].refresh_from_db()
    assert queue["old"].paused_since is not None and queue["old"].reply_due_at is None
    api = http.get("/api/waiting", {"client": queue["mine"].pk}).json()
    assert [item["state"] for item in api["items"]] == ["paused"]
    panel = http.get(f"/clients/{queue['mine'].pk}/threads/").content.decode()
    assert "Ждём клиента с" in panel and "Больше не ждём" in panel
    http.post(f"/clients/{queue['mine'].pk}/threads/wait/", {"thread": "", "resume": "1"})
    queue["old"].refresh_from_db()
    assert queue["old"].paused_since is None and queue["old"].reply_due_at is not None


def test_the_api_lists_the_queue_with_business_time_left(team, queue, as_user):
    body = as_user(team.masha).get("/api/waiting").json()
    assert body["count"] == 2
    first, second = body["items"]
    assert first["interaction_id"] == queue["old"].pk and first["state"] == "breached"
    assert first["business_seconds_left"] < 0
    assert second["client_name"] == "Бета"
    assert second["state"] in {"on_time", "near", "breached"}
    mine = as_user(team.masha).get("/api/waiting", {"manager": team.masha.user.pk}).json()
    assert [item["client_name"] for item in mine["items"]] == ["Альфа"]


def test_the_thread_endpoints(team, queue, as_user):
    http = as_user(team.masha)
    waiting = http.post("/api/threads/wait", {"client": queue["theirs"].pk, "thread": ""},
                        content_type="application/json")
    assert waiting.status_code == 200 and waiting.json()["waiting_since"] is not None
    resumed = http.post("/api/threads/resume", {"client": queue["theirs"].pk, "thread": ""},
                        content_type="application/json")
    assert resumed.status_code == 200 and resumed.json()["waiting_since"] is None


def test_another_agencys_queue_is_invisible(team, rival, queue, as_user):
    body = as_user(rival.masha).get("/api/waiting").json()
    assert body["count"] == 0
    response = as_user(rival.masha).post("/api/threads/wait", {"client": queue["mine"].pk},
                                         content_type="application/json")
    assert response.status_code == 404


@pytest.mark.parametrize("url", ["/waiting/", "/api/waiting"])
def test_the_queue_is_counted_from_the_messages_alone(team, queue, as_user, url):
    """The rows show the client's and the contact's names; counting them must not join
    those tables for every waiting message (on a big agency the join costs more than the
    count), and the count is still the number of waiting messages."""
    http = as_user(team.masha)
    with CaptureQueriesContext(connection) as queries:
        response = http.get(url)
    counts = [query["sql"] for query in queries if "COUNT(" in query["sql"]]
    assert len(counts) == 1 and "JOIN" not in counts[0], counts
    if url.startswith("/api"):
        assert response.json()["count"] == 2
    else:
        assert "Где отчёт" in response.content.decode()
