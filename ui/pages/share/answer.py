"""Answering a request (the user's side): read it, tick, consent, make the package.

Only the categories the request asks for can be ticked; the consent text shown is the one the
package's receipt will hold.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from pensioenchecker import clock
from pensioenchecker.share import CATEGORIES, SharedPackage, consent_text
from pensioenchecker.share.package import expiry
from ui.formatting import long_date
from ui.pages.share.controller import ShareController


class AnswerPanel(QWidget):
    """A request read from its text code or file, the categories to tick, the consent."""

    def __init__(self, state: ShareController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.code = QLineEdit()
        self.code.setObjectName("shareRequestCode")
        self.read_button = QPushButton()
        self.read_button.clicked.connect(lambda: state.read_request(self.code.text()))
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
            box.toggled.connect(self.show_consent)
            self.category_boxes[category] = box
            boxes.addWidget(box)
        boxes.addStretch(1)
        self.consent = QLabel()
        self.consent.setObjectName("shareConsent")
        self.consent.setWordWrap(True)
        # The consent text is what the user agrees to: never squeezed below its wrapped height.
        for label in (self.request_text, self.consent):
            label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.create_button = QPushButton()
        self.create_button.setObjectName("shareCreate")
        self.create_button.clicked.connect(self._create_clicked)
        inner = QVBoxLayout(self.request_box)
        inner.addWidget(self.request_text)
        inner.addLayout(boxes)
        inner.addWidget(self.consent)
        inner.addWidget(self.create_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.request_box.setVisible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.request_box)
        self._making = False
        state.request_changed.connect(self.show_request)
        self._had_household = state.controller.dossier is not None
        state.controller.household_changed.connect(self.clear_ticks)
        state.making_changed.connect(self._set_making)

    def retranslate(self) -> None:
        """Every text and accessible name in the current language."""
        t = self.state.t
        self.code.setPlaceholderText(t("share.code.placeholder"))
        self.code.setAccessibleName(t("share.code.name"))
        self.read_button.setText(t("share.code.read"))
        self.open_request_button.setText(t("share.request.open"))
        self.request_box.setTitle(t("share.request.title"))
        for category, box in self.category_boxes.items():
            box.setText(t(f"share.category.{category}"))
            box.setAccessibleName(t(f"share.category.{category}"))
        self.create_button.setText(t("share.create"))
        self.show_request()

    def _open_request_file(self) -> None:
        if not self.state.ask:
            return
        name, _ = QFileDialog.getOpenFileName(self, self.state.t("share.request.open"))
        if name:
            self.state.read_request_file(Path(name))

    def show_request(self) -> None:
        """What the request asks, by whom, until when; only its categories can be ticked."""
        request = self.state.request
        self.request_box.setVisible(request is not None)
        if request is None:
            return
        until = expiry(clock.now(), request.days).date()
        who = f"{request.name} ({request.organisation})" if request.organisation else request.name
        self.request_text.setText(
            self.state.t(
                "share.request.text",
                who=who,
                purpose=request.purpose,
                until=long_date(until, self.state.lang),
                days=request.days,
            )
        )
        for category, box in self.category_boxes.items():
            box.setVisible(category in request.categories)
            if category not in request.categories:
                box.setChecked(False)
        self.show_consent()

    def clear_ticks(self) -> None:
        """Another household: consent given for the old one's data is not given for this one.

        Ticks set before any household was shown (the demo's) stay for the first one.
        """
        first, self._had_household = not self._had_household, True
        if first:
            return
        for box in self.category_boxes.values():
            box.setChecked(False)
        self.show_consent()

    def chosen(self) -> tuple[str, ...]:
        """The categories ticked (never more than the request asks)."""
        return tuple(c for c, box in self.category_boxes.items() if box.isChecked())

    def show_consent(self) -> None:
        """The consent text for the ticked categories, in the page's language."""
        request = self.state.request
        if request is None:
            return
        until = expiry(clock.now(), request.days).date()
        self.consent.setText(
            consent_text(
                self.state.lang,
                request.organisation,
                request.name,
                request.purpose,
                self.chosen(),
                until,
            )
        )
        ready = bool(self.chosen()) and self.state.controller.dossier is not None
        self.create_button.setEnabled(ready and not self._making)

    def _set_making(self, making: bool) -> None:
        """While a package is being made, another cannot be started."""
        self._making = making
        self.show_consent()

    def _create_clicked(self) -> None:
        if not self.state.ask:
            return
        name, _ = QFileDialog.getSaveFileName(
            self, self.state.t("share.create"), "pensioenchecker.pcshare", "*.pcshare"
        )
        if name:
            self.create_to(Path(name))

    def create_to(
        self,
        target: Path,
        now: dt.datetime | None = None,
        then: Callable[[SharedPackage], None] | None = None,
    ) -> bool:
        """Start making the package for the current request and the ticked categories."""
        return self.state.create(target, self.chosen(), now, then)
