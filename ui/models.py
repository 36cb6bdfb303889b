"""Qt table models over the dossier: the payment lines (entitlements and income) of the Data page.

The model reads the controller's dossier; editing an amount goes back through
``controller.edit_amount`` so the whole projection is recomputed at once and the line is marked
as the user's own figure.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from pensioenchecker.model import Dossier, Entitlement, IncomeLine, Moment, Provenance
from ui.controller import DossierController
from ui.formatting import age_text, long_date, money

MAX_EUROS = Decimal(10**9)
"""More than a billion euros a year is a typing error, not an income."""

_GROUPED = re.compile(r"^\d{1,3}(\.\d{3})+$")
_PLAIN = re.compile(r"^\d+$")
_DECIMALS = re.compile(r"^\d{1,2}$")


class AmountError(ValueError):
    """Input that is not an amount; ``key`` names the text that explains why."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def parse_dutch_euros(text: str) -> int:
    """Cents from Dutch input: "18.400,00", "18400", "€ 18.400", "18400,5".

    A decimal comma separates the cents; points may only group thousands ("18.400"). A point
    used as a decimal separator ("18400.50") is ambiguous in Dutch and refused, as are negative
    amounts, more than two decimals and anything that is not a number.
    """
    cleaned = text.strip().replace("€", "").replace(" ", "").replace("\u00a0", "")
    if not cleaned:
        raise AmountError("data.amount.empty")
    if cleaned.startswith("-"):
        raise AmountError("data.amount.negative")
    if cleaned.endswith(",-"):
        cleaned = cleaned[:-2]
    whole, _, fraction = cleaned.partition(",")
    if fraction and not _DECIMALS.match(fraction):
        raise AmountError("data.amount.decimals" if fraction.isdigit() else "data.amount.invalid")
    if _GROUPED.match(whole):
        whole = whole.replace(".", "")
    elif not _PLAIN.match(whole):
        raise AmountError("data.amount.point" if "." in whole else "data.amount.invalid")
    try:
        euros = Decimal(whole) + (Decimal(f"0.{fraction}") if fraction else Decimal(0))
    except InvalidOperation:
        raise AmountError("data.amount.invalid") from None
    if euros > MAX_EUROS:
        raise AmountError("data.amount.too_large")
    return int(euros * 100)


def edit_text(cents: int) -> str:
    """An amount as the user types it: 18400,00 (no thousands points, decimal comma)."""
    return f"{cents // 100},{cents % 100:02d}"


COLUMNS = (
    "person",
    "kind",
    "payer",
    "scheme",
    "start",
    "end",
    "amount",
    "edited",
    "certain",
    "source",
)
"""The user's own edits sit next to the amount: visible without scrolling at 1280 pixels."""
AMOUNT_COLUMN = COLUMNS.index("amount")
EDITED_COLUMN = COLUMNS.index("edited")

Line = Entitlement | IncomeLine


