"""Manual entry: one dialog for every manual-entry form, built from the form's own schema.

The core's pydantic forms (``pensioenchecker.sources.manual``) are the single definition of each
form; this dialog lays their fields out with labels for people (``ui.forms_texts``): text, dates
(a date edit with a calendar, typed dd-mm-jjjj), amounts typed the Dutch way, choices in words,
yes/no, groups (a name, an address) as framed sections and lists (payers, partners) as sections
added one at a time. It validates through the same reader the importer uses, saves the form as
the JSON file the importer reads (ISO dates, euros with a decimal point), and hands that file to
the controller. That file lies in a private folder of the session (the window keeps the form in
the vault); a plain copy elsewhere is written only when the user asks for one (Save as file).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from pensioenchecker import clock
from pensioenchecker.errors import PensioencheckerError
from pensioenchecker.i18n import Translator
from pensioenchecker.sources.manual import (
    EURO_PATTERN,
    FORMS,
    PERCENT_PATTERN,
    json_schema,
    read_form,
)
from pensioenchecker.storage import write_atomic
from ui.form_inputs import (
    DateField,
    FormInputError,
    euros_for_file,
    parse_amount,
    percent_for_file,
    show_amount,
    window_locale,
)
from ui.forms_texts import CHOICES, FORM_TITLES, HELP, LABELS, RULES, lookup

FIXED = ("format", "version", "source")


# -- the schema --------------------------------------------------------------------------------


def _options(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The field's own spec and, for an optional field, the options of its "anyOf"."""
    return [spec, *[o for option in spec.get("anyOf", []) for o in (option, *_options(option))]]


def _pattern(spec: dict[str, Any]) -> str | None:
    """The text pattern of a field (also inside "anyOf", as optional fields have it)."""
    return next((str(o["pattern"]) for o in _options(spec) if "pattern" in o), None)


def _choices(spec: dict[str, Any]) -> list[str] | None:
    return next(([str(v) for v in o["enum"]] for o in _options(spec) if "enum" in o), None)


