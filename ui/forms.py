"""Manual entry: one dialog for every manual-entry form, built from the form's own schema.

The core's pydantic forms (``pensioenchecker.sources.manual``) are the single definition of each
form; this dialog lays their fields out (text, dates, amounts, choices, yes/no; lists and groups
as a small JSON box), validates through the same reader the importer uses, saves the form as the
JSON file the importer reads, and hands that file to the controller.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from pensioenchecker.errors import PensioencheckerError
from pensioenchecker.sources.manual import FORMS, json_schema, read_form
from pensioenchecker.storage import write_atomic

FIXED = ("format", "version", "source")


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
        self.fields: dict[str, QWidget] = {}
        self.setWindowTitle(texts.t("forms.title", form=texts.t(f"data.form.{kind}")))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        for name, spec in schema["properties"].items():
            if name in FIXED:
                continue
            kind_of = _kind(spec)
            widget: QWidget
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
                if "date" in json.dumps(spec):
                    line.setPlaceholderText("JJJJ-MM-DD" if texts.lang == "nl" else "YYYY-MM-DD")
                elif "pattern" in json.dumps(spec):
                    line.setPlaceholderText("1234.56")
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
                text = widget.text().strip()  # type: ignore[attr-defined]
                value = int(text) if name == "year" and text.isdigit() else (text or None)
            if value is not None:
                data[name] = value
        return data

    def accept(self) -> None:
        """Validate with the importer's own reader; save and close only when it is right."""
        try:
            data = json.dumps(self.values(), ensure_ascii=False, indent=2).encode("utf-8")
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            target = self.folder / f"{self.kind}-{stamp}.json"
            read_form(data, target.name)
            self.folder.mkdir(parents=True, exist_ok=True)
            write_atomic(target, data)
        except json.JSONDecodeError as exc:
            self.problem.setText(self.texts.t("forms.bad_json", detail=exc.msg))
            return
        except PensioencheckerError as exc:
            self.problem.setText(str(exc))
            return
        self.saved = target
        super().accept()


__all__ = ["FORMS", "ManualFormDialog"]
