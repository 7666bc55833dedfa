"""Insights at scale: the health of every client and the portfolio dashboard, each next to
hand-written SQL for the same figures.

On the 10,000-client, 1,000,000-interaction demo (seeded into var/bench-insights.sqlite3,
and into PostgreSQL as well when DATABASE_URL points to one — that database is flushed),
with a 100-client agency seeded beside it:

- **health**: `health_refresh`, the service the periodic refresh and the health page's
  "recompute" run, scores every client for the current month — the scorecard's figures in
  aggregate queries, the rule, the rows stored. The floor gathers the same figures with one
  hand-written SQL statement (one row per client), applies the same rule and writes the same
  rows with one hand-written upsert per thousand clients. Both must give every client the
  same score, band and components.
- **dashboard**: `portfolio_figures`, the dashboard's figures (health distribution and the
  year's trend, clients by stage, response-target breaches by month, concessions by month
  against the acquisition cost, retainer burn, per manager), against one hand-written SQL
  aggregate per figure. Both must give the same numbers. The "needs attention today" lists
  the dashboard also shows are the attention page's own queries; their time is printed
  beside the figure, not in it.

The two sides are timed alternately; each ratio is the sum of the service path's times over
the floor's. Peak memory of the measuring process and the query counts of both service paths
for the 100-client and the 10,000-client agency are printed: the reads must be equal (the
health's writes go as many rows a statement as the database takes).

    .venv/bin/python bench/insights.py                                  # SQLite
    DATABASE_URL=postgresql://… .venv/bin/python bench/insights.py      # PostgreSQL as well
    .venv/bin/python bench/insights.py --clients 1000 --interactions 100000   # a quick run
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from collections import defaultdict
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SMALL = "Small"
SMALL_CLIENTS = 100


def measure(rounds: int) -> dict:
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from retainer.accounts.models import Agency
    from retainer.dashboard.selectors import attention_figures, portfolio_figures
    from retainer.health.metrics import agency_today, month_start
    from retainer.health.services import health_refresh

    agency = Agency.objects.get(name="Scale")
    now = timezone.now()
    month = month_start(agency_today(agency, now))
    pg = connection.vendor == "postgresql"
    health_floor, dashboard_floor = HealthFloor(agency, pg), DashboardFloor(agency, pg)
    health_refresh(agency=agency, month=month, now=now)  # the month's first turns to red
    sides = {
        "health": [("service", lambda: health_refresh(agency=agency, month=month, now=now)),
                   ("floor", lambda: health_floor.refresh(month, now))],
        "dashboard": [("service", lambda: portfolio_figures(agency=agency, manager_id=None,
                                                             now=now)),
                      ("floor", lambda: dashboard_floor.figures(now))],
    }
    spent = {(part, side): 0.0 for part, pair in sides.items() for side, _run in pair}
    results = {}
    for number in range(rounds):
        for part, pair in sides.items():
            order = pair if number % 2 == 0 else pair[::-1]
            for side, run in order:
                started = time.perf_counter()
                result = run()
                spent[part, side] += time.perf_counter() - started
                if part == "health":
                    result = _stored(agency, month)
                elif side == "service":
                    result = service_shape(result)
                results[part, side] = result
    started = time.perf_counter()
    attention_figures(agency=agency, manager_id=None, now=now)
    attention_s = time.perf_counter() - started

    queries = {}
    for name in (SMALL, "Scale"):
        other = Agency.objects.get(name=name)
        counted = {}
        for part, run, options in (
                ("health", health_refresh, {"month": month}),
                ("dashboard", portfolio_figures, {"manager_id": None}),
                ("attention", attention_figures, {"manager_id": None})):
            with CaptureQueriesContext(connection) as captured:
                run(agency=other, now=now, **options)
            statements = [query["sql"].lstrip().split(None, 1)[0].upper()
                          for query in captured.captured_queries]
            counted[part] = statements.count("SELECT")
        queries[name] = counted
    service, floor = results["dashboard", "service"], results["dashboard", "floor"]
    return {
        "spent": {f"{part}_{side}": value for (part, side), value in spent.items()},
        "attention_s": attention_s,
        "clients": len(results["health", "service"]),
        "health_differ": sorted(pk for pk, row in results["health", "service"].items()
                                if row != results["health", "floor"].get(pk))[:10],
        "dashboard_differ": [name for name in service if service[name] != floor.get(name)],
        "bands": _tally(results["health", "service"]),
        "queries": queries,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _stored(agency, month) -> dict:
    from retainer.health.models import HealthScore
    from retainer.rules.scorecard import COMPONENTS

    return {row[0]: row[1:] for row in HealthScore.objects.filter(agency=agency, month=month)
            .values_list("client_id", "score", "band", "weakest", *COMPONENTS)}


def _tally(rows: dict) -> dict:
    tally: dict[str, int] = defaultdict(int)
    for _score, band, *_rest in rows.values():
        tally[band] += 1
    return dict(sorted(tally.items()))


class Floor:
    def __init__(self, agency, pg: bool):
        from django.db import connection

        self.agency = agency
        self.pg = pg
        self.ops = connection.ops

    def at(self, value: datetime):
        return self.ops.adapt_datetimefield_value(value)

    def day(self, value: date):
        return self.ops.adapt_datefield_value(value)

    def rows(self, sql: str, params: list) -> list[tuple]:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()


def _decimal(value) -> Decimal:
    """A sum of hours or money as the ORM gives it: a decimal to the cent."""
    return (Decimal(0) if value is None else Decimal(str(value))).quantize(Decimal("0.01"))


def _date(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


class HealthFloor(Floor):
    """The scorecard's figures of every client by one hand-written statement, the same rule,
    the rows by hand-written upserts."""

    def figures(self, period, policy) -> dict[int, dict]:
        from retainer.health.metrics import _years

        this_year, last_year = _years(period)
        agency = self.agency.pk
        at, day = self.at, self.day
        months_start, until = at(period.starts_at), at(period.until)
        month, days_until, due_until = (day(period.since), day(period.days_until),
                                        day(period.due_until))
        overdue_before = at(period.until - timedelta(days=policy.conflict_escalation_days))
        if self.pg:
            took = "EXTRACT(EPOCH FROM (k.closed_at - k.opened_at)) * 1000000"
        else:
            took = ("CAST(ROUND((julianday(k.closed_at) - julianday(k.opened_at)) * 86400000000)"
                    " AS INTEGER)")
        resolved = "k.closed_at >= %s AND k.closed_at < %s"
        sql = f"""
        WITH talk AS (
          SELECT client_id,
            SUM(CASE WHEN kind = 'message' AND direction = 'in' THEN 1 ELSE 0 END) AS inbound,
            SUM(CASE WHEN kind = 'message' AND direction = 'in'
                     AND flags LIKE '%% status_check %%' THEN 1 ELSE 0 END) AS checks,
            SUM(CASE WHEN kind = 'message' AND (direction = 'out'
                     OR channel IN ('call', 'meeting')) THEN 1 ELSE 0 END) AS ours
          FROM conversations_interaction
          WHERE agency_id = %s AND occurred_at >= %s AND occurred_at < %s GROUP BY client_id),
        held AS (
          SELECT client_id, COUNT(*) AS held,
            SUM(CASE WHEN feedback_requested THEN 1 ELSE 0 END) AS asked,
            SUM(CASE WHEN feedback <> '' THEN 1 ELSE 0 END) AS received
          FROM touchpoints_touchpoint
          WHERE agency_id = %s AND held_on >= %s AND held_on < %s GROUP BY client_id),
        work AS (
          SELECT a.client_id,
            SUM(CASE WHEN d.actual_done >= %s AND d.actual_done < %s THEN 1 ELSE 0 END) AS done,
            SUM(CASE WHEN d.actual_done >= %s AND d.actual_done < %s
                     THEN d.clarifications ELSE 0 END) AS clarifications,
            SUM(CASE WHEN d.actual_done >= %s AND d.actual_done < %s
                     THEN d.approval_iterations ELSE 0 END) AS iterations,
            SUM(CASE WHEN d.actual_done >= %s AND d.actual_done < %s
                     AND d.actual_hours IS NOT NULL THEN d.estimate_hours END) AS estimated,
            SUM(CASE WHEN d.actual_done >= %s AND d.actual_done < %s
                     AND d.actual_hours IS NOT NULL THEN d.actual_hours END) AS spent,
            SUM(CASE WHEN d.planned_due >= %s AND d.planned_due < %s THEN 1 ELSE 0 END) AS due,
            SUM(CASE WHEN d.planned_due >= %s AND d.planned_due < %s
                     AND d.actual_done <= d.planned_due THEN 1 ELSE 0 END) AS kept,
            SUM(CASE WHEN a.budget IS NULL AND a.status <> 'draft' AND a.starts_on >= %s
                     AND a.starts_on < %s THEN d.estimate_hours * a.hourly_rate END) AS v_this,
            SUM(CASE WHEN a.budget IS NULL AND a.status <> 'draft' AND a.starts_on >= %s
                     AND a.starts_on < %s THEN d.estimate_hours * a.hourly_rate END) AS v_last
          FROM agreements_deliverable d JOIN agreements_agreement a ON a.id = d.agreement_id
          WHERE d.agency_id = %s AND ((d.actual_done >= %s AND d.actual_done < %s)
            OR (d.planned_due >= %s AND d.planned_due < %s)
            OR (a.budget IS NULL AND a.status <> 'draft' AND a.starts_on >= %s
                AND a.starts_on < %s))
          GROUP BY a.client_id),
        deals AS (
          SELECT client_id,
            SUM(CASE WHEN status <> 'draft' AND (ends_on IS NULL OR ends_on >= %s)
                     THEN 1 ELSE 0 END) AS running,
            MIN(CASE WHEN status <> 'draft' THEN starts_on END) AS first,
            SUM(CASE WHEN status <> 'draft' AND starts_on >= %s AND starts_on < %s
                     THEN 1 ELSE 0 END) AS started,
            SUM(CASE WHEN status <> 'draft' AND budget IS NOT NULL AND starts_on >= %s
                     AND starts_on < %s THEN budget END) AS b_this,
            SUM(CASE WHEN status <> 'draft' AND budget IS NOT NULL AND starts_on >= %s
                     AND starts_on < %s THEN budget END) AS b_last
          FROM agreements_agreement WHERE agency_id = %s AND starts_on < %s
          GROUP BY client_id),
        cases AS (
          SELECT k.client_id, COUNT(*) AS cases,
            SUM(CASE WHEN {resolved} THEN 1 ELSE 0 END) AS resolved,
            AVG(CASE WHEN {resolved} THEN {took} END) AS took,
            SUM(CASE WHEN (k.closed_at IS NULL OR k.closed_at >= %s) AND k.opened_at < %s
                     THEN 1 ELSE 0 END) AS overdue
          FROM conflicts_conflictcase k
          WHERE k.agency_id = %s AND (k.closed_at IS NULL OR k.closed_at >= %s)
            AND k.opened_at < %s
          GROUP BY k.client_id),
        rated AS (
          SELECT a.client_id, COUNT(*) AS ratings, SUM(r.score) AS total
          FROM status_rating r JOIN agreements_deliverable d ON d.id = r.deliverable_id
          JOIN agreements_agreement a ON a.id = d.agreement_id
          WHERE r.agency_id = %s AND r.rated_at >= %s AND r.rated_at < %s
          GROUP BY a.client_id)
        SELECT c.id, c.stage, c.status_cadence_days,
          t.inbound, t.checks, t.ours, h.held, h.asked, h.received,
          w.done, w.clarifications, w.iterations, w.estimated, w.spent, w.due, w.kept,
          w.v_this, w.v_last, g.running, g.first, g.started, g.b_this, g.b_last,
          k.cases, k.resolved, k.took, k.overdue, r.ratings, r.total
        FROM clients_client c
        LEFT JOIN talk t ON t.client_id = c.id LEFT JOIN held h ON h.client_id = c.id
        LEFT JOIN work w ON w.client_id = c.id LEFT JOIN deals g ON g.client_id = c.id
        LEFT JOIN cases k ON k.client_id = c.id LEFT JOIN rated r ON r.client_id = c.id
        WHERE c.agency_id = %s AND c.stage <> 'ended'
        """
        done = [month, days_until]
        params = [
            agency, months_start, until,
            agency, month, days_until,
            *done, *done, *done, *done, *done,
            month, due_until, month, due_until,
            day(this_year[0]), day(this_year[1]), day(last_year[0]), day(last_year[1]),
            agency, *done, month, due_until, day(last_year[0]), day(this_year[1]),
            month, day(this_year[0]), day(this_year[1]), day(this_year[0]), day(this_year[1]),
            day(last_year[0]), day(last_year[1]), agency, days_until,
            months_start, until, months_start, until, until, overdue_before,
            agency, months_start, until,
            agency, months_start, until,
            agency,
        ]
        figures = {}
        for (pk, stage, cadence, inbound, checks, ours, held, asked, received, done_n,
             clarifications, iterations, estimated, spent, due, kept, v_this, v_last, running,
             first, started, b_this, b_last, cases, resolved_n, took_us, overdue, ratings,
             total) in self.rows(sql, params):
            first = _date(first)
            first_this_year = first is not None and first >= this_year[0]
            figures[pk] = (stage, dict(
                period_days=period.days, cadence_days=cadence or policy.status_cadence_days,
                under_agreement=bool(running), contacts=(ours or 0) + (held or 0),
                inbound_messages=inbound or 0, status_checks=checks or 0, touchpoints=held or 0,
                feedback_requested=asked or 0, feedback_received=received or 0,
                ratings=ratings or 0, rating_total=total or 0, deliverables_done=done_n or 0,
                clarifications=clarifications or 0, approval_iterations=iterations or 0,
                hours_estimated=_decimal(estimated), hours_spent=_decimal(spent),
                promises_due=due or 0, promises_kept=kept or 0, conflicts=cases or 0,
                conflicts_resolved=resolved_n or 0, conflicts_overdue=overdue or 0,
                resolution_days=None if took_us is None else
                (Decimal(round(took_us)) / 1000000 / 86400).quantize(Decimal("0.1")),
                repeat_agreements=max((started or 0) - int(first_this_year), 0),
                value_this_year=_decimal(v_this) + _decimal(b_this),
                value_last_year=_decimal(v_last) + _decimal(b_last)))
        return figures

    def refresh(self, month: date, now: datetime) -> None:
        from django.db import connection, transaction

        from retainer.health.metrics import Period
        from retainer.health.services import scorecard_parts
        from retainer.policy.services import policy_current
        from retainer.rules import scorecard as rules

        policy = policy_current(agency=self.agency)
        period = Period.of(month, now, self.agency.timezone)
        table = "health_healthscore"
        columns = ["agency_id", "client_id", "month", "score", "band", "stage", "parts",
                   "computed_at", "weakest", *rules.COMPONENTS]
        quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
        values = ", ".join("%s::jsonb" if c == "parts" and self.pg else "%s" for c in columns)
        updates = ", ".join(f"{connection.ops.quote_name(c)} = excluded."
                            f"{connection.ops.quote_name(c)}" for c in columns[3:])
        upsert = (f"INSERT INTO {table} ({quoted}) VALUES ({values}) "
                  f"ON CONFLICT (client_id, month) DO UPDATE SET {updates}")
        with transaction.atomic():
            before = dict(self.rows(
                "SELECT client_id, band FROM health_healthscore WHERE agency_id = %s "
                "AND month = %s", [self.agency.pk, self.day(month)]))
            rows = []
            for pk, (stage, figures) in self.figures(period, policy).items():
                card = rules.compute(rules.ScorecardMetrics(**figures), policy, stage)
                if card.band == rules.RED and before.get(pk) != rules.RED:
                    raise RuntimeError("A client turned red in the floor's run: compare after "
                                       "the first refresh of the month.")
                rows.append((self.agency.pk, pk, self.day(month), card.score, card.band, stage,
                             json.dumps(scorecard_parts(card)), self.at(now), card.weakest,
                             *(part.score for part in card.parts)))
            with connection.cursor() as cursor:
                for start in range(0, len(rows), 1000):
                    cursor.executemany(upsert, rows[start:start + 1000])


class DashboardFloor(Floor):
    """The dashboard's figures by hand-written SQL: one aggregate statement per figure."""

    def figures(self, now: datetime) -> dict:
        from zoneinfo import ZoneInfo

        from retainer.policy.services import policy_current
        from retainer.rules.retainer import add_months

        agency = self.agency.pk
        zone = ZoneInfo(self.agency.timezone)
        today = now.astimezone(zone).date()
        months = [add_months(today.replace(day=1), offset) for offset in range(-11, 1)]
        bounds = [datetime.combine(m, datetime.min.time(), tzinfo=zone)
                  for m in [*months, add_months(months[-1], 1)]]
        policy = policy_current(agency=self.agency)

        health = self.rows(
            "SELECT h.month, h.band, c.account_manager_id, COUNT(*), SUM(h.score) "
            "FROM health_healthscore h JOIN clients_client c ON c.id = h.client_id "
            "WHERE h.agency_id = %s AND h.month >= %s "
            "GROUP BY h.month, h.band, c.account_manager_id", [agency, self.day(months[0])])
        latest = max((_date(row[0]) for row in health), default=None)
        stages = self.rows(
            "SELECT c.stage, c.account_manager_id, COUNT(*), SUM(CASE WHEN EXISTS (SELECT 1 "
            "FROM health_healthscore h WHERE h.client_id = c.id AND h.month = %s) "
            "THEN 1 ELSE 0 END) FROM clients_client c WHERE c.agency_id = %s "
            "GROUP BY c.stage, c.account_manager_id", [self.day(latest), agency])
        columns = ", ".join(
            "SUM(CASE WHEN i.reply_due_at >= %s AND i.reply_due_at < %s THEN 1 ELSE 0 END)"
            for _month in months)
        spans = [self.at(edge) for pair in zip(bounds, bounds[1:], strict=False)
                 for edge in pair]
        breaches = self.rows(
            f"SELECT c.account_manager_id, {columns} FROM conversations_interaction i "
            "JOIN clients_client c ON c.id = i.client_id WHERE i.agency_id = %s "
            "AND i.direction = 'in' AND i.kind = 'message' AND i.reply_due_at >= %s "
            "AND i.reply_due_at < %s AND (i.replied_at > i.reply_due_at OR "
            "(i.replied_at IS NULL AND i.reply_due_at <= %s)) GROUP BY c.account_manager_id",
            [*spans, agency, self.at(bounds[0]), self.at(bounds[-1]), self.at(now)])
        money = ", ".join(
            "SUM(CASE WHEN decided_at >= %s AND decided_at < %s THEN cost END), "
            "SUM(CASE WHEN decided_at >= %s AND decided_at < %s THEN 1 ELSE 0 END)"
            for _month in months)
        twice = [edge for i in range(len(months)) for edge in
                 (*spans[2 * i:2 * i + 2], *spans[2 * i:2 * i + 2])]
        (conceded,) = self.rows(
            f"SELECT {money} FROM claims_concession WHERE agency_id = %s AND granted "
            "AND decided_at >= %s AND decided_at < %s",
            [*twice, agency, self.at(bounds[0]), self.at(bounds[-1])])
        first, second = policy.burn_alert_first_pct, policy.burn_alert_second_pct
        burn = self.rows(
            "SELECT COUNT(*), SUM(CASE WHEN p.used_hours > 0 AND p.used_hours * 100 >= "
            "(p.included_hours + p.carried_over_hours) * %s THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN p.used_hours > 0 AND p.used_hours * 100 >= "
            "(p.included_hours + p.carried_over_hours) * %s THEN 1 ELSE 0 END) "
            "FROM agreements_retainerperiod p JOIN agreements_agreement a "
            "ON a.id = p.agreement_id WHERE p.agency_id = %s AND p.starts_on <= %s "
            "AND p.ends_on >= %s AND a.status = 'active'",
            [first, second, agency, self.day(today), self.day(today)])
        top = self.rows(
            "SELECT p.id FROM agreements_retainerperiod p JOIN agreements_agreement a "
            "ON a.id = p.agreement_id JOIN clients_client c ON c.id = a.client_id "
            "WHERE p.agency_id = %s AND p.starts_on <= %s AND p.ends_on >= %s "
            "AND a.status = 'active' AND p.used_hours > 0 ORDER BY CASE WHEN "
            "p.included_hours + p.carried_over_hours > 0 THEN CAST(p.used_hours AS DOUBLE "
            "PRECISION) / CAST(p.included_hours + p.carried_over_hours AS DOUBLE PRECISION) "
            "ELSE 1e9 END DESC, "
            "c.name, p.id LIMIT 5", [agency, self.day(today), self.day(today)])
        return self.shape(health, stages, breaches, conceded, burn, top, months, latest)

    def shape(self, health, stages, breaches, conceded, burn, top, months, latest) -> dict:
        bands, red, per_month = defaultdict(int), defaultdict(int), defaultdict(lambda: [0, 0])
        for month, band, manager, count, total in health:
            month = _date(month)
            if month == latest:
                bands[band] += count
                if band == "red":
                    red[manager] += count
            per_month[month][0] += count
            per_month[month][1] += total
        stage_totals, clients, not_scored = defaultdict(int), defaultdict(int), 0
        for stage, manager, count, scored in stages:
            stage_totals[stage] += count
            clients[manager] += count
            if stage != "ended":
                not_scored += count - (scored or 0)
        by_month = [sum(row[1 + i] or 0 for row in breaches) for i in range(len(months))]
        return {
            "bands": dict(bands), "not_scored": not_scored,
            "trend": [round(per_month[m][1] / per_month[m][0]) if per_month[m][0] else None
                      for m in months],
            "stages": dict(stage_totals), "breaches": by_month,
            "conceded": [(_decimal(conceded[2 * i]), conceded[2 * i + 1] or 0)
                         for i in range(len(months))],
            "burn": tuple(value or 0 for value in burn[0]), "top": [row[0] for row in top],
            "managers": sorted((manager, clients[manager], red[manager],
                                next((row[-1] or 0 for row in breaches if row[0] == manager),
                                     0))
                               for manager in set(clients) | set(red) | {r[0] for r in breaches}
                               if manager is not None),
        }


