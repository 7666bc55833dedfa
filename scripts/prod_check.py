"""`make prod-check`: Retainer as it runs in production, on this machine, with its faults.

PostgreSQL (started if it is not running), two gunicorn web processes on two ports, two task
workers (`manage.py worker`) and a local SMTP sink, all with RETAINER_ENV=production and
TASKS_MODE=database, on a database of its own (`retainer_prodcheck`, made anew each run):

1. a scenario through both web processes — requests decided, claims assessed, imports (at
   once through the API, queued through the import page), replies gone overdue whose
   notifications are queued and e-mailed — then every task ran exactly once, by one worker,
   and every notification reached the sink exactly once;
2. faults: a worker killed (-9) in the middle of an import, a web process killed in the
   middle of an import and in the middle of decisions, PostgreSQL restarted while the app
   serves; after each the database is consistent, nothing is lost or done twice, and an
   import run again adds exactly what was missing;
3. a backup and restore round trip of the whole database, compared table by table;
4. schemathesis over the whole API with a larger budget (FUZZ_EXAMPLES, default 150).

Each check prints what it measured; the last line says how many passed. Everything it starts
is stopped when it ends, and all traffic stays on 127.0.0.1.

    make prod-check
    .venv/bin/python scripts/prod_check.py --skip-fuzz     # without the schemathesis run
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import psycopg
import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
WORK = ROOT / "var" / "prod-check"
WEB_PORTS = (8101, 8102)
SMTP_PORT = 8125
DATABASE = "retainer_prodcheck"
SERVER = "postgresql://retainer:retainer@127.0.0.1:5432/"
OWNER = "olena@demo.retainer.local"
STALE_SECONDS = 4
HOST = "127.0.0.1"

ENVIRONMENT = {
    "RETAINER_ENV": "production",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": f"{HOST},localhost",
    "SECURE_SSL_REDIRECT": "false",
    "DATABASE_URL": SERVER + DATABASE,
    "TASKS_MODE": "database",
    "RETAINER_CACHE": "database",
    "EMAIL_HOST": HOST,
    "EMAIL_PORT": str(SMTP_PORT),
    "EMAIL_USE_TLS": "false",
    "WORKER_STALE_SECONDS": str(STALE_SECONDS),
    "IMPORT_DIR": str(WORK / "uploads"),
    "RETAINER_BASE_URL": f"https://{HOST}",
    "LOG_LEVEL": "WARNING",
}


def say(text: str) -> None:
    print(text, flush=True)


# ---- PostgreSQL --------------------------------------------------------------------------

def postgres_reachable() -> bool:
    try:
        psycopg.connect(SERVER + "postgres", connect_timeout=3).close()
        return True
    except psycopg.OperationalError:
        return False


def local_clusters() -> list[str]:
    """The versions of this machine's PostgreSQL clusters (Debian's layout), if any."""
    base = Path("/usr/lib/postgresql")
    return sorted(p.name for p in base.iterdir()) if base.is_dir() else []


def postgres(action: str) -> None:
    for version in local_clusters():
        subprocess.run(["pg_ctlcluster", version, "main", action], check=False,
                       capture_output=True)


def postgres_up(timeout: float = 60) -> None:
    if not postgres_reachable():
        say("   starting PostgreSQL")
        postgres("start")
    deadline = time.monotonic() + timeout
    while not postgres_reachable():
        if time.monotonic() > deadline:
            sys.exit("PostgreSQL is not reachable at 127.0.0.1:5432 as retainer/retainer: "
                     "install it (apt-get install postgresql), start it and create the role "
                     "(see .ci/run).")
        time.sleep(1)


def database_anew() -> None:
    with psycopg.connect(SERVER + "postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{DATABASE}"')


# ---- processes ---------------------------------------------------------------------------

class Stack:
    """The web processes and workers, each in its own process group (so that kill -9 takes
    a gunicorn master with its workers), logging under var/prod-check."""

    def __init__(self) -> None:
        self.processes: dict[str, subprocess.Popen] = {}
        self.env = os.environ | ENVIRONMENT
        self.worker_serial = 0

    def start(self, name: str, command: list[str]) -> None:
        log = open(WORK / f"{name}.log", "ab")  # noqa: SIM115 - the child keeps it open
        self.processes[name] = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=log,
                                                stderr=subprocess.STDOUT,
                                                start_new_session=True)

    def web(self, index: int) -> None:
        port = WEB_PORTS[index]
        self.start(f"web{index}", [GUNICORN, "config.wsgi", "--bind", f"{HOST}:{port}",
                                   "--workers", "2", "--timeout", "120",
                                   "--graceful-timeout", "5", "--no-control-socket"])
        wait_for(lambda: answers(port), f"web {index} on port {port}", 60)

    def worker(self, index: int) -> str:
        self.worker_serial += 1
        worker_id = f"prodcheck-w{index}-{self.worker_serial}"
        self.start(f"worker{index}", [PYTHON, "manage.py", "worker", "--worker-id", worker_id,
                                      "--interval", "0.3", "--no-reload", "--verbosity", "0"])
        return worker_id

    def kill(self, name: str) -> None:
        """kill -9 of the whole group: no clean-up runs."""
        process = self.processes.pop(name)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def stop(self) -> None:
        for process in self.processes.values():
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except ProcessLookupError:
                continue
        for process in self.processes.values():
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        self.processes.clear()


def manage(*args: str) -> str:
    result = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=os.environ | ENVIRONMENT,
                            capture_output=True, text=True)
    if result.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def answers(port: int) -> bool:
    try:
        return requests.get(f"http://{HOST}:{port}/healthz", timeout=20).status_code == 200
    except requests.RequestException:
        return False


def wait_for(condition: Callable[[], object], what: str, timeout: float) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


# ---- the SMTP sink -----------------------------------------------------------------------

class Sink:
    """A local SMTP server that keeps what it receives."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.messages: list[dict] = []
        self.lock = threading.Lock()
        self.controller = Controller(self, hostname=HOST, port=SMTP_PORT)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        from email import message_from_bytes

        message = message_from_bytes(envelope.content)
        with self.lock:
            self.messages.append({"to": tuple(envelope.rcpt_tos),
                                  "message_id": message["Message-ID"],
                                  "subject": message["Subject"]})
        return "250 OK"

    def __enter__(self) -> Sink:
        self.controller.start()
        return self

    def __exit__(self, *_exc) -> None:
        self.controller.stop()


