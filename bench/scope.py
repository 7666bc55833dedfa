"""Scope decisions at scale: the service path next to hand-written SQL, and the pure rule.

On the 10,000-client demo (seeded into var/bench-scope.sqlite3, and into PostgreSQL as well
when DATABASE_URL points to one — that database is flushed), decides 10,000 client requests
through the services the app calls: `request_decide`, and for every choice the client's
answer *shift* through `decision_answer`, so that the due dates move — each in its own
transaction, as the services do. The floor decides the same requests with hand-written SQL:
it reads what the rule needs (the request, the client's row locked, the agreement's terms
and deliverables, the budget and counts used, the policy version), calls the same
`decide_request`, and writes the same rows — the decision, the register entry, the task,
the moved due dates and their due-date changes, and the audit-trail rows the app keeps for
decisions, register entries and deliverables — in the same transactions, the rows of one
kind in one answer written by one statement, as the services write them. Its reads of the
budget and rounds used are narrowed to the request's client (the same rows, which the
decisions' (agency, client, …) index finds; the services read them among all the agency's
decisions). The ratio is the service path's time over the floor's, the two sampled
alternately in chunks.

Both sides get identical work: pairs of clients of one language, each with the same bench
agreement (five deliverables, the same terms) and the same four requests (the requests are
created beforehand and not timed). At the end the rows each side wrote are counted and
must match.

Then `decide_request` alone, on one core, over 100,000 calls with varied inputs (four
calendars, three languages, a spread of estimates, kinds, deliverables and usage).

    .venv/bin/python bench/scope.py                                  # 10,000 clients, SQLite
    DATABASE_URL=postgresql://… .venv/bin/python bench/scope.py      # PostgreSQL as well
    .venv/bin/python bench/scope.py --clients 1000 --requests 1000   # a quick run
    .venv/bin/python bench/scope.py --reuse --profile 30             # where the time goes
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BENCH_TITLE = "Bench: scope decisions"
PER_CLIENT = 4
# (kind, estimate in minutes, deliverable slot: 0 delivered, 1-4 open, None no deliverable).
PATTERNS = [
    [("revision", 60, 1), ("revision", 60, 1), ("revision", 45, 1), ("change", 240, 2)],
    [("new_work", 30, None), ("change", 20, 3), ("new_work", 480, None), ("change", 90, 1)],
    [("new_work", 60, 2), ("change", 60, 2), ("change", 60, 3), ("change", 60, 4)],
    [("revision", 90, 0), ("change", 15, 0), ("new_work", 120, None), ("revision", 30, 4)],
    [("change", 300, 4), ("new_work", 45, None), ("change", 600, 1), ("new_work", 30, 3)],
    [("new_work", 90, None), ("new_work", 90, None), ("new_work", 90, None),
     ("new_work", 90, None)],
]


# ---- the pure rule -------------------------------------------------------------------------

def decide_rate(calls: int, seed: int = 1) -> float:
    """decide_request calls per second on one core, over `calls` generated inputs."""
    from datetime import date, timedelta
    from datetime import time as clock
    from decimal import Decimal

    from retainer.rules.business_time import BusinessCalendar
    from retainer.rules.policy import DEFAULT_POLICY
    from retainer.rules.scope import (
        KINDS,
        AgreementTerms,
        ScopeItem,
        ScopeRequest,
        Usage,
        decide_request,
    )

    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    rng = random.Random(seed)
    day = [(clock(9), clock(13)), (clock(14), clock(18))]
    calendars = [
        BusinessCalendar("Europe/Moscow", dict.fromkeys(range(5), day), "RU"),
        BusinessCalendar("Europe/Kyiv", dict.fromkeys(range(5), day), "UA"),
        BusinessCalendar("Europe/London", dict.fromkeys(range(5), day), "GB"),
        BusinessCalendar("America/New_York", dict.fromkeys(range(6), day), "US"),
    ]
    agreements = []
    for number in range(200):
        start = date(2026, 1, 5) + timedelta(days=rng.randrange(0, 300))
        items = tuple(
            ScopeItem(number * 10 + i, f"Deliverable {number}-{i}",
                      start + timedelta(days=7 * i + rng.randrange(0, 6)),
                      open=rng.random() < 0.7)
            for i in range(rng.randint(1, 7)))
        agreements.append(AgreementTerms(
            items=items, revision_rounds=rng.choice([1, 2, 2, 3]),
            free_change_threshold_min=rng.choice([30, 60, 60, 90]),
            monthly_free_budget_min=rng.choice([0, 120, 180, 240]),
            hourly_rate=Decimal(rng.choice([40, 1200, 3000, 4500])),
            daily_capacity_hours=Decimal(rng.choice([4, 6, 8])),
            currency=rng.choice(["RUB", "UAH", "USD", "EUR"]),
            calendar=rng.choice(calendars)))
    policy = DEFAULT_POLICY
    cases = []
    for _ in range(calls):
        terms = rng.choice(agreements)
        target = rng.choice([*terms.items, None])
        cases.append((
            ScopeRequest(kind=rng.choice(KINDS), estimate_min=rng.randrange(5, 1200, 5),
                         deliverable_id=target.id if target else None,
                         title=f"Request {rng.randrange(10_000)}",
                         language=rng.choice(["ru", "uk", "en"])),
            terms,
            Usage(revision_rounds_used=rng.randrange(0, 4),
                  free_minutes_used=rng.randrange(0, 260, 5),
                  beyond_agreement_recent=rng.randrange(0, 5)),
        ))
    for request, terms, usage in cases[:1000]:  # holiday tables and reply texts load once
        decide_request(request, terms, usage, policy)
    started = time.perf_counter()
    for request, terms, usage in cases:
        decide_request(request, terms, usage, policy)
    return calls / (time.perf_counter() - started)


# ---- the database side (runs in a child process per backend) -----------------------------

def measure(requests: int, chunk: int, profile: int) -> dict:
    import django

    django.setup()
    bench = Bench(requests)
    bench.prepare()
    result = bench.run(chunk, profile)
    result["rows"] = bench.rows_written()
    return result


class Bench:
    def __init__(self, requests: int):
        from django.db import connection

        from retainer.accounts.models import Agency, User

        self.requests = requests
        self.agency = Agency.objects.get(name="Scale")
        self.user = User.objects.get(email="owner@scale.example")
        self.floor = Floor(connection.vendor == "postgresql")

    def prepare(self) -> None:
        """Bench agreements for pairs of clients of one language, and their requests; what
        an earlier run left is removed first."""
        from datetime import timedelta
        from decimal import Decimal

        from django.db import transaction
        from django.utils import timezone

        from retainer.agreements.models import (
            Agreement,
            AgreementKind,
            AgreementStatus,
            Deliverable,
            DeliverableStatus,
        )
        from retainer.clients.models import Client, Stage
        from retainer.scope.models import ClientRequest
        from retainer.worklist.models import Task

        old = Agreement.objects.filter(agency=self.agency, title=BENCH_TITLE)
        Task.objects.filter(client__agreements__in=old).delete()
        old.delete()

        pairs_needed = math.ceil(self.requests / PER_CLIENT) + 2  # two to warm up
        by_language: dict[str, list[int]] = {}
        for pk, language in (Client.objects.filter(agency=self.agency)
                             .exclude(stage=Stage.ENDED).order_by("-id")
                             .values_list("id", "language")):
            by_language.setdefault(language, []).append(pk)
        pairs = []
        for language in sorted(by_language, key=lambda key: -len(by_language[key])):
            ids = by_language[language]
            pairs.extend((ids[i], ids[i + 1]) for i in range(0, len(ids) - 1, 2))
        if len(pairs) < pairs_needed:
            sys.exit(f"{pairs_needed} pairs of clients are needed; seed more clients")
        self.pairs = pairs[:pairs_needed]

        today = timezone.localdate()
        clients = [pk for pair in self.pairs for pk in pair]
        with transaction.atomic():
            agreements = Agreement.objects.bulk_create([Agreement(
                agency=self.agency, client_id=pk, title=BENCH_TITLE,
                kind=AgreementKind.PROJECT, status=AgreementStatus.ACTIVE,
                starts_on=today - timedelta(days=30), revision_rounds=2,
                free_change_threshold_min=60, monthly_free_budget_min=180,
                hourly_rate=Decimal(3000), daily_capacity_hours=Decimal(6),
                response_target_hours=Decimal(4), channels=["email", "telegram"],
            ) for pk in clients])
            slots = [(-10, DeliverableStatus.APPROVED), (5, DeliverableStatus.IN_PROGRESS),
                     (12, DeliverableStatus.PLANNED), (20, DeliverableStatus.PLANNED),
                     (30, DeliverableStatus.PLANNED)]
            deliverables = Deliverable.objects.bulk_create([Deliverable(
                agency=self.agency, agreement=agreement, title=f"Deliverable {slot}",
                estimate_hours=Decimal(8), planned_start=today - timedelta(days=20),
                planned_due=today + timedelta(days=days), status=status,
            ) for agreement in agreements for slot, (days, status) in enumerate(slots)])
            by_client = {a.client_id: (a, deliverables[i * 5:(i + 1) * 5])
                         for i, a in enumerate(agreements)}
            rows = []
            left = self.requests + 2 * PER_CLIENT
            for number, pair in enumerate(self.pairs):
                pattern = PATTERNS[number % len(PATTERNS)][:max(0, min(PER_CLIENT, left))]
                left -= len(pattern)
                for pk in pair:
                    agreement, items = by_client[pk]
                    for order, (kind, minutes, slot) in enumerate(pattern):
                        rows.append(ClientRequest(
                            agency=self.agency, client_id=pk, agreement=agreement,
                            deliverable=items[slot] if slot is not None else None, kind=kind,
                            title=f"Bench request {order + 1}", estimate_min=minutes,
                            created_by=self.user, created_at=timezone.now()))
            ClientRequest.objects.bulk_create(rows, batch_size=2000)
        self.by_client: dict[int, list[int]] = {}
        for pk, client_id in (ClientRequest.objects.filter(agreement__in=agreements)
                              .order_by("id").values_list("id", "client_id")):
            self.by_client.setdefault(client_id, []).append(pk)
        self.agreements = [a.pk for a in agreements]

    def service(self, request_ids: list[int]) -> None:
        from retainer.rules import scope as rules
        from retainer.scope.models import ClientRequest
        from retainer.scope.services import decision_answer, request_decide

        for pk in request_ids:
            client_request = ClientRequest.objects.get(pk=pk)
            decision = request_decide(client_request=client_request, user=self.user)
            if decision.outcome == rules.CHOICE:
                decision_answer(decision=decision, answer=rules.SHIFT, user=self.user,
                                agreed_by_name="Bench")

    def floor_side(self, request_ids: list[int]) -> None:
        for pk in request_ids:
            decision_id = self.floor.decide(pk, self.user.pk)
            if decision_id is not None:
                self.floor.answer_shift(decision_id, self.user.pk)

    def run(self, chunk: int, profile: int) -> dict:
        import gc

        warm, timed = self.pairs[:2], self.pairs[2:]
        for service_client, floor_client in warm:
            self.service(self.by_client.get(service_client, []))
            self.floor_side(self.by_client.get(floor_client, []))
        spent = {"service": 0.0, "floor": 0.0}
        per_chunk: dict[str, list[float]] = {"service": [], "floor": []}
        profiler = None
        if profile:
            import cProfile

            profiler = cProfile.Profile()
        for index in range(0, len(timed), chunk):
            part = timed[index:index + chunk]
            sides = [("service", self.service, [c for c, _f in part]),
                     ("floor", self.floor_side, [f for _c, f in part])]
            if (index // chunk) % 2:
                sides.reverse()
            for name, run, clients in sides:
                ids = [pk for client in clients for pk in self.by_client.get(client, [])]
                gc.collect()
                if profiler is not None and name == "service":
                    profiler.enable()
                started = time.perf_counter()
                run(ids)
                elapsed = time.perf_counter() - started
                if profiler is not None and name == "service":
                    profiler.disable()
                spent[name] += elapsed
                per_chunk[name].append(elapsed / max(len(ids), 1))
        result = {"service_s": spent["service"], "floor_s": spent["floor"],
                  "service_median_ms": statistics.median(per_chunk["service"]) * 1000,
                  "floor_median_ms": statistics.median(per_chunk["floor"]) * 1000}
        if profiler is not None:
            import io
            import pstats

            out = io.StringIO()
            stats = pstats.Stats(profiler, stream=out)
            stats.sort_stats("cumulative").print_stats(profile)
            stats.sort_stats("tottime").print_stats(profile)
            result["profile"] = out.getvalue()
        return result

    def rows_written(self) -> dict:
        """What each side wrote, counted by kind, and a digest of the replies drafted: the
        two sides must match."""
        from django.db.models import Count

        from retainer.agreements.models import Deliverable, DueDateChange
        from retainer.scope.models import Decision, Discrepancy
        from retainer.worklist.models import Task

        timed = self.pairs[2:]
        sides = {"service": [c for c, _f in timed], "floor": [f for _c, f in timed]}
        counts = {}
        bench = {"agreement__title": BENCH_TITLE}
        for name, clients in sides.items():
            decisions = Decision.objects.filter(client_id__in=clients,
                                                request__agreement__title=BENCH_TITLE)
            entries = Discrepancy.objects.filter(client_id__in=clients, **bench)
            counts[name] = {
                "decisions": dict(decisions.values_list("outcome").annotate(n=Count("id"))
                                  .order_by("outcome")),
                "answers": decisions.exclude(answer="").count(),
                "renegotiate": decisions.filter(renegotiate=True).count(),
                "decision history": Decision.history.filter(
                    client_id__in=clients, request__agreement__title=BENCH_TITLE).count(),
                "register": dict(entries.values_list("kind").annotate(n=Count("id"))
                                 .order_by("kind")),
                "register history": Discrepancy.history.filter(
                    client_id__in=clients, **bench).count(),
                "due changes": DueDateChange.objects.filter(
                    client_id__in=clients, deliverable__agreement__title=BENCH_TITLE).count(),
                "deliverable history": Deliverable.history.filter(
                    agreement__client_id__in=clients, **bench).count(),
                # the renegotiate tasks the bench opened (the demo's own tasks of these
                # clients are not the same on both sides)
                "tasks": Task.objects.filter(client_id__in=clients,
                                             reason__contains="Bench request").count(),
                "replies (digest)": hashlib.sha256("\n".join(sorted(
                    decisions.values_list("reply", flat=True))).encode()).hexdigest()[:16],
            }
        return counts


class Floor:
    """The same decisions and rows by hand-written SQL. Parsed policy documents, calendars
    and translated wordings are kept per version, settings and language, as any
    implementation would keep them; everything the services read per decision is read per
    decision here too."""

    def __init__(self, pg: bool):
        from django.db import connection

        from retainer.agreements.models import Deliverable
        from retainer.scope.models import Decision, Discrepancy

        self.pg = pg
        self.ops = connection.ops
        self.lock = " FOR UPDATE" if pg else ""
        self.json = "%s::jsonb" if pg else "%s"
        self.policies: dict = {}
        self.calendars: dict = {}
        self.words: dict = {}

        def history(model) -> str:
            columns = ", ".join(f.column for f in model._meta.concrete_fields)
            table, source = model.history.model._meta.db_table, model._meta.db_table
            return (f"INSERT INTO {table} ({columns}, history_date, history_change_reason, "
                    f"history_type, history_user_id) SELECT {columns}, %s, %s, %s, %s "
                    f"FROM {source} WHERE id IN ({{ids}})")

        self.history = {"decision": history(Decision), "entry": history(Discrepancy),
                        "deliverable": history(Deliverable)}

    # -- what is kept between decisions
    def policy(self, cursor, agency_id: int):
        from retainer.rules.policy import DEFAULT_POLICY, Policy

        cursor.execute("SELECT version, document FROM policy_policyversion WHERE agency_id = %s "
                       "ORDER BY version DESC LIMIT 1", [agency_id])
        row = cursor.fetchone()
        if row is None:
            return DEFAULT_POLICY
        key = (agency_id, row[0])
        if key not in self.policies:
            document = json.loads(row[1]) if isinstance(row[1], str) else row[1]
            self.policies[key] = Policy.from_document(document, version=row[0])
        return self.policies[key]

    def calendar(self, row: tuple):
        from datetime import date

        from retainer.core.calendar import parse_windows
        from retainer.rules.business_time import BusinessCalendar

        key = tuple(json.dumps(v) if isinstance(v, dict | list) else v for v in row)
        if key not in self.calendars:
            zone, windows, country, days_off, working_days = (
                json.loads(v) if isinstance(v, str) and v[:1] in ("[", "{") else v for v in row)
            self.calendars[key] = BusinessCalendar(
                timezone=zone, windows=parse_windows(windows), holidays_country=country or None,
                days_off=frozenset(date.fromisoformat(d) for d in days_off or ()),
                working_days=frozenset(date.fromisoformat(d) for d in working_days or ()))
        return self.calendars[key]

    def wording(self, language: str) -> dict:
        from django.utils import translation
        from django.utils.translation import gettext as _

        if language not in self.words:
            with translation.override(language):
                self.words[language] = {
                    "over_rounds": _("Revision rounds included: %(rounds)s, all used"),
                    "not_agreed": _("Not part of the agreement"),
                    "bonus": _("Done free of charge as a bonus beyond the agreement "
                               "(%(estimate)s)"),
                    "renegotiate": _("%(count)s requests beyond the agreement in %(days)s "
                                     "days; the latest: «%(title)s»."),
                    "due_before": _("%(deliverable)s due %(day)s"),
                    "due_after": _("due %(day)s"),
                    "no_deadline": _("No deadline affected"),
                    "when_free": _("Done when time frees up, no extra payment"),
                }
        return self.words[language]

    def at(self, moment):
        return self.ops.adapt_datetimefield_value(moment)

    def day(self, value):
        return self.ops.adapt_datefield_value(value)

    def insert(self, cursor, sql: str, params: list) -> int:
        cursor.execute(sql + " RETURNING id", params)
        return cursor.fetchone()[0]

    def audit(self, cursor, model: str, when, kind: str, ids: list[int], user_id=None) -> None:
        """The audit-trail rows for `ids`, copied from the rows as they now are."""
        sql = self.history[model].format(ids=", ".join(["%s"] * len(ids)))
        cursor.execute(sql, [self.at(when), None, kind, user_id, *ids])

    # -- the decision
    def decide(self, request_id: int, user_id: int) -> int | None:
        """The decision and its rows; returns the decision's id when it is a choice."""
        from datetime import date, timedelta
        from decimal import Decimal
        from zoneinfo import ZoneInfo

        from django.db import connection, transaction
        from django.utils import timezone

        from retainer.rules import scope as rules
        from retainer.rules.scope.reply import estimate

        now = timezone.now()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT r.agency_id, r.client_id, r.agreement_id, r.deliverable_id, r.kind, "
                "r.estimate_min, r.title, c.language, c.account_manager_id, u.language, "
                "a.timezone, a.working_windows, a.holiday_country, a.days_off, a.working_days, "
                "a.currency FROM scope_clientrequest r "
                "JOIN clients_client c ON c.id = r.client_id "
                "JOIN accounts_agency a ON a.id = r.agency_id "
                "LEFT JOIN accounts_user u ON u.id = c.account_manager_id "
                "WHERE r.id = %s" + (" FOR UPDATE OF c" if self.pg else ""), [request_id])
            (agency_id, client_id, agreement_id, deliverable_id, kind, minutes, title,
             language, manager_id, manager_language, *calendar_row, currency) = cursor.fetchone()
            cursor.execute("SELECT id FROM scope_decision WHERE request_id = %s", [request_id])
            if cursor.fetchone() is not None:
                raise RuntimeError("already decided")
            policy = self.policy(cursor, agency_id)
            calendar = self.calendar(tuple(calendar_row))
            period = timezone.localtime(now, ZoneInfo(calendar.timezone)).date().replace(day=1)
            cursor.execute(
                "SELECT revision_rounds, free_change_threshold_min, monthly_free_budget_min, "
                "hourly_rate, daily_capacity_hours FROM agreements_agreement WHERE id = %s",
                [agreement_id])
            rounds, threshold, budget, rate, capacity = cursor.fetchone()
            cursor.execute("SELECT id, title, planned_due, status FROM agreements_deliverable "
                           "WHERE agreement_id = %s ORDER BY planned_due, id", [agreement_id])
            items = tuple(rules.ScopeItem(pk, name, due if isinstance(due, date)
                                          else date.fromisoformat(due), status != "approved")
                          for pk, name, due, status in cursor.fetchall())
            cursor.execute(
                "SELECT (SELECT COUNT(*) FROM scope_decision d JOIN scope_clientrequest q "
                "ON q.id = d.request_id WHERE d.agency_id = %s AND d.client_id = %s "
                "AND q.deliverable_id = %s AND q.kind = 'revision'), "
                "(SELECT COALESCE(SUM(d.free_minutes_charged), 0) FROM scope_decision d "
                "JOIN scope_clientrequest q ON q.id = d.request_id WHERE d.agency_id = %s "
                "AND d.client_id = %s AND d.budget_period = %s AND q.agreement_id = %s), "
                "(SELECT COUNT(*) FROM scope_decision WHERE agency_id = %s AND client_id = %s "
                "AND decided_at >= %s AND outcome <> 'included')",
                [agency_id, client_id, deliverable_id, agency_id, client_id, self.day(period),
                 agreement_id, agency_id, client_id,
                 self.at(now - timedelta(days=policy.renegotiate_window_days))])
            used_rounds, free_used, recent = cursor.fetchone()
            terms = rules.AgreementTerms(
                items=items, revision_rounds=rounds, free_change_threshold_min=threshold,
                monthly_free_budget_min=budget, hourly_rate=Decimal(str(rate)),
                daily_capacity_hours=Decimal(str(capacity)), currency=currency, calendar=calendar)
            usage = rules.Usage(revision_rounds_used=used_rounds if deliverable_id else 0,
                                free_minutes_used=int(free_used), beyond_agreement_recent=recent)
            request = rules.ScopeRequest(kind=kind, estimate_min=minutes,
                                         deliverable_id=deliverable_id, title=title,
                                         language=language)
            result = rules.decide_request(request, terms, usage, policy)
            inputs = {"request": rules.as_record(request), "terms": rules.as_record(terms),
                      "usage": rules.as_record(usage), "calendar": calendar.timezone}
            shifts = [{"deliverable": s.deliverable_id, "title": s.title,
                       "before": s.before.isoformat(), "after": s.after.isoformat()}
                      for s in result.shifts]
            decision_id = self.insert(cursor, (
                "INSERT INTO scope_decision (agency_id, request_id, client_id, outcome, "
                "computed_outcome, classification, reasons, policy_version, inputs, price, "
                "currency, shift_days, shifts, free_minutes_charged, budget_period, "
                "renegotiate, reply, reply_sent_at, override_reason, decided_by_id, "
                "decided_at, answer, answered_at) VALUES (%s, %s, %s, %s, %s, %s, "
                f"{self.json}, %s, {self.json}, %s, %s, %s, {self.json}, %s, %s, %s, %s, "
                "NULL, '', %s, %s, '', NULL)"), [
                agency_id, request_id, client_id, result.outcome, result.outcome,
                result.classification, json.dumps([r.as_dict() for r in result.reasons]),
                result.policy_version, json.dumps(inputs), result.price, result.currency,
                result.shift_days, json.dumps(shifts), result.free_minutes_charged,
                self.day(period), result.renegotiate, result.reply, user_id, self.at(now)])
            self.audit(cursor, "decision", now, "+", [decision_id])
            words = self.wording(language)
            if result.outcome == rules.BONUS:
                before = (words["over_rounds"] % {"rounds": rounds}
                          if result.classification == rules.OVER_ROUNDS else words["not_agreed"])
                after = words["bonus"] % {"estimate": estimate(minutes, language)}
                self.entries(cursor, [(agency_id, agreement_id, client_id, "scope", title,
                                       before, after, "", request_id, deliverable_id, True,
                                       False)], now, user_id)
            if result.renegotiate:
                reason = self.wording(manager_language or language)["renegotiate"] % {
                    "count": recent + 1, "days": policy.renegotiate_window_days,
                    "title": title}
                cursor.execute("SELECT id, reason FROM worklist_task WHERE client_id = %s AND "
                               "kind = 'renegotiate' AND done_at IS NULL" + self.lock,
                               [client_id])
                task = cursor.fetchone()
                if task is None:
                    cursor.execute(
                        "INSERT INTO worklist_task (agency_id, client_id, kind, reason, "
                        "assignee_id, opened_at, done_at, done_by_id, note) VALUES "
                        "(%s, %s, 'renegotiate', %s, %s, %s, NULL, NULL, '')",
                        [agency_id, client_id, reason, manager_id, self.at(now)])
                elif reason not in task[1]:
                    cursor.execute("UPDATE worklist_task SET reason = %s WHERE id = %s",
                                   [f"{task[1]}\n{reason}", task[0]])
        return decision_id if result.outcome == rules.CHOICE else None

    ENTRY = ("(agency_id, agreement_id, client_id, kind, subject, before, after, "
             "agreed_by_id, agreed_by_name, agreed_at, request_id, deliverable_id, is_bonus, "
             "communicated, recorded_by_id, recorded_at)")

    def entries(self, cursor, rows: list[tuple], now, user_id, audit_user=None) -> None:
        """Register entries, each row (agency, agreement, client, kind, subject, before,
        after, agreed_by_name, request, deliverable, is_bonus, communicated), in one
        statement, and their audit-trail rows in another."""
        marks = "(%s, %s, %s, %s, %s, %s, %s, NULL, %s, %s, %s, %s, %s, %s, %s, %s)"
        params = []
        for (agency_id, agreement_id, client_id, kind, subject, before, after, agreed_by_name,
             request_id, deliverable_id, is_bonus, communicated) in rows:
            params += [agency_id, agreement_id, client_id, kind, subject, before, after,
                       agreed_by_name, self.at(now), request_id, deliverable_id, is_bonus,
                       communicated, user_id, self.at(now)]
        cursor.execute(f"INSERT INTO scope_discrepancy {self.ENTRY} VALUES "
                       + ", ".join([marks] * len(rows)) + " RETURNING id", params)
        ids = [row[0] for row in cursor.fetchall()]
        self.audit(cursor, "entry", now, "+", ids, audit_user)

    # -- the client's answer: shift
    def answer_shift(self, decision_id: int, user_id: int) -> None:
        from datetime import date
        from zoneinfo import ZoneInfo

        from django.db import connection, transaction
        from django.utils import timezone

        from retainer.rules.business_time import add_business_days, closing_time

        now = timezone.now()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT d.outcome, d.answer, d.shift_days, d.shifts, r.id, r.title, "
                "r.agreement_id, r.client_id, r.agency_id, c.language, a.timezone, "
                "a.working_windows, a.holiday_country, a.days_off, a.working_days "
                "FROM scope_decision d JOIN scope_clientrequest r ON r.id = d.request_id "
                "JOIN clients_client c ON c.id = r.client_id "
                "JOIN accounts_agency a ON a.id = r.agency_id WHERE d.id = %s"
                + (" FOR UPDATE OF d" if self.pg else ""), [decision_id])
            (outcome, answer, days, shifts, request_id, title, agreement_id, client_id,
             agency_id, language, *calendar_row) = cursor.fetchone()
            if outcome != "choice" or answer:
                raise RuntimeError("not an open choice")
            shifts = json.loads(shifts) if isinstance(shifts, str) else shifts
            moved = [item["deliverable"] for item in shifts]
            calendar = self.calendar(tuple(calendar_row))
            words = self.wording(language)
            if moved:
                notice_days = self.policy(cursor, agency_id).unannounced_shift_notice_days
                local_day = timezone.localtime(now, ZoneInfo(calendar.timezone)).date()
                notice = closing_time(calendar, add_business_days(calendar, local_day,
                                                                  notice_days)) or now
                notice = max(notice, now)
                marks = ", ".join(["%s"] * len(moved))
                cursor.execute(f"SELECT id, title, planned_due FROM agreements_deliverable "
                               f"WHERE id IN ({marks}) ORDER BY planned_due, id{self.lock}",
                               moved)
                changes = []
                for pk, name, before in cursor.fetchall():
                    before = before if isinstance(before, date) else date.fromisoformat(before)
                    changes.append((pk, name, before, add_business_days(calendar, before, days)))
                ids = [pk for pk, _n, _b, _a in changes]
                cases = " ".join(["WHEN %s THEN %s"] * len(changes))
                cursor.execute(
                    f"UPDATE agreements_deliverable SET planned_due = CASE id {cases} END "
                    f"WHERE id IN ({marks})",
                    [v for pk, _n, _b, after in changes for v in (pk, self.day(after))] + ids)
                self.audit(cursor, "deliverable", now, "~", ids, user_id)
                cursor.execute(
                    "INSERT INTO agreements_duedatechange (agency_id, deliverable_id, "
                    "client_id, before, after, changed_at, changed_by_id, notice_due_at, "
                    "agreed_by_client) VALUES "
                    + ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s, %s)"] * len(changes)),
                    [v for pk, _n, before, after in changes
                     for v in (agency_id, pk, client_id, self.day(before), self.day(after),
                               self.at(now), user_id, self.at(notice), True)])
                self.entries(cursor, [
                    (agency_id, agreement_id, client_id, "deadline", title,
                     words["due_before"] % {"deliverable": name, "day": before.isoformat()},
                     words["due_after"] % {"day": after.isoformat()}, "Bench", request_id, pk,
                     False, True) for pk, name, before, after in changes], now, user_id,
                    audit_user=user_id)
            else:
                self.entries(cursor, [(agency_id, agreement_id, client_id, "deadline", title,
                                       words["no_deadline"], words["when_free"], "Bench",
                                       request_id, None, False, True)], now, user_id,
                             audit_user=user_id)
            cursor.execute("UPDATE scope_decision SET answer = 'shift', answered_at = %s "
                           "WHERE id = %s", [self.at(now), decision_id])
            self.audit(cursor, "decision", now, "~", [decision_id])


