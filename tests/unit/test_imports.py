"""The package's import graph, read from the source: no circle, no private name taken from another
module, no MkDocs outside the one adapter, and each subpackage imports only what its map allows."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "hooks" / "digest"
MKDOCS_ALLOWED = {"digest.commands.project"}


def _module_name(path: Path, package: Path) -> str:
    parts = path.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules(package: Path = PACKAGE) -> dict[str, ast.Module]:
    return {_module_name(path, package): ast.parse(path.read_text(encoding="utf-8")) for path in sorted(package.rglob("*.py"))}


def _imports(tree: ast.Module, known: set[str]) -> list[tuple[str, str | None, int]]:
    """(module imported, name taken from it or None, line), for every import of the package, lazy ones too."""
    found: list[tuple[str, str | None, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, None, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                found.append((submodule, None, node.lineno) if submodule in known else (node.module, alias.name, node.lineno))
    return found


def _graph(package: Path) -> dict[str, set[str]]:
    modules = _modules(package)
    known = set(modules)
    graph: dict[str, set[str]] = {}
    for name, tree in modules.items():
        graph[name] = {target for target, _, _ in _imports(tree, known) if target in known and target != name}
    return graph


def _circles(package: Path) -> list[str]:
    graph = _graph(package)
    # A package's __init__ re-exporting its own modules is not a circle of the design: leave parent edges out.
    edges = {name: {t for t in targets if not name.startswith(t + ".") and not t.startswith(name + ".")}
             for name, targets in graph.items()}
    state: dict[str, int] = {}
    circles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for target in sorted(edges.get(node, ())):
            if state.get(target) == 1:
                circles.append([*path[path.index(target):], target] if target in path else [node, target])
            elif target not in state:
                visit(target, [*path, target])
        state[node] = 2

    for name in sorted(edges):
        if name not in state:
            visit(name, [name])
    return [" -> ".join(circle) for circle in circles]


def test_the_import_graph_has_no_circle() -> None:
    assert _circles(PACKAGE) == []


def test_no_module_takes_a_private_name_from_another() -> None:
    modules = _modules()
    known = set(modules)
    found = [f"{name}:{line}: {target}.{taken}" for name, tree in modules.items()
             for target, taken, line in _imports(tree, known)
             if taken and taken.startswith("_") and not taken.startswith("__") and target != name]
    assert found == []


def test_only_the_adapter_imports_mkdocs() -> None:
    found = [f"{name}:{line}" for name, tree in _modules().items() if name not in MKDOCS_ALLOWED
             for target, _, line in _imports(tree, set()) if target == "mkdocs" or target.startswith("mkdocs.")]
    assert found == []


def test_a_hand_made_circle_is_found(tmp_path: Path) -> None:
    """The circle test can fail: two modules that import each other are reported."""
    fake = tmp_path / "digest"
    fake.mkdir()
    (fake / "__init__.py").write_text("")
    (fake / "a.py").write_text("from digest import b\n")
    (fake / "b.py").write_text("def f():\n    from digest.a import x\n")
    assert _circles(fake) == ["digest.a -> digest.b -> digest.a"]


STAGES = ["markdown", "library", "references", "search", "site", "publish", "build", "commands"]
"""The package's map (``digest/__init__.py``): a stage imports the shared nouns and the stages above it."""


def test_each_stage_imports_only_the_stages_above_it() -> None:
    graph = _graph(PACKAGE)
    wrong = []
    for name, targets in graph.items():
        parts = name.split(".")
        if len(parts) < 2 or parts[1] not in STAGES:
            continue
        for target in targets:
            stage = target.split(".")[1] if target.count(".") else ""
            if stage in STAGES and STAGES.index(stage) > STAGES.index(parts[1]):
                wrong.append(f"{name} imports {target}")
    assert wrong == []
