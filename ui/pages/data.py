"""The Data page: which files the dossier came from, every payment line, and what to add.

Files come in by drag and drop or the Open button and are merged with what is already loaded.
The lines table is editable: a changed amount is the user's own figure and everything recomputes
at once. What the pension register does not show (a wage, a private annuity, a foreign pension)
can be added by hand.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, QMimeData, Qt, QTimer
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from pensioenchecker.model import (
    Age,
    Amount,
    Dossier,
    Entitlement,
    IncomeLine,
    Moment,
    Provenance,
)
from pensioenchecker.projection.timeline import HouseholdProjection
from pensioenchecker.sources.bank import spending_profile
from pensioenchecker.sources.manual import FORMS
from ui.controller import DossierController
from ui.formatting import money, per_currency
from ui.models import AmountError, LinesModel, parse_dutch_euros
from ui.pages.base import Page
from ui.pages.data_files import FilesPanel
from ui.zoom import fit_columns, keep_columns_whole, scrolling, zoom

MAX_COLUMN = 150
"""The widest a lines column opens (longer names show in full in the tooltip or when widened)."""

ADD_KINDS = ("wage", "annuity", "foreign")
"""What the Add dialog offers: a wage, a private annuity (lijfrente), a foreign pension."""


def with_manual_line(
    dossier: Dossier,
    person_id: str,
    kind: str,
    payer: str,
    cents: int,
    start_age: Age | None = None,
    end_date: dt.date | None = None,
) -> Dossier:
    """The dossier with one line the user typed in (provenance "manual", edited).

    A wage becomes an income line (ending on ``end_date`` when given); an annuity or a foreign
    pension becomes an old-age entitlement starting at ``start_age`` (or now).
    """
    if kind not in ADD_KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    taken = {e.id for e in dossier.entitlements} | {line.id for line in dossier.income_lines}
    number = 1
    while f"{person_id}-manual-{kind}-{number}" in taken:
        number += 1
    line_id = f"{person_id}-manual-{kind}-{number}"
    amount = Amount(cents=cents, provenance=Provenance(source="manual", edited=True))
    if kind == "wage":
        line = IncomeLine(
            id=line_id,
            person_id=person_id,
            kind="wage",
            payer=payer,
            annual_gross=amount,
            end=end_date,
        )
        return dossier.model_copy(update={"income_lines": [*dossier.income_lines, line]})
    start = Moment(age=start_age) if start_age is not None else Moment(event="now")
    entitlement = Entitlement(
        id=line_id,
        person_id=person_id,
        kind="old_age",
        provider=payer,
        start=start,
        annual_gross=amount,
        certain=True,
    )
    return dossier.model_copy(update={"entitlements": [*dossier.entitlements, entitlement]})


def local_paths(mime: QMimeData) -> list[Path]:
    """The local files a drag carries (web addresses and folders are left out)."""
    if not mime.hasUrls():
        return []
    return [
        Path(url.toLocalFile())
        for url in mime.urls()
        if url.isLocalFile() and Path(url.toLocalFile()).is_file()
    ]


class AddLineDialog(QDialog):
    """A small form: kind, person, payer, annual amount, start age or end date."""

    def __init__(self, page: DataPage) -> None:
        super().__init__(page)
        self.page = page
        t = page.t
        self.setWindowTitle(t("data.add.title"))
        self.kind = QComboBox()
        for kind in ADD_KINDS:
            self.kind.addItem(t(f"data.add.kind.{kind}"), kind)
        self.person = QComboBox()
        dossier = page.controller.dossier
        for person in dossier.household.persons if dossier else []:
            self.person.addItem(person.name or person.id, person.id)
        self.payer = QLineEdit()
        self.amount = QLineEdit()
        self.amount.setPlaceholderText("18.400,00")
        self.start_years = QSpinBox()
        self.start_years.setRange(0, 100)
        self.start_years.setValue(67)
        self.start_years.setSuffix(t("data.add.years_suffix"))
        self.start_months = QSpinBox()
        self.start_months.setRange(0, 11)
        self.start_months.setSuffix(t("data.add.months_suffix"))
        self.end_date = QDateEdit()
        self.end_date.setCalendarPopup(True)
        self.end_date.setDisplayFormat("dd-MM-yyyy")
        self.end_date.setMinimumDate(QDate(1900, 1, 1))
        self.end_date.setSpecialValueText(t("data.add.no_end"))
        self.end_date.setDate(self.end_date.minimumDate())
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #a00000;")
        form = QFormLayout()
        for label, field in (
            ("data.add.kind", self.kind),
            ("data.add.person", self.person),
            ("data.add.payer", self.payer),
            ("data.add.amount", self.amount),
            ("data.add.start_age", self.start_years),
            ("data.add.start_months", self.start_months),
            ("data.add.end_date", self.end_date),
        ):
            caption = QLabel(t(label))
            caption.setBuddy(field)
            field.setAccessibleName(t(label).replace("&", ""))
            form.addRow(caption, field)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

    def _kind_changed(self) -> None:
        wage = self.kind.currentData() == "wage"
        self.start_years.setEnabled(not wage)
        self.start_months.setEnabled(not wage)
        self.end_date.setEnabled(wage)

    def result_dossier(self) -> Dossier | None:
        """The dossier with the new line, or None with a message when the form is not right."""
        dossier = self.page.controller.dossier
        if dossier is None:
            self.message.setText(self.page.t("data.add.no_dossier"))
            return None
        payer = self.payer.text().strip()
        if not payer:
            self.message.setText(self.page.t("data.add.no_payer"))
            return None
        try:
            cents = parse_dutch_euros(self.amount.text())
        except AmountError as error:
            self.message.setText(self.page.t(error.key, text=self.amount.text()))
            return None
        kind = self.kind.currentData()
        end: dt.date | None = None
        chosen = self.end_date.date()
        if kind == "wage" and chosen != self.end_date.minimumDate():
            end = dt.date(chosen.year(), chosen.month(), chosen.day())
        start = (
            None
            if kind == "wage"
            else Age(years=self.start_years.value(), months=self.start_months.value())
        )
        return with_manual_line(
            dossier, self.person.currentData(), kind, payer[:200], cents, start, end
        )

    def accept(self) -> None:
        """Only close when the form gives a line."""
        dossier = self.result_dossier()
        if dossier is not None:
            self.new_dossier = dossier
            super().accept()


class DataPage(Page):
    """Sources, warnings, the editable lines, manual entry and the bank profile."""

    name = "data"

    def __init__(self, controller: DossierController, parent: QWidget | None = None) -> None:
        super().__init__(controller, parent)
        self.setAcceptDrops(True)
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.open_button = QPushButton()
        self.open_button.setObjectName("openFiles")
        self.open_button.clicked.connect(self.open_files)
        self.add_files_button = QPushButton()
        self.add_files_button.setObjectName("addFiles")
        self.add_files_button.clicked.connect(self.add_files)
        self.new_button = QPushButton()
        self.new_button.setObjectName("newHousehold")
        self.new_button.clicked.connect(controller.new_household)
        self.add_button = QPushButton()
        self.add_button.setObjectName("addLine")
        self.add_button.clicked.connect(self.add_line)
        self.problem_label = QLabel()
        self.problem_label.setObjectName("problem")
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet("color: #a00000; font-weight: bold;")
        self.problem_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem_label.hide()

        self.model = LinesModel(controller)
        # Sized once the view is laid out: a view sizes columns by the rows it can show.
        self.model.modelReset.connect(lambda: QTimer.singleShot(0, self._size_columns))
        self.model.refused.connect(self.show_problem)
        self.table = QTableView()
        self.table.setObjectName("lines")
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.lines_label = QLabel()
        self.lines_label.setBuddy(self.table)

        self.files = FilesPanel(controller, self.show_problem)
        self.sources = self.files.table
        self.warnings = QListWidget()
        self.warnings.setObjectName("warnings")
        self.warnings.setWordWrap(True)
        self.sources_box = QWidget()
        self.warnings_label = QLabel()
        self.warnings_label.setBuddy(self.warnings)
        sources_layout = QVBoxLayout(self.sources_box)
        sources_layout.addWidget(self.files, 3)
        sources_layout.addWidget(self.warnings_label)
        sources_layout.addWidget(self.warnings, 2)

        self.forms_box = QWidget()
        self.forms_text = QLabel()
        self.forms_text.setWordWrap(True)
        self.forms_text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.form_kind = QComboBox()
        for kind in FORMS:
            self.form_kind.addItem(kind, kind)
        self.form_button = QPushButton()
        self.form_button.clicked.connect(self.fill_in_form)
        forms_layout = QVBoxLayout(self.forms_box)
        forms_layout.addWidget(scrolling(self.forms_text), 1)
        forms_layout.addWidget(self.form_kind)
        forms_layout.addWidget(self.form_button)

        self.bank_box = QWidget()
        self.bank_summary = QLabel()
        self.bank_summary.setWordWrap(True)
        self.bank = QTableWidget(0, 2)
        self.bank.setObjectName("bankProfile")
        self.bank.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.bank.setTabKeyNavigation(False)
        self.bank.horizontalHeader().setStretchLastSection(True)
        self.bank.verticalHeader().hide()
        keep_columns_whole(self.bank)
        zoom().changed.connect(self._zoom_changed)
        bank_layout = QVBoxLayout(self.bank_box)
        bank_layout.addWidget(self.bank_summary)
        bank_layout.addWidget(self.bank, 1)

        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.new_button)
        header.addWidget(self.open_button)
        header.addWidget(self.add_files_button)
        header.addWidget(self.add_button)
        # The files, the bank and the forms as tabs: each gets the page's whole width, so
        # nothing is cut off at large type (side by side they did not fit at 1280 px).
        self.lower_tabs = QTabWidget()
        self.lower_tabs.setObjectName("dataLowerTabs")
        for box in (self.sources_box, self.bank_box, self.forms_box):
            self.lower_tabs.addTab(box, "")
        lower = QHBoxLayout()
        lower.addWidget(self.lower_tabs)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.intro)
        layout.addWidget(self.problem_label)
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(self.lines_label)
        upper_layout.addWidget(self.table, 1)
        bottom = QWidget()
        bottom.setLayout(lower)
        lower.setContentsMargins(0, 0, 0, 0)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(upper)
        self.splitter.addWidget(bottom)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([400, 360])
        layout.addWidget(self.splitter, 1)
        controller.problem.connect(self.show_problem)
        controller.household_changed.connect(self._household_changed)
        self.setTabOrder(self.new_button, self.open_button)
        self.setTabOrder(self.open_button, self.add_files_button)
        self.setTabOrder(self.add_files_button, self.add_button)
        self.setTabOrder(self.add_button, self.table)
        self.setTabOrder(self.table, self.sources)
        self.setTabOrder(self.sources, self.warnings)
        self.setTabOrder(self.warnings, self.bank)
        self.retranslate()
        self._fill()

    # -- files ----------------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        """Accept a drag that carries local files."""
        self._accept_local_files(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802 - Qt's name
        """Keep accepting while the files move over the page."""
        self._accept_local_files(event)

    def _accept_local_files(self, event: QDragMoveEvent) -> None:
        """Entering and moving decide alike (an enter event is a kind of move event)."""
        if local_paths(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        """Import the dropped files, added to what is loaded."""
        if self.drop_mime(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def drop_mime(self, mime: QMimeData) -> bool:
        """Import the local files a drop carries; False when it carries none."""
        paths = local_paths(mime)
        if not paths:
            self.show_problem(self.t("data.drop.none"))
            return False
        self.load(paths)
        return True

    def load(self, paths: list[Path]) -> None:
        """Import files, merged with the files already loaded."""
        self.problem_label.hide()
        self.controller.load_files(paths, add=True)

    def _choose_files(self, title_key: str) -> list[Path]:
        names, _filter = QFileDialog.getOpenFileNames(
            self, self.t(title_key), "", self.t("data.open.filter")
        )
        return [Path(name) for name in names]

    def open_files(self) -> None:
        """Choose files that replace the household shown (a demo is left)."""
        paths = self._choose_files("household.open.title")
        if paths:
            self.problem_label.hide()
            self.controller.load_files(paths)

    def add_files(self) -> None:
        """Choose files to add to the household shown."""
        paths = self._choose_files("household.add.title")
        if paths:
            self.load(paths)

    def move_file(self, name: str, person_id: str) -> None:
        """Give a file (and its lines) to another person of the household."""
        self.files.move_file(name, person_id)

    def remove_file(self) -> None:
        """Leave the file chosen in the files table out of the household."""
        self.files.remove_file()

    def _household_changed(self) -> None:
        self.problem_label.hide()
        self.model.reload()
        self._fill()

    def add_line(self) -> None:
        """Ask for a line the register does not show and add it to the dossier."""
        if self.controller.dossier is None:
            self.show_problem(self.t("data.add.no_dossier"))
            return
        dialog = AddLineDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.controller.set_dossier(dialog.new_dossier)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        """Size the columns for what changed while another page was in front."""
        super().showEvent(event)
        QTimer.singleShot(0, self._size_columns)

    def _zoom_changed(self, _scale: float) -> None:
        self._size_columns()

    def fill_in_form(self) -> None:
        """Open the chosen manual-entry form; a saved form is imported like any file."""
        from ui.forms import ManualFormDialog

        folder = self.controller.forms_folder
        dialog = ManualFormDialog(self.form_kind.currentData(), self.lang, folder, self)
        if dialog.exec() and dialog.saved is not None:
            self.load([dialog.saved])

    def show_problem(self, message: str) -> None:
        """A readable message on the page (and in the status bar by the window)."""
        self.problem_label.setText(message)
        self.problem_label.setAccessibleName(message)
        self.problem_label.show()

    # -- showing --------------------------------------------------------------------------------

    def show_projection(self, projection: HouseholdProjection) -> None:
        """A new dossier: refill sources, warnings and the bank profile (the model refills).

        A message about earlier input goes: this projection came from valid input since.
        """
        self.problem_label.hide()
        self._fill()

    def _fill_warnings(self) -> None:
        """The importers' messages in the current language (again after a language switch)."""
        dossier = self.controller.dossier
        self.warnings.clear()
        for warning in dossier.warnings if dossier else []:
            self.warnings.addItem(self.controller.texts.message(warning))
        if not dossier or not dossier.warnings:
            self.warnings.addItem(self.t("data.warnings.none"))

    def _fill(self) -> None:
        dossier = self.controller.dossier
        self.files.fill()
        self._fill_warnings()
        transactions = dossier.transactions if dossier else []
        self.lower_tabs.setTabVisible(self.lower_tabs.indexOf(self.bank_box), bool(transactions))
        if transactions:
            profile = spending_profile(transactions)
            summary = []
            if profile["months"]:
                summary.append(
                    self.t(
                        "data.bank.summary",
                        months=profile["months"],
                        first=profile["first_month"] or "",
                        last=profile["last_month"] or "",
                        income=money(profile["net_income_per_month"]),
                        spending=money(profile["spending_per_month"]),
                    )
                )
            if profile["other_currencies"]:
                items = per_currency(profile["other_currencies"], self.controller.texts.lang)
                summary.append(self.t("data.bank.left_out", items=items))
            self.bank_summary.setText("\n".join(summary))
            per_category = profile["per_category"]
            self.bank.setRowCount(len(per_category))
            for row, (category, cents) in enumerate(per_category.items()):
                # Categories of the packaged rules have a name in each language; a user's own
                # categories are shown as the user wrote them.
                name = self.t(f"category.{category}")
                shown = category if name == f"category.{category}" else name
                self.bank.setItem(row, 0, QTableWidgetItem(shown))
                amount = QTableWidgetItem(money(cents))
                amount.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.bank.setItem(row, 1, amount)
            self.bank.resizeColumnToContents(0)
            fit_columns(self.bank)
        self._size_columns()

    def _size_columns(self) -> None:
        """Fit the columns to their contents, none wider than MAX_COLUMN (when on screen)."""
        if not self.table.isVisible():
            return  # sized when the page comes to the front (showEvent)
        self.table.resizeColumnsToContents()
        widest = round(MAX_COLUMN * zoom().scale)  # as wide at any zoom as at normal size
        for column in range(self.model.columnCount()):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), widest))
        self.sources.resizeColumnToContents(0)
        self.bank.resizeColumnToContents(0)

    def _tab_title(self, tab: QWidget, key: str) -> None:
        index = self.lower_tabs.indexOf(tab)
        self.lower_tabs.setTabText(index, self.t(key))
        self.lower_tabs.setTabToolTip(index, self.t(key).replace("&", ""))

    def retranslate(self) -> None:
        """Every text and accessible name in the current language; figures stay."""
        self.title.setText(self.t("page.data"))
        self.intro.setText(self.t("data.intro"))
        self.open_button.setText(self.t("data.open"))
        self.open_button.setAccessibleName(self.t("data.open").replace("&", ""))
        self.add_button.setText(self.t("data.add"))
        self.add_button.setAccessibleName(self.t("data.add").replace("&", ""))
        self.lines_label.setText(self.t("data.lines"))
        self.table.setAccessibleName(self.t("data.lines").replace("&", ""))
        self._tab_title(self.sources_box, "data.sources")
        self.files.retranslate()
        for button, key in (
            (self.new_button, "data.files.new"),
            (self.add_files_button, "data.files.add"),
        ):
            button.setText(self.t(key))
            button.setAccessibleName(self.t(key).replace("&", ""))
        self.warnings_label.setText(self.t("data.warnings"))
        self._fill_warnings()
        self.warnings.setAccessibleName(self.t("data.warnings").replace("&", ""))
        self._tab_title(self.forms_box, "data.forms")
        self.form_button.setText(self.t("forms.open"))
        self.form_button.setAccessibleName(self.t("forms.open").replace("&", ""))
        self.form_kind.setAccessibleName(self.t("data.forms"))
        for row in range(self.form_kind.count()):
            kind = self.form_kind.itemData(row)
            self.form_kind.setItemText(row, self.t(f"data.form.{kind}"))
        self.forms_text.setText(
            self.t(
                "data.forms.text",
                forms=", ".join(self.t(f"data.form.{kind}") for kind in FORMS),
            )
        )
        self._tab_title(self.bank_box, "data.bank")
        self.bank.setHorizontalHeaderLabels(
            [self.t("data.bank.category"), self.t("data.bank.per_month")]
        )
        self.bank.setAccessibleName(self.t("data.bank"))
        self._fill()
