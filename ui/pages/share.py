"""Sharing, both sides: the user answers a request with a package and can revoke it.

The adviser's side has a key, requests (file, text code, QR code), opened packages as clients,
and a presentation view.

Everything goes through the core (``pensioenchecker.share``, ``pensioenchecker.vault``); this
page only shows and asks. The vault is opened when the page is first used, not at start-up.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QImage, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pensioenchecker import clock
from pensioenchecker.errors import PensioencheckerError
from pensioenchecker.model import Dossier
from pensioenchecker.share._common import read_bytes
from pensioenchecker.share.categories import CATEGORIES
from pensioenchecker.share.consent import consent_texts
from pensioenchecker.share.keys import (
    KeyPassphraseNeededError,
    RecipientKeys,
    key_fingerprint,
    load_recipient_keys,
    make_keys,
    own_signing_key,
    save_recipient_keys,
)
from pensioenchecker.share.ledger import (
    apply_revocation,
    record_revoked,
    record_sent,
    store_received,
)
from pensioenchecker.share.package import (
    SharedFile,
    create_package,
    expiry,
    open_package,
    read_header,
)
from pensioenchecker.share.request import (
    MAX_DAYS,
    ShareRequest,
    make_request,
    read_request,
    request_text_code,
)
from pensioenchecker.share.revoke import is_revocation, make_revocation
from pensioenchecker.storage import write_atomic
from pensioenchecker.vault import DossierEntry, Vault, mask_identifiers
from ui.controller import DossierController
from ui.formatting import long_date
from ui.pages.base import Page, plain_text_labels
from ui.vault_access import VaultAccess

PURGE_EVERY_MS = 10 * 60 * 1000
"""How often the open vault deletes what has passed its retention date."""
PRESENTATION_SCALE = 1.45
"""How much larger the type is when an adviser walks a client through the figures."""


def _table(name: str, columns: int) -> QTableWidget:
    table = QTableWidget(0, columns)
    table.setObjectName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    table.setAlternatingRowColors(True)
    return table


def _cell(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setToolTip(text)
    return item


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
        self.data_folder = data_folder
        self.demo = demo
        self.ask = ask
        self._adviser_keys: RecipientKeys | None = None
        """The adviser's keys once read (a protected file asks its passphrase only once)."""
        """False in tests and screenshots: no file or passphrase dialogs."""
        self.access = access or VaultAccess(
            data_folder, ask=ask, demo=demo, texts=self.t, parent=self.window
        )
        self.request: ShareRequest | None = None
        self.request_bytes: bytes | None = None
        self.last_code = ""
        self._base_font: QFont | None = None
        self._demo_package: Path | None = None
        """A demo's package, made once the demo household has arrived."""

        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.message = QLabel()
        self.message.setObjectName("shareMessage")
        self.message.setWordWrap(True)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._user_tab(), "")
        self.tabs.addTab(self._adviser_tab(), "")
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.message)
        layout.addWidget(self.tabs, 1)
        self._purge_timer = QTimer(self)
        self._purge_timer.setInterval(PURGE_EVERY_MS)
        self._purge_timer.timeout.connect(self._purge)
        self.retranslate()
        plain_text_labels(self)
        if demo:
            self.fill_demo()

    # --- building ---------------------------------------------------------------------------

    def _user_tab(self) -> QWidget:
        self.code = QLineEdit()
        self.code.setObjectName("shareRequestCode")
        self.read_button = QPushButton()
        self.read_button.clicked.connect(lambda: self.read_request_text(self.code.text()))
        self.open_request_button = QPushButton()
        self.open_request_button.clicked.connect(self._open_request_file)
        row = QHBoxLayout()
        row.addWidget(self.code, 1)
        row.addWidget(self.read_button)
        row.addWidget(self.open_request_button)

        self.request_box = QGroupBox()
        self.request_text = QLabel()
        self.request_text.setWordWrap(True)
        self.request_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.category_boxes: dict[str, QCheckBox] = {}
        boxes = QHBoxLayout()
        for category in CATEGORIES:
            box = QCheckBox()
            box.setObjectName(f"shareCategory-{category}")
            box.toggled.connect(self._show_consent)
            self.category_boxes[category] = box
            boxes.addWidget(box)
        boxes.addStretch(1)
        self.consent = QLabel()
        self.consent.setObjectName("shareConsent")
        self.consent.setWordWrap(True)
        self.create_button = QPushButton()
        self.create_button.setObjectName("shareCreate")
        self.create_button.clicked.connect(self._create_clicked)
        inner = QVBoxLayout(self.request_box)
        inner.addWidget(self.request_text)
        inner.addLayout(boxes)
        inner.addWidget(self.consent)
        inner.addWidget(self.create_button, 0, Qt.AlignmentFlag.AlignLeft)

        self.sent = _table("shareSent", 5)
        self.revoke_button = QPushButton()
        self.revoke_button.clicked.connect(self._revoke_clicked)
        self.log_table = _table("shareLog", 3)

        self.sent_label, self.log_label = QLabel(), QLabel()
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addLayout(row)
        layout.addWidget(self.request_box)
        layout.addWidget(self.sent_label)
        layout.addWidget(self.sent, 1)
        layout.addWidget(self.revoke_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.log_label)
        layout.addWidget(self.log_table, 1)
        self.request_box.setVisible(False)
        return tab

    def _adviser_tab(self) -> QWidget:
        self.key_label = QLabel()
        self.key_label.setObjectName("shareKey")
        self.key_button = QPushButton()
        self.key_button.clicked.connect(self.make_adviser_key)
        self.organisation = QLineEdit()
        self.adviser_name = QLineEdit()
        self.purpose = QLineEdit()
        self.days = QSpinBox()
        self.days.setRange(1, MAX_DAYS)
        self.days.setValue(30)
        self.wanted: dict[str, QCheckBox] = {}
        wanted_row = QGridLayout()
        for index, category in enumerate(CATEGORIES):
            box = QCheckBox()
            box.setObjectName(f"shareWanted-{category}")
            box.setChecked(category in ("personal", "pensions", "income"))
            self.wanted[category] = box
            wanted_row.addWidget(box, index // 4, index % 4)
        wanted = QWidget()
        wanted.setLayout(wanted_row)
        self.form = QFormLayout()
        self.form_labels = [QLabel() for _ in range(5)]
        for label, field in zip(
            self.form_labels,
            (self.organisation, self.adviser_name, self.purpose, wanted, self.days),
            strict=True,
        ):
            self.form.addRow(label, field)
        self.request_button = QPushButton()
        self.request_button.setObjectName("shareMakeRequest")
        self.request_button.clicked.connect(self._request_clicked)
        self.qr = QLabel()
        self.qr.setObjectName("shareQr")
        self.qr.setFixedSize(170, 170)
        self.qr.setScaledContents(True)
        self.code_out = QLineEdit()
        self.code_out.setObjectName("shareCodeOut")
        self.code_out.setReadOnly(True)
        self.open_package_button = QPushButton()
        self.open_package_button.clicked.connect(self._open_package_clicked)
        self.clients = _table("shareClients", 3)
        self.show_client_button = QPushButton()
        self.show_client_button.clicked.connect(self._show_client_clicked)
        self.presentation = QCheckBox()
        self.presentation.setObjectName("sharePresentation")
        self.presentation.toggled.connect(self.set_presentation)

        left = QVBoxLayout()
        left.addWidget(self.key_label)
        left.addWidget(self.key_button, 0, Qt.AlignmentFlag.AlignLeft)
        left.addLayout(self.form)
        left.addWidget(self.request_button, 0, Qt.AlignmentFlag.AlignLeft)
        top = QHBoxLayout()
        top.addLayout(left, 1)
        code_column = QVBoxLayout()
        code_column.addWidget(self.qr)
        code_column.addStretch(1)
        top.addLayout(code_column)
        self.clients_label = QLabel()
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addLayout(top)
        layout.addWidget(self.code_out)
        layout.addWidget(self.open_package_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.clients_label)
        layout.addWidget(self.clients, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.show_client_button)
        buttons.addWidget(self.presentation)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        scroll = QScrollArea()
        scroll.setWidget(tab)
        scroll.setWidgetResizable(True)
        return scroll

    # --- language ---------------------------------------------------------------------------

    def retranslate(self) -> None:
        """Every text and accessible name in the current language."""
        t = self.t
        self.title.setText(t("page.share"))
        self.tabs.setTabText(0, t("share.tab.user"))
        self.tabs.setTabText(1, t("share.tab.adviser"))
        self.code.setPlaceholderText(t("share.code.placeholder"))
        self.code.setAccessibleName(t("share.code.name"))
        self.read_button.setText(t("share.code.read"))
        self.open_request_button.setText(t("share.request.open"))
        self.request_box.setTitle(t("share.request.title"))
        for category, box in {**self.category_boxes}.items():
            box.setText(t(f"share.category.{category}"))
            box.setAccessibleName(t(f"share.category.{category}"))
        for category, box in self.wanted.items():
            box.setText(t(f"share.category.{category}"))
            box.setAccessibleName(t("share.wanted.name", category=t(f"share.category.{category}")))
        self.create_button.setText(t("share.create"))
        self.sent_label.setText(t("share.sent.title"))
        self.sent.setAccessibleName(t("share.sent.title"))
        self.sent.setHorizontalHeaderLabels(
            [
                t(f"share.sent.{k}")
                for k in ("recipient", "purpose", "categories", "expires", "status")
            ]
        )
        self.revoke_button.setText(t("share.revoke"))
        self.log_label.setText(t("share.log.title"))
        self.log_table.setAccessibleName(t("share.log.title"))
        self.log_table.setHorizontalHeaderLabels(
            [t(f"share.log.{k}") for k in ("at", "event", "details")]
        )
        self.key_button.setText(t("share.key.make"))
        for label, key in zip(
            self.form_labels, ("organisation", "name", "purpose", "categories", "days"), strict=True
        ):
            label.setText(t(f"share.form.{key}") + ":")
        for field, key in (
            (self.organisation, "organisation"),
            (self.adviser_name, "name"),
            (self.purpose, "purpose"),
            (self.days, "days"),
        ):
            field.setAccessibleName(t(f"share.form.{key}"))
        self.request_button.setText(t("share.request.make"))
        self.qr.setAccessibleName(t("share.qr.name"))
        self.code_out.setAccessibleName(t("share.code.out"))
        self.open_package_button.setText(t("share.package.open"))
        self.clients_label.setText(t("share.clients.title"))
        self.clients.setAccessibleName(t("share.clients.title"))
        self.clients.setHorizontalHeaderLabels(
            [t(f"share.clients.{k}") for k in ("client", "received", "purge")]
        )
        self.show_client_button.setText(t("share.clients.show"))
        self.presentation.setText(t("share.presentation"))
        self.presentation.setAccessibleName(t("share.presentation"))
        self._show_request()
        self._show_key()
        self.refresh()

    # --- the vault --------------------------------------------------------------------------

    def vault(self) -> Vault | None:
        """The vault, opened on first use (shared with the window's autosave)."""
        first = self.access.opened() is None
        vault = self.access.get()
        if vault is None:
            self.say(self.access.problem, problem=True)
        elif first:
            self.say(self.t(f"share.vault.{vault.key_source}"))
            self._purge_timer.start()
        return vault

    def _purge(self) -> None:
        """Retention dates are kept while the program runs, not only when it starts."""
        vault = self.access.opened()
        if vault is not None and vault.purge_expired():
            self.refresh()

    def say(self, text: str, problem: bool = False) -> None:
        """A line above the tabs: what just happened, or what went wrong."""
        self.message.setStyleSheet("color: #b00020;" if problem else "")
        self.message.setText(text)

    # --- the user's side --------------------------------------------------------------------

    def read_request_text(self, text: str) -> bool:
        """Read a request (file bytes or text code) and show what it asks."""
        try:
            self.request = read_request(text.strip(), "request")
        except PensioencheckerError as exc:
            self.say(str(exc), problem=True)
            return False
        self.request_bytes = text.strip().encode()
        self._show_request()
        return True

    def _open_request_file(self) -> None:
        if not self.ask:
            return
        name, _ = QFileDialog.getOpenFileName(self, self.t("share.request.open"))
        if name:
            try:
                self.read_request_text(Path(name).read_text(encoding="utf-8"))
            except (OSError, UnicodeError) as exc:
                self.say(f"{name}: {exc}", problem=True)

    def _show_request(self) -> None:
        request = self.request
        self.request_box.setVisible(request is not None)
        if request is None:
            return
        until = expiry(clock.now(), request.days).date()
        who = f"{request.name} ({request.organisation})" if request.organisation else request.name
        self.request_text.setText(
            self.t(
                "share.request.text",
                who=who,
                purpose=request.purpose,
                until=long_date(until, self.lang),
                days=request.days,
            )
        )
        for category, box in self.category_boxes.items():
            box.setVisible(category in request.categories)
            if category not in request.categories:
                box.setChecked(False)
        self._show_consent()

    def chosen(self) -> tuple[str, ...]:
        """The categories ticked (never more than the request asks)."""
        return tuple(c for c, box in self.category_boxes.items() if box.isChecked())

    def _show_consent(self) -> None:
        request = self.request
        if request is None:
            return
        until = long_date(expiry(clock.now(), request.days).date(), self.lang)
        dutch, english = consent_texts(
            request.organisation, request.name, request.purpose, self.chosen(), until
        )
        self.consent.setText(dutch if self.lang == "nl" else english)
        self.create_button.setEnabled(bool(self.chosen()) and self.controller.dossier is not None)

    def _create_clicked(self) -> None:
        if not self.ask:
            return
        name, _ = QFileDialog.getSaveFileName(
            self, self.t("share.create"), "pensioenchecker.pcshare", "*.pcshare"
        )
        if name:
            self.create_to(Path(name))

    def create_to(self, target: Path, now: dt.datetime | None = None) -> bool:
        """Make the package for the current request and the ticked categories."""
        request, dossier, vault = self.request, self.controller.dossier, self.vault()
        if request is None or dossier is None or vault is None:
            return False
        files = self._original_files(dossier) if "files" in self.chosen() else []
        try:
            key = own_signing_key(self.data_folder / "keys" / "own-signing.key")
            made = create_package(request, dossier, self.chosen(), key, files, now=now)
            write_atomic(target, made.data)
            receipt = target.with_name(target.name + ".receipt.json")
            write_atomic(receipt, json.dumps(made.receipt, ensure_ascii=False, indent=2).encode())
        except PensioencheckerError as exc:
            self.say(str(exc), problem=True)
            return False
        record_sent(vault, request, made, self.chosen())
        self.say(self.t("share.created", file=target.name))
        self.refresh()
        if request.upload_url:
            self.send(request, made.data, target)
        return True

    def send(self, request: ShareRequest, data: bytes, saved: Path) -> None:
        """Upload the package to the request's address, off the GUI thread; the file stays."""
        from pensioenchecker.share.delivery import send_package
        from pensioenchecker.share.request import url_host

        host = url_host(request.upload_url)
        self.say(self.t("share.sending", host=host))

        def sent(_result: object) -> None:
            vault = self.access.opened()
            if vault is not None:
                vault.log("package sent", host=host)
            self.say(self.t("share.sent", host=host))
            self.refresh()

        def failed(error: BaseException) -> None:
            self.say(self.t("share.send.failed", file=str(saved), reason=str(error)), problem=True)

        self.controller.tasks.run(lambda: send_package(request, data), sent, failed)

    def _original_files(self, dossier: Dossier) -> list[SharedFile]:
        """The files this household was loaded from, each matching its recorded name and hash.

        Only files the user opened in this window count; names in a dossier are never used as
        paths (a dossier from elsewhere could name any file on the machine).
        """
        import hashlib

        from pensioenchecker.share._common import read_bytes

        wanted = {(Path(d.name).name, d.sha256) for d in dossier.documents}
        found = []
        for path in self.controller.files:
            try:
                data = read_bytes(Path(path))
            except PensioencheckerError:
                continue
            if (Path(path).name, hashlib.sha256(data).hexdigest()) in wanted:
                found.append(SharedFile(Path(path).name, data))
        return found

    def _revoke_clicked(self) -> None:
        if not self.ask:
            return
        package, _ = QFileDialog.getOpenFileName(
            self, self.t("share.revoke.which"), "", "*.pcshare"
        )
        if not package:
            return
        name, _ = QFileDialog.getSaveFileName(
            self, self.t("share.revoke"), "intrekking.pcrevoke", "*.pcrevoke"
        )
        if name:
            self.revoke(Path(package), Path(name))

    def revoke(self, package: Path, notice_path: Path) -> bool:
        """Write a signed revocation notice for a package this user made; mark it revoked."""
        vault = self.vault()
        if vault is None:
            return False
        try:
            header = read_header(read_bytes(package), str(package))
            if header.share_id not in {s.id for s in vault.shares("sent")}:
                self.say(self.t("share.revoke.unknown", file=package.name), problem=True)
                return False
            # Revoking never makes a key: only the key that signed the package can revoke it.
            key = own_signing_key(self.data_folder / "keys" / "own-signing.key", create=False)
            write_atomic(notice_path, make_revocation(header, key))
            record_revoked(vault, header.share_id, notice_path.name)
        except OSError as exc:
            self.say(f"{package}: {exc.strerror}", problem=True)
            return False
        except PensioencheckerError as exc:
            self.say(str(exc), problem=True)
            return False
        self.say(self.t("share.revoked", file=notice_path.name))
        self.refresh()
        return True

    # --- the adviser's side -----------------------------------------------------------------

    def _key_path(self) -> Path:
        return self.data_folder / "keys" / "adviser.key"

    def adviser_keys(self) -> RecipientKeys | None:
        """The adviser's key pair, if made; a protected one asks its passphrase once a session."""
        path = self._key_path()
        if not path.exists():
            return None
        if self._adviser_keys is not None:
            return self._adviser_keys
        try:
            try:
                keys = load_recipient_keys(path)
            except KeyPassphraseNeededError:
                phrase = self._passphrase("share.key.passphrase.existing")
                if phrase is None:
                    self.say(self.t("share.key.locked"), problem=True)
                    return None
                keys = load_recipient_keys(path, phrase)
        except PensioencheckerError as exc:
            self.say(str(exc), problem=True)
            return None
        self._adviser_keys = keys
        return keys

    def make_adviser_key(self) -> None:
        """Make the adviser's key pair once (a second one would orphan earlier requests).

        Asked for a passphrase (twice, alike), the private keys are sealed with it; left empty,
        the key file is protected by its permissions only.
        """
        if not self._key_path().exists():
            phrase = None
            if self.ask:
                phrase = self._passphrase("share.key.passphrase.new")
                if phrase and self._passphrase("share.key.passphrase.again") != phrase:
                    self.say(self.t("share.key.passphrase.differs"), problem=True)
                    return
            self._key_path().parent.mkdir(parents=True, exist_ok=True)
            self._adviser_keys = save_recipient_keys(
                make_keys(), self._key_path(), passphrase=phrase
            )
        self._show_key()

    def _passphrase(self, prompt: str) -> str | None:
        """A passphrase typed in a dialog (hidden); None when cancelled, empty or not asked."""
        if not self.ask:
            return None
        text, ok = QInputDialog.getText(
            self, self.t("share.key.passphrase.title"), self.t(prompt), QLineEdit.EchoMode.Password
        )
        return text if ok and text else None

    def _show_key(self) -> None:
        """The key's fingerprint (from its public part: a protected key stays locked here)."""
        shown: str | None = None
        if self._key_path().exists():
            try:
                shown = key_fingerprint(self._key_path())
            except PensioencheckerError as exc:
                self.say(str(exc), problem=True)
        self.key_button.setVisible(shown is None)
        self.request_button.setEnabled(shown is not None)
        self.key_label.setText(
            self.t("share.key.none")
            if shown is None
            else self.t("share.key.shown", print=shown[:16])
        )

    def _request_clicked(self) -> None:
        if not self.ask:
            self.make_request_to(None)
            return
        name, _ = QFileDialog.getSaveFileName(
            self, self.t("share.request.make"), "verzoek.pcrequest", "*.pcrequest"
        )
        self.make_request_to(Path(name) if name else None)

    def make_request_to(self, target: Path | None, now: dt.datetime | None = None) -> bytes | None:
        """Make a signed request from the form; show its QR code and text code."""
        keys = self.adviser_keys()
        if keys is None:
            return None
        try:
            request, data = make_request(
                keys,
                name=self.adviser_name.text(),
                purpose=self.purpose.text(),
                categories=[c for c, box in self.wanted.items() if box.isChecked()],
                days=self.days.value(),
                organisation=self.organisation.text(),
                now=now,
            )
            if target is not None:
                write_atomic(target, data)
        except PensioencheckerError as exc:
            self.say(str(exc), problem=True)
            return None
        self.last_code = request_text_code(data)
        self.code_out.setText(self.last_code)
        self._show_qr(self.last_code)
        vault = self.vault()
        if vault is not None:
            vault.log("request made", request=request.request_id, purpose=request.purpose)
        self.say(self.t("share.request.made", days=request.days))
        self.refresh()
        return data

    def _show_qr(self, code: str) -> None:
        import io

        import segno

        buffer = io.BytesIO()
        segno.make(code, error="m").save(buffer, kind="png", scale=3, border=2)
        self.qr.setPixmap(QPixmap.fromImage(QImage.fromData(buffer.getvalue())))

    def _open_package_clicked(self) -> None:
        if not self.ask:
            return
        name, _ = QFileDialog.getOpenFileName(self, self.t("share.package.open"))
        if name:
            try:
                self.open_package_bytes(read_bytes(Path(name)), Path(name).name)
            except PensioencheckerError as exc:
                self.say(str(exc), problem=True)

    def open_package_bytes(
        self, data: bytes, where: str, at: dt.datetime | None = None
    ) -> str | None:
        """Open a package (store it with its purge date) or apply a revocation notice."""
        keys, vault = self.adviser_keys(), self.vault()
        if keys is None or vault is None:
            self.say(self.t("share.key.none"), problem=True)
            return None
        try:
            if is_revocation(data):
                share_id = apply_revocation(vault, data, keys, where)
                self.say(self.t("share.revocation.applied"))
                self.refresh()
                return share_id
            opened = open_package(data, keys, at=at, where=where)
            dossier_id = store_received(vault, opened, data)
        except PensioencheckerError as exc:
            self.say(str(exc), problem=True)
            return None
        self.say(
            self.t("share.package.opened", until=long_date(opened.expires_at.date(), self.lang))
        )
        self.refresh()
        return dossier_id

    def _show_client_clicked(self) -> None:
        vault = self.access.opened()
        row = self.clients.currentRow()
        entries = self._client_entries()
        if vault is None or not 0 <= row < len(entries):
            return
        self.show_client(entries[row].id)

    def show_client(self, dossier_id: str) -> None:
        """Load a client's dossier into the window (Overview, What if show it)."""
        vault = self.vault()
        if vault is None:
            return
        try:
            self.controller.show_received(vault.load_dossier(dossier_id))
        except PensioencheckerError as exc:
            self.say(str(exc), problem=True)

    def _client_entries(self) -> list[DossierEntry]:
        vault = self.access.opened()
        return [e for e in vault.list_dossiers() if e.origin == "received"] if vault else []

    def set_presentation(self, on: bool) -> None:
        """Large type for walking a client through the figures (identifiers stay masked)."""
        window = self.window()
        if self._base_font is None:
            self._base_font = QFont(window.font())
        font = QFont(self._base_font)
        if on:
            font.setPointSizeF(self._base_font.pointSizeF() * PRESENTATION_SCALE)
        window.setFont(font)

    # --- tables -----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Fill the shared-packages, clients and log tables from the vault."""
        vault = self.access.opened()
        if vault is None:
            return
        shares = vault.shares("sent")
        self.sent.setRowCount(len(shares))
        for row, share in enumerate(shares):
            values = (
                share.counterparty,
                share.purpose,
                ", ".join(self.t(f"share.category.{c}") for c in share.categories),
                long_date(share.expires_at.date(), self.lang) if share.expires_at else "—",
                self.t(f"share.status.{share.status}"),
            )
            for column, value in enumerate(values):
                self.sent.setItem(row, column, _cell(value))
        entries = self._client_entries()
        self.clients.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            values = (
                mask_identifiers(entry.label),
                long_date(entry.updated_at.date(), self.lang),
                long_date(entry.purge_at.date(), self.lang) if entry.purge_at else "—",
            )
            for column, value in enumerate(values):
                self.clients.setItem(row, column, _cell(value))
        logs = vault.logs(200)
        self.log_table.setRowCount(len(logs))
        for row, entry in enumerate(logs):
            local = entry.at.astimezone()
            details = ", ".join(f"{k}: {v}" for k, v in entry.fields.items())
            values = (
                f"{long_date(local.date(), self.lang)} {local:%H:%M}",
                self.t(f"share.event.{entry.event}"),
                details,
            )
            for column, value in enumerate(values):
                self.log_table.setItem(row, column, _cell(value))

    # --- the demo ---------------------------------------------------------------------------

    def fill_demo(self) -> None:
        """A synthetic adviser's request, a package made for it and the log (demo households)."""
        demo_adviser = Path(tempfile.mkdtemp(prefix="pensioenchecker-demo-keys-"))
        self.data_folder = demo_adviser
        self.make_adviser_key()
        self.organisation.setText("Adviesbureau Voorbeeld (synthetisch)")
        self.adviser_name.setText("Demo-adviseur (synthetisch)")
        self.purpose.setText("Pensioenadvies")
        data = self.make_request_to(None)
        if data is None:
            return
        self.read_request_text(data.decode())
        for category in ("personal", "pensions", "income"):
            self.category_boxes[category].setChecked(True)
        self._demo_package = demo_adviser / "demo.pcshare"

    def show_projection(self, projection: object) -> None:
        """A dossier arrived: a demo makes its package now; the consent may be given."""
        if self._demo_package is not None and self.controller.dossier is not None:
            package, self._demo_package = self._demo_package, None
            self.create_to(package)
            data = package.read_bytes()
            header = read_header(data)
            self.open_package_bytes(data, "demo.pcshare")
            self.say(self.t("share.demo", until=long_date(header.expires_at.date(), self.lang)))
        self._show_consent()
        self.refresh()


def make_share_page(
    controller: DossierController, data_folder: Path, demo: bool, ask: bool
) -> Callable[[], SharePage]:
    """A factory for the window's lazy pages."""
    return lambda: SharePage(controller, data_folder, demo=demo, ask=ask)
