"""What running on many machines needs from the settings: static files from the app server,
a cache the web processes share, SMTP configured by the environment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {"RETAINER_ENV": "production", "SECRET_KEY": "k" * 30 + "Zq8#pL2@vN5!wR7$yT1%uI4",
              "ALLOWED_HOSTS": "retainer.example.com"}


def _settings(tmp_path, **env) -> subprocess.CompletedProcess:
    code = ("from django.conf import settings as s; print(s.CACHES['default']['BACKEND'], "
            "s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS, "
            "s.STORAGES['staticfiles']['BACKEND'])")
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"], cwd=ROOT,
        env=os.environ | {"DJANGO_SETTINGS_MODULE": "config.settings",
                          "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"} | env,
        capture_output=True, text=True)


@pytest.mark.django_db
def test_static_files_are_served_by_the_app_without_a_login(client):
    response = client.get("/static/retainer/retainer.css")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).strip()


def test_production_shares_a_cache_and_sends_by_smtp_as_configured(tmp_path):
    result = _settings(tmp_path, **PRODUCTION, RETAINER_CACHE="database",
                       EMAIL_HOST="smtp.example.com", EMAIL_PORT="587", EMAIL_USE_TLS="true")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.core.cache.backends.db.DatabaseCache", "smtp.example.com", "587", "True",
        "whitenoise.storage.CompressedManifestStaticFilesStorage"]


def test_a_mistyped_cache_setting_names_itself(tmp_path):
    result = _settings(tmp_path, RETAINER_CACHE="redis")
    assert result.returncode != 0 and "RETAINER_CACHE" in result.stderr
