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


def test_ingest_does_not_import_django():
    """The ingestors are pure Polars (ADR 0025): a file is checked without the web framework."""
    offenders = [
        str(p.relative_to(ROOT))
        for p in (PACKAGE / "ingest").rglob("*.py")
        if re.search(r"^\s*(import django|from django)", p.read_text(), re.MULTILINE)
    ]
    assert offenders == []


def test_importing_every_ingest_module_loads_no_django():
    """Not even indirectly (through a lodestar module that imports Django): a fresh interpreter."""
    import subprocess
    import sys

    script = (
        "import importlib, pkgutil, sys, lodestar.ingest\n"
        "for m in pkgutil.walk_packages(lodestar.ingest.__path__, 'lodestar.ingest.'):\n"
        "    importlib.import_module(m.name)\n"
        "print(sorted({k.split('.')[0] for k in sys.modules if k.split('.')[0] == 'django'}))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout.strip() == "[]"


# ------------------------------------------------------------------ shape of the code
# Limits a reviewer can check at a glance (DEVELOPING.md, "Size"). An exception is listed here
# by name with the ADR that says why; an empty list is the goal.
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 80
LONG_FUNCTIONS_ALLOWED: dict[str, str] = {}
LONG_MODULES_ALLOWED: dict[str, str] = {}


def _source_modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _imported_modules(path: Path, known: set[str], name: str | None = None) -> set[str]:
    """Modules of lodestar/ that ``path`` imports, at the top or inside a function.

    ``if TYPE_CHECKING:`` blocks are left out: they never run.
    """
    tree = ast.parse(path.read_text())
    skipped = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(n) for child in node.body for n in ast.walk(child))
    name = name or _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else [])
                )
            submodules = [f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in known]
            names = submodules or [base]
        else:
            continue
        for imported in names:
            # "from lodestar.plans import actions" imports lodestar.plans.actions; else the module itself.
            while imported and imported not in known:
                imported = imported.rpartition(".")[0]
            if imported and imported != name:
                found.add(imported)
    return found


def _import_cycles() -> list[list[str]]:
    modules = {_module_name(p): p for p in _source_modules()}
    known = set(modules)
    graph = {name: _imported_modules(path, known) for name, path in modules.items()}
    # A package's __init__ importing its own modules is how packages work, not a cycle.
    graph = {
        m: {d for d in deps if not m.startswith(d + ".") and not d.startswith(m + ".")} for m, deps in graph.items()
    }
    index, low, stack, on_stack, cycles = {}, {}, [], set(), []

    def visit(node):  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for dep in graph.get(node, ()):
            if dep not in index:
                visit(dep)
                low[node] = min(low[node], low[dep])
            elif dep in on_stack:
                low[node] = min(low[node], index[dep])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for name in sorted(graph):
        if name not in index:
            visit(name)
    return cycles


def test_no_import_cycles_between_modules():
    assert _import_cycles() == []


def test_no_module_is_too_long():
    long = {
        str(p.relative_to(ROOT)): n
        for p in _source_modules()
        if (n := len(p.read_text().splitlines())) > MAX_MODULE_LINES
        and str(p.relative_to(ROOT)) not in LONG_MODULES_ALLOWED
    }
    assert long == {}


def _long_functions() -> dict[str, int]:
    found = {}
    for path in _source_modules():
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                name = f"{_module_name(path)}.{node.name}"
                if length > MAX_FUNCTION_LINES and name not in LONG_FUNCTIONS_ALLOWED:
                    found[name] = length
    return found


def test_no_function_is_too_long():
    assert _long_functions() == {}


def test_the_cycle_check_sees_an_import_inside_a_function(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from lodestar.orgs import models\n")
    found = _imported_modules(module, {"lodestar.orgs", "lodestar.orgs.models"}, name="lodestar.m")
    assert found == {"lodestar.orgs.models"}
