"""Agency-network scale: 10,000 clients and 1,000,000 interactions on one machine.

Seeds the data (in a child process, whose peak memory is read from the kernel), then times
the client list, a client page and GET /api/interactions?client= through Django's test
client, each next to a floor: a hand-written view behind the same middleware that runs
hand-written SQL for the same rows and formats them with no template. Every figure is a
ratio measured in this one run.

    .venv/bin/python bench/scale.py                 # SQLite in var/bench.sqlite3
    DATABASE_URL=postgresql://… .venv/bin/python bench/scale.py   # PostgreSQL as well
    .venv/bin/python bench/scale.py --clients 1000 --interactions 100000   # a quick run
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def seed(database_url: str, clients: int, interactions: int) -> float:
    """Build a fresh database and seed it in a child process; return its peak RSS in MB."""
    env = os.environ | {"DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "config.settings"}
    if database_url.startswith("sqlite:///"):
        Path(database_url.removeprefix("sqlite:///")).unlink(missing_ok=True)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    if not database_url.startswith("sqlite:///"):
        subprocess.run([sys.executable, "manage.py", "flush", "--no-input"], cwd=ROOT, env=env,
                       check=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "manage.py", "seed_demo", "--agency", "Scale", "--owner",
         "owner@scale.example", "--clients", str(clients), "--interactions", str(interactions)],
        cwd=ROOT, env=env, check=True,
    )
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"seeded {clients} clients / {interactions} interactions in {elapsed:.0f} s")
    return max(peak, before) / 1024


# ---- floor views: the same rows by hand-written SQL, formatted without templates ----------

def _rows(sql: str, params: list) -> list[tuple]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def floor_client_list(request):
    """The rows the client list shows: a page of clients with their managers' names, the
    total, and the agency's people for the manager filter."""
    from django.http import HttpResponse

    agency = request.agency.pk
    rows = _rows(
        "SELECT c.id, c.name, c.stage, c.language, c.segment, u.full_name, u.email, "
        "c.expected_annual_value FROM clients_client c LEFT JOIN accounts_user u "
        "ON u.id = c.account_manager_id WHERE c.agency_id = %s "
        "ORDER BY c.name_folded, c.id LIMIT 25", [agency])
    total = _rows("SELECT COUNT(*) FROM clients_client WHERE agency_id = %s", [agency])[0][0]
    people = _rows("SELECT u.id, u.full_name, u.email FROM accounts_user u JOIN "
                   "accounts_membership m ON m.user_id = u.id WHERE m.agency_id = %s "
                   "ORDER BY u.full_name, u.email", [agency])
    body = "".join(f"<tr><td>{r[1]}</td><td>{r[2]}</td><td>{r[5]}</td></tr>" for r in rows)
    return HttpResponse(f"<table>{body}</table><p>{total}</p>{people}")


def floor_client_page(request, client_id):
    """The rows the client page shows: the client and its manager, contacts, the current
    agreement's terms, its deliverables, and one page of the log with who wrote each
    message (one row more than shown tells whether an older page exists)."""
    from django.http import HttpResponse

    agency = request.agency.pk
    client = _rows(
        "SELECT c.id, c.name, c.stage, c.language, c.expertise, c.segment, c.industry, "
        "c.acquisition_channel, c.acquisition_cost, c.expected_annual_value, c.notes, "
        "u.full_name, u.email FROM clients_client c LEFT JOIN accounts_user u "
        "ON u.id = c.account_manager_id WHERE c.id = %s AND c.agency_id = %s",
        [client_id, agency])
    contacts = _rows(
        "SELECT id, name, position, motivation, email, phone, telegram, is_decision_maker "
        "FROM clients_contact WHERE client_id = %s AND agency_id = %s "
        "ORDER BY is_decision_maker DESC, name", [client_id, agency])
    agreements = _rows(
        "SELECT id, title, kind, status, starts_on, ends_on, revision_rounds, "
        "free_change_threshold_min, monthly_free_budget_min, hourly_rate, "
        "response_target_hours FROM agreements_agreement WHERE client_id = %s "
        "AND agency_id = %s ORDER BY starts_on DESC, id DESC LIMIT 10", [client_id, agency])
    current = next((a for a in agreements if a[3] == "active"), agreements[0] if agreements
                   else None)
    deliverables = _rows(
        "SELECT id, title, status, planned_start, planned_due, actual_done FROM "
        "agreements_deliverable WHERE agreement_id = %s ORDER BY planned_due, id",
        [current[0]]) if current else []
    talk = _rows(
        "SELECT i.id, i.channel, i.direction, i.kind, i.occurred_at, i.text, i.subject, "
        "i.thread, i.sender_name, i.flags, i.negativity, i.triage, i.reply_due_at, "
        "i.replied_at, i.paused_since, u.full_name, u.email, ct.name "
        "FROM conversations_interaction i "
        "LEFT JOIN accounts_user u ON u.id = i.author_id "
        "LEFT JOIN clients_contact ct ON ct.id = i.contact_id "
        "WHERE i.client_id = %s AND i.agency_id = %s "
        "ORDER BY i.occurred_at DESC, i.id DESC LIMIT 26", [client_id, agency])
    # The highlights need each message's triage evidence, so a hand-written page parses it too.
    talk = [row[:11] + (json.loads(row[11]) if isinstance(row[11], str) else row[11],)
            + row[12:] for row in talk]
    parts = [client, contacts, current, deliverables, talk[:25]]
    return HttpResponse("".join(str(part) for part in parts))


