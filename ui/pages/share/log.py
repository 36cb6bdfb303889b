"""The vault's log: every request, share, opening and revocation, newest first, in local time.

The details are the vault's own fields; identifiers in them are masked by the vault.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from ui.formatting import long_date
from ui.pages.share.controller import ShareController
from ui.pages.share.tables import VaultTablePanel

if TYPE_CHECKING:
    from pensioenchecker.vault import Vault

COLUMNS = ("at", "event", "details")
SHOWN = 200
"""The newest entries shown; older ones stay in the vault."""


class LogPanel(VaultTablePanel):
    """The log's latest entries as a table."""

    prefix = "log"
    columns = COLUMNS

    def __init__(self, state: ShareController, parent: QWidget | None = None) -> None:
        super().__init__(state, "shareLog", parent)

    def rows(self, vault: Vault) -> list[tuple[str, ...]]:
        """The latest entries, their moment in local time."""
        rows: list[tuple[str, ...]] = []
        for entry in vault.logs(SHOWN):
            local = entry.at.astimezone()
            rows.append(
                (
                    f"{long_date(local.date(), self.state.lang)} {local:%H:%M}",
                    self.state.t(f"share.event.{entry.event}"),
                    ", ".join(f"{k}: {v}" for k, v in entry.fields.items()),
                )
            )
        return rows
