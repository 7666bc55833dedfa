"""The words of the health and keep-in-touch notices, written when read, in the reader's
language, from the parameters the health and lifecycle checks pass."""

from __future__ import annotations

import pytest
from django.utils import translation

from retainer.notifications.models import Notification, NotificationKind
from retainer.notifications.texts import describe


def text(kind: str, params: dict) -> tuple[str, str]:
    with translation.override("en"):
        return describe(Notification(kind=kind, params=params))


def test_a_health_drop_names_the_score_the_previous_one_and_the_weakest_part():
    title, body = text(NotificationKind.HEALTH_RED, {
        "client": "Альфа", "score": 34, "was": 62, "weakest": "expectations"})
    assert title == "Health is red: Альфа"
    assert body == ("The health of Альфа fell from 62 to 34 of 100. The weakest part: "
                    "expectation management.")


@pytest.mark.parametrize("was", ["", None])
def test_a_first_score_in_red_has_no_previous_one(was):
    params = {"client": "Бета", "score": 12, "weakest": "balance"}
    if was is not None:
        params["was"] = was
    _title, body = text(NotificationKind.HEALTH_RED, params)
    assert body == "The health of Бета is 12 of 100. The weakest part: time/effort balance."


def test_a_previous_score_of_zero_is_still_a_previous_score():
    _title, body = text(NotificationKind.HEALTH_RED, {"client": "Гамма", "score": 5, "was": 0,
                                                      "weakest": ""})
    assert body == "The health of Гамма fell from 0 to 5 of 100."


def test_keep_in_touch_gives_the_last_contact_and_the_day_to_get_in_touch_by():
    title, body = text(NotificationKind.KEEP_IN_TOUCH, {
        "client": "Дельта", "last_contact": "2026-10-20", "due": "2026-11-19"})
    assert title == "Time to get in touch: Дельта"
    assert body == ("The last contact with Дельта was on 2026-10-20. Stay in the client's "
                    "view: get in touch by 2026-11-19.")


def test_keep_in_touch_without_a_recorded_contact():
    _title, body = text(NotificationKind.KEEP_IN_TOUCH, {
        "client": "Дельта", "last_contact": "", "due": "2026-11-19"})
    assert body.startswith("No contact with Дельта is recorded since the project.")
    assert body.endswith("get in touch by 2026-11-19.")


def test_dates_read_in_the_readers_language():
    with translation.override("ru"):
        _title, body = describe(Notification(kind=NotificationKind.KEEP_IN_TOUCH, params={
            "client": "Дельта", "last_contact": "2026-10-20", "due": "2026-11-19"}))
    assert "20.10.2026" in body and "19.11.2026" in body
