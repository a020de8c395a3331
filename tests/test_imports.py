"""The import graph of ``jobdesk/``: no cycles, and no import up the layers.

Every ``import`` in every module counts — at the top, inside a function, under
``if TYPE_CHECKING:`` — because a function-local import only hides a cycle: the two
modules still cannot be understood, tested or moved apart.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "jobdesk"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PKG.rglob("*.py"))}


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The jobdesk modules ``name`` imports, anywhere in its body."""
    is_pkg = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from its package
                package = name.split(".") if is_pkg else name.split(".")[:-1]
                anchor = package[: len(package) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                targets.append(sub if sub in known else base)  # a submodule, or a name
        for target in targets:
            # `import a.b.c` names a.b.c; a name not a module of ours is skipped
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target.startswith("jobdesk") and target != name:
                found.add(target)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {name: _imports(name, path, known) for name, path in modules.items()}


def strongly_connected(graph: dict[str, set[str]]) -> list[set[str]]:
    """Tarjan's algorithm (iterative): the groups of modules that import each other."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work: list[tuple[str, list[str]]] = [(root, sorted(graph[root]))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, todo = work[-1]
            if todo:
                nxt = todo.pop()
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, sorted(graph.get(nxt, ()))))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group: set[str] = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.add(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(group)
    return groups


def _cycle_pairs(graph: dict[str, set[str]]) -> set[frozenset[str]]:
    """Every pair of modules that import each other, directly or through others, named
    by their strongly connected group (a group of two is the pair itself)."""
    return {frozenset(g) for g in strongly_connected(graph)}


def test_no_import_cycles() -> None:
    cycles = _cycle_pairs(import_graph())
    assert cycles == set(), sorted(map(sorted, cycles))


def test_the_cycle_finder_sees_function_local_and_indirect_cycles(tmp_path: Path) -> None:
    graph = {
        "jobdesk.a": {"jobdesk.b"},
        "jobdesk.b": {"jobdesk.c"},
        "jobdesk.c": {"jobdesk.a"},
        "jobdesk.d": {"jobdesk.a"},
    }
    assert _cycle_pairs(graph) == {frozenset({"jobdesk.a", "jobdesk.b", "jobdesk.c"})}
    pkg = tmp_path / "jobdesk"
    pkg.mkdir()
    (pkg / "a.py").write_text("def f():\n    from jobdesk import b\n    return b\n")
    (pkg / "b.py").write_text("from . import a\nimport jobdesk.a\n")
    known = {"jobdesk", "jobdesk.a", "jobdesk.b"}
    assert _imports("jobdesk.a", pkg / "a.py", known) == {"jobdesk.b"}
    assert _imports("jobdesk.b", pkg / "b.py", known) == {"jobdesk.a"}


# Layers, bottom up. A module may import its own layer and the ones below, never one
# above: core knows nothing of storage, the CLI or the window; storage nothing of the
# CLI or the window. paths (platformdirs locations) sits under core.
LAYERS: dict[str, int] = {
    "jobdesk": 0,  # __init__: the version
    "jobdesk.paths": 0,
    "jobdesk.core": 1,
    "jobdesk.storage": 2,
    "jobdesk.factview": 2,  # how a fact reads, the user's edits of facts (no Qt)
    "jobdesk.session": 3,
    "jobdesk.batch": 4,  # batch cleaning (no Qt): the core, the session's re-clean
    "jobdesk.review": 4,  # a rule change reviewed across the library (no Qt)
    "jobdesk.cli": 5,
    "jobdesk.gui": 5,
    "jobdesk.__main__": 6,
}


def _layer(module: str) -> tuple[str, int]:
    name = module
    while name not in LAYERS:
        name = name.rpartition(".")[0]
    return name, LAYERS[name]


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    bad = []
    for module, targets in sorted(graph.items()):
        home, level = _layer(module)
        for target in sorted(targets):
            there, target_level = _layer(target)
            # the CLI and the window are side by side: neither imports the other
            if target_level > level or (target_level == level and there != home and level):
                bad.append(f"{module} -> {target}")
    return bad


def test_no_module_imports_up_the_layers() -> None:
    assert upward_imports(import_graph()) == []


def test_the_layer_check_catches_upward_and_sideways_imports() -> None:
    graph = {
        "jobdesk.core.rules": {"jobdesk.storage.paths", "jobdesk.paths"},
        "jobdesk.storage.library": {"jobdesk.cli.errors", "jobdesk.core.engine"},
        "jobdesk.cli.main": {"jobdesk.gui.app", "jobdesk.storage"},
        "jobdesk.gui.window": {"jobdesk.session", "jobdesk.core.rules"},
    }
    assert upward_imports(graph) == [
        "jobdesk.cli.main -> jobdesk.gui.app",
        "jobdesk.core.rules -> jobdesk.storage.paths",
        "jobdesk.storage.library -> jobdesk.cli.errors",
    ]
