"""The Share page: two tabs put together from panels that each do one job.

The user's tab answers a request (``answer``), lists what was shared (``sent``) and the log
(``log``); the adviser's tab makes requests (``requests``) and opens packages as clients
(``clients``). ``ShareController`` (``state``) holds what they share and does the work.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QInputDialog,
    QLabel,
    QLineEdit,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pensioenchecker.projection.timeline import HouseholdProjection
from pensioenchecker.share import SharedPackage
from pensioenchecker.tempfolders import session_folder
from ui.controller import DossierController
from ui.formatting import long_date
from ui.pages.base import Page, plain_text_labels
from ui.pages.share.answer import AnswerPanel
from ui.pages.share.clients import ClientsPanel
from ui.pages.share.controller import ShareController
from ui.pages.share.log import LogPanel
from ui.pages.share.requests import RequestPanel
from ui.pages.share.sent import SentPanel
from ui.vault_access import VaultAccess
from ui.zoom import scrolling

DEMO_CATEGORIES = ("personal", "pensions", "income")
"""What a demo household shares with the demo adviser."""


class SharePage(Page):
    """Two tabs: sharing (the user's side) and the adviser's side."""

    name = "share"

    def __init__(
        self,
        controller: DossierController,
        data_folder: Path,
        *,
        demo: bool = False,
        ask: bool = True,
        access: VaultAccess | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(controller, parent)
        self.ask = ask
        """False in tests and screenshots: no file or passphrase dialogs."""
        access = access or VaultAccess(
            data_folder, ask=ask, demo=demo, texts=self.t, parent=self.window
        )
        self.state = ShareController(
            controller, data_folder, access, self._passphrase, ask=ask, parent=self
        )
        self._demo_package: Path | None = None
        """A demo's package, made once the demo household has arrived."""

        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.message = QLabel()
        self.message.setObjectName("shareMessage")
        self.message.setWordWrap(True)
        self.answer = AnswerPanel(self.state)
        self.sent = SentPanel(self.state)
        self.log = LogPanel(self.state)
        self.requests = RequestPanel(self.state)
        self.clients = ClientsPanel(self.state)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._user_tab(), "")
        self.tabs.addTab(self._adviser_tab(), "")
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)
        self.state.said.connect(self.say)
        self.retranslate()
        plain_text_labels(self)
        if demo:
            self.fill_demo()

    def _user_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(self.answer)
        # The revoke button sits between the two lists, so the lists can be equally high.
        layout.addWidget(self.sent, 1)
        layout.addWidget(self.sent.revoke_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.log, 1)
        # Taller than the window at large type (the demo bar above it, 150 % text): it scrolls.
        return scrolling(tab)

    def _adviser_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addWidget(self.requests)
        layout.addWidget(self.clients, 1)
        scroll = QScrollArea()
        scroll.setWidget(tab)
        scroll.setWidgetResizable(True)
        return scroll

    def retranslate(self) -> None:
        """Every text and accessible name in the current language."""
        self.title.setText(self.t("page.share"))
        self.tabs.setTabText(0, self.t("share.tab.user"))
        self.tabs.setTabText(1, self.t("share.tab.adviser"))
        for panel in (self.answer, self.sent, self.log, self.requests, self.clients):
            panel.retranslate()

    def say(self, text: str, problem: bool = False) -> None:
        """A line above the tabs: what just happened, or what went wrong."""
        self.message.setStyleSheet("color: #b00020;" if problem else "")
        self.message.setText(text)

    def refresh(self) -> None:
        """Fill the shared-packages, clients and log tables from the vault."""
        self.state.changed.emit()

    def _passphrase(self, prompt: str) -> str | None:
        """A passphrase typed in a dialog (hidden); None when cancelled, empty or not asked."""
        if not self.ask:
            return None
        text, ok = QInputDialog.getText(
            self, self.t("share.key.passphrase.title"), self.t(prompt), QLineEdit.EchoMode.Password
        )
        return text if ok and text else None

    # --- the demo ---------------------------------------------------------------------------

    def fill_demo(self) -> None:
        """A synthetic adviser's request, a package made for it and the log (demo households)."""
        demo_adviser = session_folder("pensioenchecker-demo-keys-")  # removed on exit
        self.state.data_folder = demo_adviser
        self.state.make_adviser_key()
        self.requests.organisation.setText("Adviesbureau Voorbeeld (synthetisch)")
        self.requests.adviser_name.setText("Demo-adviseur (synthetisch)")
        self.requests.purpose.setText("Pensioenadvies")
        data = self.requests.make_request_to(None)
        if data is None:
            return
        self.state.read_request(data.decode())
        for category in DEMO_CATEGORIES:
            self.answer.category_boxes[category].setChecked(True)
        self._demo_package = demo_adviser / "demo.pcshare"

    def show_projection(self, projection: HouseholdProjection) -> None:
        """A dossier arrived: a demo makes its package now; the consent may be given."""
        if self._demo_package is not None and self.controller.dossier is not None:
            package, self._demo_package = self._demo_package, None
            self.answer.create_to(package, then=self._open_demo_package)
        self.answer.show_consent()
        self.refresh()

    def _open_demo_package(self, shared: SharedPackage) -> None:
        """The demo adviser opens the demo package, so both sides show it."""
        until = long_date(shared.expires_at.date(), self.lang)
        self.state.open_package(
            shared.created.data,
            shared.path.name,
            then=lambda _received: self.say(self.t("share.demo", until=until)),
        )
