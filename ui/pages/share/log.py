"""The vault's log: every request, share, opening and revocation, newest first, in local time.

Each entry is written out in the window's language when shown (``pensioenchecker.vault.
logbook``), so it follows a language switch; identifiers in it are masked by the vault.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from pensioenchecker.vault.logbook import describe
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
        """The latest entries in the window's language, their moment in local time."""
        lang = self.state.lang
        return [
            (line.at, line.event, line.details)
            for line in (describe(entry, lang) for entry in vault.logs(SHOWN))
        ]
