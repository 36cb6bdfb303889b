"""The form's inputs as people use them: amounts typed the Dutch way, dates typed dd-mm-jjjj.

Amounts are read exactly (integer cents, no float) in the window's notation (QLocale's
separators) and in the Dutch one, and shown back in the window's notation; the form file keeps
its own ("1234.56"). A date is a date edit with a calendar that is empty until a date is given.
"""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QDateEdit, QWidget

from pensioenchecker import clock

MAX_CENTS = 10**13
"""The largest amount a form takes (the core's limit: 100 billion euros)."""
DATE_FORMAT = "dd-MM-yyyy"
"""How a date edit shows and takes a date, in both languages (the hint spells it out)."""
EMPTY_DATE = QDate(1900, 1, 1)
"""The date edit's value while no date is given: shown as the hint dd-mm-jjjj."""
LAST_DATE = QDate(2200, 12, 31)
TYPING_START = QDate(2000, 1, 1)
"""The date typing starts from: a leap year's January, so any day and month typed fits."""
SEPARATORS = ("-", "/", ".")
_PERCENT = re.compile(r"[0-9]+([.,][0-9]{1,4})?")


def window_locale(lang: str) -> QLocale:
    """The notation of the window's language (the pseudo-language writes figures as Dutch)."""
    if lang == "en":
        return QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
    return QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands)


class FormInputError(ValueError):
    """Input the form cannot take; the message is written for the person, in their language."""


# -- amounts and percentages as people type them ----------------------------------------------


def _grouped(whole: str, group: str) -> str | None:
    """``whole`` without its thousands separators, if it is grouped by threes; else None."""
    if group and re.fullmatch(rf"[0-9]{{1,3}}({re.escape(group)}[0-9]{{3}})+", whole):
        return whole.replace(group, "")
    return None


def _split_amount(plain: str, locale: QLocale) -> tuple[str, str]:
    """Whole euros and cents digits of an amount without spaces or euro sign."""
    simple = re.fullmatch(r"([0-9]+)(?:[.,]([0-9]{1,2}))?", plain)
    if simple:
        return simple.group(1), simple.group(2) or ""
    for group, point in ((locale.groupSeparator(), locale.decimalPoint()), (".", ",")):
        head, mark, tail = plain.rpartition(point)
        if mark and re.fullmatch(r"[0-9]{1,2}", tail):
            found = _grouped(head, group)
            if found is not None:
                return found, tail
        found = _grouped(plain, group)
        if found is not None:
            return found, ""
    raise ValueError("decimals" if re.fullmatch(r"[0-9.,]*[.,][0-9]{3,}", plain) else "invalid")


def parse_amount(text: str, locale: QLocale) -> int:
    """Cents from an amount typed as people write it: "1.234,56", "€ 18.400", "1234,5".

    The window's notation (QLocale's group separator and decimal point) and the Dutch one are
    both taken; a separator followed by one or two digits at the end is a decimal mark, one
    followed by groups of three digits groups thousands. Exact: no float is involved.
    Raises ValueError naming the reason ("empty", "negative", "decimals", "invalid", "large").
    """
    plain = "".join(text.split()).replace("€", "").replace("\u00a0", "")
    if plain.endswith((",-", ".-")):
        plain = plain[:-2]
    if not plain:
        raise ValueError("empty")
    if plain.startswith("-"):
        raise ValueError("negative")
    whole, fraction = _split_amount(plain, locale)
    cents = int(whole) * 100 + int((fraction + "00")[:2])
    if cents > MAX_CENTS:
        raise ValueError("large")
    return cents


def euros_for_file(cents: int) -> str:
    """Cents as the form file writes euros: "1234.56"."""
    return f"{cents // 100}.{cents % 100:02d}"


def show_amount(cents: int, locale: QLocale) -> str:
    """Cents in the window's notation ("1.234,56", "1,234.56"), to the cent."""
    return f"{locale.toString(cents // 100)}{locale.decimalPoint()}{cents % 100:02d}"


def percent_for_file(text: str) -> str:
    """A percentage typed with a decimal comma or point ("2,56", "2.56 %") as the file writes it.

    Raises ValueError when it is not one.
    """
    plain = text.strip().removesuffix("%").strip()
    if not _PERCENT.fullmatch(plain):
        raise ValueError("invalid")
    return plain.replace(",", ".")


class DateField(QDateEdit):
    """A date typed dd-mm-jjjj or picked in the calendar; empty until one is given.

    While empty it shows the hint (dd-mm-jjjj). The first digit typed starts a date; a
    separator (-, / or .) moves on to the next part, so "5-3-1961" is typed as people write it.
    The Delete key empties the field again.
    """

    def __init__(self, hint: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDisplayFormat(DATE_FORMAT)
        self.setCalendarPopup(True)
        self.setDateRange(EMPTY_DATE, LAST_DATE)
        self.setSpecialValueText(hint)
        self.setDate(EMPTY_DATE)
        self._typed_in_part = False

    def day(self) -> dt.date | None:
        """The date given, or None."""
        if self.date() == EMPTY_DATE:
            return None
        return dt.date(self.date().year(), self.date().month(), self.date().day())

    def set_day(self, day: dt.date | None) -> None:
        """Show ``day`` (None: empty)."""
        self.setDate(EMPTY_DATE if day is None else QDate(day.year, day.month, day.day))

    def _calendar_on_this_month(self) -> None:
        """An empty field's calendar opens on this month, not on the hint's year 1900."""
        if self.day() is None and self.calendarWidget().isVisible():
            today = clock.today()
            self.calendarWidget().setCurrentPage(today.year, today.month)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        """Open the calendar (on the arrow), on this month when the field is empty."""
        super().mousePressEvent(event)
        self._calendar_on_this_month()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """Typing dd-mm-jjjj: start from empty, move on at a separator, Delete empties."""
        text = event.text()
        if event.key() == Qt.Key.Key_Delete:
            self.setDate(EMPTY_DATE)
            return
        if self.day() is None and text.isdigit():
            self.setDate(TYPING_START)
            self.setCurrentSectionIndex(0)
            self.setSelectedSection(self.sectionAt(0))
            self._typed_in_part = False
        if text in SEPARATORS:
            index = self.currentSectionIndex()
            if self._typed_in_part and index < self.sectionCount() - 1:
                self.setCurrentSectionIndex(index + 1)
                self.setSelectedSection(self.sectionAt(index + 1))
            self._typed_in_part = False
            return
        before = self.currentSectionIndex()
        super().keyPressEvent(event)
        if text.isdigit():
            self._typed_in_part = self.currentSectionIndex() == before
        self._calendar_on_this_month()  # F4 or Alt+Down opened it
