"""Auth and safety: Argon2, lock-out, CSRF, CSP and the production settings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.hashers import get_hasher
from django.test import Client as HttpClient

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


def test_forms_and_api_writes_need_csrf(team, world):
    http = HttpClient(enforce_csrf_checks=True)
    http.force_login(team.masha.user)
    assert http.post("/clients/new/", {"name": "x"}).status_code == 403
    response = http.post("/api/clients", data={"name": "x", "language": "ru"},
                         content_type="application/json")
    assert response.status_code in (401, 403)


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
