"""How the web apps are laid out: one template convention, dependencies one way.

Each app keeps its templates in ``<app>/templates/<app>/``; ``web/templates`` holds
only what every app shares (``base.html``, the form snippets) and the benchmark's
page. The activities app depends on the runners app (an activity belongs to a
runner), so the runners app must not import the activities app back.
"""

from __future__ import annotations

import ast
from pathlib import Path

from django.apps import apps

import runback.web

WEB = Path(runback.web.__file__).parent


def _our_apps() -> list[tuple[str, Path]]:
    return [
        (config.label, Path(config.path))
        for config in apps.get_app_configs()
        if config.name.startswith("runback.web.")
    ]


def test_every_app_keeps_its_templates_in_its_own_folder() -> None:
    labels = {label for label, _ in _our_apps()}
    shared = WEB / "templates"
    assert not {p.name for p in shared.iterdir() if p.is_dir()} & labels
    for label, path in _our_apps():
        folder = path / "templates"
        if folder.exists():
            assert [p.name for p in folder.iterdir()] == [label], folder


def _imports(package: Path) -> set[str]:
    """Modules imported at run time (``if TYPE_CHECKING:`` blocks make no cycle)."""
    found: set[str] = set()
    for source in package.rglob("*.py"):
        tree = ast.parse(source.read_text())
        for block in ast.walk(tree):
            if isinstance(block, ast.If) and ast.unparse(block.test) == "TYPE_CHECKING":
                block.body = []
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                found.add(node.module)
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
    return found


def test_the_runners_app_does_not_import_the_activities_app() -> None:
    runners = dict(_our_apps())["runners"]
    assert "runback.web.runners.models" in _imports(runners)  # the scan sees imports
    assert not {m for m in _imports(runners) if m.startswith("runback.web.activities")}
