"""Manual entry: one dialog for every manual-entry form, built from the form's own schema.

The core's pydantic forms (``pensioenchecker.sources.manual``) are the single definition of each
form; this dialog lays their fields out (text, dates, amounts, choices, yes/no; lists and groups
as a small JSON box), validates through the same reader the importer uses, saves the form as the
JSON file the importer reads, and hands that file to the controller. That file lies in a private
folder of the session (the window keeps the form in the vault); a plain copy elsewhere is written
only when the user asks for one (Save as file).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from pensioenchecker import clock
from pensioenchecker.errors import InputError, PensioencheckerError
from pensioenchecker.sources.manual import (
    EURO_PATTERN,
    FORMS,
    PERCENT_PATTERN,
    json_schema,
    read_form,
)
from pensioenchecker.storage import write_atomic
from ui.models import AmountError, parse_dutch_euros

FIXED = ("format", "version", "source")
_DOT_EUROS = re.compile(r"[0-9]+\.[0-9]{1,2}")
"""A point with one or two digits after it: a decimal point (Dutch grouping has three)."""
_COMMA_PERCENT = re.compile(r"[0-9]+,[0-9]{1,4}")


def _pattern(spec: dict[str, Any]) -> str | None:
    """The text pattern of a field (also inside "anyOf", as optional fields have it)."""
    if "pattern" in spec:
        return str(spec["pattern"])
    for option in spec.get("anyOf", []):
        found = _pattern(option)
        if found:
            return found
    return None


def euros_for_file(text: str) -> str:
    """An amount typed the Dutch way ("1.234,56", "€ 18.400", "1234,5") as the file writes it.

    "1234.56" is taken too: with one or two digits after it a point can only be a decimal one.
    Raises AmountError (its key names the explanation) for anything else.
    """
    plain = text.strip().replace("€", "").replace(" ", "")
    if _DOT_EUROS.fullmatch(plain):
        return plain
    cents = parse_dutch_euros(text)
    return f"{cents // 100}.{cents % 100:02d}"


def percent_for_file(text: str) -> str:
    """A percentage typed with a decimal comma ("2,56") as the file writes it ("2.56")."""
    plain = text.strip().removesuffix("%").strip()
    return plain.replace(",", ".") if _COMMA_PERCENT.fullmatch(plain) else plain


def _choices(spec: dict[str, Any]) -> list[str] | None:
    if "enum" in spec:
        return [str(v) for v in spec["enum"]]
    for option in spec.get("anyOf", []):
        if "enum" in option:
            return [str(v) for v in option["enum"]]
    return None


def _kind(spec: dict[str, Any]) -> str:
    """text, bool, choice or json (lists and groups), from a JSON Schema property."""
    if _choices(spec):
        return "choice"
    types = {spec.get("type")} | {o.get("type") for o in spec.get("anyOf", [])}
    if "boolean" in types:
        return "bool"
    if types & {"array", "object"} or "$ref" in json.dumps(spec):
        return "json"
    return "text"


class ManualFormDialog(QDialog):
    """Fill in one manual-entry form; on OK the saved file is imported."""

    def __init__(self, kind: str, texts: Any, folder: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.kind = kind
        self.texts = texts
        self.folder = folder
        self.saved: Path | None = None
        schema = json_schema(kind)
        self.required = set(schema.get("required", []))
        self.fields: dict[str, QComboBox | QCheckBox | QPlainTextEdit | QLineEdit] = {}
        self.amounts: set[str] = set()
        """Fields of euros, typed the Dutch way and written with a decimal point."""
        self.percentages: set[str] = set()
        self.setWindowTitle(texts.t("forms.title", form=texts.t(f"data.form.{kind}")))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        for name, spec in schema["properties"].items():
            if name in FIXED:
                continue
            kind_of = _kind(spec)
            widget: QComboBox | QCheckBox | QPlainTextEdit | QLineEdit
            if kind_of == "choice":
                combo = QComboBox()
                combo.addItems(([""] if name not in self.required else []) + (_choices(spec) or []))
                if spec.get("default") is not None:
                    combo.setCurrentText(str(spec["default"]))
                widget = combo
            elif kind_of == "bool":
                check = QCheckBox()
                check.setChecked(bool(spec.get("default", False)))
                widget = check
            elif kind_of == "json":
                box = QPlainTextEdit()
                box.setPlaceholderText("[]" if spec.get("type") == "array" else "{}")
                box.setFixedHeight(70)
                widget = box
            else:
                line = QLineEdit()
                pattern = _pattern(spec)
                if "date" in json.dumps(spec):
                    line.setPlaceholderText("JJJJ-MM-DD" if texts.lang == "nl" else "YYYY-MM-DD")
                elif pattern == EURO_PATTERN:
                    line.setPlaceholderText("1.234,56")
                    self.amounts.add(name)
                elif pattern == PERCENT_PATTERN:
                    line.setPlaceholderText("2,56")
                    self.percentages.add(name)
                widget = line
            label = name.replace("_", " ") + (" *" if name in self.required else "")
            widget.setAccessibleName(label)
            if spec.get("description"):
                widget.setToolTip(str(spec["description"]))
            form.addRow(label, widget)
            self.fields[name] = widget
        layout.addLayout(form)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020;")
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.export_button = buttons.addButton(
            texts.t("forms.export"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.export_button.clicked.connect(self.export_file)
        layout.addWidget(buttons)

    def values(self) -> dict[str, Any]:
        """The form as the JSON the importer reads (empty fields left out)."""
        data: dict[str, Any] = {
            "format": "pensioenchecker-manual",
            "version": 1,
            "source": self.kind,
        }
        for name, widget in self.fields.items():
            if isinstance(widget, QComboBox):
                value: Any = widget.currentText() or None
            elif isinstance(widget, QCheckBox):
                value = widget.isChecked()
            elif isinstance(widget, QPlainTextEdit):
                text = widget.toPlainText().strip()
                value = json.loads(text) if text else None
            else:
                text = widget.text().strip()
                if text and name in self.amounts:
                    try:
                        text = euros_for_file(text)
                    except AmountError as exc:
                        label = name.replace("_", " ")
                        raise InputError(self.texts.t(exc.key, text=text), label) from None
                elif text and name in self.percentages:
                    text = percent_for_file(text)
                value = int(text) if name == "year" and text.isdigit() else (text or None)
            if value is not None:
                data[name] = value
        return data

    def _checked(self, name: str) -> bytes | None:
        """The form as JSON if the importer's own reader takes it; else None, saying why."""
        try:
            data = json.dumps(self.values(), ensure_ascii=False, indent=2).encode("utf-8")
            read_form(data, name)
        except json.JSONDecodeError as exc:
            self.problem.setText(self.texts.t("forms.bad_json", detail=exc.msg))
            return None
        except PensioencheckerError as exc:
            self.problem.setText(str(exc))
            return None
        return data

    def _file_name(self) -> str:
        stamp = clock.now().astimezone(clock.NETHERLANDS).strftime("%Y%m%d-%H%M%S")
        return f"{self.kind}-{stamp}.json"

    def accept(self) -> None:
        """Validate with the importer's own reader; save and close only when it is right."""
        target = self.folder / self._file_name()
        data = self._checked(target.name)
        if data is None:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            write_atomic(target, data, mode=0o600)
        except PensioencheckerError as exc:
            self.problem.setText(str(exc))
            return
        self.saved = target
        super().accept()

    def export_file(self, path: Path | None = None) -> Path | None:
        """Write the form as a plain file where the user chooses: only when asked."""
        name = self._file_name()
        data = self._checked(name)
        if data is None:
            return None
        if path is None:
            chosen, _filter = QFileDialog.getSaveFileName(
                self, self.texts.t("forms.export.title"), name, "JSON (*.json)"
            )
            if not chosen:
                return None
            path = Path(chosen)
        try:
            write_atomic(path, data, mode=0o600)
        except PensioencheckerError as exc:
            self.problem.setText(str(exc))
            return None
        return path


__all__ = ["FORMS", "ManualFormDialog"]
