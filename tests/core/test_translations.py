"""The ru and uk catalogues cover every string of the interface, and the compiled catalogues
in the repository match their sources (make demo needs no gettext)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ["ru", "uk"]


@pytest.fixture(scope="module")
def gettext():
    if shutil.which("msgfmt") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("GNU gettext is not installed (apt-get install gettext)")
        pytest.skip("GNU gettext is not installed")


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_its_source(gettext, language, tmp_path):
    po = ROOT / "locale" / language / "LC_MESSAGES" / "django.po"
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", compiled, po], check=True)
    committed = po.with_suffix(".mo")
    assert committed.read_bytes() == compiled.read_bytes(), "run `make messages` and commit"


def test_every_interface_string_is_translated(gettext, tmp_path):
    """Extract the strings afresh from a copy of the code and look for any without a
    translation, so a new label fails here rather than showing in English to a user."""
    for part in ["manage.py", "config", "retainer", "templates", "locale"]:
        source = ROOT / part
        target = tmp_path / part
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, target)
    env = os.environ | {"DATABASE_URL": "sqlite:///:memory:"}
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--no-obsolete", "-v0"]
        + [f"--locale={code}" for code in LANGUAGES],
        cwd=tmp_path, env=env, check=True,
    )
    for language in LANGUAGES:
        po = tmp_path / "locale" / language / "LC_MESSAGES" / "django.po"
        missing = subprocess.run(["msgattrib", "--untranslated", "--no-obsolete", po],
                                 capture_output=True, text=True, check=True).stdout
        fuzzy = subprocess.run(["msgattrib", "--only-fuzzy", "--no-obsolete", po],
                               capture_output=True, text=True, check=True).stdout
        assert "msgid" not in missing, f"{language}: untranslated\n{missing}"
        assert "msgid" not in fuzzy, f"{language}: fuzzy\n{fuzzy}"
