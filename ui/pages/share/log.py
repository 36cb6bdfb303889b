"""The vault's log: every request, share, opening and revocation, newest first, in local time.

The details are the vault's own fields; identifiers in them are masked by the vault.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui.formatting import long_date
from ui.pages.share.controller import ShareController
from ui.pages.share.tables import fill_table, make_table

COLUMNS = ("at", "event", "details")
SHOWN = 200
"""The newest entries shown; older ones stay in the vault."""


class LogPanel(QWidget):
    """The log's latest entries as a table."""

    def __init__(self, state: ShareController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.label = QLabel()
        self.table = make_table("shareLog", len(COLUMNS))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.table, 1)
        state.changed.connect(self.refresh)

    def retranslate(self) -> None:
        """Every text and accessible name in the current language."""
        t = self.state.t
        self.label.setText(t("share.log.title"))
        self.table.setAccessibleName(t("share.log.title"))
        self.table.setHorizontalHeaderLabels([t(f"share.log.{k}") for k in COLUMNS])
        self.refresh()

    def refresh(self) -> None:
        """The latest entries from the vault, if it is open."""
        vault = self.state.access.opened()
        if vault is None:
            return
        rows = []
        for entry in vault.logs(SHOWN):
            local = entry.at.astimezone()
            rows.append(
                (
                    f"{long_date(local.date(), self.state.lang)} {local:%H:%M}",
                    self.state.t(f"share.event.{entry.event}"),
                    ", ".join(f"{k}: {v}" for k, v in entry.fields.items()),
                )
            )
        fill_table(self.table, rows)
