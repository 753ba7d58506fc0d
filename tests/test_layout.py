"""The layout holds: imports point one way between apps, and no app module grows past 400 lines."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# What each app may import of the project's apps (DESIGN.md §2): portal is the shared machinery
# and imports no domain app; plans is the base; pledges builds on it; budgets and kpis attach
# to both and never to each other; citygen and config sit on top and may use everything.
ALLOWED = {
    "portal": set(),
    "plans": {"portal"},
    "pledges": {"portal", "plans"},
    "budgets": {"portal", "plans", "pledges"},
    "kpis": {"portal", "plans", "pledges"},
}
PROJECT_APPS = {*ALLOWED, "citygen", "config"}
MAX_LINES = 400


def app_modules(app):
    """Every Python file of an app, migrations included."""
    return sorted((ROOT / app).rglob("*.py"))


def imported_apps(path):
    """(line, app) for every import of a project app in `path`, at any depth of the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in PROJECT_APPS:
                yield node.lineno, top


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_imports_point_one_way(app):
    wrong = [
        f"{path.relative_to(ROOT)}:{line} imports {target}"
        for path in app_modules(app)
        for line, target in imported_apps(path)
        if target != app and target not in ALLOWED[app]
    ]
    assert not wrong, "imports against the direction of DESIGN.md §2:\n" + "\n".join(wrong)


def test_the_direction_check_sees_function_level_imports(tmp_path):
    module = tmp_path / "sample.py"
    module.write_text("def f():\n    from kpis.models import Indicator\n    import budgets.money\n")
    assert list(imported_apps(module)) == [(2, "kpis"), (3, "budgets")]


@pytest.mark.parametrize("app", sorted(PROJECT_APPS))
def test_no_app_module_is_over_400_lines(app):
    long = [
        f"{path.relative_to(ROOT)}: {count} lines"
        for path in app_modules(app)
        if "migrations" not in path.parts and (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    ]
    assert not long, "split these modules by job (STYLE.md):\n" + "\n".join(long)
