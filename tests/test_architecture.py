"""Arrows go one way: extract knows nothing of transform or flows, transform nothing of flows."""

from __future__ import annotations

import ast

from tests.conftest import ROOT

FORBIDDEN = {"extract": ("transform", "flows"), "transform": ("flows",)}


def imported_packages(path) -> set[str]:
    """The top-level packages a module imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_stages_import_only_the_stages_before_them():
    wrong = [(f"{stage}/{path.name}", sorted(imported_packages(path) & set(forbidden)))
             for stage, forbidden in FORBIDDEN.items() for path in sorted((ROOT / stage).glob("*.py"))
             if imported_packages(path) & set(forbidden)]
    assert wrong == []
    assert "extract" in imported_packages(ROOT / "transform" / "process.py")  # the graph is really read
