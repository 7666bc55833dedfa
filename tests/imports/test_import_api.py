"""POST /api/imports imports at once; GET lists and shows imports of the caller's agency."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from retainer.accounts.services import token_issue
from retainer.conversations.models import Interaction
from retainer.imports.models import ImportRun
from tests.imports.conftest import data

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client, team):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_issue(membership=team.masha)}",
               "HTTP_ACCEPT_LANGUAGE": "en"}

    def call(method: str, url: str, body: dict | None = None):
        if method == "GET":
            return client.get(url, **headers)
        return client.post(url, body or {}, **headers)

    return call


def upload(name: str) -> SimpleUploadedFile:
    with open(data(name), "rb") as handle:
        return SimpleUploadedFile(name, handle.read())


def test_create_list_and_get(team, romashka, anna, api):
    response = api("POST", "/api/imports", {
        "file": upload("telegram_new.json"), "client": romashka.pk, "source": "telegram",
        "mapping": json.dumps({"user333": f"member:{team.petro.user.pk}"}),
    })
    assert response.status_code == 201, response.content
    created = response.json()
    assert (created["status"], created["added"], created["events"], created["duplicates"]) == (
        "done", 13, 4, 0)
    assert created["file_name"] == "telegram_new.json" and created["error"] == ""
    assert created["created_by_id"] == team.masha.user.pk
    assert created["unmatched_senders"] == []  # Анна by her name, Masha by hers, Пётр mapped
    assert Interaction.objects.get(external_id="1777000001:13").author == team.petro.user

    again = api("POST", "/api/imports", {"file": upload("telegram_new.json"),
                                         "client": romashka.pk, "source": "telegram"}).json()
    assert (again["added"], again["duplicates"]) == (0, 13)

    listed = api("GET", f"/api/imports?client={romashka.pk}").json()
    assert listed["count"] == 2 and [i["id"] for i in listed["items"]] == [again["id"],
                                                                           created["id"]]
    assert api("GET", f"/api/imports/{created['id']}").json()["added"] == 13


def test_a_bad_file_is_a_422_naming_file_and_place(romashka, api):
    response = api("POST", "/api/imports", {"file": upload("truncated.json"),
                                            "client": romashka.pk, "source": "telegram"})
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"][-1] == "file"
    assert error["msg"].startswith("truncated.json, message 9, near byte ")
    assert not Interaction.objects.exists()
    failed = ImportRun.objects.get()
    assert failed.status == "failed"


@pytest.mark.parametrize(("body", "field"), [
    ({"source": "fax"}, "source"),
    ({"mapping": "{not json"}, "mapping"),
    ({"mapping": json.dumps({"user1": "member:999999"})}, "mapping"),
])
def test_bad_fields(romashka, api, body, field):
    response = api("POST", "/api/imports", {"file": upload("log.csv"), "client": romashka.pk,
                                            "source": "csv"} | body)
    assert response.status_code == 422
    assert field in json.dumps(response.json()["detail"])
    assert not ImportRun.objects.exists()


def test_another_agency_gets_404_and_sees_nothing(team, rival, romashka, client):
    run = ImportRun.objects.create(agency=team.agency, client=romashka, source="csv",
                                   file_name="secret.csv", status="done")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token_issue(membership=rival.olena)}"}
    assert client.get(f"/api/imports/{run.pk}", **headers).status_code == 404
    assert client.get(f"/api/imports?client={romashka.pk}", **headers).json() == {
        "items": [], "count": 0}
    response = client.post("/api/imports", {"file": upload("log.csv"), "client": romashka.pk,
                                            "source": "csv"}, **headers)
    assert response.status_code == 404
    assert ImportRun.objects.count() == 1 and not Interaction.objects.exists()
