"""The demo households' projections, compared with stored copies: behaviour stays unchanged.

A refactoring must not move a cent. The copies are ``project --json`` of each demo at a fixed
date; when a figure changes on purpose (a rule fix, a new parameter), regenerate them with
``PENSIOENCHECKER_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py`` and say in
the CHANGELOG which figures moved and why.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from pensioenchecker.cli import main

ROOT = Path(__file__).resolve().parents[1]
DEMOS = sorted(p.name for p in (ROOT / "resources" / "demo").iterdir() if p.is_dir())
GOLDEN = Path(__file__).parent / "fixtures" / "golden"
AS_OF = "2026-12-01"
WHATIF = ROOT / "resources" / "whatif" / "couple-eerder-stoppen.json"


def _project(capsys: pytest.CaptureFixture[str], *extra: str, demo: str) -> dict[str, object]:
    files = sorted(str(p) for p in (ROOT / "resources" / "demo" / demo).iterdir())
    assert main(["project", *files, "--as-of", AS_OF, "--json", *extra]) == 0
    return json.loads(capsys.readouterr().out)


def _compare(name: str, result: dict[str, object]) -> None:
    stored = GOLDEN / f"{name}.json"
    if os.environ.get("PENSIOENCHECKER_UPDATE_GOLDEN"):
        stored.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", "utf-8")
    assert result == json.loads(stored.read_text("utf-8")), f"{name}: the projection changed"


@pytest.mark.parametrize("demo", DEMOS)
def test_demo_projection_is_unchanged(capsys, demo):
    _compare(f"project-{demo}", _project(capsys, demo=demo))


def test_demo_whatif_is_unchanged(capsys):
    _compare("whatif-couple", _project(capsys, "--whatif", str(WHATIF), demo="couple"))
