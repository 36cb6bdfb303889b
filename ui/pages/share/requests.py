"""Making a request (the adviser's side): the key, the form, and the request as QR and text code.

The key is made once; a second one would leave earlier requests unanswerable. The request's
text code and QR code are what the adviser hands to a client.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QImage, QPixmap, QShowEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QBoxLayout,
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from pensioenchecker.share import CATEGORIES, MAX_DAYS, request_text_code
from ui.pages.share.controller import ShareController
from ui.zoom import zoom

ASKED_FIRST = ("personal", "pensions", "income")
"""The categories ticked on a new form: what pension advice needs."""
QR_MODULE_PX = 3
"""Pixels per QR module at the system's text size (more when zoomed, for a phone across a
table)."""
QR_SIZE = 170
AREA_MARGIN = 12
"""Room between the panel and the edge of the area it scrolls in, on each side."""
FIELDS = ("organisation", "name", "purpose", "categories", "days")


class RequestPanel(QWidget):
    """The adviser's key, the request form, and the last request's QR and text code."""

    def __init__(self, state: ShareController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.key_label = QLabel()
        self.key_label.setObjectName("shareKey")
        self.key_button = QPushButton()
        self.key_button.clicked.connect(state.make_adviser_key)
        self.organisation = QLineEdit()
        self.adviser_name = QLineEdit()
        self.purpose = QLineEdit()
        self.days = QSpinBox()
        self.days.setRange(1, MAX_DAYS)
        self.days.setValue(30)
        self.form = QFormLayout()
        # Large type in a narrow window: a field goes under its label rather than off the edge.
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.form_labels = [QLabel() for _ in FIELDS]
        fields = (self.organisation, self.adviser_name, self.purpose, self._wanted(), self.days)
        for label, field in zip(self.form_labels, fields, strict=True):
            self.form.addRow(label, field)
        self.request_button = QPushButton()
        self.request_button.setObjectName("shareMakeRequest")
        self.request_button.clicked.connect(self._request_clicked)
        self.qr = QLabel()
        self.qr.setObjectName("shareQr")
        self._code = ""
        self._watching = False
        self.qr.setFixedSize(QR_SIZE, QR_SIZE)  # until there is a code: room for one
        zoom().changed.connect(self._zoom_changed)
        self.code_out = QLineEdit()
        self.code_out.setObjectName("shareCodeOut")
        self.code_out.setReadOnly(True)
        self._lay_out()
        state.key_changed.connect(self.show_key)

    def _wanted(self) -> QWidget:
        """The categories to ask for, four to a row."""
        self.wanted: dict[str, QCheckBox] = {}
        grid = QGridLayout()
        for index, category in enumerate(CATEGORIES):
            box = QCheckBox()
            box.setObjectName(f"shareWanted-{category}")
            box.setChecked(category in ASKED_FIRST)
            self.wanted[category] = box
            grid.addWidget(box, index // 4, index % 4)
        wanted = QWidget()
        wanted.setLayout(grid)
        return wanted

    def _lay_out(self) -> None:
        left = QVBoxLayout()
        left.addWidget(self.key_label)
        left.addWidget(self.key_button, 0, Qt.AlignmentFlag.AlignLeft)
        left.addLayout(self.form)
        left.addWidget(self.request_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.form_column = left
        code_column = QVBoxLayout()
        code_column.addWidget(self.qr)
        code_column.addStretch(1)
        # The QR code beside the form, or under it when both do not fit: always whole.
        self.top = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.top.addLayout(left, 1)
        self.top.addLayout(code_column)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.top)
        layout.addWidget(self.code_out)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        """Follow the width of the area this panel scrolls in (made when it is first shown)."""
        super().showEvent(event)
        area = self._scroll_area()
        if area is not None and not self._watching:
            area.viewport().installEventFilter(self)
            self._watching = True
        self._arrange()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """The room changed: the QR code beside the form or under it."""
        if event.type() == QEvent.Type.Resize:
            self._arrange()
        return False

    def _scroll_area(self) -> QAbstractScrollArea | None:
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, QAbstractScrollArea):
            parent = parent.parentWidget()
        return parent

    def _arrange(self) -> None:
        area = self._scroll_area()
        room = area.viewport().width() if area is not None else self.width()
        needed = (
            self.form_column.minimumSize().width()
            + self.top.spacing()
            + self.qr.width()
            + 2 * AREA_MARGIN
        )
        beside = needed <= room
        self.top.setDirection(
            QBoxLayout.Direction.LeftToRight if beside else QBoxLayout.Direction.TopToBottom
        )

    def retranslate(self) -> None:
        """Every text and accessible name in the current language."""
        t = self.state.t
        for category, box in self.wanted.items():
            box.setText(t(f"share.category.{category}"))
            box.setAccessibleName(t("share.wanted.name", category=t(f"share.category.{category}")))
        self.key_button.setText(t("share.key.make"))
        for label, key in zip(self.form_labels, FIELDS, strict=True):
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
        self.show_key()

    def show_key(self) -> None:
        """The key's fingerprint, or the button that makes one; requests need a key."""
        shown = self.state.key_print()
        self.key_button.setVisible(shown is None)
        self.request_button.setEnabled(shown is not None)
        self.key_label.setText(
            self.state.t("share.key.none")
            if shown is None
            else self.state.t("share.key.shown", print=shown[:16])
        )

    def _request_clicked(self) -> None:
        if not self.state.ask:
            self.make_request_to(None)
            return
        name, _ = QFileDialog.getSaveFileName(
            self, self.state.t("share.request.make"), "verzoek.pcrequest", "*.pcrequest"
        )
        self.make_request_to(Path(name) if name else None)

    def make_request_to(self, target: Path | None, now: dt.datetime | None = None) -> bytes | None:
        """Make a signed request from the form; show its QR code and text code."""
        made = self.state.make_request(
            target,
            name=self.adviser_name.text(),
            purpose=self.purpose.text(),
            categories=[c for c, box in self.wanted.items() if box.isChecked()],
            days=self.days.value(),
            organisation=self.organisation.text(),
            now=now,
        )
        if made is None:
            return None
        code = request_text_code(made[1])
        self.code_out.setText(code)
        self._show_qr(code)
        return made[1]

    def _show_qr(self, code: str) -> None:
        """Whole modules, never scaled by the label: a blurred or cut module does not scan."""
        import segno

        self._code = code
        buffer = io.BytesIO()
        module = max(QR_MODULE_PX, round(QR_MODULE_PX * zoom().scale))
        segno.make(code, error="m").save(buffer, kind="png", scale=module, border=2)
        pixmap = QPixmap.fromImage(QImage.fromData(buffer.getvalue()))
        self.qr.setFixedSize(pixmap.size())
        self.qr.setPixmap(pixmap)
        self._arrange()

    def _zoom_changed(self, _scale: float) -> None:
        if self._code:
            self._show_qr(self._code)