# ---- the command ----------------------------------------------------------------------------

def run_child(database_url: str, args) -> dict:
    env = os.environ | {"DATABASE_URL": database_url, "DEBUG": "false",
                        "DJANGO_SETTINGS_MODULE": "config.settings"}
    command = [sys.executable, __file__, "--child", "--requests", str(args.requests),
               "--chunk", str(args.chunk), "--profile", str(args.profile)]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(result.stderr)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=10_000)
    parser.add_argument("--interactions", type=int, default=100_000,
                        help="the log the demo is seeded with (decisions never read it)")
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--calls", type=int, default=100_000,
                        help="decide_request calls for the rate")
    parser.add_argument("--chunk", type=int, default=10,
                        help="pairs of clients per alternation (4 requests each)")
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument("--reuse", action="store_true",
                        help="decide on the demo seeded by the last run instead of seeding again")
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="print the service path's N heaviest functions")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        print(json.dumps(measure(args.requests, args.chunk, args.profile)))
        return

    from bench.scale import seed

    backends = [("sqlite", f"sqlite:///{ROOT / 'var' / 'bench-scope.sqlite3'}")]
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
        result = run_child(url, args)
        service, floor = result["service_s"], result["floor_s"]
        print(f"{label}: {args.requests} requests through the services in {service:.1f} s "
              f"({result['service_median_ms']:.2f} ms each, median of chunks), by "
              f"hand-written SQL in {floor:.1f} s ({result['floor_median_ms']:.2f} ms each)")
        rows = result["rows"]
        for side in ("service", "floor"):
            print(f"  {side:>7} wrote {rows[side]}")
        if result.get("profile"):
            print(result["profile"])
        if rows["service"] != rows["floor"]:
            sys.exit("The two sides wrote different rows: the comparison is void.")
        prefix = "" if label == "sqlite" else f"{label}_"
        figures.append((f"{prefix}scope_service_ratio", f"{service / floor:.2f}", "<=", "3"))
    rate = decide_rate(args.calls)
    print(f"decide_request: {args.calls} calls at {rate:,.0f} per second on one core")
    figures.append(("decide_request_per_s", f"{rate:.0f}", ">=", "20000"))
    for name, value, sense, target in figures:
        print(f"figure: {name} {value} (target {sense} {target})")


if __name__ == "__main__":
    main()