# ---- talking to the web processes --------------------------------------------------------

class Api:
    """Bearer-token API calls, alternating between the web processes."""

    def __init__(self, token: str) -> None:
        self.session = requests.Session()
        self.session.headers.update({"Authorization": f"Bearer {token}",
                                     "X-Forwarded-Proto": "https"})
        self.turn = 0

    def url(self, path: str, port: int | None) -> str:
        if port is None:
            port = WEB_PORTS[self.turn % len(WEB_PORTS)]
            self.turn += 1
        return f"http://{HOST}:{port}/api/{path}"

    def call(self, method: str, path: str, *, port: int | None = None, expect=(200, 201),
             **kwargs) -> dict:
        response = self.session.request(method, self.url(path, port), timeout=120, **kwargs)
        assert response.status_code in expect, (
            f"{method} /api/{path}: {response.status_code} {response.text[:300]}")
        return response.json() if response.content else {}


class Browser:
    """A logged-in session on one web process, as a browser behind the TLS proxy: the proxy's
    header, the Referer CSRF checks on HTTPS, and the session cookie kept though it is
    marked Secure (this side of the proxy speaks plain HTTP)."""

    def __init__(self, port: int, email: str, password: str) -> None:
        self.base = f"http://{HOST}:{port}"
        self.session = requests.Session()
        self.session.headers.update({"X-Forwarded-Proto": "https",
                                     "Referer": f"https://{HOST}:{port}/"})
        self.post("/accounts/login/", {"username": email, "password": password},
                  page="/accounts/login/")

    def keep_cookies(self, response: requests.Response) -> None:
        for cookie in response.cookies:
            self.session.cookies.set(cookie.name, cookie.value)

    def get(self, path: str) -> requests.Response:
        response = self.session.get(self.base + path, timeout=60, allow_redirects=False)
        self.keep_cookies(response)
        return response

    def post(self, path: str, data: dict, *, page: str, files=None) -> requests.Response:
        form = self.get(page)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
        assert token, f"no CSRF token on {page} ({form.status_code})"
        response = self.session.post(self.base + path, data=data | {
            "csrfmiddlewaretoken": token.group(1)}, files=files, timeout=120,
            allow_redirects=False)
        self.keep_cookies(response)
        assert response.status_code in (200, 302), f"POST {path}: {response.status_code}"
        return response