def floor_api_interactions(request):
    from django.http import HttpResponse

    client_id = int(request.GET["client"])
    keys = ["id", "client_id", "channel", "direction", "kind", "author_id", "contact_id",
            "occurred_at", "text", "thread", "subject", "sender_name", "source", "external_id",
            "language", "negativity", "flags", "triage", "reply_due_at", "replied_at",
            "paused_since"]
    rows = _rows(
        f"SELECT {', '.join(keys)} FROM conversations_interaction "
        "WHERE agency_id = %s AND client_id = %s ORDER BY occurred_at DESC, id DESC LIMIT 50",
        [request.agency.pk, client_id])
    total = _rows("SELECT COUNT(*) FROM conversations_interaction WHERE agency_id = %s "
                  "AND client_id = %s", [request.agency.pk, client_id])[0][0]
    items = [dict(zip(keys, row, strict=True)) for row in rows]
    for item in items:
        item["flags"] = item["flags"].split()
        if isinstance(item["triage"], str):
            item["triage"] = json.loads(item["triage"])
    return HttpResponse(json.dumps({"items": items, "count": total}, default=str),
                        content_type="application/json")


def urlpatterns_with_floors():
    from django.urls import path

    from config.urls import urlpatterns

    return [
        path("floor/clients/", floor_client_list),
        path("floor/clients/<int:client_id>/", floor_client_page),
        path("floor/api/interactions", floor_api_interactions),
        *urlpatterns,
    ]


def timed_pair(http, ours: str, floor: str, repeats: int) -> tuple[float, float]:
    """Median times of our page and its floor, sampled alternately so that any drift of the
    machine falls on both."""
    samples: dict[str, list[float]] = {ours: [], floor: []}
    for url in samples:
        http.get(url)  # warm caches and the template loader
    for _ in range(repeats):
        for url, times in samples.items():
            started = time.perf_counter()
            response = http.get(url)
            times.append(time.perf_counter() - started)
            assert response.status_code == 200, (url, response.status_code)
    return statistics.median(samples[ours]), statistics.median(samples[floor])


def measure(database_url: str, label: str, repeats: int) -> dict[str, float]:
    env_code = f"""
import os, sys, json
sys.path.insert(0, {str(ROOT)!r})
os.environ["DATABASE_URL"] = {database_url!r}
os.environ["DEBUG"] = "false"
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
import django
django.setup()
from django.conf import settings
settings.ALLOWED_HOSTS = ["testserver"]
import bench.scale as scale
settings.ROOT_URLCONF = "bench.floor_urls"
from django.test import Client
from django.db.models import Count
from retainer.accounts.models import User
from retainer.clients.models import Client as Customer
owner = User.objects.get(email="owner@scale.example")
http = Client()
http.force_login(owner)
busiest = Customer.objects.annotate(n=Count("interactions")).order_by("-n").values_list("pk", flat=True)[:1][0]
pairs = {{
    "client list": ("/clients/", "/floor/clients/"),
    "client page": (f"/clients/{{busiest}}/", f"/floor/clients/{{busiest}}/"),
    "api interactions": (f"/api/interactions?client={{busiest}}", f"/floor/api/interactions?client={{busiest}}"),
}}
out = {{}}
for name, (ours, floor) in pairs.items():
    out[name] = scale.timed_pair(http, ours, floor, {repeats})
print(json.dumps(out))
"""
    result = subprocess.run([sys.executable, "-c", env_code], cwd=ROOT, capture_output=True,
                            text=True)
    if result.returncode != 0:
        sys.exit(result.stderr)
    timings = json.loads(result.stdout.strip().splitlines()[-1])
    ratios = {}
    for name, (ours, floor) in timings.items():
        ratios[name] = ours / floor
        print(f"{label} {name}: {ours * 1000:.1f} ms vs floor {floor * 1000:.1f} ms")
    return ratios


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=10_000)
    parser.add_argument("--interactions", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--only", choices=["sqlite", "postgresql"],
                        help="run one backend instead of every available one")
    parser.add_argument("--reuse", action="store_true",
                        help="time the data seeded by the last run instead of seeding again")
    args = parser.parse_args()

    backends = [("sqlite", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}")]
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        backends.append(("postgresql", os.environ["DATABASE_URL"]))
    if args.only:
        backends = [b for b in backends if b[0] == args.only]
        if not backends:
            sys.exit(f"{args.only} is not available (set DATABASE_URL for PostgreSQL)")
    figures = []
    for label, url in backends:
        peak_mb = None if args.reuse else seed(url, args.clients, args.interactions)
        for name, ratio in measure(url, label, args.repeats).items():
            figures.append((f"{label}_{name.replace(' ', '_')}_ratio", f"{ratio:.2f}", "3"))
        if peak_mb is not None:
            figures.append((f"{label}_seed_peak_rss_mb", f"{peak_mb:.0f}", "1024"))
    for name, value, target in figures:
        print(f"figure: {name} {value} (target <= {target})")


if __name__ == "__main__":
    main()
