from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

SETTINGS = {
    "name": "Северный ветер", "legal_name": "ООО «Северный ветер»", "letterhead": "Москва",
    "signatory_name": "Олена Коваль", "signatory_title": "Директор",
    "timezone": "Europe/Kyiv", "holiday_country": "ua", "currency": "UAH",
    "windows_0": "09:00-13:00, 14:00-18:00", "windows_1": "10:00-19:00",
    "windows_2": "", "windows_3": "09:00-18:00", "windows_4": "09:00-16:00",
    "windows_5": "", "windows_6": "",
}


def test_the_owner_sets_the_calendar(team, as_user):
    response = as_user(team.olena).post("/agency/settings/", SETTINGS)
    assert response.status_code == 302
    team.agency.refresh_from_db()
    assert team.agency.timezone == "Europe/Kyiv" and team.agency.holiday_country == "UA"
    assert team.agency.working_windows["0"] == [["09:00", "13:00"], ["14:00", "18:00"]]
    assert "2" not in team.agency.working_windows  # Wednesday off


@pytest.mark.parametrize(("field", "value"), [
    ("windows_0", "13:00-09:00"),
    ("windows_0", "09:00-13:00, 12:00-15:00"),
    ("windows_1", "nine to five"),
    ("timezone", "Mars/Olympus"),
])
def test_a_bad_calendar_is_refused_and_nothing_changes(team, as_user, field, value):
    response = as_user(team.olena).post("/agency/settings/", SETTINGS | {field: value})
    assert response.status_code == 200
    assert response.context["form"].errors
    team.agency.refresh_from_db()
    assert team.agency.timezone == "Europe/Moscow"
