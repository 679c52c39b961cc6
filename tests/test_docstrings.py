"""Every public function, method and class of graph/ has a docstring; public functions that take
parameters have numpydoc Parameters and Returns sections."""

import ast
import re
from pathlib import Path

GRAPH = Path(__file__).resolve().parent.parent / "graph"
DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


def undocumented(tree: ast.Module, module: str) -> list[str]:
    """Public module-level and class-level definitions of *tree* without a docstring."""
    missing = []

    def walk(body: list[ast.stmt], prefix: str) -> None:
        for node in body:
            if not isinstance(node, DEFINITIONS) or node.name.startswith("_"):
                continue
            if ast.get_docstring(node) is None:
                missing.append(f"{module}:{node.lineno} {prefix}{node.name}")
            if isinstance(node, ast.ClassDef):
                walk(node.body, f"{prefix}{node.name}.")

    walk(tree.body, "")
    return missing


def test_the_finder_finds_a_missing_docstring():
    tree = ast.parse('class A:\n    """Doc."""\n    def f(self):\n        pass\n\ndef _g():\n    pass\n')
    assert undocumented(tree, "m.py") == ["m.py:3 A.f"]


def test_every_public_definition_has_a_docstring():
    missing = []
    for path in sorted(GRAPH.rglob("*.py")):
        module = path.relative_to(GRAPH.parent).as_posix()
        missing += undocumented(ast.parse(path.read_text(encoding="utf-8")), module)
    assert not missing, "public definitions without a docstring:\n" + "\n".join(missing)


# -- numpydoc sections: Parameters naming every parameter, Returns for what is returned ------------------

# the store interface: its methods are documented in full (its writing half lives in graph/store/writes.py)
INTERFACE = {("graph/store/base.py", "GraphStore"), ("graph/store/writes.py", "StoreWrites")}
SECTION = re.compile(r"^([A-Z][a-z]+)\n-{3,}$", re.M)


def sections(doc: str) -> dict[str, str]:
    """Section title -> its text, for the numpydoc sections of a (cleaned) docstring."""
    marks = list(SECTION.finditer(doc))
    return {m.group(1): doc[m.end():marks[i + 1].start() if i + 1 < len(marks) else len(doc)]
            for i, m in enumerate(marks)}


def documented_parameters(text: str) -> set[str]:
    """The names a Parameters section describes: its unindented lines, ``a, b : type`` or ``a``."""
    names = set()
    for line in text.splitlines():
        if line and not line[0].isspace():
            names.update(n.strip().lstrip("*") for n in line.split(" : ")[0].split(","))
    return names


def returns_something(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """Annotated with anything but None; unannotated: a ``return value`` or ``yield`` of its own."""
    if node.returns is not None:
        return not (isinstance(node.returns, ast.Constant) and node.returns.value is None)
    own, stack = [], list(node.body)
    while stack:  # its own statements, not those of functions defined inside it
        child = stack.pop()
        if isinstance(child, (ast.Return, ast.Yield, ast.YieldFrom)):
            own.append(child)
        if not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            stack.extend(ast.iter_child_nodes(child))
    return any(not isinstance(n, ast.Return) or n.value is not None for n in own)


def missing_sections(tree: ast.Module, module: str) -> list[str]:
    """Public functions of *tree* (and public methods of the store interface) that take parameters
    and lack a Parameters section naming each, or a Returns/Yields section for what they return."""
    functions = [n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    functions += [m for c in tree.body if isinstance(c, ast.ClassDef) and (module, c.name) in INTERFACE
                  for m in c.body if isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef))]
    missing = []
    for node in functions:
        args = node.args
        params = [a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs) if a.arg not in ("self", "cls")]
        params += [a.arg for a in (args.vararg, args.kwarg) if a is not None]
        if node.name.startswith("_") or not params:
            continue
        found = sections(ast.get_docstring(node) or "")
        named = documented_parameters(found.get("Parameters", ""))
        problems = [f"Parameters lacks {p}" for p in params if p not in named] if "Parameters" in found else [
            "no Parameters"]
        if returns_something(node) and not {"Returns", "Yields"} & found.keys():
            problems.append("no Returns")
        if problems:
            missing.append(f"{module}:{node.lineno} {node.name}: {', '.join(problems)}")
    return missing


def test_the_checker_finds_missing_sections():
    source = '''
def good(a, *rest, flag=False) -> int:
    """Sum.

    Parameters
    ----------
    a, flag : int
        What to add.
    *rest : int
        More.

    Returns
    -------
    int
    """

def no_returns(a) -> int:
    """Sum.

    Parameters
    ----------
    a : int
    """

def one_missing(a, b) -> None:
    """Sum.

    Parameters
    ----------
    a : int
        b is mentioned here but not described.
    """

def none_at_all(a):
    """Sum."""
    return a

def _private(a):
    return a

def returns_nothing_itself(a):
    """Makes a function.

    Parameters
    ----------
    a : int
    """
    def inner():
        return a

def no_parameters() -> int:
    """Nothing to name."""
    return 1
'''
    assert missing_sections(ast.parse(source), "m.py") == [
        "m.py:17 no_returns: no Returns", "m.py:25 one_missing: Parameters lacks b",
        "m.py:34 none_at_all: no Parameters, no Returns"]


def test_every_public_function_has_parameters_and_returns_sections():
    missing = []
    for path in sorted(GRAPH.rglob("*.py")):
        module = path.relative_to(GRAPH.parent).as_posix()
        missing += missing_sections(ast.parse(path.read_text(encoding="utf-8")), module)
    assert not missing, "public functions without numpydoc sections:\n" + "\n".join(missing)
