"""The import page as Masha uses it: upload, say who is who, see what was added."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks import default_task_backend

from retainer.conversations.models import Interaction
from retainer.imports.models import ImportRun, ImportStatus
from tests.imports.conftest import data

pytestmark = pytest.mark.django_db


@pytest.fixture
def en(as_user):
    def login(membership):
        http = as_user(membership)
        http.cookies["django_language"] = "en"
        return http

    return login


def upload(name: str, content: bytes | None = None) -> SimpleUploadedFile:
    if content is None:
        with open(data(name), "rb") as handle:
            content = handle.read()
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def test_upload_confirm_senders_and_see_the_result(team, romashka, anna, en, import_dir,
                                                   django_capture_on_commit_callbacks):
    http = en(team.masha)
    page = http.get(f"/clients/{romashka.pk}/").content.decode()
    assert f'href="/clients/{romashka.pk}/imports/"' in page

    response = http.post(f"/clients/{romashka.pk}/imports/",
                         {"source": "telegram", "file": upload("telegram_new.json")})
    run = ImportRun.objects.get(client=romashka)
    assert response.status_code == 302 and response["Location"] == f"/imports/{run.pk}/"
    assert run.status == ImportStatus.UPLOADED and run.created_by == team.masha.user
    assert len(list(import_dir.glob(f"{team.agency.pk}/*"))) == 1

    page = http.get(f"/imports/{run.pk}/").content.decode()
    assert "Анна Смирнова" in page and "user222" in page
    assert "Добрый день! Когда будет макет?" in page
    assert "Сегодня к обеду" in page  # Masha's first message, not the group she created
    assert f'<option value="contact:{anna.pk}" selected>' in page  # suggested by name
    assert f'<option value="member:{team.masha.user.pk}" selected>' in page
    codes = {sender["key"]: (index, sender["code"]) for index, sender in enumerate(run.senders)}
    assert codes["user333"][1] == "client"
    answer = {f"sender_{index}": code for index, code in codes.values()}
    answer[f"sender_{codes['user333'][0]}"] = f"member:{team.petro.user.pk}"

    with django_capture_on_commit_callbacks(execute=True):
        response = http.post(f"/imports/{run.pk}/", answer)
    assert response.status_code == 302
    run.refresh_from_db()
    assert (run.status, run.added, run.events) == ("done", 13, 4)
    assert list(import_dir.glob(f"{team.agency.pk}/*")) == []  # the upload is not kept
    assert Interaction.objects.get(external_id="1777000001:13").author == team.petro.user
    assert Interaction.objects.get(external_id="1777000001:2").contact == anna

    page = http.get(f"/imports/{run.pk}/").content.decode()
    assert "Added to the log" in page and "every 2s" not in page
    history = http.get(f"/clients/{romashka.pk}/imports/").content.decode()
    assert "telegram_new.json" in history and f"/imports/{run.pk}/" in history


def test_a_specialist_may_import(team, romashka, en, django_capture_on_commit_callbacks):
    http = en(team.petro)
    http.post(f"/clients/{romashka.pk}/imports/",
              {"source": "csv", "file": upload("log.csv")})
    run = ImportRun.objects.get(client=romashka)
    with django_capture_on_commit_callbacks(execute=True):
        http.post(f"/imports/{run.pk}/", {f"sender_{i}": s["code"]
                                          for i, s in enumerate(run.senders)})
    run.refresh_from_db()
    assert (run.status, run.added, run.created_by) == ("done", 3, team.petro.user)


def test_a_broken_upload_is_refused_on_the_spot(team, romashka, en, import_dir):
    response = en(team.masha).post(f"/clients/{romashka.pk}/imports/",
                                   {"source": "telegram", "file": upload("messages.html")})
    assert response.status_code == 200
    assert "messages.html, at the start of the file: This is Telegram&#x27;s HTML export" \
        in response.content.decode()
    run = ImportRun.objects.get(client=romashka)
    assert run.status == "failed" and run.stored_name == ""
    assert list(import_dir.glob("*/*")) == []
    assert not Interaction.objects.exists()


def test_a_file_over_the_limit(team, romashka, en, settings):
    settings.RETAINER_MAX_IMPORT_BYTES = 1024
    response = en(team.masha).post(f"/clients/{romashka.pk}/imports/",
                                   {"source": "telegram", "file": upload("telegram_new.json")})
    assert response.status_code == 200
    assert "the import page takes up to 1.0\xa0KB" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_a_running_import_is_followed_by_polling(team, romashka, en):
    run = ImportRun.objects.create(agency=team.agency, client=romashka, source="csv",
                                   file_name="log.csv", status=ImportStatus.RUNNING)
    http = en(team.masha)
    fragment = http.get(f"/imports/{run.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 2s"' in fragment and "<html" not in fragment
    ImportRun.objects.filter(pk=run.pk).update(status=ImportStatus.DONE, added=3)
    fragment = http.get(f"/imports/{run.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "every 2s" not in fragment and "Added to the log" in fragment


def test_another_agency_sees_none_of_it(team, rival, romashka, as_user):
    run = ImportRun.objects.create(agency=team.agency, client=romashka, source="csv",
                                   file_name="log.csv", status=ImportStatus.UPLOADED,
                                   senders=[{"key": "a", "name": "A", "count": 1,
                                             "excerpt": "x", "code": "client"}])
    http = as_user(rival.olena)
    assert http.get(f"/clients/{romashka.pk}/imports/").status_code == 404
    assert http.post(f"/clients/{romashka.pk}/imports/",
                     {"source": "csv", "file": upload("log.csv")}).status_code == 404
    assert http.get(f"/imports/{run.pk}/").status_code == 404
    assert http.post(f"/imports/{run.pk}/", {"sender_0": "client"}).status_code == 404
    run.refresh_from_db()
    assert run.status == ImportStatus.UPLOADED and ImportRun.objects.count() == 1


def test_with_a_worker_the_page_follows_the_queued_import(team, romashka, en, settings,
                                                          django_capture_on_commit_callbacks):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    http = en(team.masha)
    http.post(f"/clients/{romashka.pk}/imports/", {"source": "csv", "file": upload("log.csv")})
    run = ImportRun.objects.get(client=romashka)
    with django_capture_on_commit_callbacks(execute=True):
        http.post(f"/imports/{run.pk}/", {f"sender_{i}": s["code"]
                                          for i, s in enumerate(run.senders)})
    run.refresh_from_db()
    assert run.status == ImportStatus.QUEUED and not Interaction.objects.exists()
    assert 'hx-trigger="every 2s"' in http.get(f"/imports/{run.pk}/").content.decode()

    [queued] = default_task_backend.results
    assert (queued.task.name, queued.args) == ("import_run_task", [run.pk])
    queued.task.call(*queued.args)  # what the worker does
    run.refresh_from_db()
    assert (run.status, run.added) == ("done", 3)
    assert "every 2s" not in http.get(f"/imports/{run.pk}/").content.decode()


def test_the_history_costs_the_same_queries_however_long(team, romashka, as_user):
    http = as_user(team.masha)

    def queries(runs: int) -> int:
        ImportRun.objects.bulk_create(
            ImportRun(agency=team.agency, client=romashka, source="csv", file_name=f"{i}.csv",
                      status="done", created_by=team.ivan.user, added=i) for i in range(runs))
        with CaptureQueriesContext(connection) as captured:
            assert http.get(f"/clients/{romashka.pk}/imports/").status_code == 200
        return len(captured)

    assert queries(2) == queries(40)


def test_an_export_larger_than_an_ordinary_form_is_taken(team, romashka, en):
    # 3 MB: over the 2 MB every other form may send, well under the 50 MB an upload may.
    rows = "".join(f"2024-03-01T10:{i % 60:02d}:00+03:00,in,email,anna@romashka.example,"
                   f"Сообщение номер {i}\n" for i in range(40_000))
    content = ("occurred_at,direction,channel,sender,text\n" + rows).encode()
    assert len(content) > 3 * 1024 * 1024
    response = en(team.masha).post(f"/clients/{romashka.pk}/imports/",
                                   {"source": "csv", "file": upload("big.csv", content)})
    assert response.status_code == 302
    ordinary = en(team.masha).post(f"/clients/{romashka.pk}/edit/", {"notes": "x" * len(content)})
    assert ordinary.status_code == 413
