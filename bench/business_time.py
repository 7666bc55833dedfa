"""Business-time arithmetic against businesstimedelta, the peer we chose not to use.

Draws seeded random cases over four agency calendars (Moscow, Berlin, New York and Tokyo,
each Monday to Friday with a lunch break and its country's holidays, two of them crossing
daylight-saving changes) and runs every case through `add_business_time` and
`business_time_between` and through businesstimedelta's `Rules` of `WorkDayRule`,
`LunchTimeRule` and `HolidayRule`. Both are timed in the same run, batch by batch, taking
turns at going first so that any drift of the machine falls on both. Starts are given in
UTC, which both read alike, and every answer is compared as an instant; the only difference allowed is a case that spans a Saturday the country moved
into the working week (Russia, 27 April 2024 and three more), which businesstimedelta cannot
express. Any other disagreement stops the run with a non-zero exit.

    .venv/bin/python bench/business_time.py                 # 100,000 cases, about ten minutes,
                                                            # nearly all of it businesstimedelta
    .venv/bin/python bench/business_time.py --cases 5000    # a quick run
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from zoneinfo import ZoneInfo

import holidays
import pytz
from businesstimedelta import BusinessTimeDelta, HolidayRule, LunchTimeRule, Rules, WorkDayRule

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from retainer.rules.business_time import (  # noqa: E402
    BusinessCalendar,
    add_business_time,
    business_time_between,
)

BATCH = 500
FIRST_DAY = datetime(2024, 1, 1, tzinfo=UTC)
LAST_DAY = datetime(2027, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Agency:
    """One calendar in both libraries' terms: a working day with one lunch break."""

    zone: str
    country: str
    opens: clock
    lunch: clock
    back: clock
    closes: clock

    def ours(self) -> BusinessCalendar:
        windows = [(self.opens, self.lunch), (self.back, self.closes)]
        return BusinessCalendar(self.zone, dict.fromkeys(range(5), windows), self.country)

    def theirs(self) -> Rules:
        zone = pytz.timezone(self.zone)
        return Rules([
            WorkDayRule(self.opens, self.closes, [0, 1, 2, 3, 4], tz=zone),
            LunchTimeRule(self.lunch, self.back, [0, 1, 2, 3, 4], tz=zone),
            HolidayRule(holidays.country_holidays(self.country), tz=zone),
        ])

    def worked_weekend_days(self) -> frozenset[date]:
        # Answers run up to a few weeks past the last start.
        years = range(FIRST_DAY.year, LAST_DAY.year + 1)
        return frozenset(holidays.country_holidays(self.country, years=years).weekend_workdays)


AGENCIES = [
    Agency("Europe/Moscow", "RU", clock(9), clock(13), clock(14), clock(18)),
    Agency("Europe/Berlin", "DE", clock(8, 30), clock(12, 30), clock(13, 15), clock(17)),
    Agency("America/New_York", "US", clock(9), clock(12), clock(13), clock(17, 30)),
    Agency("Asia/Tokyo", "JP", clock(9, 30), clock(12), clock(13), clock(18, 30)),
]


@dataclass(frozen=True)
class Case:
    agency: int
    start: datetime
    duration: timedelta  # working time to add
    end: datetime  # the other end for measuring


def draw_cases(count: int, seed: int) -> list[Case]:
    rng = random.Random(seed)
    cases = []
    for _ in range(count):
        start = FIRST_DAY + timedelta(seconds=rng.randrange(int((LAST_DAY - FIRST_DAY).total_seconds())))
        cases.append(Case(
            agency=rng.randrange(len(AGENCIES)),
            start=start,
            # Response targets run from minutes to a working week; one in twenty is zero.
            duration=timedelta(seconds=0 if rng.random() < 0.05 else rng.randrange(40 * 3600)),
            end=start + timedelta(seconds=rng.randrange(7 * 86400)),
        ))
    return cases


def spans_worked_weekend(agency: Agency, worked: frozenset[date], *moments: datetime) -> bool:
    zone = ZoneInfo(agency.zone)
    first, last = (moment.astimezone(zone).date() for moment in (min(moments), max(moments)))
    return any(first <= day <= last for day in worked)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000, help="random cases to run")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    cases = draw_cases(args.cases, args.seed)
    ours = [agency.ours() for agency in AGENCIES]
    theirs = [agency.theirs() for agency in AGENCIES]
    seconds = {"ours_add": 0.0, "theirs_add": 0.0, "ours_between": 0.0, "theirs_between": 0.0}
    answers: dict[str, list] = {name: [] for name in seconds}

    def run_ours(batch: list[Case]) -> None:
        started = time.perf_counter()
        answers["ours_add"].extend(
            add_business_time(ours[case.agency], case.start, case.duration) for case in batch)
        seconds["ours_add"] += time.perf_counter() - started
        started = time.perf_counter()
        answers["ours_between"].extend(
            business_time_between(ours[case.agency], case.start, case.end) for case in batch)
        seconds["ours_between"] += time.perf_counter() - started

    def run_theirs(batch: list[Case]) -> None:
        started = time.perf_counter()
        answers["theirs_add"].extend(
            case.start + BusinessTimeDelta(theirs[case.agency], timedelta=case.duration)
            for case in batch)
        seconds["theirs_add"] += time.perf_counter() - started
        started = time.perf_counter()
        answers["theirs_between"].extend(
            theirs[case.agency].difference(case.start, case.end).timedelta for case in batch)
        seconds["theirs_between"] += time.perf_counter() - started

    for number, first in enumerate(range(0, len(cases), BATCH)):
        batch = cases[first:first + BATCH]
        for run in (run_ours, run_theirs) if number % 2 == 0 else (run_theirs, run_ours):
            run(batch)

    worked = [agency.worked_weekend_days() for agency in AGENCIES]
    compared = agreeing = 0
    disagreements = []
    for index, case in enumerate(cases):
        agency = AGENCIES[case.agency]
        pairs = [("add", answers["ours_add"][index], answers["theirs_add"][index],
                  (case.start, answers["ours_add"][index], answers["theirs_add"][index])),
                 ("between", answers["ours_between"][index], answers["theirs_between"][index],
                  (case.start, case.end))]
        for operation, mine, peer, moments in pairs:
            if spans_worked_weekend(agency, worked[case.agency], *moments):
                continue
            compared += 1
            if mine == peer:
                agreeing += 1
            else:
                disagreements.append(f"{operation} {agency.zone} {case}: {mine} vs {peer}")
    print(f"{len(cases)} cases, {compared} answers compared, {agreeing} agree "
          f"({2 * len(cases) - compared} span a working Saturday businesstimedelta cannot express)")
    if disagreements:
        print("\n".join(disagreements[:20]), file=sys.stderr)
        sys.exit(f"{len(disagreements)} answers disagree with businesstimedelta")
    for operation in ("add", "between"):
        mine, peer = seconds[f"ours_{operation}"], seconds[f"theirs_{operation}"]
        print(f"{operation}: ours {mine * 1e6 / len(cases):.1f} µs, "
              f"businesstimedelta {peer * 1e6 / len(cases):.1f} µs per case")
    for operation in ("add", "between"):
        ratio = seconds[f"ours_{operation}"] / seconds[f"theirs_{operation}"]
        print(f"figure: business_time_{operation}_ratio {ratio:.3f} (target <= 0.5)")


if __name__ == "__main__":
    main()
