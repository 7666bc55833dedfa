"""The client's status page: opened by a secret link without a login, in the client's
language, showing the work chain and the register of this agreement and nothing internal."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from retainer.scope.models import Discrepancy
from retainer.status.models import Rating, StatusLink
from retainer.status.selectors import REGISTER_LIMIT
from retainer.status.services import status_link_issue, status_link_revoke, token_hash
from retainer.status.views import RATE
from tests.factories import AgreementFactory, ClientFactory, DeliverableFactory
from tests.status.conftest import MESSAGE, MOTIVATION, NOTES, entry, make_chain

pytestmark = pytest.mark.django_db


def url(token: str) -> str:
    return f"/s/{token}/"


def rate_url(token: str, deliverable) -> str:
    return f"/s/{token}/rate/{deliverable.pk}/"


def test_the_page_shows_the_chain_and_the_register_in_russian(chain, client):
    response = client.get(url(chain.token))
    assert response.status_code == 200
    assert response["Content-Language"] == "ru"
    page = response.content.decode()
    assert '<html lang="ru">' in page
    for text in ["Северный ветер", "ООО Ромашка", "Запуск рекламы весна",
                 "Плановый срок", "Фактически выполнено", "согласовано", "в работе",
                 "просрочено", "Новый размер баннера", "Блок на лендинге", "13.03.2026",
                 "16.03.2026", "Анна Петрова"]:
        assert text in page, text
    done = (timezone.localdate() - timedelta(days=8)).strftime("%d.%m.%Y")
    assert done in page


def test_the_chain_is_in_due_date_order_and_late_work_is_marked(chain, client):
    page = client.get(url(chain.token)).content.decode()
    titles = ["Макет лендинга", "Рекламные объявления", "Баннеры", "Отчёт по охвату"]
    positions = [page.index(title) for title in titles]
    assert positions == sorted(positions)
    rows = dict(re.findall(r'<tr id="d-(\d+)"( class="late")?', page))
    assert rows[str(chain.overdue.pk)] == ' class="late"'  # not done, due date passed
    assert rows[str(chain.approved.pk)] == ' class="late"'  # done two days after the plan
    assert rows[str(chain.planned.pk)] == ""


def test_the_register_marks_bonuses(chain, client):
    page = client.get(url(chain.token)).content.decode()
    row = page[page.index("Новый размер баннера") - 300:page.index("Новый размер баннера")]
    assert 'class="badge ok"' in row


@pytest.mark.parametrize(("language", "words"), [
    ("en", ["Planned due", "approved", "late"]),
    ("uk", ["Плановий термін", "погоджено", "прострочено"]),
])
def test_the_page_speaks_the_clients_language(team, client, language, words):
    chain = make_chain(team, language=language)
    response = client.get(url(chain.token), HTTP_ACCEPT_LANGUAGE="ru")
    assert response["Content-Language"] == language
    page = response.content.decode()
    for word in words:
        assert word in page, word
    assert "Плановый срок" not in page


def test_no_internal_notes_and_no_staff_names(chain, client, team):
    page = client.get(url(chain.token)).content.decode()
    for secret in [NOTES, MOTIVATION, MESSAGE, "Masha", "Olena", team.masha.user.email,
                   "/clients/", "/agreements/", 'class="mainnav"']:
        assert secret not in page, secret


def test_another_agreement_or_agency_never_appears(chain, team, rival, client):
    other_agreement = AgreementFactory(client=chain.client, title="Другой договор")
    DeliverableFactory(agreement=other_agreement, title="Чужой результат")
    Discrepancy.objects.bulk_create([entry(other_agreement, subject="Чужая запись")])
    foreign = AgreementFactory(client=ClientFactory(agency=rival.agency, name="Чужой клиент"),
                               title="Договор другого агентства")
    DeliverableFactory(agreement=foreign, title="Результат другого агентства")
    Discrepancy.objects.bulk_create([entry(foreign, subject="Запись другого агентства")])
    page = client.get(url(chain.token)).content.decode()
    for text in ["Другой договор", "Чужой результат", "Чужая запись", "Чужой клиент",
                 "Договор другого агентства", "Результат другого агентства",
                 "Запись другого агентства", "Другое агентство"]:
        assert text not in page, text


def test_opening_the_page_is_noted_for_the_staff(chain, client):
    link = StatusLink.objects.get(agreement=chain.agreement)
    assert link.last_opened_at is None
    client.get(url(chain.token))
    link.refresh_from_db()
    assert link.last_opened_at is not None


def test_the_page_is_not_cached_nor_indexed(chain, client):
    response = client.get(url(chain.token))
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_a_logged_in_member_sees_the_same_client_page(chain, team, as_user):
    response = as_user(team.masha).get(url(chain.token))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="mainnav"' not in page and "/accounts/logout/" not in page
    assert "Masha" not in page


# --- the link -------------------------------------------------------------------------------


def test_a_guessed_token_is_not_found(chain, client):
    for guess in ["nonsense", chain.token[:-1] + ("A" if chain.token[-1] != "A" else "B"),
                  "x" * 300, token_hash(chain.token)]:
        response = client.get(url(guess))
        assert response.status_code == 404, guess
        assert "Ромашка" not in response.content.decode()


def test_a_revoked_link_is_not_found(chain, client):
    assert client.get(url(chain.token)).status_code == 200
    assert status_link_revoke(agreement=chain.agreement) == 1
    response = client.get(url(chain.token))
    assert response.status_code == 404
    assert "Не найдено" in response.content.decode()  # the project's own 404 page
    assert client.post(rate_url(chain.token, chain.approved), {"score": 5}).status_code == 404
    assert not Rating.objects.exists()


def test_a_new_link_replaces_the_previous_one(chain, client):
    new = status_link_issue(agreement=chain.agreement)
    assert client.get(url(chain.token)).status_code == 404
    assert client.get(url(new)).status_code == 200
    assert StatusLink.objects.filter(agreement=chain.agreement).count() == 2
    assert StatusLink.objects.filter(agreement=chain.agreement,
                                     revoked_at__isnull=True).count() == 1


def test_only_the_hash_of_the_token_is_stored(chain):
    assert len(chain.token) >= 40
    assert not StatusLink.objects.filter(token_hash=chain.token).exists()
    assert StatusLink.objects.filter(token_hash=token_hash(chain.token)).exists()


# --- rate limit -----------------------------------------------------------------------------


LIMIT = int(RATE.split("/")[0])


def test_the_status_urls_are_rate_limited_per_address(chain, client):
    for _ in range(LIMIT):
        assert client.get(url(chain.token)).status_code == 200
    response = client.get(url(chain.token))
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert "Ромашка" not in response.content.decode()
    assert client.post(rate_url(chain.token, chain.approved), {"score": 5}).status_code == 429
    assert not Rating.objects.exists()
    # another address is counted on its own
    assert client.get(url(chain.token), REMOTE_ADDR="10.1.2.3").status_code == 200


def test_guessing_counts_towards_the_limit(chain, client):
    for attempt in range(LIMIT):
        assert client.get(url(f"guess-{attempt}")).status_code == 404
    assert client.get(url("guess-last")).status_code == 429
    assert client.get(url(chain.token)).status_code == 429


# --- query count ----------------------------------------------------------------------------


def count_queries(token: str) -> int:
    http = HttpClient()
    with CaptureQueriesContext(connection) as captured:
        response = http.get(url(token))
    assert response.status_code == 200
    return len(captured)


def test_queries_do_not_grow_with_the_register(team, client):
    small, large = make_chain(team), make_chain(team)
    Discrepancy.objects.all().delete()
    start = timezone.now() - timedelta(days=365)
    for chain, n in [(small, 5), (large, 5000)]:
        Discrepancy.objects.bulk_create(
            [entry(chain.agreement, chain.contact, subject=f"Запись {i:04d}",
                   agreed_at=start + timedelta(hours=i)) for i in range(n)],
            batch_size=1000,
        )
    count_queries(small.token)  # anything done once per process is done now
    assert count_queries(small.token) == count_queries(large.token)

    page = client.get(url(large.token)).content.decode()
    assert page.count("<ins>") == REGISTER_LIMIT
    assert "Запись 4999" in page and "Запись 4950" in page  # the newest fifty
    assert "Запись 4949" not in page and "Запись 0000" not in page
    assert "5000" in page  # how many there are in all
    assert client.get(url(small.token)).content.decode().count("<ins>") == 5