# ---- the checks --------------------------------------------------------------------------

class World:
    """The demo agency the checks work in, read through the ORM (this process talks to the
    same database as the servers)."""

    def __init__(self) -> None:
        from retainer.accounts.models import Membership
        from retainer.accounts.services import token_issue
        from retainer.clients.models import Client
        from retainer.demo.builder import demo_password

        owner = Membership.objects.select_related("agency", "user").get(user__email=OWNER)
        self.agency = owner.agency
        self.password = demo_password(1)
        # Every hour is a working hour, so that the e-mails go out now whatever the time.
        self.agency.working_windows = {str(day): [["00:00", "23:59"]] for day in range(7)}
        self.agency.holiday_country = ""
        self.agency.days_off = []
        self.agency.save()
        self.api = Api(token_issue(membership=owner, name="prod-check"))
        self.clients = list(Client.objects.for_agency(self.agency).order_by("pk")
                            .filter(agreements__status="active").distinct()[:12])
        assert len(self.clients) >= 6, "the demo agency has too few clients with an agreement"


def tasks_settled(timeout: float = 300) -> None:
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    wait_for(lambda: not DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]).exists(),
        "every queued task to finish", timeout)


def scenario(world: World, sink: Sink) -> str:
    from django.utils import timezone
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from retainer.claims.models import Claim
    from retainer.imports.models import ImportRun
    from retainer.notifications.models import Notification
    from retainer.scope.models import Decision

    api = world.api
    decided = []
    for index, client in enumerate(world.clients * 2):
        created = api.call("POST", "requests", json={
            "client": client.pk, "kind": "change", "title": f"Правка баннера {index}",
            "estimate_min": 30 + index * 20})
        api.call("POST", f"requests/{created['id']}/decision")
        decided.append(created["id"])
    # the same decision asked of the other process is refused, not made twice
    api.call("POST", f"requests/{decided[0]}/decision", expect=(409,))
    assert Decision.objects.filter(request_id__in=decided).count() == len(decided)

    claims = []
    for client in world.clients[:6]:
        claim = api.call("POST", "claims", json={
            "client": client.pk, "words": "Сайт открывается медленно, это не то, о чём "
                                          "договаривались", "ask": "скидка"})
        api.call("POST", f"claims/{claim['id']}/assess")
        claims.append(claim["id"])
    assert Claim.objects.filter(pk__in=claims, concession__isnull=False).count() == len(claims)

    # imports: at once through the API of each process, queued through the page of each
    for port, client in zip(WEB_PORTS, world.clients[:2], strict=True):
        path = export(WORK / f"api-{port}.csv", client, rows=50, tag=f"api{port}")
        with open(path, "rb") as upload:
            run = api.call("POST", "imports", port=port, files={"file": upload},
                           data={"client": client.pk, "source": "csv"})
        assert run["status"] == "done" and run["added"] == 50, run
    queued = []
    for port, client in zip(WEB_PORTS, world.clients[2:4], strict=True):
        queued.append(import_through_page(world, port, client,
                                          export(WORK / f"page-{port}.csv", client, rows=50,
                                                 tag=f"page{port}")))

    # replies gone overdue: the check notifies the managers, the workers send the e-mails
    long_ago = (timezone.now() - timedelta(days=4)).isoformat()
    for client in world.clients[:8]:
        api.call("POST", "interactions", json={
            "client": client.pk, "channel": "email", "direction": "in", "occurred_at": long_ago,
            "text": "Добрый день! Когда будет готов отчёт?"})
    manage("check_reply_clocks")
    tasks_settled()

    runs = ImportRun.objects.filter(pk__in=queued)
    assert [(r.status, r.added) for r in runs] == [("done", 50)] * 2, list(runs.values())
    results = list(DBTaskResult.objects.all())
    statuses = Counter(r.status for r in results)
    assert statuses == {TaskResultStatus.SUCCESSFUL: len(results)}, statuses
    assert all(len(r.worker_ids) == 1 for r in results), "a task was taken twice"
    by_worker = Counter(r.worker_ids[0] for r in results)

    emailed = Notification.objects.filter(agency=world.agency, email_after__isnull=False)
    assert emailed.count() > 0, "no notification was queued for e-mail"
    assert not emailed.filter(emailed_at__isnull=True).exists(), "a notification was not sent"
    mail_tasks = [r for r in results if r.task_path.endswith("notification_email")]
    assert len(mail_tasks) == emailed.count()
    wait_for(lambda: len(sink.messages) >= emailed.count(), "the e-mails to arrive", 30)
    ids = Counter(m["message_id"] for m in sink.messages)
    assert len(sink.messages) == emailed.count() and max(ids.values()) == 1, ids
    return (f"{len(decided)} requests decided and {len(claims)} claims assessed through both "
            f"web processes; 4 imports; {len(results)} tasks ran once each "
            f"({', '.join(f'{n} by {w}' for w, n in sorted(by_worker.items()))}); "
            f"{len(sink.messages)} notifications e-mailed, each once")