def _ref(spec: dict[str, Any], definitions: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """The name and schema of the group a field holds (a name, an address), if it holds one."""
    for option in _options(spec):
        if "$ref" in option:
            name = str(option["$ref"]).rsplit("/", 1)[-1]
            return name, definitions[name]
    return None


def _types(spec: dict[str, Any]) -> set[str]:
    return {str(o["type"]) for o in _options(spec) if "type" in o}


def _limits(spec: dict[str, Any]) -> tuple[int | None, int | None]:
    """The lowest and highest whole number a field takes."""
    low = next((int(o["minimum"]) for o in _options(spec) if "minimum" in o), None)
    high = next((int(o["maximum"]) for o in _options(spec) if "maximum" in o), None)
    return low, high


# -- inputs -------------------------------------------------------------------------------------


class _Node:
    """One field, group or list of the form: its widget, label and value."""

    widget: QWidget
    label: str

    def value(self) -> Any:
        """The JSON value (None: not given)."""
        raise NotImplementedError

    def inputs(self) -> list[QWidget]:
        """The widgets the keyboard visits, in the form's order."""
        return [self.widget]


class _Leaf(_Node):
    def __init__(self, widget: QWidget, label: str, read: Callable[[], Any]) -> None:
        self.widget = widget
        self.label = label
        self._read = read

    def value(self) -> Any:
        return self._read()


class ManualFormDialog(QDialog):
    """Fill in one manual-entry form; on OK the saved file is imported."""

    def __init__(self, kind: str, lang: str, folder: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.kind = kind
        self.lang = lang
        self.t = Translator(lang)
        self.notation = window_locale(lang)
        self.setLocale(self.notation)  # the calendar's month and day names
        self.folder = folder
        self.saved: Path | None = None
        self.schema = json_schema(kind)
        self.definitions: dict[str, Any] = self.schema.get("$defs", {})
        self.fields: dict[str, QWidget] = {}
        """Every input by its place ("payer", "naam.geslachtsnaam", "payers.0.income")."""
        self.labels: dict[tuple[str, ...], str] = {}
        """Each place's label, lists' items under "*", for saying where a problem is."""
        form_name = lookup(lang, FORM_TITLES, kind) or kind
        self.setWindowTitle(self.t._("Enter yourself: {form}").format(form=form_name))
        self.setObjectName("manualForm")
        layout = QVBoxLayout(self)
        legend = QLabel(self.t._("Fields marked * are required."))
        layout.addWidget(legend)
        body = QWidget()
        self.root = self.group_layout(body, self.schema, (), top=True)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        layout.addWidget(scroll, 1)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.setObjectName("formProblem")
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        save = buttons.button(QDialogButtonBox.StandardButton.Save)
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        save.setText(self.t._("&Save"))
        cancel.setText(self.t._("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.export_button = buttons.addButton(
            self.t._("Save as &file…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.export_button.clicked.connect(lambda: self.export_file())
        for button in (save, cancel, self.export_button):
            button.setAccessibleName(button.text().replace("&", ""))
        self.buttons = [save, self.export_button, cancel]
        layout.addWidget(buttons)
        self.resize(560, 640)
        self.order_tabs()

    # -- building -----------------------------------------------------------------------------

    def _label(self, model: str, name: str) -> str:
        return lookup(self.lang, LABELS, f"{model}.{name}", name) or self.t._("Field")

    def group_layout(
        self,
        host: QWidget,
        schema: dict[str, Any],
        place: tuple[str, ...],
        top: bool = False,
        always: bool = False,
    ) -> _Group:
        """The fields of one model in a form layout on ``host``.

        ``always``: the section is required, so it is given even when empty and a problem is
        said at its fields ("Name › Surname: please fill this in").
        """
        model = str(schema.get("title", ""))
        required = set(schema.get("required", []))
        form = QFormLayout(host)
        children: dict[str, _Node] = {}
        for name, spec in schema["properties"].items():
            if top and name in FIXED:
                continue
            here = (*place, name)
            label = self._label(model, name)
            self.labels[tuple("*" if p.isdigit() else p for p in here)] = label
            shown = f"{label} *" if name in required else label
            node = self._node(name, spec, here, label, name in required)
            help_text = lookup(self.lang, HELP, f"{model}.{name}", name)
            node.widget.setAccessibleName(label)
            if help_text:
                node.widget.setToolTip(help_text)
                node.widget.setAccessibleDescription(help_text)
            if isinstance(node.widget, QGroupBox):
                node.widget.setTitle(shown)
                form.addRow(node.widget)
            else:
                caption = QLabel(shown)
                caption.setBuddy(node.widget)
                if help_text:
                    caption.setToolTip(help_text)
                form.addRow(caption, node.widget)
            children[name] = node
        return _Group(host, children, always=top or always)

    def _node(
        self, name: str, spec: dict[str, Any], place: tuple[str, ...], label: str, required: bool
    ) -> _Node:
        """The input for one field, by what it holds."""
        key = ".".join(place)
        types = _types(spec)
        ref = _ref(spec, self.definitions)
        if "array" in types:
            items = spec.get("items", {})
            item_ref = _ref(items, self.definitions)
            if item_ref is not None:
                item_label = lookup(self.lang, LABELS, item_ref[0]) or label
                self.labels[tuple("*" if p.isdigit() else p for p in (*place, "0"))] = item_label
                return _List(self, place, label, item_label, item_ref[1])
        if ref is not None:
            props = ref[1].get("properties", {})
            if list(props) == ["datum"]:  # a date object ({"datum": ...}): just the date
                date = self._date_field(key)
                return _Leaf(date, label, lambda: _wrap_date(date.day()))
            return self.group_layout(QGroupBox(), ref[1], place, always=required)
        choices = _choices(spec)
        if choices:
            combo = QComboBox()
            optional = "null" in types or "default" in spec and spec["default"] is None
            if optional:
                combo.addItem(self.t._("(not given)"), None)
            for value in choices:
                combo.addItem(lookup(self.lang, CHOICES, f"{name}.{value}") or value, value)
            if spec.get("default") is not None:
                combo.setCurrentIndex(combo.findData(spec["default"]))
            self.fields[key] = combo
            return _Leaf(combo, label, combo.currentData)
        if "boolean" in types:
            check = QCheckBox()
            check.setChecked(bool(spec.get("default", False)))
            self.fields[key] = check
            return _Leaf(check, label, check.isChecked)
        if any(o.get("format") == "date" for o in _options(spec)):
            date = self._date_field(key)
            return _Leaf(date, label, lambda: _iso(date.day()))
        line = QLineEdit()
        self.fields[key] = line
        pattern = _pattern(spec)
        if pattern == EURO_PATTERN:
            default = spec.get("default")
            cents = int(Decimal(default) * 100) if default is not None else 123456
            line.setPlaceholderText(show_amount(cents, self.notation))
            line.editingFinished.connect(lambda: self._tidy_amount(line))
            return _Leaf(line, label, lambda: self._amount(line, label))
        if pattern == PERCENT_PATTERN:
            line.setPlaceholderText(f"2{self.notation.decimalPoint()}56")
            return _Leaf(line, label, lambda: self._percent(line, label))
        if "integer" in types:
            low, high = _limits(spec)
            if name == "year":
                line.setPlaceholderText(str(clock.today().year - 1))
            return _Leaf(line, label, lambda: self._whole(line, label, low, high))
        return _Leaf(line, label, lambda: line.text().strip() or None)

    def _date_field(self, key: str) -> DateField:
        date = DateField(self.t._("dd-mm-yyyy"))
        date.setToolTip(
            self.t._("Type the date as dd-mm-yyyy or choose it in the calendar; Delete empties it.")
        )
        self.fields[key] = date
        return date

    def order_tabs(self) -> None:
        """The keyboard visits the fields in the form's order, then the buttons."""
        chain = [*self.root.inputs(), *self.buttons]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    # -- reading ------------------------------------------------------------------------------

    def _amount(self, line: QLineEdit, label: str) -> str | None:
        text = line.text().strip()
        if not text:
            return None
        try:
            return euros_for_file(parse_amount(text, self.notation))
        except ValueError as exc:
            example = show_amount(1840000, self.notation)
            messages = {
                "negative": self.t._("{field}: an amount cannot be negative."),
                "decimals": self.t._("{field}: an amount has at most two decimals: {text}."),
                "large": self.t._("{field}: this amount is implausibly large: {text}."),
            }
            default = self.t._(
                "{field}: this is not an amount: {text}. Type for example {example}."
            )
            message = messages.get(str(exc), default)
            raise FormInputError(message.format(field=label, text=text, example=example)) from None

    def _tidy_amount(self, line: QLineEdit) -> None:
        """An amount typed is shown back in the window's notation ("1234,5" → "1.234,50")."""
        with contextlib.suppress(ValueError):  # a wrong amount is explained at saving
            line.setText(show_amount(parse_amount(line.text(), self.notation), self.notation))

    def _percent(self, line: QLineEdit, label: str) -> str | None:
        text = line.text().strip()
        if not text:
            return None
        try:
            return percent_for_file(text)
        except ValueError:
            example = f"2{self.notation.decimalPoint()}56"
            message = self.t._(
                "{field}: this is not a percentage: {text}. Type for example {example}."
            )
            raise FormInputError(message.format(field=label, text=text, example=example)) from None

    def _whole(self, line: QLineEdit, label: str, low: int | None, high: int | None) -> int | None:
        text = line.text().strip()
        if not text:
            return None
        if not text.isdigit():
            message = self.t._("{field}: this is not a whole number: {text}.")
            raise FormInputError(message.format(field=label, text=text))
        return int(text)

    def values(self) -> dict[str, Any]:
        """The form as the JSON the importer reads (empty fields left out).

        Raises FormInputError for input that is not what its field takes (an amount, a number).
        """
        data: dict[str, Any] = {
            "format": "pensioenchecker-manual",
            "version": 1,
            "source": self.kind,
        }
        data.update(self.root.value() or {})
        return data

    def _where(self, loc: tuple[int | str, ...]) -> str:
        """The labels of a problem's place: "Partner 2 › Surname"."""
        parts: list[str] = []
        pattern: tuple[str, ...] = ()
        for step in loc:
            if isinstance(step, int):
                item = self.labels.get((*pattern, "*"))
                if item is not None and parts:
                    parts[-1] = f"{item} {step + 1}"
                pattern = (*pattern, "*")
            else:
                pattern = (*pattern, step)
                if pattern in self.labels:
                    parts.append(self.labels[pattern])
        return " › ".join(parts)

    def explain(self, error: ValidationError) -> str:
        """The core's objections to the form, one line each, in the window's language."""
        lines = []
        for item in error.errors():
            field = self._where(tuple(item["loc"])) or self.t._("This form")
            kind = item["type"]
            ctx = item.get("ctx", {})
            if kind in ("missing", "string_too_short"):
                line = self.t._("{field}: please fill this in.").format(field=field)
            elif kind == "string_too_long":
                line = self.t._("{field}: at most {count} characters.").format(
                    field=field, count=ctx.get("max_length")
                )
            elif kind == "string_pattern_mismatch":
                line = self.t._("{field}: this is not written the right way.").format(field=field)
            elif kind in ("greater_than_equal", "greater_than"):
                limit = ctx.get("ge", ctx.get("gt"))
                line = self.t._("{field}: at least {limit}.").format(field=field, limit=limit)
            elif kind in ("less_than_equal", "less_than"):
                limit = ctx.get("le", ctx.get("lt"))
                line = self.t._("{field}: at most {limit}.").format(field=field, limit=limit)
            elif kind == "value_error" and str(ctx.get("error")) in RULES:
                line = self.t._(RULES[str(ctx.get("error"))])
            else:
                line = self.t._("{field}: this is not accepted.").format(field=field)
            if line not in lines:
                lines.append(line)
        return "\n".join(lines)

    def _checked(self, name: str) -> bytes | None:
        """The form as JSON if the importer's own reader takes it; else None, saying why."""
        try:
            values = self.values()
            FORMS[self.kind].model_validate(values)
            data = json.dumps(values, ensure_ascii=False, indent=2).encode("utf-8")
            read_form(data, name)
        except FormInputError as exc:
            self.problem.setText(str(exc))
            return None
        except ValidationError as exc:
            self.problem.setText(self.explain(exc))
            return None
        except PensioencheckerError as exc:
            self.problem.setText(exc.text(self.lang))
            return None
        self.problem.clear()
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
            self.problem.setText(exc.text(self.lang))
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
                self, self.t._("Save the form as a file (not encrypted)"), name, "JSON (*.json)"
            )
            if not chosen:
                return None
            path = Path(chosen)
        try:
            write_atomic(path, data, mode=0o600)
        except PensioencheckerError as exc:
            self.problem.setText(exc.text(self.lang))
            return None
        return path


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _wrap_date(day: dt.date | None) -> dict[str, str] | None:
    return {"datum": day.isoformat()} if day is not None else None


class _Group(_Node):
    """The fields of one model: the form itself, or a framed section (a name, an address)."""

    def __init__(self, widget: QWidget, children: dict[str, _Node], always: bool) -> None:
        self.widget = widget
        self.label = widget.accessibleName()
        self.children = children
        self.always = always
        """The form itself is always given; a section only when something in it is filled in."""

    def value(self) -> dict[str, Any] | None:
        """The fields given; None for a section where nothing is filled in."""
        values = {name: child.value() for name, child in self.children.items()}
        given = {name: value for name, value in values.items() if value is not None}
        filled = any(not isinstance(self.children[name].widget, QCheckBox) for name in given)
        return given if self.always or filled else None

    def inputs(self) -> list[QWidget]:
        return [w for child in self.children.values() for w in child.inputs()]


class _List(_Node):
    """A list of sections (payers, partners, addresses), added and removed one at a time."""

    def __init__(
        self,
        dialog: ManualFormDialog,
        place: tuple[str, ...],
        label: str,
        item_label: str,
        item_schema: dict[str, Any],
    ) -> None:
        self.dialog = dialog
        self.place = place
        self.label = label
        self.item_label = item_label
        self.item_schema = item_schema
        self.items: list[tuple[QGroupBox, _Group, QPushButton]] = []
        self.widget = box = QGroupBox()
        self.rows = QVBoxLayout(box)
        self.add_button = QPushButton(dialog.t._("&Add"))
        self.add_button.setAccessibleName(
            f"{self.add_button.text().replace('&', '')}: {item_label}"
        )
        self.add_button.clicked.connect(self.add)
        bar = QHBoxLayout()
        bar.addWidget(self.add_button)
        bar.addStretch(1)
        self.rows.addLayout(bar)

    def add(self) -> _Group:
        """One more section, at the end of the list; the keyboard goes to its first field."""
        number = len(self.items)
        box = QGroupBox(f"{self.item_label} {number + 1}")
        group = self.dialog.group_layout(box, self.item_schema, (*self.place, str(number)))
        remove = QPushButton(self.dialog.t._("&Remove"))
        remove.setAccessibleName(f"{remove.text().replace('&', '')}: {box.title()}")
        remove.clicked.connect(lambda: self.remove(box))
        layout = box.layout()
        if isinstance(layout, QFormLayout):
            bar = QHBoxLayout()
            bar.addStretch(1)
            bar.addWidget(remove)
            layout.addRow(bar)
        self.rows.insertWidget(self.rows.count() - 1, box)
        self.items.append((box, group, remove))
        self.dialog.order_tabs()
        first = group.inputs()
        if first:
            first[0].setFocus()
        return group

    def remove(self, box: QGroupBox) -> None:
        """Take a section out of the list."""
        self.items = [item for item in self.items if item[0] is not box]
        box.setParent(None)
        box.deleteLater()
        for index, (item_box, _group, _remove) in enumerate(self.items):
            item_box.setTitle(f"{self.item_label} {index + 1}")
        self.dialog.order_tabs()

    def value(self) -> list[Any] | None:
        values = [group.value() for _box, group, _remove in self.items]
        return [v for v in values if v is not None] or None

    def inputs(self) -> list[QWidget]:
        widgets: list[QWidget] = []
        for _box, group, remove in self.items:
            widgets += [*group.inputs(), remove]
        return [*widgets, self.add_button]


__all__ = [
    "FORMS",
    "DateField",
    "ManualFormDialog",
    "euros_for_file",
    "parse_amount",
    "percent_for_file",
    "show_amount",
    "window_locale",
]
