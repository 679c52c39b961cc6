"""Every public function, method and class of graph/ has a docstring."""

import ast
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
