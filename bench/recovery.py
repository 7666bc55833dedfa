"""Unhappy clients at scale: every client assessed through the services, next to one SQL
aggregate.

On the 10,000-client, 1,000,000-interaction demo (seeded into var/bench-recovery.sqlite3,
and into PostgreSQL as well when DATABASE_URL points to one — that database is flushed),
assesses every client of the agency through `dissatisfaction_refresh`, the service the app's
"assess every client again" runs: it reads the cues of messages not read yet, gathers each
client's signals (negativity and threats of recent inbound messages, silence after our last
message in business time, discount demands, escalations, wishes to settle, payments held),
applies `assess_dissatisfaction` and stores every client's assessment. The floor gathers the
same signals with one hand-written SQL statement (an aggregate over the log, the messages'
cues and the open payment holds, one row per client), applies the same rule to the same
values and writes the same rows with one hand-written upsert per thousand clients. Reading
the new messages' cues is a one-off per message, done when they arrive: it runs once before
the timing, so both sides read the same cues. The two are timed alternately; the ratio is
the sum of the service path's times over the floor's, and both must give every client the
same group and score.

The service path's query count is printed for all clients and for a tenth of them: its reads
must not grow with the number of clients (its writes go a thousand rows a statement).

    .venv/bin/python bench/recovery.py                                  # SQLite
    DATABASE_URL=postgresql://… .venv/bin/python bench/recovery.py      # PostgreSQL as well
    .venv/bin/python bench/recovery.py --clients 1000 --interactions 100000   # a quick run
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from datetime import UTC
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ASSESSED = ("group", "score", "contributions", "reasons", "policy_version", "assessed_at",
            "assessed_by_id")


def measure(rounds: int) -> dict:
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from retainer.accounts.models import Agency
    from retainer.clients.models import Client
    from retainer.recovery.services import dissatisfaction_refresh, messages_read

    agency = Agency.objects.get(name="Scale")
    now = timezone.now()
    started = time.perf_counter()
    read = messages_read(agency=agency, now=now)
    reading = time.perf_counter() - started
    floor = Floor(agency, connection.vendor == "postgresql")
    spent = {"service": 0.0, "floor": 0.0}
    stored = {}
    for number in range(rounds):
        sides = [("service", lambda: dissatisfaction_refresh(agency=agency, now=now)),
                 ("floor", lambda: floor.refresh(now))]
        if number % 2:
            sides.reverse()
        for name, run in sides:
            started = time.perf_counter()
            run()
            spent[name] += time.perf_counter() - started
            if number >= rounds - 2:  # what each side stored last, compared below
                stored[name] = _stored(agency)
    clients = list(Client.objects.filter(agency=agency).order_by("pk")
                   .values_list("pk", flat=True))
    counts = {}
    for label, ids in (("all", None), ("tenth", clients[: len(clients) // 10])):
        with CaptureQueriesContext(connection) as queries:
            dissatisfaction_refresh(agency=agency, now=now, client_ids=ids)
        statements = [query["sql"].lstrip().split(None, 1)[0].upper()
                      for query in queries.captured_queries]
        counts[label] = {"reads": statements.count("SELECT"),
                         "writes": statements.count("INSERT")}
    differ = sorted(pk for pk in stored["service"]
                    if stored["service"][pk] != stored["floor"].get(pk))
    return {"service_s": spent["service"], "floor_s": spent["floor"], "clients": len(clients),
            "messages_read": read, "reading_s": reading, "queries": counts,
            "groups": _tally(stored["service"]), "differ": differ[:10],
            "missing": len(set(stored["floor"]) ^ set(stored["service"]))}


def _stored(agency) -> dict:
    from retainer.recovery.models import DissatisfactionAssessment

    return {pk: (group, str(score), json.dumps(contributions, sort_keys=True))
            for pk, group, score, contributions in DissatisfactionAssessment.objects.filter(
                agency=agency).values_list("client_id", "group", "score", "contributions")}


def _tally(groups: dict) -> dict:
    tally: dict[str, int] = {}
    for group, _score, _parts in groups.values():
        tally[group or "content"] = tally.get(group or "content", 0) + 1
    return dict(sorted(tally.items()))


class Floor:
    """The signals by one hand-written statement, the same rule, the rows by hand-written
    upserts. The calendar and the policy are read once per run, as the services read them."""

    def __init__(self, agency, pg: bool):
        from django.db import connection

        from retainer.recovery.models import DissatisfactionAssessment

        self.agency = agency
        self.ops = connection.ops
        self.json = "%s::jsonb" if pg else "%s"
        table = DissatisfactionAssessment._meta.db_table
        quoted = ", ".join(connection.ops.quote_name(c) for c in ASSESSED)
        values = ", ".join(["%s", "%s", "%s", "%s", self.json, self.json, "%s", "%s", "%s"])
        updates = ", ".join(f"{connection.ops.quote_name(c)} = excluded."
                            f"{connection.ops.quote_name(c)}" for c in ASSESSED)
        self.upsert = (f"INSERT INTO {table} (agency_id, client_id, {quoted}) VALUES ({values}) "
                       f"ON CONFLICT (client_id) DO UPDATE SET {updates}")

    def signals(self, cursor, now) -> dict:
        from datetime import timedelta

        from retainer.recovery.selectors import RECENT, SILENCE_HORIZON
        from retainer.rules import recovery as rules
        from retainer.rules.business_time import business_time_between

        since = now - RECENT
        at = self.ops.adapt_datetimefield_value
        cues = (rules.DISCOUNT_DEMAND, rules.PAYMENTS_HELD, rules.ESCALATION,
                rules.WISH_TO_SETTLE)
        cursor.execute(
            "WITH talk AS (SELECT client_id, "
            "AVG(CASE WHEN direction = 'in' AND occurred_at >= %s THEN negativity END) AS neg, "
            "SUM(CASE WHEN direction = 'in' AND occurred_at >= %s AND flags LIKE '%% threat %%' "
            "THEN 1 ELSE 0 END) AS threats, "
            "MAX(CASE WHEN direction = 'in' THEN occurred_at END) AS last_in, "
            "MAX(CASE WHEN direction = 'out' THEN occurred_at END) AS last_out "
            "FROM conversations_interaction WHERE agency_id = %s AND kind = 'message' "
            "AND occurred_at <= %s GROUP BY client_id), "
            "said AS (SELECT client_id, "
            + ", ".join(f"SUM(CASE WHEN cues LIKE '%% {cue} %%' THEN 1 ELSE 0 END) AS {cue}"
                        for cue in cues)
            + " FROM recovery_messagecues WHERE agency_id = %s AND occurred_at >= %s "
            "AND occurred_at <= %s AND cues <> '' GROUP BY client_id), "
            "held AS (SELECT DISTINCT client_id FROM recovery_paymenthold WHERE agency_id = %s "
            "AND released_at IS NULL) "
            "SELECT c.id, t.neg, t.threats, t.last_in, t.last_out, "
            + ", ".join(f"s.{cue}" for cue in cues)
            + ", h.client_id FROM clients_client c LEFT JOIN talk t ON t.client_id = c.id "
            "LEFT JOIN said s ON s.client_id = c.id LEFT JOIN held h ON h.client_id = c.id "
            "WHERE c.agency_id = %s",
            [at(since), at(since), self.agency.pk, at(now), self.agency.pk, at(since), at(now),
             self.agency.pk, self.agency.pk])
        signals = {}
        for (pk, neg, threats, last_in, last_out, discount, held_said, escalation, settle,
             held) in cursor.fetchall():
            last_in, last_out = self.moment(last_in), self.moment(last_out)
            silence = timedelta(0)
            if last_out is not None and (last_in is None or last_out > last_in):
                silence = business_time_between(self.calendar,
                                                max(last_out, now - SILENCE_HORIZON), now)
            signals[pk] = rules.DissatisfactionSignals(
                negativity=() if neg is None else (min(1.0, max(0.0, round(neg, 4))),),
                threat=bool(threats), silence=max(silence, timedelta(0)),
                discount_demand=bool(discount), escalation=bool(escalation),
                wish_to_settle=bool(settle), payments_held=bool(held_said) or held is not None)
        return signals

    def moment(self, value):
        from datetime import datetime

        if value is None or isinstance(value, datetime):
            return value
        return datetime.fromisoformat(value).replace(tzinfo=UTC)

    def refresh(self, now) -> None:
        from django.db import connection, transaction

        from retainer.core.calendar import business_calendar
        from retainer.policy.services import policy_current
        from retainer.rules import recovery as rules

        self.calendar = business_calendar(self.agency)
        policy = policy_current(agency=self.agency)
        at = self.ops.adapt_datetimefield_value(now)
        results = {}
        with transaction.atomic(), connection.cursor() as cursor:
            for pk, signals in self.signals(cursor, now).items():
                results[pk] = rules.assess_dissatisfaction(signals, policy)
            rows = [(self.agency.pk, pk, result.group or "", result.score,
                     json.dumps([{"signal": part.signal, "observed": part.observed,
                                  "weight": part.weight, "points": str(part.points)}
                                 for part in result.contributions]),
                     json.dumps([reason.as_dict() for reason in result.reasons]),
                     result.policy_version, at, None) for pk, result in results.items()]
            for start in range(0, len(rows), 1000):
                cursor.executemany(self.upsert, rows[start:start + 1000])


def run_child(database_url: str, rounds: int) -> dict:
    env = os.environ | {"DATABASE_URL": database_url, "DEBUG": "false",
                        "DJANGO_SETTINGS_MODULE": "config.settings"}
    result = subprocess.run([sys.executable, __file__, "--child", "--rounds", str(rounds)],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(result.stderr)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=10_000)
    parser.add_argument("--interactions", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=4,
                        help="assessments of every client per side, alternating")
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument("--reuse", action="store_true",
                        help="assess the demo seeded by the last run instead of seeding again")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        print(json.dumps(measure(args.rounds), default=str))
        return

    from bench.scale import seed

    backends = [("sqlite", f"sqlite:///{ROOT / 'var' / 'bench-recovery.sqlite3'}")]
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        backends.append(("postgresql", os.environ["DATABASE_URL"]))
    if args.only:
        backends = [b for b in backends if b[0] == args.only]
        if not backends:
            sys.exit(f"{args.only} is not available (set DATABASE_URL for PostgreSQL)")
    figures = []
    for label, url in backends:
        if not args.reuse:
            seed(url, args.clients, args.interactions)
        result = run_child(url, args.rounds)
        service, floor = result["service_s"], result["floor_s"]
        print(f"{label}: {result['clients']} clients assessed {args.rounds} times through the "
              f"services in {service:.1f} s, by one SQL aggregate in {floor:.1f} s; "
              f"{result['messages_read']} new messages' cues read first in "
              f"{result['reading_s']:.1f} s; groups {result['groups']}")
        if result["differ"] or result["missing"]:
            sys.exit(f"The two sides assessed clients differently ({result['differ']}, "
                     f"{result['missing']} missing): the comparison is void.")
        queries = result["queries"]
        print(f"  queries: {queries['all']} for all clients, {queries['tenth']} for a tenth "
              f"(the writes go a thousand rows a statement)")
        prefix = "" if label == "sqlite" else f"{label}_"
        figures.append((f"{prefix}recovery_service_ratio", f"{service / floor:.2f}", "2"))
        figures.append((f"{prefix}recovery_read_queries", str(queries["all"]["reads"]),
                        f"{queries['tenth']['reads']}, the reads for a tenth of the clients"))
    for name, value, target in figures:
        print(f"figure: {name} {value} (target <= {target})")


if __name__ == "__main__":
    main()
