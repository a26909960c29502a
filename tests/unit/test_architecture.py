"""Rules of the codebase that a reviewer would otherwise have to remember (see DEVELOPING.md)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "lodestar"

# Querysets a view or endpoint may start from: each one restricts rows to the user's reach.
SCOPED = {"in_reach", "visible_to", "facilitated_by"}
# Reference data that belongs to no organisation (the five Star points).
UNSCOPED_REFERENCE_MODELS = {"StarPoint"}


def _view_modules() -> list[Path]:
    files = list(PACKAGE.glob("*/views.py")) + list(PACKAGE.glob("*/views/*.py"))
    files += list((PACKAGE / "api" / "routers").glob("*.py"))
    return sorted(f for f in files if f.name != "__init__.py")


def _bare_manager_uses(source: str) -> list[tuple[int, str]]:
    """(line, "Model.objects.method") for each manager call that is not a scoped entry point."""
    return [
        (node.lineno, f"{node.value.value.id}.objects.{node.attr}")
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Attribute)
        and node.value.attr == "objects"
        and isinstance(node.value.value, ast.Name)
        and node.attr not in SCOPED
        and node.value.value.id not in UNSCOPED_REFERENCE_MODELS
    ]


@pytest.mark.parametrize("path", _view_modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_views_and_endpoints_read_only_through_scoped_querysets(path):
    assert _bare_manager_uses(path.read_text()) == []


def test_the_scoping_check_catches_a_bare_manager():
    assert _bare_manager_uses("def v(request):\n    return Workshop.objects.all()\n") == [(2, "Workshop.objects.all")]
    assert _bare_manager_uses("def v(request):\n    return Workshop.objects.visible_to(request.user)\n") == []


def test_views_never_save_models_directly():
    """Writes go through <app>/actions.py so that each one records an audit event."""
    offenders = []
    for path in _view_modules():
        for lineno, line in enumerate(path.read_text().splitlines(), 1):
            if re.search(r"\.(save|delete)\(\s*\)|\.objects\.create\(|bulk_create\(", line):
                offenders.append(f"{path.relative_to(ROOT)}:{lineno}: {line.strip()}")
    assert offenders == []


def test_engine_does_not_import_django():
    offenders = [
        str(p.relative_to(ROOT))
        for p in (PACKAGE / "engine").rglob("*.py")
        if re.search(r"^\s*(import django|from django)", p.read_text(), re.MULTILINE)
    ]
    assert offenders == []
