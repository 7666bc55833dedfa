"""Auth and safety: Argon2, lock-out, CSP and the production settings with the headers they
send (CSRF, secret links and uploads: test_owasp.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.hashers import get_hasher

from config import settings as config_settings
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_passwords_are_hashed_with_argon2(settings):
    settings.PASSWORD_HASHERS = config_settings.PASSWORD_HASHERS  # undo the fast test hasher
    user = UserFactory()
    assert user.password.startswith("argon2$")
    assert get_hasher("default").algorithm == "argon2"


def test_login_locks_out_after_repeated_failures(team, client):
    email = team.masha.user.email
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post("/accounts/login/", {"username": email, "password": "wrong"})
        assert response.status_code == 200
    response = client.post("/accounts/login/", {"username": email, "password": "wrong"})
    assert response.status_code == 429
    # now even the right password is refused until the cool-off ends
    response = client.post("/accounts/login/", {"username": email, "password": PASSWORD})
    assert response.status_code == 429
    assert "/clients/" not in response.get("Location", "")


def test_login_with_the_right_password_works(team, client):
    response = client.post("/accounts/login/", {"username": team.masha.user.email,
                                                 "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/clients/").status_code == 200


def test_pages_carry_a_content_security_policy(team, as_user):
    response = as_user(team.masha).get("/clients/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = os.environ | {
        "RETAINER_ENV": "production",
        "SECRET_KEY": "k" * 30 + "Zq8#pL2@vN5!wR7$yT1%uI4^oP6&aS9*dF3",
        "ALLOWED_HOSTS": "retainer.example.com",
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"} | {
        "RETAINER_ENV": "production", "ALLOWED_HOSTS": "x.example.com",
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
    }
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


# Run inside a process started with production settings: builds the tables without
# migrations (seconds, not a minute), logs in over "https" as the proxy reports it, and
# prints what a browser would be told.
PRODUCTION_VISIT = """
import json
import django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import setup_test_environment

setup_test_environment()
# Production serves hashed static names from collectstatic's manifest; collecting takes most
# of a minute and is not what this test is about, so the page links the plain names.
from django.conf import settings
from django.test.utils import override_settings
override_settings(STORAGES={**settings.STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}).enable()
connection.settings_dict["TEST"]["MIGRATE"] = False
connection.creation.create_test_db(verbosity=0, serialize=False)
from tests.factories import MembershipFactory, PASSWORD

member = MembershipFactory()
http = Client()
https = {"HTTP_X_FORWARDED_PROTO": "https"}
plain = http.get("/accounts/login/")
login = http.post("/accounts/login/", {"username": member.user.email, "password": PASSWORD},
                  **https)
page = http.get("/clients/", **https)
print(json.dumps({
    "plain": [plain.status_code, plain.get("Location", "")],
    "login": login.status_code,
    "page": page.status_code,
    "headers": dict(page.headers),
    "cookies": {name: {"secure": bool(c["secure"]), "httponly": bool(c["httponly"]),
                       "samesite": c["samesite"]} for name, c in login.cookies.items()},
}))
"""


def test_production_sends_the_security_headers_over_https(tmp_path):
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "RETAINER_ENV": "production",
        "SECRET_KEY": "k" * 30 + "Zq8#pL2@vN5!wR7$yT1%uI4^oP6&aS9*dF3",
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
    }
    result = subprocess.run([sys.executable, "-c", PRODUCTION_VISIT], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    # Plain http is sent to https before anything else happens.
    assert seen["plain"] == [301, "https://testserver/accounts/login/"]
    assert (seen["login"], seen["page"]) == (302, 200)
    headers = {name.lower(): value for name, value in seen["headers"].items()}
    hsts = dict(part.strip().partition("=")[::2]
                for part in headers["strict-transport-security"].split(";"))
    assert int(hsts["max-age"]) >= 365 * 24 * 3600
    assert "includeSubDomains" in hsts
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert "default-src 'self'" in headers["content-security-policy"]
    assert headers["referrer-policy"] == "same-origin"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    session = seen["cookies"]["sessionid"]
    assert session == {"secure": True, "httponly": True, "samesite": "Lax"}
    assert seen["cookies"]["csrftoken"]["secure"]
