"""The rules core is plain Python: no Django, no web framework, no app imports."""

import ast
from pathlib import Path

RULES = Path(__file__).resolve().parents[2] / "retainer" / "rules"
FORBIDDEN = ("django", "ninja", "retainer.")
ALLOWED_INSIDE = "retainer.rules"


def imported_modules(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


def test_rules_import_neither_django_nor_the_apps():
    offenders = [
        f"{path.name}: {module}"
        for path in RULES.rglob("*.py")
        for module in imported_modules(path)
        if module.startswith(FORBIDDEN) and not module.startswith(ALLOWED_INSIDE)
    ]
    assert offenders == []


def test_the_check_itself_catches_a_django_import(tmp_path):
    sample = tmp_path / "bad.py"
    sample.write_text("from django.db import models\nimport retainer.clients.models\n")
    assert list(imported_modules(sample)) == ["django.db", "retainer.clients.models"]
