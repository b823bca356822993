"""The shape of the program, read from its imports: stages in one direction, one door into extract,
rooms that keep to what they hold."""

from __future__ import annotations

import ast

import pytest

from tests.conftest import ROOT

STAGES = ("extract", "transform", "flows", "warehouse", "outputs")
# What each package must never import. Files go extract → transform → (flows runs them) →
# warehouse → outputs; the shared basics in data/ (ogi_data) import no stage at all.
FORBIDDEN = {
    "data": STAGES,
    "extract": ("transform", "flows", "warehouse", "outputs"),
    "transform": ("flows", "warehouse", "outputs"),
    "warehouse": ("flows", "outputs", "prefect", "prefect_dask"),  # warehouse code never imports Prefect
    "outputs": ("flows", "prefect", "prefect_dask"),  # outputs never import the pipeline
}


def imports(path) -> list[tuple[str, list[str]]]:
    """(module, names imported from it) for every absolute import of a module, wherever it stands."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, [alias.name for alias in node.names]))
    return found


def imported_packages(path) -> set[str]:
    """The top-level packages a module imports (``ogi_data`` is the folder data/)."""
    return {module.split(".")[0] for module, _ in imports(path)}


def modules_of(package: str) -> list:
    return sorted((ROOT / package).glob("*.py"))


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_each_room_imports_only_what_comes_before_it(package):
    wrong = [(path.name, sorted(imported_packages(path) & set(FORBIDDEN[package])))
             for path in modules_of(package) if imported_packages(path) & set(FORBIDDEN[package])]
    assert wrong == []
    assert modules_of(package)  # the folder is really read


def test_the_graph_is_really_read():
    assert "extract" in imported_packages(ROOT / "transform" / "process.py")
    assert "warehouse" in imported_packages(ROOT / "outputs" / "export.py")
    assert "prefect" in imported_packages(ROOT / "flows" / "pipeline.py")


def test_extract_has_one_door():
    """Outside extract/, its names come from the package itself (extract/__init__.py), never from
    its modules; and the one call that reads a file is what the per-file pipeline calls."""
    import extract

    through_the_side = []
    for package in STAGES[1:]:
        for path in modules_of(package):
            for module, names in imports(path):
                if module.startswith("extract."):
                    through_the_side.append(f"{package}/{path.name}: {module}")
                elif module == "extract":
                    through_the_side += [f"{package}/{path.name}: {n}" for n in names if n not in extract.__all__]
    assert through_the_side == []
    reads = [names for module, names in imports(ROOT / "transform" / "process.py") if module == "extract"]
    assert any("read_file" in names for names in reads)


def test_stages_keep_their_own_names():
    """No two modules of the program's packages share a name (two review.py were two things)."""
    names = [path.name for package in (*STAGES, "data") for path in modules_of(package)
             if path.name != "__init__.py"]
    assert sorted(n for n in set(names) if names.count(n) > 1) == []
