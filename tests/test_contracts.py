"""The import contracts hold: a Qt import planted anywhere in the core is caught.

A contract that cannot see a module passes whatever the module does; ``rules/`` once had no
``__init__.py`` and an ``import PySide6`` in it was reported as kept. Here a copy of the tree
gets a planted import in every core package and import-linter must report each one.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORE = ROOT / "pensioenchecker"


def _packages() -> list[Path]:
    return sorted(p.parent for p in CORE.rglob("__init__.py") if "__pycache__" not in p.parts)


def test_every_folder_of_the_core_with_code_is_a_package():
    folders = {p.parent for p in CORE.rglob("*.py") if "__pycache__" not in p.parts}
    assert folders <= set(_packages()), "a folder without __init__.py is invisible to contracts"


def test_a_planted_qt_import_is_caught_in_every_core_package(tmp_path):
    for name in ("pensioenchecker", "ui"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    planted = []
    for package in _packages():
        module = tmp_path / package.relative_to(ROOT) / "planted_qt.py"
        module.write_text("import PySide6\n", encoding="utf-8")
        planted.append(".".join(module.relative_to(tmp_path).with_suffix("").parts))
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run(
        [str(lint), "--no-cache"], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert done.returncode != 0
    missed = [m for m in planted if f"{m} -> PySide6" not in done.stdout]
    assert not missed, f"not caught: {missed}\n{done.stdout[-2000:]}"
    assert len(planted) >= 9
