"""The explanation trace: which rule made each figure, from which inputs and which parameters.

Rules append steps while they compute; inputs and outputs may be arrays (one element per person,
phase or scenario), and ``explain(i)`` reads element ``i`` back as plain numbers. Recording is a
list append, so tracing one household costs next to nothing; batch runs pass no trace at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from pensioenchecker.rules.parameters import Parameters, Resolved


@dataclass(frozen=True)
class Step:
    """One rule application."""

    rule: str
    law: str
    inputs: dict[str, Any]
    outputs: dict[str, Any]
    parameters: tuple[Resolved, ...] = ()
    unit: str = "cents"


@dataclass
class Trace:
    """An ordered list of rule applications for one computation."""

    steps: list[Step] = field(default_factory=list)

    def add(
        self,
        rule: str,
        law: str,
        inputs: dict[str, Any],
        outputs: dict[str, Any],
        parameters: tuple[Resolved, ...] = (),
        unit: str = "cents",
    ) -> None:
        """Record one rule application."""
        self.steps.append(Step(rule, law, inputs, outputs, parameters, unit))

    def explain(self, index: int = 0, parameters: Parameters | None = None) -> list[dict[str, Any]]:
        """Steps as plain dicts for element ``index`` of every array (JSON-ready)."""
        return [
            {
                "rule": step.rule,
                "law": step.law,
                "unit": step.unit,
                "inputs": {k: _element(v, index) for k, v in step.inputs.items()},
                "outputs": {k: _element(v, index) for k, v in step.outputs.items()},
                "parameters": [_cite(p, parameters) for p in step.parameters],
            }
            for step in self.steps
        ]


def _element(value: Any, index: int) -> Any:
    if isinstance(value, np.ndarray):
        item = value[index] if value.ndim else value
        return item.item() if hasattr(item, "item") else item
    return value


def _cite(resolved: Resolved, parameters: Parameters | None) -> dict[str, Any]:
    sources = [parameters.source_text(k) if parameters else k for k in resolved.reference]
    return {
        "name": resolved.name,
        "since": resolved.since.isoformat(),
        "status": resolved.status,
        "value": _plain(resolved.value),
        "sources": sources,
        "source_keys": list(resolved.reference),
        **({"note": resolved.fallback} if resolved.fallback else {}),
    }


def _plain(value: Any) -> Any:
    if hasattr(value, "model_dump"):
        return _plain(value.model_dump())
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)
