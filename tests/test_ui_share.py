"""The Share page: a request answered with a package the adviser can open, revocation, the log,
the adviser's side and the presentation view (offscreen, no dialogs, throw-away vaults)."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pensioenchecker.share.keys import load_recipient_keys  # noqa: E402
from pensioenchecker.share.package import open_package  # noqa: E402
from pensioenchecker.vault import Vault  # noqa: E402
from ui.application import demo_files  # noqa: E402
from ui.controller import DossierController  # noqa: E402
from ui.pages.share import SharePage  # noqa: E402
from ui.pages.share.controller import Received  # noqa: E402
from ui.zoom import PRESENTATION_SCALE  # noqa: E402

KEY = bytes(range(32))


@pytest.fixture
def pages(qtbot, controller: DossierController, tmp_path: Path, monkeypatch):  # type: ignore[no-untyped-def]
    """A user's page and an adviser's page, each with its own folder and vault."""
    real_open = Vault.open

    def open_with_key(folder=None, **_kw):  # type: ignore[no-untyped-def]
        return real_open(folder, key=KEY)  # keyring-less test machines: an explicit key

    monkeypatch.setattr(Vault, "open", staticmethod(open_with_key))
    user = SharePage(controller, tmp_path / "user", ask=False)
    adviser = SharePage(controller, tmp_path / "adviser", ask=False)
    for page in (user, adviser):
        qtbot.addWidget(page)
    controller.load_files(demo_files("couple"))
    return user, adviser


def fill_request(
    adviser: SharePage, categories: tuple[str, ...] = ("personal", "pensions")
) -> bytes:
    adviser.state.make_adviser_key()
    adviser.requests.organisation.setText("Adviesbureau Voorbeeld (synthetisch)")
    adviser.requests.adviser_name.setText("Demo-adviseur (synthetisch)")
    adviser.requests.purpose.setText("Pensioenadvies")
    for category, box in adviser.requests.wanted.items():
        box.setChecked(category in categories)
    data = adviser.requests.make_request_to(None)
    assert data is not None
    return data


def open_file(
    page: SharePage, data: bytes, where: str, at: dt.datetime | None = None
) -> Received | None:
    """Open a package or notice on the adviser's page; None when it was refused.

    The tests' task runner is synchronous: what was opened is known when this returns.
    """
    opened: list[Received] = []
    assert page.state.open_package(data, where, at, then=opened.append)
    return opened[0] if opened else None


def test_a_request_shows_only_its_categories_and_the_consent(pages) -> None:  # type: ignore[no-untyped-def]
    user, adviser = pages
    fill_request(adviser)
    assert adviser.requests.code_out.text().startswith("PCR")  # the text code to paste
    assert not adviser.requests.qr.pixmap().isNull()  # and its QR code
    assert user.state.read_request(adviser.requests.code_out.text())
    visible = {c for c, box in user.answer.category_boxes.items() if box.isVisibleTo(user)}
    assert visible == {"personal", "pensions"}
    user.answer.category_boxes["pensions"].setChecked(True)
    assert "Pensioenadvies" in user.answer.consent.text()
    assert "Demo-adviseur (synthetisch)" in user.answer.consent.text()


def test_package_round_trip_from_page_to_page(pages, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    user, adviser = pages
    user.state.read_request(fill_request(adviser).decode())
    user.answer.category_boxes["pensions"].setChecked(True)  # pensions only: names stay home
    package = tmp_path / "pakket.pcshare"
    assert user.answer.create_to(package)
    assert (tmp_path / "pakket.pcshare.receipt.json").is_file()
    # The adviser's key opens it; the dossier holds the pensions and no names.
    opened = open_package(package.read_bytes(), load_recipient_keys(adviser.state.key_path()))
    assert {e.id for e in opened.dossier.entitlements} == {
        e.id for e in user.controller.dossier.entitlements
    }
    assert all(p.name is None for p in opened.dossier.household.persons)
    # The user's side lists it, with its expiry, and logs it.
    assert user.sent.table.rowCount() == 1
    assert user.sent.table.item(0, 1).text() == "Pensioenadvies"
    events = [user.log.table.item(r, 1).text() for r in range(user.log.table.rowCount())]
    assert "gedeeld" in events
    # The adviser's side stores it as a client, with its purge date.
    received = open_file(adviser, package.read_bytes(), package.name)
    assert received is not None and received.dossier_id is not None
    assert adviser.clients.table.rowCount() == 1
    entry = adviser.state.vault().list_dossiers()[0]
    assert entry.origin == "received" and entry.purge_at == opened.expires_at


def test_revocation_purges_the_advisers_copy(pages, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    user, adviser = pages
    user.state.read_request(fill_request(adviser).decode())
    user.answer.category_boxes["pensions"].setChecked(True)
    package, notice = tmp_path / "p.pcshare", tmp_path / "n.pcrevoke"
    assert user.answer.create_to(package)
    assert open_file(adviser, package.read_bytes(), package.name) is not None
    assert user.state.revoke(package, notice)
    assert user.sent.table.item(0, 4).text() == "ingetrokken"
    revoked = open_file(adviser, notice.read_bytes(), notice.name)
    assert revoked is not None and revoked.dossier_id is None  # a notice, applied
    assert adviser.clients.table.rowCount() == 0
    assert adviser.state.vault().list_dossiers() == []


def test_expired_package_is_refused_with_a_reason(pages, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    user, adviser = pages
    user.state.read_request(fill_request(adviser).decode())
    user.answer.category_boxes["pensions"].setChecked(True)
    package = tmp_path / "p.pcshare"
    start = dt.datetime(2026, 11, 1, 12, 0, tzinfo=dt.UTC)
    assert user.answer.create_to(package, now=start)
    later = start + dt.timedelta(days=400)
    assert open_file(adviser, package.read_bytes(), package.name, at=later) is None
    assert "het pakket is verlopen op 1 december 2026 om 12:00 UTC" in adviser.message.text()


def test_presentation_enlarges_the_type_and_back(pages) -> None:  # type: ignore[no-untyped-def]
    _user, adviser = pages
    before = adviser.window().font().pointSizeF()
    adviser.clients.presentation.setChecked(True)
    assert adviser.window().font().pointSizeF() == pytest.approx(before * PRESENTATION_SCALE)
    adviser.clients.presentation.setChecked(False)
    assert adviser.window().font().pointSizeF() == pytest.approx(before)


def test_demo_shows_a_request_a_package_and_the_log(qtbot, controller, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = SharePage(controller, tmp_path, demo=True, ask=False)
    qtbot.addWidget(page)
    controller.load_files(demo_files("couple"))
    assert page.state.request is not None and page.answer.request_box.isVisibleTo(page)
    assert page.sent.table.rowCount() == 1 and page.clients.table.rowCount() == 1
    assert page.log.table.rowCount() >= 4
    assert not (tmp_path / "keys").exists()  # a demo keeps its keys out of the data folder


def test_log_holds_no_iban(pages, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    user, adviser = pages
    user.state.read_request(fill_request(adviser, ("bank", "pensions")).decode())
    user.answer.category_boxes["bank"].setChecked(True)
    assert user.answer.create_to(tmp_path / "p.pcshare")
    text = " ".join(
        user.log.table.item(r, c).text() for r in range(user.log.table.rowCount()) for c in range(3)
    )
    ibans = {t.counterparty_account for t in user.controller.dossier.transactions} - {None}
    assert ibans and not any(iban in text for iban in ibans)


def test_a_request_with_an_upload_address_sends_the_package(pages, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The page uploads to the request's (pre-signed style) address; the file stays on disk."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    received: list[bytes] = []

    class Upload(BaseHTTPRequestHandler):
        def do_PUT(self) -> None:  # noqa: N802 - http.server's name
            received.append(self.rfile.read(int(self.headers["Content-Length"])))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *_args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Upload)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        user, adviser = pages
        adviser.state.make_adviser_key()
        from pensioenchecker.share.request import make_request

        url = f"http://127.0.0.1:{httpd.server_address[1]}/bucket/p?X-Signature=abc"
        _request, data = make_request(
            load_recipient_keys(adviser.state.key_path()), name="n", purpose="advies",
            categories=["pensions"], days=10, upload_url=url,
        )  # fmt: skip
        assert user.state.read_request(data.decode())
        user.answer.category_boxes["pensions"].setChecked(True)
        package = tmp_path / "p.pcshare"
        assert user.answer.create_to(package)  # the tests' task runner is synchronous
        assert received == [package.read_bytes()]
        assert "verstuurd" in user.message.text()
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_labels_show_a_requests_markup_as_text(pages) -> None:  # type: ignore[no-untyped-def]
    """A request cannot hide part of the consent text with markup: labels show plain text."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel

    user, _adviser = pages
    labels = user.findChildren(QLabel)
    assert labels and all(label.textFormat() == Qt.TextFormat.PlainText for label in labels)


