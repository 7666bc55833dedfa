from datetime import date

from retainer.rules.deliverables import is_late

DUE = date(2026, 11, 20)


def test_done_on_or_before_the_due_date_is_on_time_whenever_asked():
    assert not is_late(DUE, date(2026, 11, 20), today=date(2027, 1, 1))
    assert not is_late(DUE, date(2026, 11, 19), today=date(2027, 1, 1))


def test_done_after_the_due_date_is_late():
    assert is_late(DUE, date(2026, 11, 21), today=date(2026, 11, 21))


def test_not_done_is_late_only_once_the_due_date_has_passed():
    assert not is_late(DUE, None, today=DUE)
    assert is_late(DUE, None, today=date(2026, 11, 21))
