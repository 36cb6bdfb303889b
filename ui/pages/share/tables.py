"""The Share page's tables: read-only rows, one selected at a time.

Every cell's text is also its tooltip: names and purposes are often longer than a column.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from pensioenchecker.vault import Vault
    from ui.pages.share.controller import ShareController

from ui.zoom import fit_columns, keep_columns_whole


def make_table(name: str, columns: int) -> QTableWidget:
    """An empty read-only table with ``columns`` stretched columns."""
    table = QTableWidget(0, columns)
    table.setObjectName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    table.setAlternatingRowColors(True)
    keep_columns_whole(table)
    return table


def fill_table(table: QTableWidget, rows: Sequence[Sequence[str]]) -> None:
    """Replace the table's rows with these texts."""
    table.setRowCount(len(rows))
    for row, values in enumerate(rows):
        for column, value in enumerate(values):
            item = QTableWidgetItem(value)
            item.setToolTip(value)
            table.setItem(row, column, item)
    fit_columns(table)


class VaultTablePanel(QWidget):
    """A titled table of what the vault holds, filled again whenever the page's state changes.

    Subclasses name their texts' prefix and columns and turn the vault into rows.
    """

    prefix = ""
    """Texts are ``share.<prefix>.title`` and ``share.<prefix>.<column>``."""
    columns: tuple[str, ...] = ()

    def __init__(self, state: ShareController, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.label = QLabel()
        self.table = make_table(name, len(self.columns))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.table, 1)
        state.changed.connect(self.refresh)

    def retranslate(self) -> None:
        """Every text and accessible name in the current language."""
        t = self.state.t
        self.label.setText(t(f"share.{self.prefix}.title"))
        self.table.setAccessibleName(t(f"share.{self.prefix}.title"))
        self.table.setHorizontalHeaderLabels([t(f"share.{self.prefix}.{k}") for k in self.columns])
        self.refresh()

    def refresh(self) -> None:
        """The rows from the vault, if it is open."""
        vault = self.state.access.opened()
        if vault is not None:
            fill_table(self.table, self.rows(vault))

    def rows(self, vault: Vault) -> list[tuple[str, ...]]:
        """The table's rows from the vault."""
        raise NotImplementedError