def test_originals_come_only_from_the_files_opened_with_a_matching_hash(
    pages, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """A dossier naming other files (/etc/hostname, ../x) never makes them travel."""
    from pensioenchecker.model import SourceFile
    from pensioenchecker.share import matching_files

    user, _adviser = pages
    dossier = user.controller.dossier
    opened = [Path(f) for f in user.controller.files]
    shared = matching_files(user.controller.files, dossier)
    assert sorted(f.name for f in shared) == sorted(p.name for p in opened)
    hostile = dossier.model_copy(
        update={
            "documents": [
                SourceFile(name="/etc/hostname", kind="mpo", sha256="0" * 64, size=1),
                SourceFile(name="../../../../etc/passwd", kind="mpo", sha256="0" * 64, size=1),
            ]
        }
    )
    assert matching_files(user.controller.files, hostile) == []


def test_a_clients_household_is_never_kept_as_ones_own(pages, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    user, adviser = pages
    kept: list[object] = []
    adviser.controller.autosave = kept.append
    user.state.read_request(fill_request(adviser).decode())
    user.answer.category_boxes["pensions"].setChecked(True)
    package = tmp_path / "p.pcshare"
    assert user.answer.create_to(package)
    received = open_file(adviser, package.read_bytes(), package.name)
    assert received is not None and received.dossier_id is not None
    adviser.state.show_client(received.dossier_id)
    assert adviser.controller.own is False and kept == []
    line = adviser.controller.dossier.entitlements[1]
    adviser.controller.edit_amount(line.id, 100_000)  # an edit while showing the client
    assert kept == []


def test_the_adviser_key_can_be_sealed_with_a_passphrase(
    qtbot, controller: DossierController, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Made with a passphrase typed twice; read back only after it is typed again."""
    from PySide6.QtWidgets import QInputDialog

    answers: list[tuple[str, bool]] = []
    asked: list[str] = []

    def typed(_parent, _title, label, _echo):  # type: ignore[no-untyped-def]
        asked.append(label)
        return answers.pop(0)

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(typed))
    page = SharePage(controller, tmp_path, ask=True)
    qtbot.addWidget(page)
    answers[:] = [("synthetisch wachtwoord", True), ("anders", True)]
    page.state.make_adviser_key()  # the two differ: no key
    assert not page.state.key_path().exists()
    answers[:] = [("synthetisch wachtwoord", True), ("synthetisch wachtwoord", True)]
    page.state.make_adviser_key()
    assert json.loads(page.state.key_path().read_text())["version"] == 2  # sealed
    made = page.state.adviser_keys()
    assert made is not None
    again = SharePage(controller, tmp_path, ask=True)  # a new session
    qtbot.addWidget(again)
    answers[:] = [("", False)]  # cancelled
    assert again.state.adviser_keys() is None
    answers[:] = [("synthetisch wachtwoord", True)]
    keys = again.state.adviser_keys()
    assert keys is not None and keys.fingerprint == made.fingerprint
    asked.clear()
    assert again.state.adviser_keys() is keys and asked == []  # asked once a session
    assert load_recipient_keys(page.state.key_path(), "synthetisch wachtwoord").fingerprint == (
        made.fingerprint
    )


def test_packages_are_made_and_opened_off_the_gui_thread(
    qtbot, engine, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """With the window's own task runner the page stays responsive; the outcome still arrives."""
    import threading

    from ui.i18n import Texts
    from ui.pages.share import controller as share_controller
    from ui.tasks import TaskRunner

    real_open = Vault.open
    monkeypatch.setattr(
        Vault, "open", staticmethod(lambda folder=None, **_kw: real_open(folder, key=KEY))
    )
    threads: list[threading.Thread] = []
    for name in ("share_package", "open_package"):
        real = getattr(share_controller, name)

        def watched(*args, _real=real, **kwargs):  # type: ignore[no-untyped-def]
            threads.append(threading.current_thread())
            return _real(*args, **kwargs)

        monkeypatch.setattr(share_controller, name, watched)
    window = DossierController(engine, TaskRunner(), Texts("nl"), as_of=dt.date(2026, 11, 28))
    user = SharePage(window, tmp_path / "user", ask=False)
    adviser = SharePage(window, tmp_path / "adviser", ask=False)
    for page in (user, adviser):
        qtbot.addWidget(page)
    window.load_files(demo_files("couple"))
    qtbot.waitUntil(lambda: window.dossier is not None)
    said: list[str] = []
    user.state.said.connect(lambda text, _problem: said.append(text))
    making: list[bool] = []
    user.state.making_changed.connect(making.append)
    user.state.read_request(fill_request(adviser))
    user.answer.category_boxes["pensions"].setChecked(True)
    made: list[object] = []
    package = tmp_path / "p.pcshare"
    assert user.answer.create_button.isEnabled()
    assert user.answer.create_to(package, then=made.append)
    assert not user.answer.create_button.isEnabled()  # one package at a time
    qtbot.waitUntil(lambda: made != [])
    assert making == [True, False] and user.answer.create_button.isEnabled()
    assert said[-1] == user.t("share.created", file="p.pcshare")
    opened: list[object] = []
    assert adviser.state.open_package(package.read_bytes(), package.name, then=opened.append)
    qtbot.waitUntil(lambda: opened != [])
    assert adviser.clients.table.rowCount() == 1
    assert len(threads) == 2 and threading.main_thread() not in threads


def test_a_refused_upload_says_where_the_package_is(pages, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The store refuses: the message names the saved file; the share is still listed."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from pensioenchecker.share.request import make_request

    class Refuse(BaseHTTPRequestHandler):
        def do_PUT(self) -> None:  # noqa: N802 - http.server's name
            self.rfile.read(int(self.headers["Content-Length"]))
            self.send_response(403)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *_args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Refuse)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        user, adviser = pages
        adviser.state.make_adviser_key()
        url = f"http://127.0.0.1:{httpd.server_address[1]}/bucket/p?X-Signature=abc"
        _request, data = make_request(
            load_recipient_keys(adviser.state.key_path()), name="n", purpose="advies",
            categories=["pensions"], days=10, upload_url=url,
        )  # fmt: skip
        assert user.state.read_request(data.decode())
        user.answer.category_boxes["pensions"].setChecked(True)
        package = tmp_path / "p.pcshare"
        assert user.answer.create_to(package)
        assert package.is_file() and user.sent.table.rowCount() == 1
        text = user.message.text()
        assert text.startswith("Versturen mislukt") and str(package) in text and "403" in text
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_log_written_in_dutch_reads_in_english_after_the_switch(pages, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    user, adviser = pages
    assert user.controller.lang == "nl"
    user.state.read_request(fill_request(adviser).decode())
    user.answer.category_boxes["pensions"].setChecked(True)
    assert user.answer.create_to(tmp_path / "pakket.pcshare")
    expires = user.sent.table.item(0, 3).text()

    def shared_row() -> tuple[str, str]:
        table = user.log.table
        rows = [(table.item(r, 1).text(), table.item(r, 2).text()) for r in range(table.rowCount())]
        return next(row for row in rows if row[0] in ("gedeeld", "shared"))

    event, details = shared_row()
    assert event == "gedeeld"
    assert (
        "ontvanger: Demo-adviseur (synthetisch) (Adviesbureau Voorbeeld (synthetisch))" in details
    )
    assert "doel: Pensioenadvies; gegevens: pensioenen; tot: " in details
    assert re.search(r"tot: \d{1,2} [a-z]+ 20\d\d$", details), details
    user.controller.set_language("en")
    user.retranslate()
    event, details = shared_row()
    assert event == "shared"
    assert (
        "recipient: Demo-adviseur (synthetisch) (Adviesbureau Voorbeeld (synthetisch))" in details
    )
    assert "purpose: Pensioenadvies; data: pensions; until: " in details
    assert re.search(r"until: \d{1,2} [A-Z][a-z]+ 20\d\d$", details), details
    assert not re.search(r"\d{4}-\d\d-\d\d", details)
    assert user.sent.table.item(0, 3).text() != expires  # the expiry in English words too
