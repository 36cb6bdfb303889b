"""What the user has shared, with whom, until when; and withdrawing that consent."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.formatting import long_date
from ui.pages.share.controller import ShareController
from ui.pages.share.tables import fill_table, make_table

COLUMNS = ("recipient", "purpose", "categories", "expires", "status")


class SentPanel(QWidget):
    """The shares this vault sent, and the button that revokes one."""

    def __init__(self, state: ShareController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.label = QLabel()
        self.table = make_table("shareSent", len(COLUMNS))
        self.revoke_button = QPushButton()
        """Placed by the page, below this list."""
        self.revoke_button.clicked.connect(self._revoke_clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.table, 1)
        state.changed.connect(self.refresh)

    def retranslate(self) -> None:
        """Every text and accessible name in the current language."""
        t = self.state.t
        self.label.setText(t("share.sent.title"))
        self.table.setAccessibleName(t("share.sent.title"))
        self.table.setHorizontalHeaderLabels([t(f"share.sent.{k}") for k in COLUMNS])
        self.revoke_button.setText(t("share.revoke"))
        self.refresh()

    def refresh(self) -> None:
        """The shares from the vault, if it is open."""
        vault = self.state.access.opened()
        if vault is None:
            return
        t, lang = self.state.t, self.state.lang
        fill_table(
            self.table,
            [
                (
                    share.counterparty,
                    share.purpose,
                    ", ".join(t(f"share.category.{c}") for c in share.categories),
                    long_date(share.expires_at.date(), lang) if share.expires_at else "—",
                    t(f"share.status.{share.status}"),
                )
                for share in vault.shares("sent")
            ],
        )

    def _revoke_clicked(self) -> None:
        if not self.state.ask:
            return
        t = self.state.t
        package, _ = QFileDialog.getOpenFileName(self, t("share.revoke.which"), "", "*.pcshare")
        if not package:
            return
        name, _ = QFileDialog.getSaveFileName(
            self, t("share.revoke"), "intrekking.pcrevoke", "*.pcrevoke"
        )
        if name:
            self.state.revoke(Path(package), Path(name))
