"""Layers, read from the source: the graph layer never imports the application (``tracker``) or the
dashboard, and graph modules import each other without a circle.

Only module-level imports count for the circle: a function-local import is how the backend registry
(:mod:`graph.backends`) and a few late hooks load a module when first used, which cannot loop at import
time. Imports from graph into tracker/dashboard are refused at any level.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GRAPH = ROOT / "graph"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path, *, module_level_only: bool) -> set[str]:
    """Absolute names of the modules ``path`` imports (``from a.b import c`` counts ``a.b`` and ``a.b.c``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    nodes = tree.body if module_level_only else list(ast.walk(tree))
    if module_level_only:  # imports under module-level if/try blocks (TYPE_CHECKING excluded) still run
        nodes = [n for top in tree.body if not _type_checking(top) for n in ast.walk(top)
                 if not isinstance(top, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)]
    found: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
    return found


def _type_checking(node: ast.stmt) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def graph_modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(GRAPH.rglob("*.py"))}


def test_graph_never_imports_tracker_or_dashboard() -> None:
    offenders = sorted(f"{name} imports {imp}" for name, path in graph_modules().items()
                       for imp in imports(path, module_level_only=False)
                       if imp.split(".")[0] in ("tracker", "dashboard"))
    assert offenders == []


def test_graph_modules_import_without_a_circle() -> None:
    modules = graph_modules()
    edges = {name: sorted(i for i in imports(path, module_level_only=True) if i in modules and i != name)
             for name, path in modules.items()}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(name: str) -> list[str] | None:
        state[name] = 1
        stack.append(name)
        for dep in edges[name]:
            if state.get(dep) == 1:
                return stack[stack.index(dep):] + [dep]
            if dep not in state and (cycle := visit(dep)):
                return cycle
        stack.pop()
        state[name] = 2
        return None

    for name in modules:
        if name not in state and (cycle := visit(name)):
            raise AssertionError("import circle: " + " -> ".join(cycle))


def test_the_store_interface_does_not_import_a_backend() -> None:
    """Backends import graph.store; graph.store reaches them only through the registry."""
    imported = imports(GRAPH / "store.py", module_level_only=True)
    assert not imported & {"graph.embedded", "graph.neo4j_store", "graph.backends"}
    from graph.backends import BACKENDS

    assert set(BACKENDS) == {"embedded", "neo4j"}


def test_the_checker_sees_a_planted_import(tmp_path: Path) -> None:
    """The reader is not vacuous: a graph-style module importing tracker inside a function is found."""
    planted = tmp_path / "planted.py"
    planted.write_text("import os\n\ndef f():\n    from tracker.config import load_settings\n", encoding="utf-8")
    assert "tracker.config" in imports(planted, module_level_only=False)
    assert "tracker.config" not in imports(planted, module_level_only=True)