def export(path: Path, client, *, rows: int, tag: str, start: int = 0) -> Path:
    """A CSV export of `rows` client messages with stable external ids."""
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(["occurred_at", "direction", "channel", "sender", "text", "thread",
                         "external_id", "subject"])
        for n in range(start, start + rows):
            # a question, then our answer an hour later
            writer.writerow([f"2026-01-{1 + n // 16 % 28:02d}T{9 + n // 2 % 8:02d}:"
                             f"{n % 2 * 30:02d}:00+03:00", "in" if n % 2 == 0 else "out",
                             "email", f"client-{client.pk}@example.com",
                             f"Сообщение {n} о ходе работ по проекту", "", f"{tag}-{n}", ""])
    return path


def import_through_page(world: World, port: int, client, path: Path) -> int:
    from retainer.imports.models import ImportRun

    browser = Browser(port, OWNER, world.password)
    page = f"/clients/{client.pk}/imports/"
    with open(path, "rb") as upload:
        browser.post(page, {"source": "csv"}, page=page, files={"file": (path.name, upload)})
    run = ImportRun.objects.filter(client=client, status="uploaded").latest("pk")
    detail = f"/imports/{run.pk}/"
    browser.post(detail, {f"sender_{i}": s["code"] for i, s in enumerate(run.senders)},
                 page=detail)
    return run.pk


def worker_killed_mid_import(world: World, stack: Stack) -> str:
    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult

    from retainer.conversations.models import Interaction
    from retainer.imports.models import ImportRun

    client = world.clients[4]
    total, first = 12000, 4000
    whole = export(WORK / "whole.csv", client, rows=total, tag="big")
    part = export(WORK / "part.csv", client, rows=first, tag="big")
    manage("import_csv", str(part), "--client", str(client.pk), "--no-progress")
    before = Interaction.objects.filter(client=client).count()

    run_id = import_through_page(world, WEB_PORTS[0], client, whole)
    task = wait_for(lambda: DBTaskResult.objects.filter(
        task_path__endswith="import_run_task", args_kwargs__args=[run_id],
        status="RUNNING").first(), "the import task to start", 60)
    time.sleep(0.3)
    victim = next(name for name in ("worker0", "worker1")
                  if task.worker_ids[-1].startswith(f"prodcheck-w{name[-1]}-"))
    stack.kill(victim)
    assert ImportRun.objects.get(pk=run_id).status == "running"
    stack.worker(int(victim[-1]))
    tasks_settled()

    run = ImportRun.objects.get(pk=run_id)
    task.refresh_from_db()
    after = Interaction.objects.filter(client=client).count()
    assert (run.status, run.added, run.duplicates) == ("done", total - first, first), (
        run.status, run.added, run.duplicates)
    assert after - before == total - first
    assert task.status == "SUCCESSFUL" and len(task.worker_ids) == 2, task.worker_ids
    assert not (Interaction.objects.filter(client=client, external_id__startswith="big-")
                .values("external_id").annotate(n=Count("id")).filter(n__gt=1)), "duplicates"
    return (f"killed {task.worker_ids[0]} mid-import; its task was queued again and "
            f"{task.worker_ids[1]} finished it: {run.added} added, {run.duplicates} already "
            f"there skipped, no duplicates")


