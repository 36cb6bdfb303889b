"""The Data page's source files: which file belongs to whom, and giving one away or leaving it out.

Every file is assigned to a person (or to the household as a whole, like a joint bank account).
A file put with the wrong person is given to the other one here; a file that should not count is
left out, and the household is imported again without it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.controller import DossierController


class FilesPanel(QWidget):
    """The files table (kind, file, person), the person a chosen file belongs to, remove."""

    def __init__(
        self,
        controller: DossierController,
        say_problem: Callable[[str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.say_problem = say_problem
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("sources")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.itemSelectionChanged.connect(self._file_chosen)
        self.owner_label = QLabel()
        self.owner = QComboBox()
        self.owner.setObjectName("fileOwner")
        self.owner_label.setBuddy(self.owner)
        self.owner.activated.connect(self._owner_chosen)
        self.remove_button = QPushButton()
        self.remove_button.setObjectName("removeFile")
        self.remove_button.clicked.connect(self.remove_file)
        row = QHBoxLayout()
        row.addWidget(self.owner_label)
        row.addWidget(self.owner, 1)
        row.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)

    def t(self, key: str, **values: object) -> str:
        """A text in the current language."""
        return self.controller.texts.t(key, **values)

    def _kind_name(self, kind: str) -> str:
        """A file's kind in words (the code itself for a kind without a name yet)."""
        key = f"data.sources.kind.{kind}"
        text = self.t(key)
        return kind if text == key else text

    def fill(self) -> None:
        """One row per file of the dossier, with the person it belongs to."""
        dossier = self.controller.dossier
        documents = dossier.documents if dossier else []
        persons = dossier.household.persons if dossier else []
        names = {p.id: p.name or p.id for p in persons}
        self.table.setRowCount(len(documents))
        for row, document in enumerate(documents):
            self.table.setItem(row, 0, QTableWidgetItem(self._kind_name(document.kind)))
            item = QTableWidgetItem(document.name)
            item.setToolTip(f"sha256 {document.sha256}")
            self.table.setItem(row, 1, item)
            owner = names.get(document.person_id or "", self.t("data.sources.household"))
            self.table.setItem(row, 2, QTableWidgetItem(owner))
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(1)
        self.owner.clear()
        for person in persons:
            self.owner.addItem(person.name or person.id, person.id)
        self._file_chosen()

    def chosen_file(self) -> str | None:
        """The name of the file chosen in the table."""
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 1)
        return item.text() if item is not None else None

    def _file_chosen(self) -> None:
        dossier, name = self.controller.dossier, self.chosen_file()
        document = next((d for d in dossier.documents if d.name == name), None) if dossier else None
        self.owner.setEnabled(
            document is not None and dossier is not None and len(dossier.household.persons) > 1
        )
        self.remove_button.setEnabled(document is not None)
        if document is not None:
            self.owner.setCurrentIndex(max(self.owner.findData(document.person_id or ""), 0))

    def _owner_chosen(self, index: int) -> None:
        name, person_id = self.chosen_file(), self.owner.itemData(index)
        if name is not None and person_id:
            self.move_file(name, str(person_id))

    def move_file(self, name: str, person_id: str) -> None:
        """Give a file (and its lines) to another person of the household."""
        self.controller.move_file(name, person_id)
        dossier = self.controller.dossier
        if dossier is not None:
            person = dossier.person(person_id)
            self.controller.notice.emit(
                self.t("data.file.moved", file=name, person=person.name or person.id)
            )

    def remove_file(self) -> None:
        """Leave the chosen file out of the household."""
        name = self.chosen_file()
        if name is not None and not self.controller.remove_file(name):
            self.say_problem(self.t("data.file.remove.kept"))

    def retranslate(self) -> None:
        """Headers, buttons and accessible names in the current language."""
        self.table.setHorizontalHeaderLabels(
            [self.t(f"data.sources.{key}") for key in ("kind", "file", "person")]
        )
        self.table.setAccessibleName(self.t("data.sources"))
        self.remove_button.setText(self.t("data.file.remove"))
        self.remove_button.setAccessibleName(self.t("data.file.remove").replace("&", ""))
        self.owner_label.setText(self.t("data.file.owner"))
        self.owner.setAccessibleName(self.t("data.file.owner").replace("&", "").rstrip(":"))
        self.fill()
