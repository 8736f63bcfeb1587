"""The import graph of the code folders, read with ast: imports that go up a layer, and import loops.

Each folder may import only the folders below it (extractors < normalizers < pipeline < warehouse < flows);
a loop between modules, even through an import inside a function, means two modules cannot be read (or
moved) apart. Imports are resolved statically: `importlib.import_module("x")` with a string is not seen.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

LAYERS = ("extractors", "normalizers", "pipeline", "warehouse", "flows")
RANK = {name: i for i, name in enumerate(LAYERS)}


@dataclass(frozen=True)
class Edge:
    """One import statement of module `source` (in `path` at `line`) that loads project module `target`."""

    source: str
    target: str
    path: Path
    line: int
    text: str

    def where(self) -> str:
        return f"{self.path}:{self.line}: {self.text}"


def modules(root: Path) -> dict[str, Path]:
    """Dotted module name → file for every .py under the layer folders of `root`."""
    found: dict[str, Path] = {}
    for layer in LAYERS:
        for path in sorted((root / layer).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def _absolute(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    """The absolute module named by a (possibly relative) `from ... import`."""
    if not node.level:
        return node.module or ""
    package = module.split(".") if is_package else module.split(".")[:-1]
    base = package[: len(package) - node.level + 1]
    return ".".join(base + ([node.module] if node.module else []))


def _targets(node: ast.stmt, module: str, is_package: bool, known: dict[str, Path]) -> list[str]:
    """Project modules an import statement loads: `from a import b` names a.b when that is a module, else a."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        base = _absolute(node, module, is_package)
        names = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
    out: list[str] = []
    for name in names:
        while name and name not in known:  # `import a.b.attr`-like spellings resolve to the nearest module
            name = name.rpartition(".")[0]
        if name and name != module and name not in out:
            out.append(name)
    return out


def import_edges(root: Path) -> list[Edge]:
    """Every import, at any depth (module level or inside a function), from one project module to another."""
    known = modules(root)
    edges: list[Edge] = []
    for module, path in known.items():
        tree = ast.parse(path.read_text("utf-8"), filename=str(path))
        shown = path.relative_to(root)
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                text = ast.unparse(node)
                for target in _targets(node, module, path.name == "__init__.py", known):
                    edges.append(Edge(module, target, shown, node.lineno, text))
    return edges


def upward_imports(root: Path) -> list[str]:
    """`file:line: import` for each import of a folder above the importing module's own."""
    return [e.where() for e in import_edges(root)
            if RANK[e.target.split(".")[0]] > RANK[e.source.split(".")[0]]]


def import_cycles(root: Path) -> list[list[Edge]]:
    """The import edges inside each loop (strongly connected set of two or more modules), one list per loop."""
    edges = import_edges(root)
    graph: dict[str, set[str]] = {}
    for e in edges:
        graph.setdefault(e.source, set()).add(e.target)
    cycles = []
    for component in _strongly_connected(graph):
        if len(component) > 1:
            cycles.append([e for e in edges if e.source in component and e.target in component])
    return cycles


def _strongly_connected(graph: dict[str, set[str]]) -> list[set[str]]:
    """Tarjan's algorithm, iterative (deep import chains must not hit the recursion limit)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.add(member)
                        if member == node:
                            break
                    found.append(component)
            elif child not in index:
                index[child] = low[child] = len(index)
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(graph.get(child, ())))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return found


def report(root: Path) -> str:
    """Every violation under `root`, one per line; empty when the layering holds."""
    lines = [f"upward import: {w}" for w in upward_imports(root)]
    for cycle in import_cycles(root):
        names = sorted({e.source for e in cycle})
        lines.append(f"import loop between {', '.join(names)}:")
        lines += [f"    {e.where()}" for e in cycle]
    return "\n".join(lines)