def web_killed_mid_import(world: World, stack: Stack) -> str:
    from retainer.conversations.models import Interaction
    from retainer.imports.models import ImportRun

    client = world.clients[5]
    total = 20000
    whole = export(WORK / "web-whole.csv", client, rows=total, tag="webbig")
    before = Interaction.objects.filter(client=client).count()

    def upload():
        with open(whole, "rb") as file, contextlib.suppress(requests.RequestException,
                                                              AssertionError):
            world.api.call("POST", "imports", port=WEB_PORTS[0], files={"file": file},
                           data={"client": client.pk, "source": "csv"})

    thread = threading.Thread(target=upload)
    thread.start()
    run = wait_for(lambda: ImportRun.objects.filter(client=client, status="running").first(),
                   "the import to start", 60)
    time.sleep(0.5)
    stack.kill("web0")
    thread.join(30)
    stack.web(0)
    wait_for(lambda: ImportRun.objects.get(pk=run.pk).status == "failed",
             "the workers to mark the cut-short import failed", 60)
    assert Interaction.objects.filter(client=client).count() == before, "half an import stayed"
    with open(whole, "rb") as file:
        again = world.api.call("POST", "imports", port=WEB_PORTS[1], files={"file": file},
                               data={"client": client.pk, "source": "csv"})
    assert again["added"] == total, again
    return (f"killed web 0 mid-import: nothing of it stayed, the run was marked failed, the "
            f"import run again through web 1 added all {again['added']}")


def web_killed_mid_decisions(world: World, stack: Stack) -> str:
    from retainer.scope.models import ClientRequest, Decision

    api = world.api
    ids = [api.call("POST", "requests", port=WEB_PORTS[1], json={
        "client": world.clients[n % len(world.clients)].pk, "kind": "new_work",
        "title": f"Лендинг {n}", "estimate_min": 600})["id"] for n in range(60)]

    def decide(request_id):
        with contextlib.suppress(requests.RequestException, AssertionError):
            api.call("POST", f"requests/{request_id}/decision", port=WEB_PORTS[0])

    with ThreadPoolExecutor(max_workers=8) as pool:
        pool.map(decide, ids)
        time.sleep(1)
        stack.kill("web0")
    made = Decision.objects.filter(request_id__in=ids).count()
    stack.web(0)
    for request_id in ids:
        if not Decision.objects.filter(request_id=request_id).exists():
            api.call("POST", f"requests/{request_id}/decision")
    requests_ = ClientRequest.objects.filter(pk__in=ids)
    assert Decision.objects.filter(request_id__in=ids).count() == len(ids)
    assert all(r.decision.history.count() == 1 for r in requests_.select_related("decision"))
    return (f"killed web 0 while it decided {len(ids)} requests: {made} were decided whole, "
            f"the rest not at all; after the restart each was decided exactly once")


