"""Opening packages (the adviser's side): the clients they make, and a presentation view.

Each client is kept until its purge date and can be shown in the window; the presentation view
enlarges the type for walking a client through the figures. A revocation notice is opened the
same way as a package: it deletes the client it names.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pensioenchecker.errors import PensioencheckerError
from pensioenchecker.share import read_share_file
from pensioenchecker.vault import mask_identifiers
from ui.formatting import long_date
from ui.pages.share.controller import ShareController
from ui.pages.share.tables import fill_table, make_table
from ui.zoom import zoom

COLUMNS = ("client", "received", "purge")


class ClientsPanel(QWidget):
    """The button that opens a package, the clients it made, and the presentation switch."""

    def __init__(self, state: ShareController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.open_package_button = QPushButton()
        self.open_package_button.clicked.connect(self._open_package_clicked)
        self.label = QLabel()
        self.table = make_table("shareClients", len(COLUMNS))
        self.show_client_button = QPushButton()
        self.show_client_button.clicked.connect(self._show_client_clicked)
        self.presentation = QCheckBox()
        self.presentation.setObjectName("sharePresentation")
        self.presentation.toggled.connect(self.set_presentation)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.open_package_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.label)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.show_client_button)
        buttons.addWidget(self.presentation)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        state.changed.connect(self.refresh)
        state.controller.household_changed.connect(self.leave_client)
        zoom().changed.connect(self._zoom_changed)
        self._zoom_changed(zoom().scale)

    def leave_client(self) -> None:
        """Another household in the window: no client is chosen or presented any more."""
        if self.state.controller.own:
            self.table.clearSelection()

    def retranslate(self) -> None:
        """Every text and accessible name in the current language."""
        t = self.state.t
        self.open_package_button.setText(t("share.package.open"))
        self.label.setText(t("share.clients.title"))
        self.table.setAccessibleName(t("share.clients.title"))
        self.table.setHorizontalHeaderLabels([t(f"share.clients.{k}") for k in COLUMNS])
        self.show_client_button.setText(t("share.clients.show"))
        self.presentation.setText(t("share.presentation"))
        self.presentation.setAccessibleName(t("share.presentation"))
        self.refresh()

    def refresh(self) -> None:
        """The received households from the vault, their names masked."""
        lang = self.state.lang
        fill_table(
            self.table,
            [
                (
                    mask_identifiers(entry.label),
                    long_date(entry.updated_at.date(), lang),
                    long_date(entry.purge_at.date(), lang) if entry.purge_at else "—",
                )
                for entry in self.state.client_entries()
            ],
        )

    def _open_package_clicked(self) -> None:
        if not self.state.ask:
            return
        name, _ = QFileDialog.getOpenFileName(self, self.state.t("share.package.open"))
        if name:
            try:
                self.state.open_package(read_share_file(Path(name)), Path(name).name)
            except PensioencheckerError as exc:
                self.state.say(exc.text(self.state.lang), problem=True)

    def _show_client_clicked(self) -> None:
        row = self.table.currentRow()
        entries = self.state.client_entries()
        if 0 <= row < len(entries):
            self.state.show_client(entries[row].id)

    def set_presentation(self, on: bool) -> None:
        """Large type for walking a client through the figures (identifiers stay masked)."""
        zoom().set_presentation(on)

    def _zoom_changed(self, _scale: float) -> None:
        """The switch shows the view's state, also when Ctrl+0 ended it."""
        blocked = self.presentation.blockSignals(True)
        self.presentation.setChecked(zoom().presentation)
        self.presentation.blockSignals(blocked)