def service_shape(figures) -> dict:
    """The service's figures in the floor's shape, to compare them number by number."""
    return {
        "bands": {band: count for band, count in (("green", figures.health.green),
                                                  ("amber", figures.health.amber),
                                                  ("red", figures.health.red)) if count},
        "not_scored": figures.health.not_scored,
        "trend": [month.average for month in figures.health.trend],
        "stages": {row.stage: row.clients for row in figures.stages if row.clients},
        "breaches": [month.count for month in figures.breaches.months],
        "conceded": [(month.cost, month.count) for month in figures.concessions.months],
        "burn": (figures.burn.periods, figures.burn.past_first, figures.burn.past_second),
        "top": [burner.period_id for burner in figures.burn.top],
        "managers": sorted((row.manager_id, row.clients, row.red, row.breaches_this_month)
                           for row in figures.managers if row.manager_id is not None),
    }


def run_child(database_url: str, rounds: int) -> dict:
    env = os.environ | {"DATABASE_URL": database_url, "DEBUG": "false",
                        "DJANGO_SETTINGS_MODULE": "config.settings",
                        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    result = subprocess.run([sys.executable, __file__, "--child", "--rounds", str(rounds)],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(result.stderr)
    return json.loads(result.stdout.strip().splitlines()[-1])


def seed_small(database_url: str) -> None:
    env = os.environ | {"DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "config.settings",
                        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    subprocess.run([sys.executable, "manage.py", "seed_demo", "--agency", SMALL, "--owner",
                    "owner@small.example", "--clients", str(SMALL_CLIENTS), "--interactions",
                    str(SMALL_CLIENTS * 100), "-v0"], cwd=ROOT, env=env, check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=10_000)
    parser.add_argument("--interactions", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=4,
                        help="runs of each side, alternating")
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument("--reuse", action="store_true",
                        help="measure the demo seeded by the last run instead of seeding again")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        print(json.dumps(measure(args.rounds), default=str))
        return

    from bench.scale import seed

    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    backends = [("sqlite", f"sqlite:///{ROOT / 'var' / 'bench-insights.sqlite3'}")]
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
            seed_small(url)
        result = run_child(url, args.rounds)
        spent = result["spent"]
        if result["health_differ"] or result["dashboard_differ"]:
            sys.exit(f"The two sides differ (health: {result['health_differ']}, dashboard: "
                     f"{result['dashboard_differ']}): the comparison is void.")
        print(f"{label}: {result['clients']} clients' health {args.rounds} times through the "
              f"services in {spent['health_service']:.1f} s, by hand-written SQL in "
              f"{spent['health_floor']:.1f} s; bands {result['bands']}")
        print(f"  dashboard figures {args.rounds} times in {spent['dashboard_service']:.2f} s, "
              f"by hand-written SQL in {spent['dashboard_floor']:.2f} s; the attention lists "
              f"beside them once in {result['attention_s']:.2f} s")
        queries = result["queries"]
        print(f"  read queries for {SMALL_CLIENTS} clients: {queries[SMALL]}; for "
              f"{args.clients}: {queries['Scale']}; peak memory {result['peak_mb']:.0f} MB")
        prefix = "" if label == "sqlite" else f"{label}_"
        figures += [
            (f"{prefix}dashboard_ratio",
             f"{spent['dashboard_service'] / spent['dashboard_floor']:.2f}", "1.5"),
            (f"{prefix}health_all_ratio",
             f"{spent['health_service'] / spent['health_floor']:.2f}", "2"),
            (f"{prefix}insights_peak_mb", f"{result['peak_mb']:.0f}", "1024"),
        ]
        for part in ("health", "dashboard", "attention"):
            figures.append((f"{prefix}{part}_read_queries_{args.clients}",
                            str(queries["Scale"][part]),
                            f"{queries[SMALL][part]}, the count for {SMALL_CLIENTS} clients"))
    for name, value, target in figures:
        print(f"figure: {name} {value} (target <= {target})")


if __name__ == "__main__":
    main()
