"""Task workers: a task left running by a dead worker is queued again and runs once; a live
worker's task is left alone; an import cut short is recovered either way."""

from __future__ import annotations

import shutil
import threading
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.utils import timezone, translation
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from retainer.conversations.models import Interaction
from retainer.core.models import WorkerBeat
from retainer.core.workers import recover, tasks_recover, worker_beat
from retainer.imports.models import ImportRun, ImportStatus
from retainer.imports.services import stored_path
from retainer.imports.tasks import import_run_task
from tests.factories import ClientFactory
from tests.imports.conftest import data

STALE = timedelta(seconds=30)


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def romashka(team):
    return ClientFactory(agency=team.agency, name="Ромашка", account_manager=team.masha.user)


def queued_import(client, settings, tmp_path) -> ImportRun:
    """A CSV upload confirmed and queued, as the import page leaves it."""
    settings.IMPORT_DIR = tmp_path
    run = ImportRun.objects.create(agency=client.agency, client=client, source="csv",
                                   file_name="log.csv", stored_name="log.csv",
                                   status=ImportStatus.QUEUED)
    shutil.copy(data("log.csv"), stored_path(run))
    return run


def claimed(run: ImportRun, worker_id: str) -> DBTaskResult:
    """The run's task taken by `worker_id`, which then set the run going and died."""
    task = DBTaskResult.objects.get(pk=import_run_task.enqueue(run.pk).id)
    task.claim(worker_id)
    ImportRun.objects.filter(pk=run.pk).update(status=ImportStatus.RUNNING)
    return task


def silent_since(worker_id: str, seconds: int) -> None:
    worker_beat(worker_id)
    WorkerBeat.objects.filter(pk=worker_id).update(
        beat_at=timezone.now() - timedelta(seconds=seconds))


def status(task: DBTaskResult) -> str:
    task.refresh_from_db()
    return task.status


@pytest.mark.django_db
def test_the_task_of_a_silent_worker_is_queued_again(database_tasks, romashka, settings,
                                                       tmp_path):
    dead = claimed(queued_import(romashka, settings, tmp_path), "dead")
    silent_since("dead", 120)
    (tmp_path / "b").mkdir()
    alive = claimed(queued_import(romashka, settings, tmp_path / "b"), "alive")
    worker_beat("alive")

    assert tasks_recover(STALE) == [str(dead.pk)]

    assert status(dead) == TaskResultStatus.READY
    assert status(alive) == TaskResultStatus.RUNNING
    assert set(WorkerBeat.objects.values_list("pk", flat=True)) == {"alive"}


@pytest.mark.django_db
def test_a_task_of_a_worker_that_never_beat_is_left_alone(database_tasks, romashka, settings,
                                                          tmp_path):
    task = claimed(queued_import(romashka, settings, tmp_path), "plain-db-worker")
    silent_since("someone-else", 120)
    assert recover(STALE) == 0
    assert status(task) == TaskResultStatus.RUNNING


@pytest.mark.django_db(transaction=True)
def test_the_import_of_a_dead_worker_runs_once_more_and_adds_everything(
        database_tasks, romashka, settings, tmp_path):
    run = queued_import(romashka, settings, tmp_path)
    upload = stored_path(run)
    task = claimed(run, "dead")
    silent_since("dead", 120)

    call_command("worker", "--batch", "--interval", "0", "--no-startup-delay",
                 "--worker-id", "rescuer", "--no-reload")

    run.refresh_from_db()
    assert (run.status, run.added, run.duplicates) == (ImportStatus.DONE, 3, 0)
    assert Interaction.objects.filter(client=romashka).count() == 3
    task.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert task.worker_ids == ["dead", "rescuer"]
    assert not upload.exists()
    assert not WorkerBeat.objects.exists()  # the rescuer said goodbye


@pytest.mark.django_db(transaction=True)
def test_a_worker_runs_each_queued_task_once(database_tasks, romashka, settings, tmp_path):
    runs = []
    for name in "abc":
        (tmp_path / name).mkdir()
        runs.append(queued_import(romashka, settings, tmp_path / name))
        import_run_task.enqueue(runs[-1].pk)
    call_command("worker", "--batch", "--interval", "0", "--no-startup-delay", "--no-reload")
    tasks = DBTaskResult.objects.filter(task_path__endswith="import_run_task")
    assert [t.status for t in tasks] == [TaskResultStatus.SUCCESSFUL] * 3
    assert all(len(t.worker_ids) == 1 for t in tasks)
    # the same file three times: the first adds it, the others find it all imported
    assert sorted(ImportRun.objects.values_list("added", flat=True)) == [0, 0, 3]


@pytest.mark.django_db(transaction=True)
def test_an_import_cut_short_in_a_web_process_is_marked_failed(romashka):
    if not connection.features.has_select_for_update_skip_locked:
        pytest.skip("a running import is told from a dead one by SKIP LOCKED (PostgreSQL)")
    long_ago = timezone.now() - timedelta(minutes=5)
    dead, working = (ImportRun.objects.create(agency=romashka.agency, client=romashka,
                                              source="csv", file_name=name,
                                              status=ImportStatus.RUNNING)
                     for name in ("dead.csv", "working.csv"))
    ImportRun.objects.update(created_at=long_ago)
    holding, release = threading.Event(), threading.Event()

    def hold():  # what import_run_execute does while it writes
        with transaction.atomic():
            ImportRun.objects.select_for_update().filter(pk=working.pk).first()
            holding.set()
            release.wait(10)
        connections.close_all()

    thread = threading.Thread(target=hold)
    thread.start()
    holding.wait(10)
    try:
        assert recover(STALE) == 1
    finally:
        release.set()
        thread.join()
    dead.refresh_from_db()
    working.refresh_from_db()
    assert dead.status == ImportStatus.FAILED
    with translation.override("en"):
        assert "import the file again" in dead.error_message
    assert working.status == ImportStatus.RUNNING


@pytest.mark.django_db
def test_without_skip_locked_no_import_is_taken_for_dead(romashka):
    if connection.features.has_select_for_update_skip_locked:
        pytest.skip("SQLite only")
    ImportRun.objects.create(agency=romashka.agency, client=romashka, source="csv",
                             file_name="x.csv", status=ImportStatus.RUNNING)
    ImportRun.objects.update(created_at=timezone.now() - timedelta(hours=1))
    assert recover(STALE) == 0
    assert ImportRun.objects.get().status == ImportStatus.RUNNING
