"""Rooms of one job: no module grows long without saying why, no function grows long at all.

A module of more than ``MAX_MODULE_LINES`` lines must say at its top (in its module docstring)
why it is "one job"; a function in the projection, the command line and the What if and Share
pages stays within ``MAX_FUNCTION_LINES`` lines, decorators and docstring included. A room that
outgrows this is split, not excused here.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80
ONE_JOB = "one job"
PACKAGES = ("pensioenchecker", "ui")
SHORT_FUNCTIONS = (
    "pensioenchecker/projection",
    "pensioenchecker/cli.py",
    "pensioenchecker/commands",
    "ui/pages/whatif",
    "ui/pages/share",
)


def _modules(*places: str) -> list[Path]:
    found: list[Path] = []
    for place in places:
        path = ROOT / place
        found += [path] if path.is_file() else sorted(path.rglob("*.py"))
    return [p for p in found if "__pycache__" not in p.parts]


def long_module_without_note(source: str) -> bool:
    """Over the line limit, and its docstring does not say why it is one job."""
    if len(source.splitlines()) <= MAX_MODULE_LINES:
        return False
    docstring = ast.get_docstring(ast.parse(source)) or ""
    return ONE_JOB not in " ".join(docstring.lower().split())


def long_functions(source: str) -> list[tuple[str, int, int]]:
    """(name, first line, length) of each function, nested ones too, over the limit."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            length = (node.end_lineno or node.lineno) - first + 1
            if length > MAX_FUNCTION_LINES:
                found.append((node.name, first, length))
    return found


def test_no_long_module_without_a_note_why_it_is_one_job() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}: {len(path.read_text('utf-8').splitlines())} lines"
        for path in _modules(*PACKAGES)
        if long_module_without_note(path.read_text("utf-8"))
    ]
    assert not offenders, offenders


def test_no_long_function_in_the_projection_cli_and_the_whatif_and_share_pages() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{line} {name}: {length} lines"
        for path in _modules(*SHORT_FUNCTIONS)
        for name, line, length in long_functions(path.read_text("utf-8"))
    ]
    assert not offenders, offenders


def test_the_places_checked_exist() -> None:
    """A renamed folder would silently leave the limits checking nothing."""
    for place in (*PACKAGES, *SHORT_FUNCTIONS):
        assert (ROOT / place).exists(), place
    assert len(_modules(*SHORT_FUNCTIONS)) >= 20


def test_the_limits_count_at_their_edges() -> None:
    def function(lines: int, decorated: bool = False) -> str:
        head = ["@staticmethod"] if decorated else []
        body = ["    x = 1"] * (lines - 1 - len(head))
        return "\n".join([*head, "def f():", *body]) + "\n"

    assert long_functions(function(MAX_FUNCTION_LINES)) == []
    assert long_functions(function(MAX_FUNCTION_LINES + 1)) == [("f", 1, MAX_FUNCTION_LINES + 1)]
    assert long_functions(function(MAX_FUNCTION_LINES + 1, decorated=True)) == [
        ("f", 1, MAX_FUNCTION_LINES + 1)
    ]
    nested = "class C:\n    def g(self):\n" + "        y = 2\n" * MAX_FUNCTION_LINES
    assert long_functions(nested) == [("g", 2, MAX_FUNCTION_LINES + 1)]

    filler = "x = 1\n" * (MAX_MODULE_LINES - 1)
    assert not long_module_without_note('"""Short."""\n' + filler)
    assert long_module_without_note('"""Long."""\n' + filler + "y = 2\n")
    noted = '"""Long.\n\nOne\n job: the tables and the lookup."""\n'
    assert not long_module_without_note(noted + filler)
    assert long_module_without_note("# one job, but not in the docstring\n" + filler + "y = 2\n")