def postgres_restarted(world: World, stack: Stack) -> str:
    if not local_clusters() or os.geteuid() != 0:
        return "skipped: PostgreSQL is not a local cluster this user may restart"
    browser = Browser(WEB_PORTS[0], OWNER, world.password)
    postgres("stop")
    try:
        page = browser.get("/clients/")
        api = requests.get(f"http://{HOST}:{WEB_PORTS[1]}/api/clients", timeout=30,
                           headers=world.api.session.headers)
        assert page.status_code == 503 and "<html" in page.text.lower(), page.status_code
        assert api.status_code == 503 and "detail" in api.json(), api.status_code
    finally:
        postgres("start")
    postgres_up()
    from django.db import connection

    connection.close()  # this script's own connection did not survive the restart
    wait_for(lambda: browser.get("/clients/").status_code == 200, "the pages to come back", 60)
    api = wait_for(lambda: requests.get(f"http://{HOST}:{WEB_PORTS[1]}/api/clients",
                                        timeout=30, headers=world.api.session.headers),
                   "the API to come back", 60)
    assert api.status_code == 200
    # the workers waited the outage out: a new task still runs
    world.api.call("POST", "interactions", json={
        "client": world.clients[0].pk, "channel": "email", "direction": "in",
        "occurred_at": "2026-01-05T10:00:00+03:00", "text": "Спасибо, всё получили."})
    tasks_settled()
    assert all(p.poll() is None for p in stack.processes.values()), "a process died"
    return ("PostgreSQL stopped: 503 page and 503 JSON; started again: pages and API answer "
            "without restarting anything, and the workers run new tasks")


def backup_round_trip(world: World, stack: Stack) -> str:
    from retainer.core.backup import fingerprint

    stack.stop()
    before = fingerprint()
    target = WORK / "backup.dump"
    manage("backup", str(target))
    manage("restore", str(target), "--no-input")
    after = fingerprint()
    assert before == after, "the restored database differs"
    rows = sum(count for count, _digest in after.tables.values())
    return f"{len(after.tables)} tables, {rows} rows: counts and checksums equal after restore"


def fuzz(examples: int) -> str:
    env = os.environ | {"DATABASE_URL": SERVER + DATABASE, "FUZZ_EXAMPLES": str(examples)}
    result = subprocess.run([PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m",
                             "fuzz", "tests/api/test_fuzz.py"], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    summary = (result.stdout.strip().splitlines() or ["no output"])[-1]
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    return f"{examples} examples an operation: {summary}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-fuzz", action="store_true")
    options = parser.parse_args()
    began = time.monotonic()
    shutil.rmtree(WORK, ignore_errors=True)
    (WORK / "uploads").mkdir(parents=True)

    say("== PostgreSQL and a database of its own")
    postgres_up()
    database_anew()
    os.environ.update(ENVIRONMENT)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    manage("migrate", "--verbosity", "0")
    manage("createcachetable")
    manage("collectstatic", "--no-input", "--verbosity", "0")
    manage("seed_demo", "--clients", "16", "--interactions", "1500")
    import django

    django.setup()
    world = World()

    results: list[tuple[str, bool, str]] = []

    def check(name: str, run: Callable[[], str]) -> None:
        say(f"== {name}")
        started = time.monotonic()
        try:
            detail = run()
            results.append((name, True, detail))
            say(f"   ok ({time.monotonic() - started:.0f} s): {detail}")
        except Exception as error:  # noqa: BLE001 - every check is reported, then the verdict
            results.append((name, False, str(error)))
            say(f"   FAILED: {error}")
            traceback.print_exc()

    stack = Stack()
    try:
        with Sink() as sink:
            for index in (0, 1):
                stack.web(index)
                stack.worker(index)
            check("scenario through two web processes and two workers",
                  lambda: scenario(world, sink))
            check("kill -9 of a worker in the middle of an import",
                  lambda: worker_killed_mid_import(world, stack))
            check("kill -9 of a web process in the middle of an import",
                  lambda: web_killed_mid_import(world, stack))
            check("kill -9 of a web process in the middle of decisions",
                  lambda: web_killed_mid_decisions(world, stack))
            check("PostgreSQL restarted while the app serves",
                  lambda: postgres_restarted(world, stack))
        check("backup and restore round trip", lambda: backup_round_trip(world, stack))
    finally:
        stack.stop()
    if not options.skip_fuzz:
        check("schemathesis over the whole API",
              lambda: fuzz(int(os.environ.get("FUZZ_EXAMPLES", "150"))))

    passed = sum(ok for _name, ok, _detail in results)
    say(f"\nin {time.monotonic() - began:.0f} s")
    for name, ok, detail in results:
        say(f"{'ok    ' if ok else 'FAILED'} {name}: {detail}")
    say(f"prod-check: {passed} passed, {len(results) - passed} failed")
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
