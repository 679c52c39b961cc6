"""The layers of the code, read from its imports (``ast``, nothing is imported or run).

From the bottom: graph.errors and graph.text, graph.model (and graph.ids, graph.upsert), graph.geo,
graph.store, graph.places, graph.queries, graph.export; loaders above graph; app_pages, commandline
(with cli) and app on top. A module may import its own layer and the layers below, never one above;
graph never imports streamlit or loaders; no import cycle between modules; no module longer than
MAX_LINES.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
MAX_LINES = 300

# Prefix of a module name -> its layer, lowest first. The longest matching prefix decides.
LAYERS = {
    "graph.errors": 0, "graph.text": 0,
    "graph.model": 1, "graph.ids": 1, "graph.upsert": 1,
    "graph.geo": 2, "graph.i18n": 2,  # the language spoken: names of countries and subdivisions come from geo
    "graph.store": 3,
    "graph.places": 4,
    "graph.queries": 5,
    "graph.export": 6,
    "graph": 6,  # the package itself
    "loaders": 7,
    "app_pages": 8, "commandline": 8, "cli": 8, "app": 8,
}
FORBIDDEN_IN_GRAPH = ("streamlit", "loaders", "app_pages", "commandline", "cli", "app")


def project_files() -> dict[str, Path]:
    """Module name -> file, for every module of graph/, loaders/, app_pages/, commandline/, cli.py and app.py."""
    files = {}
    for top in ("graph", "loaders", "app_pages", "commandline"):
        for path in sorted((REPO / top).rglob("*.py")):
            parts = list(path.relative_to(REPO).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            files[".".join(parts)] = path
    for name in ("cli", "app"):
        files[name] = REPO / f"{name}.py"
    return files


FILES = project_files()


def layer(module: str) -> int:
    parts = module.split(".")
    for n in range(len(parts), 0, -1):
        prefix = ".".join(parts[:n])
        if prefix in LAYERS:
            return LAYERS[prefix]
    raise AssertionError(f"{module} belongs to no layer; add its package to LAYERS in tests/test_layers.py")


def imported(module: str, path: Path) -> set[str]:
    """Every module ``module`` imports (anywhere in the file, also inside functions, but not under
    ``if TYPE_CHECKING:``), by full name.
    ``from a import b`` names a.b when that is a module of the project, else a."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    out = set()
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    # imports for type annotations only (``if TYPE_CHECKING:``) never run, so they make no cycle
    typing_only = {id(inner) for node in ast.walk(tree) if isinstance(node, ast.If)
                   and getattr(node.test, "id", getattr(node.test, "attr", None)) == "TYPE_CHECKING"
                   for inner in ast.walk(node)}
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                full = f"{base}.{alias.name}"
                out.add(full if full in FILES else base)
    return out


IMPORTS = {module: imported(module, path) for module, path in FILES.items()}


def internal(names: set[str]) -> set[str]:
    return {n for n in names if n in FILES}


def test_every_module_has_a_layer():
    for module in FILES:
        layer(module)


def test_graph_imports_neither_streamlit_nor_loaders_nor_the_entry_points():
    wrong = sorted(f"{module} imports {name}" for module, names in IMPORTS.items() if module.split(".")[0] == "graph"
                   for name in names if name.split(".")[0] in FORBIDDEN_IN_GRAPH)
    assert not wrong, "graph must not depend on the UI or the loaders:\n" + "\n".join(wrong)


def test_no_module_imports_a_higher_layer():
    wrong = sorted(f"{module} (layer {layer(module)}) imports {name} (layer {layer(name)})"
                   for module, names in IMPORTS.items() for name in internal(names)
                   if layer(name) > layer(module))
    assert not wrong, "a lower layer imports a higher one:\n" + "\n".join(wrong)


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle, as the list of modules around it, or None."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = 1
        path.append(module)
        for other in sorted(graph.get(module, ())):
            if state.get(other) == 1:
                return path[path.index(other):] + [other]
            if other not in state and (cycle := visit(other)):
                return cycle
        path.pop()
        state[module] = 2
        return None

    for module in sorted(graph):
        if module not in state and (cycle := visit(module)):
            return cycle
    return None


def dependencies(module: str) -> set[str]:
    """The project modules ``module`` imports."""
    return {name for name in internal(IMPORTS[module]) if name != module}


def test_there_is_no_import_cycle():
    cycle = find_cycle({module: dependencies(module) for module in FILES})
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_the_cycle_finder_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


@pytest.mark.parametrize("module", sorted(m for m in FILES if m != "app"))
def test_modules_stay_short(module):
    path = FILES[module]
    relative = path.relative_to(REPO).as_posix()
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{relative} has {lines} lines; split it into modules of at most {MAX_LINES}"


def test_every_import_of_the_project_names_a_module_that_exists():
    # imports inside functions run only when a view or command needs them: a moved module must not
    # leave one behind that fails in front of a user
    missing = sorted((module, name) for module, names in IMPORTS.items() for name in names
                     if name.split(".")[0] in ("graph", "loaders", "app_pages", "commandline") and name not in FILES)
    assert not missing, missing
