"""What the user has shared, with whom, until when; and withdrawing that consent."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QPushButton, QWidget

from ui.formatting import long_date
from ui.pages.share.controller import ShareController
from ui.pages.share.tables import VaultTablePanel

if TYPE_CHECKING:
    from pensioenchecker.vault import Vault

COLUMNS = ("recipient", "purpose", "categories", "expires", "status")


class SentPanel(VaultTablePanel):
    """The shares this vault sent, and the button that revokes one."""

    prefix = "sent"
    columns = COLUMNS

    def __init__(self, state: ShareController, parent: QWidget | None = None) -> None:
        self.revoke_button = QPushButton()
        """Placed by the page, below this list."""
        super().__init__(state, "shareSent", parent)
        self.revoke_button.clicked.connect(self._revoke_clicked)

    def retranslate(self) -> None:
        """Every text and accessible name in the current language."""
        self.revoke_button.setText(self.state.t("share.revoke"))
        super().retranslate()

    def rows(self, vault: Vault) -> list[tuple[str, ...]]:
        """The shares sent: with whom, why, what, until when, and where they stand."""
        t, lang = self.state.t, self.state.lang
        return [
            (
                share.counterparty,
                share.purpose,
                ", ".join(t(f"share.category.{c}") for c in share.categories),
                long_date(share.expires_at.date(), lang) if share.expires_at else "—",
                t(f"share.status.{share.status}"),
            )
            for share in vault.shares("sent")
        ]

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