class LinesModel(QAbstractTableModel):
    """Entitlements and income lines of the dossier, one row each; the amount is editable."""

    refused = Signal(str)  # a readable message when typed input is not an amount

    def __init__(self, controller: DossierController) -> None:
        super().__init__()
        self.controller = controller
        self.rows: list[Line] = []
        controller.projection_changed.connect(lambda _projection: self.reload())
        controller.language_changed.connect(lambda _lang: self._relabel())
        self.reload()

    def t(self, key: str, **values: object) -> str:
        """A text in the current language."""
        return self.controller.texts.t(key, **values)

    def reload(self) -> None:
        """Read the controller's dossier again."""
        self.beginResetModel()
        dossier = self.controller.dossier
        self.rows = [*dossier.entitlements, *dossier.income_lines] if dossier else []
        self.endResetModel()

    def _relabel(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        if self.rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self.rows) - 1, len(COLUMNS) - 1)
            )

    def line_id(self, row: int) -> str:
        """The id of the line in ``row``."""
        return self.rows[row].id

    # -- Qt's model interface ------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        """One row per entitlement or income line."""
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        """The fixed columns."""
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles in the current language."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.t(f"data.col.{COLUMNS[section]}")
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        """Every cell selectable; the amount editable except the AOW's (the law sets it)."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == AMOUNT_COLUMN and not self._is_aow(self.rows[index.row()]):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Cell texts; the amount's edit text is plain Dutch (18400,00)."""
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        line = self.rows[index.row()]
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(line, column)
        if role == Qt.ItemDataRole.EditRole and column == "amount":
            return edit_text(line.annual_gross.cents) if line.annual_gross else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(line, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == "amount":
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return line.id
        return None

    def setData(  # noqa: N802
        self,
        index: QModelIndex | QPersistentModelIndex,
        value: Any,
        role: int = Qt.ItemDataRole.EditRole,
    ) -> bool:
        """A typed amount: parsed as Dutch euros and handed to the controller, or refused."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        if COLUMNS[index.column()] != "amount" or self._is_aow(self.rows[index.row()]):
            return False
        try:
            cents = value if isinstance(value, int) else parse_dutch_euros(str(value))
        except AmountError as error:
            self.refused.emit(self.t(error.key, text=str(value)))
            return False
        self.controller.edit_amount(self.rows[index.row()].id, cents)
        return True

    # -- cells ---------------------------------------------------------------------------------

    @staticmethod
    def _is_aow(line: Line) -> bool:
        return isinstance(line, Entitlement) and line.kind == "aow"

    def _person(self, line: Line) -> str:
        dossier: Dossier | None = self.controller.dossier
        if dossier is None:
            return line.person_id
        person = dossier.person(line.person_id)
        return person.name or person.id

    def _moment(self, moment: Moment | None, end: bool) -> str:
        if moment is None:
            return self.t("data.moment.life") if end else ""
        if moment.age is not None:
            return self.t(
                "data.moment.age",
                age=age_text(moment.age.years, moment.age.months, self.controller.lang),
            )
        return self.t(f"data.moment.{moment.event}")

    def _amount(self, line: Line) -> str:
        if line.annual_gross is not None:
            return money(line.annual_gross.cents)
        if isinstance(line, Entitlement) and line.kind == "aow":
            return self.t("data.amount.law")
        return ""

    def _provenance(self, line: Line) -> Provenance | None:
        if line.annual_gross is not None:
            return line.annual_gross.provenance
        if isinstance(line, Entitlement):
            figure = line.aow_annual_single or line.aow_annual_couple
            return figure.provenance if figure else None
        return None

    def _source(self, line: Line) -> str:
        provenance = self._provenance(line)
        if provenance is None:
            return ""
        parts = [self.t(f"data.source.{provenance.source}")]
        if provenance.file:
            parts.append(provenance.file)
        if provenance.reference_date:
            parts.append(
                self.t(
                    "data.source.reference",
                    date=long_date(provenance.reference_date, self.controller.lang),
                )
            )
        return ", ".join(parts)

    def _payer(self, line: Line) -> str:
        """The payer's name; with its scheme when another line has the same name."""
        if not isinstance(line, Entitlement):
            return line.payer
        namesakes = {
            other.scheme_id
            for other in self.rows
            if isinstance(other, Entitlement) and other.provider == line.provider
        }
        if len(namesakes) > 1 and line.scheme_id:
            return f"{line.provider} ({line.scheme_id})"
        return line.provider

    def _display(self, line: Line, column: str) -> str:
        lang = self.controller.lang
        if column == "person":
            return self._person(line)
        if column == "kind":
            return self.t(f"data.kind.{line.kind}")
        if column == "payer":
            return self._payer(line)
        if column == "scheme":
            return (line.scheme_id or "") if isinstance(line, Entitlement) else ""
        if column == "start":
            if isinstance(line, Entitlement):
                return self._moment(line.start, end=False)
            return long_date(line.start, lang) if line.start else ""
        if column == "end":
            if isinstance(line, Entitlement):
                return self._moment(line.end, end=True)
            return long_date(line.end, lang) if line.end else self.t("data.moment.open")
        if column == "amount":
            return self._amount(line)
        if column == "certain":
            certain = line.certain if isinstance(line, Entitlement) else True
            return self.t("data.certain" if certain else "data.indicative")
        if column == "source":
            return self._source(line)
        if column == "edited":
            provenance = self._provenance(line)
            return self.t("data.edited") if provenance and provenance.edited else ""
        return ""

    def _tooltip(self, line: Line, column: str) -> str | None:
        if column == "amount" and isinstance(line, Entitlement) and line.kind == "aow":
            single = money(line.aow_annual_single.cents) if line.aow_annual_single else "—"
            couple = money(line.aow_annual_couple.cents) if line.aow_annual_couple else "—"
            return self.t("data.amount.law_tip", single=single, couple=couple)
        if column == "amount":
            return self.t("data.amount.tip")
        return self._display(line, column) or None
