"""Load: account managers at work on the 10,000-client demo, against gunicorn and PostgreSQL,
next to the same server answering a trivial page under the same load (the floor).

    .venv/bin/python bench/load.py                  # 2 minutes per side, in 4 rounds
    .venv/bin/python bench/load.py --seconds 20 --rounds 2     # a quick trial

The demo is the one bench/insights.py seeds (10,000 clients, 1,000,000 interactions, the
agency "Scale") in the PostgreSQL database of --database-url; when that database is missing
or empty it is seeded here the same way, which takes about 20 minutes. Its schema is brought
up to date (`migrate`), then the cache table and (when their sources changed) the static
files are made, as a release does.

The server is `gunicorn config.wsgi` on 127.0.0.1 with 2 × cores + 1 sync workers and the
production settings of docs/deploy.md (RETAINER_ENV=production, a fresh SECRET_KEY,
ALLOWED_HOSTS=127.0.0.1, RETAINER_CACHE=database, DB_CONN_MAX_AGE=60, hashed static files),
with these differences, each for a reason:
- SECURE_SSL_REDIRECT=false: there is no TLS proxy in front; the load client sends
  `X-Forwarded-Proto: https` as the proxy would, so secure cookies and HSTS stay on;
- TASKS_MODE=immediate: the work a new message or a decision starts (reply clocks, the
  client's dissatisfaction) runs inside the request, so its cost is in the measured latency
  rather than in a queue a worker drains after the run;
- EMAIL_BACKEND=locmem: the demo's people are made up, nothing is mailed;
- ROOT_URLCONF=bench.load_urls (set in each worker by the gunicorn hook below): the app's own
  URLs plus the floor page, so both runs hit the same processes.

The managers are four demo members (the owner and three account managers), each logged in
(a session made for them as Django's test client `force_login` does, so the deliberately
slow password hash and the lock-out stay out of the measurement) and holding an API token.
Ten users by default share them. Their day, weighted so reads dominate (see bench/load_users.py): the dashboard, the client
list and client pages, the waiting queue and the attention list in the browser; clients,
interactions and the waiting list over the API; new messages (POST /api/interactions) and
requests decided (POST /api/requests, then its decision). The writes go to 20 clients made
for the run (copies of a demo client and its current agreement) and deleted at the end with
everything written about them, the audit trail included, so bench/insights.py --reuse
measures the demo as seeded. The floor's users are the same members asking for
/floor/, a page that only passes the middleware.

The load comes from locust (headless, FastHttpUser, a subprocess), chosen over wrk because
the workload needs each member's session and token, a decision that needs the id its
request got, and figures per page to find a slow one; FastHttpUser keeps it lean enough
for two cores, and the CPU seconds it used are printed beside the server's. Each user sends
its next request as soon as the last is answered, so both runs keep the server saturated:
throughput is capacity, and the ratios compare the mix with the cheapest page there is.

The two sides take turns: each side's --seconds are split into --rounds rounds (4 of 30 s by
default), in the order floor and mix, then mix and floor, and so on. A shared machine's speed
drifts by a fifth or more within minutes, and one side run after the other would measure
the drift as much as the app. Each request's time is kept, and the percentiles are worked
out over all the rounds of a side (nearest rank), the throughput as its requests over the
time its rounds took. A round stops after its share of --seconds or --max-requests,
whichever comes first; every process started here is stopped at the end, on Ctrl+C or on an
error too.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import resource
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEFAULT_DATABASE_URL = "postgresql://retainer:retainer@127.0.0.1:5432/retainer_bench_insights"
AGENCY = "Scale"
DEMO_CLIENTS = 10_000
MEMBERS = [("owner@scale.example", "ru"), ("masha@scale.example", "ru"),
           ("anna@scale.example", "uk"), ("dmitry@scale.example", "en")]
RUN_CLIENT_PREFIX = "Load run client"
RUN_CLIENTS = 20
READ_CLIENTS = 500
TOKEN_NAME = "load run"
SESSION_SECONDS = 6 * 3600
LOCUSTFILE = ROOT / "bench" / "load_users.py"


def post_worker_init(worker) -> None:
    """gunicorn hook (this module is gunicorn's config, `-c python:bench.load`): serve the
    app's URLs plus the floor page."""
    from django.conf import settings

    settings.ROOT_URLCONF = "bench.load_urls"


# ---- the database ------------------------------------------------------------------------

def demo_state(database_url: str) -> str:
    """'missing' (no such database), 'empty' (no complete 10,000-client demo) or 'ready'."""
    import psycopg

    try:
        with psycopg.connect(database_url, connect_timeout=10) as connection:
            row = connection.execute(
                "SELECT COUNT(*) FROM clients_client c JOIN accounts_agency a "
                "ON a.id = c.agency_id WHERE a.name = %s", [AGENCY]).fetchone()
    except psycopg.errors.UndefinedTable:
        return "empty"
    except psycopg.OperationalError as error:
        if "does not exist" in str(error):
            return "missing"
        raise
    return "ready" if row[0] >= DEMO_CLIENTS else "empty"


def database_create(database_url: str) -> None:
    from urllib.parse import urlsplit

    import psycopg
    from psycopg import sql

    name = urlsplit(database_url).path.lstrip("/")
    server = urlsplit(database_url)._replace(path="/postgres").geturl()
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def demo_ensure(database_url: str) -> None:
    state = demo_state(database_url)
    if state == "ready":
        return
    from bench.insights import seed_small
    from bench.scale import seed

    if state == "missing":
        database_create(database_url)
    print(f"The database has no {DEMO_CLIENTS:,}-client demo: seeding it as bench/insights.py "
          "does, which takes about 20 minutes.", flush=True)
    seed(database_url, DEMO_CLIENTS, 1_000_000)
    seed_small(database_url)


def server_env(database_url: str) -> dict[str, str]:
    return os.environ | {
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": database_url,
        "RETAINER_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "RETAINER_CACHE": "database",
        "DB_CONN_MAX_AGE": "60",
        "TASKS_MODE": "immediate",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }


def child(env: dict[str, str], *args: str) -> None:
    """Run a step that needs Django in its own process, with the server's settings."""
    subprocess.run([sys.executable, __file__, "--child", *args], cwd=ROOT, env=env,
                   check=True)


def prepare(plan_path: str) -> None:
    """(Child.) Bring the schema, cache table and static files up to date, then make the
    run's clients, the members' sessions and tokens, and write the plan the users follow."""
    import random
    from importlib import import_module

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.core.management import call_command
    from django.db.models import Count

    from retainer.accounts.models import Agency, Membership
    from retainer.accounts.services import token_issue
    from retainer.agreements.models import Agreement, AgreementStatus
    from retainer.agreements.services import agreement_create, deliverable_create
    from retainer.clients.models import Client
    from retainer.clients.services import client_create
    from retainer.core.tenancy import SESSION_AGENCY_KEY

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    steps = "migrate, cache table"
    if static_stale():
        call_command("collectstatic", interactive=False, verbosity=0)
        steps += ", static files"
    print(f"{steps}: {time.perf_counter() - started:.1f} s")
    remove(None)  # the clients and tokens of a run stopped by force

    agency = Agency.objects.get(name=AGENCY)
    source = (Agreement.objects.filter(agency=agency, status=AgreementStatus.ACTIVE)
              .annotate(n=Count("deliverables")).filter(n__gt=0).order_by("id")
              .select_related("client").first())
    memberships = {m.user.email: m for m in Membership.objects.filter(agency=agency)
                   .select_related("user")}
    managers = [memberships[email].user for email, _language in MEMBERS]
    write_clients = []
    for number in range(1, RUN_CLIENTS + 1):
        name = f"{RUN_CLIENT_PREFIX} {number}"
        client = client_create(agency=agency, data=_fields(source.client, "agency") | {
            "name": name, "name_folded": name.casefold(),
            "account_manager_id": managers[number % len(managers)].pk})
        agreement = agreement_create(client=client, data=_fields(source, "agency", "client"))
        for deliverable in source.deliverables.all():
            deliverable_create(agreement=agreement,
                               data=_fields(deliverable, "agency", "agreement"))
        write_clients.append(client.pk)

    store = import_module(settings.SESSION_ENGINE).SessionStore
    members = []
    for email, language in MEMBERS:
        membership = memberships[email]
        session = store()
        session.update({SESSION_KEY: str(membership.user.pk),
                        BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
                        HASH_SESSION_KEY: membership.user.get_session_auth_hash(),
                        SESSION_AGENCY_KEY: agency.pk})
        # Deleted at the end; should the run be killed first, they lapse by themselves.
        session.set_expiry(SESSION_SECONDS)
        session.create()
        members.append({"email": email, "language": language, "user_id": membership.user.pk,
                        "session": session.session_key,
                        "token": token_issue(membership=membership, name=TOKEN_NAME)})

    demo = list(Client.objects.filter(agency=agency).exclude(pk__in=write_clients)
                .order_by("pk").values_list("pk", flat=True))
    plan = {"members": members, "session_cookie": settings.SESSION_COOKIE_NAME,
            "write_clients": write_clients,
            "read_clients": random.Random(7).sample(demo, READ_CLIENTS)}
    Path(plan_path).write_text(json.dumps(plan), encoding="utf-8")


def static_stale() -> bool:
    """Whether `collectstatic` has anything to do: it hashes and compresses every file
    again on each call, which takes most of a minute here."""
    from django.conf import settings
    from django.contrib.staticfiles.finders import get_finders

    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if not manifest.exists():
        return True
    collected = manifest.stat().st_mtime
    return any(Path(storage.path(path)).stat().st_mtime > collected
               for finder in get_finders() for path, storage in finder.list([]))


def _fields(instance, *skip: str) -> dict:
    return {field.attname: getattr(instance, field.attname)
            for field in type(instance)._meta.concrete_fields
            if not field.primary_key and field.name not in skip}


def remove(plan_path: str | None) -> None:
    """(Child.) Delete the run's clients with everything written about them (cascading),
    their audit trail and the notices about them, the run's tokens, and the sessions of the
    plan, if there is one."""
    import django

    django.setup()
    from django.apps import apps
    from django.contrib.sessions.models import Session
    from django.db import transaction
    from django.db.models import Q

    from retainer.accounts.models import ApiToken
    from retainer.agreements.models import Agreement
    from retainer.clients.models import Client
    from retainer.notifications.models import Notification

    with transaction.atomic():
        clients = list(Client.objects.filter(name__startswith=RUN_CLIENT_PREFIX)
                       .values_list("pk", flat=True))
        agreements = list(Agreement.objects.filter(client_id__in=clients)
                          .values_list("pk", flat=True))
        about = Q(pk__in=[])
        for url in ([f"/clients/{pk}/" for pk in clients]
                    + [f"/agreements/{pk}/" for pk in agreements]):
            about |= Q(url__contains=url)
        Notification.objects.filter(about).delete()
        Client.objects.filter(pk__in=clients).delete()
        for model in apps.get_models():
            names = {field.attname for field in model._meta.concrete_fields}
            if "history_id" not in names:
                continue
            trail = model.objects.none()
            if "client_id" in names:
                trail |= model.objects.filter(client_id__in=clients)
            if "agreement_id" in names:
                trail |= model.objects.filter(agreement_id__in=agreements)
            if model._meta.object_name == "HistoricalClient":
                trail |= model.objects.filter(id__in=clients)
            trail.delete()
        ApiToken.objects.filter(name=TOKEN_NAME).delete()
        if plan_path and Path(plan_path).exists():
            plan = json.loads(Path(plan_path).read_text(encoding="utf-8"))
            Session.objects.filter(
                session_key__in=[member["session"] for member in plan["members"]]).delete()


# ---- the server and the load -------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def stop(process: subprocess.Popen | None, grace: float = 15) -> None:
    """Stop a process started here, and its children (it leads its own process group)."""
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    except ProcessLookupError:
        pass


def ask(url: str, headers: dict[str, str]) -> int:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def wait_ready(base: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn exited:\n{log.read_text()[-3000:]}")
        try:
            if ask(f"{base}/healthz", {"X-Forwarded-Proto": "https"}) == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    sys.exit(f"gunicorn did not answer within 60 s:\n{log.read_text()[-3000:]}")


def warm(base: str, plan: dict, workers: int, log: Path) -> None:
    """Ask for every kind of page a few times per worker, so templates, URL patterns and
    connections are ready before anything is timed; any failure stops the run here."""
    member = plan["members"][0]
    page = {"X-Forwarded-Proto": "https",
            "Cookie": f"{plan['session_cookie']}={member['session']}"}
    api = {"X-Forwarded-Proto": "https", "Authorization": f"Bearer {member['token']}"}
    client = plan["read_clients"][0]
    urls = [("/floor/", page), ("/", page), ("/clients/", page), (f"/clients/{client}/", page),
            ("/waiting/", page), ("/attention/", page), ("/api/clients?limit=25", api),
            (f"/api/interactions?client={client}", api), ("/api/waiting", api)]
    with ThreadPoolExecutor(workers) as pool:
        answers = list(pool.map(lambda pair: (pair[0], ask(base + pair[0], pair[1])),
                                urls * workers))
    failed = sorted({(url, status) for url, status in answers if status != 200})
    if failed:
        sys.exit(f"The warm-up failed: {failed}\n{log.read_text()[-3000:]}")


def cpu_seconds(processes) -> dict[int, float]:
    """CPU seconds each process has used so far, by process id."""
    import psutil

    used = {}
    for process in processes:
        try:
            times = process.cpu_times()
        except psutil.Error:
            continue
        used[process.pid] = times.user + times.system
    return used


def cpu_spent(before: dict[int, float], after: dict[int, float]) -> float:
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


def server_processes(server: subprocess.Popen) -> list:
    import psutil

    master = psutil.Process(server.pid)
    return [master, *master.children(recursive=True)]


def database_cpu_seconds() -> float:
    """CPU seconds the PostgreSQL cluster has used so far: its live processes, plus those
    that ended, which the postmaster's children times hold once it has reaped them. (A
    backend ends when the web process closes its connection, every DB_CONN_MAX_AGE, so the
    live backends alone would lose most of a run.)"""
    import psutil

    total = 0.0
    for process in psutil.process_iter(["name", "ppid"]):
        if process.info["name"] != "postgres":
            continue
        try:
            times = process.cpu_times()
            postmaster = psutil.Process(process.info["ppid"]).name() != "postgres"
        except psutil.Error:
            continue
        total += times.user + times.system
        if postmaster:
            total += times.children_user + times.children_system
    return total


def run_users(kind: str, base: str, args, seconds: int, plan_path: str, workdir: Path,
              server: subprocess.Popen) -> dict:
    """One headless locust run of the given user class for `seconds`: every request's time,
    the failures, and the CPU seconds each side used."""
    prefix = workdir / kind.lower()
    times = workdir / f"{kind.lower()}_times.json"
    command = [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless",
               "--host", base, "--users", str(args.users), "--spawn-rate", str(args.users),
               "--run-time", f"{seconds}s", "--stop-timeout", "10", "--csv", str(prefix),
               "--only-summary", "--loglevel", "WARNING", "--exit-code-on-error", "0", kind]
    env = os.environ | {"LOAD_PLAN": plan_path, "LOAD_TIMES": str(times),
                        "LOAD_MAX_REQUESTS": str(args.max_requests * seconds // args.seconds)}
    server_before = cpu_seconds(server_processes(server))
    database_before = database_cpu_seconds()
    usage_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    users = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        _out, errors = users.communicate(timeout=seconds + 60)
    except subprocess.TimeoutExpired:
        sys.exit("locust did not stop within a minute of its run time.")
    finally:
        stop(users)
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    if users.returncode != 0:
        sys.exit(f"locust failed ({users.returncode}):\n{errors[-3000:]}")
    with open(f"{prefix}_failures.csv", encoding="utf-8") as failures:
        failed = [(row["Name"], row["Error"], int(row["Occurrences"]))
                  for row in csv.DictReader(failures)]
    requests = json.loads(times.read_text(encoding="utf-8"))
    if not requests:
        sys.exit(f"locust sent no request in the {kind} run:\n{errors[-3000:]}")
    started = min(ended - milliseconds / 1000 for _name, ended, milliseconds, _ in requests)
    return {
        "requests": requests, "failures": failed,
        "seconds": max(ended for _name, ended, _ms, _failed in requests) - started,
        "server_cpu": cpu_spent(server_before, cpu_seconds(server_processes(server))),
        "database_cpu": database_cpu_seconds() - database_before,
        "generator_cpu": (usage.ru_utime + usage.ru_stime
                          - usage_before.ru_utime - usage_before.ru_stime),
    }


def merged(rounds: list[dict]) -> dict:
    """One side's rounds as one run: requests and CPU seconds added up, failures listed
    together, throughput over the time the rounds took."""
    failures: dict[tuple[str, str], int] = defaultdict(int)
    for result in rounds:
        for name, error, occurrences in result["failures"]:
            failures[(name, error)] += occurrences
    total = {key: sum(result[key] for result in rounds)
             for key in ("seconds", "server_cpu", "database_cpu", "generator_cpu")}
    return total | {
        "requests": [request for result in rounds for request in result["requests"]],
        "failures": [(name, error, count) for (name, error), count in failures.items()],
    }


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile of sorted `values`."""
    return values[max(0, math.ceil(share * len(values)) - 1)]


def summary(requests: list, seconds: float) -> dict:
    times = sorted(milliseconds for _name, _ended, milliseconds, _failed in requests)
    return {"Request Count": len(times), "Requests/s": len(times) / seconds,
            "Failure Count": sum(1 for *_rest, failed in requests if failed),
            **{f"{share:.0%}": percentile(times, share) for share in (0.5, 0.95, 0.99)}}


def report(label: str, result: dict, seconds: int) -> dict:
    """Print one side's figures; returns its totals (summary())."""
    total = summary(result["requests"], result["seconds"])
    print(f"{label}: {total['Requests/s']:.1f} requests/s, p50 {total['50%']:.0f} ms, "
          f"p95 {total['95%']:.0f} ms, p99 {total['99%']:.0f} ms, "
          f"{total['Failure Count']:.0f} errors in {total['Request Count']:.0f} requests")
    by_name: dict[str, list] = defaultdict(list)
    for request in result["requests"]:
        by_name[request[0]].append(request)
    if len(by_name) > 1:
        rows = {name: summary(requests, result["seconds"]) for name, requests in by_name.items()}
        for name, row in sorted(rows.items(), key=lambda item: -item[1]["95%"]):
            print(f"  {name:<17} {row['Request Count']:>7.0f} requests, p50 {row['50%']:>5.0f} "
                  f"ms, p95 {row['95%']:>5.0f} ms, p99 {row['99%']:>5.0f} ms, "
                  f"{row['Failure Count']:.0f} errors")
    for name, error, occurrences in result["failures"]:
        print(f"  error: {name}: {error} ({occurrences} times)")
    print(f"  CPU seconds over {seconds} s: gunicorn {result['server_cpu']:.0f}, PostgreSQL "
          f"{result['database_cpu']:.0f} (the whole cluster), locust "
          f"{result['generator_cpu']:.0f}")
    return total


def turns(rounds: int) -> list[tuple[str, str]]:
    """Which side goes first in each round: floor and mix, then mix and floor, and so on, so
    that a machine getting busier or quieter during the run weighs on both sides alike."""
    return [("Floor", "Manager") if number % 2 == 0 else ("Manager", "Floor")
            for number in range(rounds)]


def main() -> None:
    cores = os.cpu_count() or 1
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=120, help="length of each side's run")
    parser.add_argument("--rounds", type=int, default=4,
                        help="each side's run is split into this many rounds, taken in turns")
    parser.add_argument("--users", type=int, default=10, help="concurrent users in each run")
    parser.add_argument("--workers", type=int, default=2 * cores + 1,
                        help="gunicorn sync workers (default 2 × cores + 1)")
    parser.add_argument("--max-requests", type=int,
                        help="stop a run after this many requests (default 2,000 a second)")
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        step, plan_path = args.child
        prepare(plan_path) if step == "prepare" else remove(plan_path)
        return
    if not args.database_url.startswith("postgres") or "@127.0.0.1" not in args.database_url:
        sys.exit("--database-url must be a PostgreSQL database on 127.0.0.1.")
    args.max_requests = args.max_requests or 2000 * args.seconds

    def interrupted(_signum, _frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupted)
    demo_ensure(args.database_url)
    env = server_env(args.database_url)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = None
    with tempfile.TemporaryDirectory(prefix="retainer-load-") as temporary:
        workdir = Path(temporary)
        plan_path, log = workdir / "plan.json", workdir / "gunicorn.log"
        try:
            child(env, "prepare", str(plan_path))
            plan = json.loads(plan_path.read_text(encoding="utf-8"))
            command = [sys.executable, "-m", "gunicorn", "config.wsgi", "-c",
                       "python:bench.load", "--bind", f"127.0.0.1:{port}", "--workers",
                       str(args.workers), "--worker-class", "sync", "--timeout", "60",
                       "--graceful-timeout", "10", "--error-logfile", str(log),
                       "--log-level", "warning"]
            print(f"server: gunicorn config.wsgi on 127.0.0.1:{port}, {args.workers} sync "
                  f"workers ({cores} cores), RETAINER_ENV=production, RETAINER_CACHE=database, "
                  "DB_CONN_MAX_AGE=60, TASKS_MODE=immediate, PostgreSQL "
                  f"{args.database_url.rsplit('/', 1)[-1]}")
            emails = ", ".join(member["email"] for member in plan["members"])
            print(f"load: locust, {args.users} users (as {emails}), no think time, "
                  f"{args.seconds} s per run, at most {args.max_requests:,} requests")
            server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            wait_ready(base, server, log)
            warm(base, plan, args.workers, log)
            labels = {"Floor": "floor (trivial page)", "Manager": "mixed"}
            rounds: dict[str, list[dict]] = {"Floor": [], "Manager": []}
            seconds = max(1, args.seconds // args.rounds)
            for number, order in enumerate(turns(args.rounds), start=1):
                for kind in order:
                    print(f"round {number} of {args.rounds}: {labels[kind]} for {seconds} s "
                          f"(load average {os.getloadavg()[0]:.1f})…", end=" ", flush=True)
                    result = run_users(kind, base, args, seconds, str(plan_path), workdir,
                                       server)
                    rounds[kind].append(result)
                    print(f"{len(result['requests']) / result['seconds']:.1f} requests/s")
            totals = {kind: report(labels[kind], merged(rounds[kind]), seconds * args.rounds)
                      for kind in labels}
        except KeyboardInterrupt:
            sys.exit("interrupted")
        finally:
            stop(server)
            child(env, "remove", str(plan_path))
            print("the run's clients, sessions and tokens are deleted")
    floor, mixed = totals["Floor"], totals["Manager"]
    errors = floor["Failure Count"] + mixed["Failure Count"]
    figures = [
        ("load_errors", f"{errors:.0f}", "<=", "0"),
        ("load_p95_ratio", f"{mixed['95%'] / floor['95%']:.2f}", "<=", "10"),
        ("load_throughput_ratio", f"{mixed['Requests/s'] / floor['Requests/s']:.2f}", ">=",
         "0.2"),
    ]
    for name, value, sense, target in figures:
        print(f"figure: {name} {value} (target {sense} {target})")


if __name__ == "__main__":
    main()
