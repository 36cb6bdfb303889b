"""Package names imported on first use (PEP 562).

The sharing and vault packages re-export names whose modules load the cryptography; importing
them lazily keeps that cost out of start-up and of commands that never share.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping


def lazy_exports(package: str, where: Mapping[str, str]) -> Callable[[str], object]:
    """A module ``__getattr__`` that imports each name from its module when first asked for."""

    def __getattr__(name: str) -> object:  # noqa: N807 - the module hook's name
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(module), name)

    return __getattr__
