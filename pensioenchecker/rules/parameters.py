"""Dated parameters of the law: loaded once from YAML, validated, looked up by date.

Each figure holds from its date until the next one; every value carries its status (final,
derived, not found) and the source keys it came from, so every result can name them. A year with
no figures of its own uses the nearest covered year, and the lookup says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from pensioenchecker.errors import ParameterError
from pensioenchecker.i18n import N_
from pensioenchecker.rules.notes import Day, ParameterName, note

PARAMS_DIR = Path(__file__).parent / "params"

Status = Literal["final", "derived", "bp", "not_found", "provisional", "empirical", "estimate"]
"""final: in force; derived: computed from sourced figures; bp: Belastingplan proposal;
provisional: published but replaced later (box 3 bank and debt rates) or still a proposal;
empirical: in no legal text found, but the only reading that reproduces the government's own
published outcomes; estimate: a stated assumption (health costs) the user may change."""


_SafeBase: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader where PyYAML was built with it: ten times faster at start-up."""


class _DecimalLoader(_SafeBase):  # type: ignore[valid-type,misc]
    """A safe YAML loader that keeps decimals exact (0.1792 stays Decimal('0.1792')).

    Float scalars are constructed from their text, so no binary float ever holds a figure.
    """


def _construct_decimal(loader: yaml.BaseLoader, node: yaml.Node) -> Decimal:
    return Decimal(str(loader.construct_scalar(node)))  # type: ignore[arg-type]


_DecimalLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)


def _construct_unique_mapping(loader: yaml.BaseLoader, node: yaml.Node) -> dict[Any, Any]:
    """A mapping whose keys are all different.

    YAML lets a repeated key (a second source ``B1``) silently replace the first, and every
    figure citing it would then name the wrong source.
    """
    assert isinstance(node, yaml.MappingNode)  # noqa: S101 - the tag guarantees it
    seen: set[Any] = set()
    for key_node, _value_node in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"the key {key!r} appears twice", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node)


_DecimalLoader.add_constructor("tag:yaml.org,2002:map", _construct_unique_mapping)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Bracket(_Strict):
    upto: int | None
    rate: Decimal = Field(ge=0, le=1)


class BracketSchedule(_Strict):
    premium_upto: int = Field(gt=0)
    brackets: list[Bracket] = Field(min_length=1)

    @model_validator(mode="after")
    def _ordered(self) -> BracketSchedule:
        uppers = [b.upto for b in self.brackets]
        if uppers[-1] is not None:
            raise ValueError("the last bracket must have upto: null")
        finite = [u for u in uppers[:-1] if u is not None]
        if len(finite) != len(uppers) - 1 or finite != sorted(set(finite)):
            raise ValueError("bracket bounds must rise strictly, only the last one null")
        return self


class TaperedCredit(_Strict):
    max: int = Field(ge=0)
    phaseout_start: int = Field(ge=0)
    phaseout_rate: Decimal = Field(ge=0, le=1)
    nil_above: int = Field(ge=0)


class BuildUpStep(_Strict):
    upto: int = Field(gt=0)
    rate: Decimal = Field(ge=0, le=1)
    cap: int = Field(ge=0)


class WorkCredit(_Strict):
    build_up: list[BuildUpStep] = Field(min_length=1)
    phaseout_start: int = Field(ge=0)
    phaseout_rate: Decimal = Field(ge=0, le=1)
    nil_above: int = Field(ge=0)


class AowAmount(_Strict):
    gross: Decimal = Field(gt=0)
    holiday_accrual: Decimal = Field(ge=0)


class AowAmounts(_Strict):
    single: AowAmount
    couple: AowAmount


_VALUE_MODELS: dict[str, Any] = {
    "brackets": BracketSchedule,
    "tapered_credit": TaperedCredit,
    "work_credit": WorkCredit,
    "aow_amounts": AowAmounts,
}


class ValueEntry(_Strict):
    status: Status
    reference: list[str] = Field(min_length=1)
    note: str | None = None
    value: Any = None


class ParameterDef(_Strict):
    description: str
    kind: Literal[
        "brackets", "rate", "amount", "tapered_credit", "work_credit", "aow_amounts", "month_rates"
    ]
    values: dict[dt.date, ValueEntry] = Field(min_length=1)

    @field_validator("values")
    @classmethod
    def _sorted(cls, values: dict[dt.date, ValueEntry]) -> dict[dt.date, ValueEntry]:
        keys = list(values)
        if keys != sorted(keys):
            raise ValueError("dates must be in ascending order")
        return values


class ParameterFile(_Strict):
    description: str
    parameters: dict[str, ParameterDef]


class Source(_Strict):
    title: str
    href: str
    where: str | None = None


class AowAgeRow(_Strict):
    years: int = Field(ge=60, le=75)
    months: int = Field(ge=0, le=11)
    status: Status = "final"
    reference: list[str] = Field(default_factory=list)
    note: str | None = None


class AowAgeFile(_Strict):
    description: str
    reference: list[str]
    before_first_year: AowAgeRow
    by_year: dict[int, AowAgeRow] = Field(min_length=1)
    not_fixed_after: str


class IndexFile(_Strict):
    description: str
    files: list[str]
    aow_age_file: str
    sources_file: str
    years_covered: list[int] = Field(min_length=1)
    version: str | None = None
    """Which edition of the figures this is (as a rule pack's version: "2026-01" or 7)."""


@dataclass(frozen=True)
class Resolved:
    """A parameter value as it holds on a date, with where it came from."""

    name: str
    value: Any
    since: dt.date
    status: Status
    reference: tuple[str, ...]
    note: str | None
    fallback: str | None
    """Why a value other than the one for the date itself is used (not found, not yet known)."""


MAX_REMEMBERED = 50_000
"""Resolved figures a ``Parameters`` keeps (all names x every month of a century is less)."""
RATE_PLACES = 5
"""Rates are exact to five decimals (1/100 000ths), as in the Rekenvoorschriften."""
AMOUNT_PLACES = 2


def _places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 99


def _check_places(value: Any, kind: str) -> None:
    """Refuse rates finer than 1/100 000 and amounts finer than a cent, anywhere in a value."""
    if isinstance(value, BaseModel):
        for name, item in value:
            _check_places(item, "rate" if "rate" in name else "amount")
    elif isinstance(value, dict):
        for item in value.values():
            _check_places(item, kind)
    elif isinstance(value, list | tuple):
        for item in value:
            _check_places(item, kind)
    elif isinstance(value, Decimal):
        limit = RATE_PLACES if kind in ("rate", "month_rates") else AMOUNT_PLACES
        if _places(value) > limit:
            what = "a rate" if limit == RATE_PLACES else "an amount"
            raise ValueError(f"{value} has more than {limit} decimals for {what}")


def _check_value(kind: str, raw: Any, file: str, field: str) -> Any:
    """Validate one value against its kind, so that a bad figure names its file and place."""
    try:
        value = _convert(kind, raw)
        _check_places(value, kind)
        return value
    except (ValidationError, ValueError, ArithmeticError) as exc:
        detail = str(exc).replace("\n", " ")
        raise ParameterError(detail, file, field) from None


def _convert(kind: str, raw: Any) -> Any:
    if kind in _VALUE_MODELS:
        return _VALUE_MODELS[kind].model_validate(raw)
    if kind == "rate":
        return _rate(raw)
    if kind == "amount":
        if isinstance(raw, bool) or not isinstance(raw, int | Decimal) or raw < 0:
            raise ValueError(f"an amount must be a non-negative number, got {raw!r}")
        return Decimal(raw)
    if kind == "month_rates":
        if raw == "rule":
            return raw
        if not isinstance(raw, dict) or sorted(raw) != list(range(1, 13)):
            raise ValueError("month_rates must be 'rule' or a rate for each month 1..12")
        return {int(month): _rate(rate) for month, rate in raw.items()}
    raise ValueError(f"unknown kind {kind!r}")


def _rate(raw: Any) -> Decimal:
    if isinstance(raw, bool) or not isinstance(raw, int | Decimal) or not 0 <= raw <= 1:
        raise ValueError(f"a rate must be a decimal between 0 and 1, got {raw!r}")
    return Decimal(raw)


def _read_yaml(path: Path, texts: Mapping[str, str] | None = None) -> Any:
    """One parameter file, from the folder, or from ``texts`` (file name → YAML text) if given."""
    try:
        if texts is not None:
            if path.name not in texts:
                raise FileNotFoundError(path.name)
            return yaml.load(texts[path.name], Loader=_DecimalLoader)  # noqa: S506 - as below
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=_DecimalLoader)  # noqa: S506 - SafeLoader subclass
    except FileNotFoundError:
        raise ParameterError("file not found", str(path)) from None
    except (yaml.YAMLError, ValueError) as exc:  # PyYAML raises ValueError for 2025-13-01
        raise ParameterError(f"not valid YAML ({exc})".replace("\n", " "), str(path)) from None


def _validate(model: type[BaseModel], raw: Any, path: Path) -> Any:
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(p.isoformat() if isinstance(p, dt.date) else str(p) for p in first["loc"])
        raise ParameterError(first["msg"], str(path), field) from None


class Parameters:
    """The whole parameter tree, validated; look figures up by name and date."""

    def __init__(
        self,
        directory: Path = PARAMS_DIR,
        texts: Mapping[str, str] | None = None,
        notices: Sequence[str] = (),
    ) -> None:
        """Load ``directory``, or ``texts`` (file name → YAML text, as in a rule pack).

        Texts go through the same checks; ``directory`` then only names them in errors.

        ``notices`` are said with every result computed from these figures (their origin).
        """
        self.directory = directory
        self.notices: tuple[str, ...] = tuple(notices)
        self._resolved: dict[tuple[str, dt.date, bool], Resolved] = {}
        index: IndexFile = _validate(
            IndexFile, _read_yaml(directory / "index.yaml", texts), directory / "index.yaml"
        )
        self.years_covered = sorted(index.years_covered)
        self.version: str | None = index.version
        sources_path = directory / index.sources_file
        raw_sources = _read_yaml(sources_path, texts)
        if not isinstance(raw_sources, dict) or "sources" not in raw_sources:
            raise ParameterError("expected a 'sources:' mapping", str(sources_path))
        self.sources: dict[str, Source] = {
            key: _validate(Source, value, sources_path)
            for key, value in raw_sources["sources"].items()
        }
        self.definitions: dict[str, ParameterDef] = {}
        self._values: dict[str, list[tuple[dt.date, ValueEntry, Any]]] = {}
        for name in index.files:
            path = directory / name
            parsed: ParameterFile = _validate(ParameterFile, _read_yaml(path, texts), path)
            for pname, definition in parsed.parameters.items():
                if pname in self.definitions:
                    raise ParameterError("defined twice", str(path), pname)
                self.definitions[pname] = definition
                entries = []
                for since, entry in definition.values.items():
                    field = f"{pname}.values.{since.isoformat()}"
                    self._check_references(entry.reference, str(path), field)
                    if entry.status == "not_found":
                        checked = None
                    else:
                        if entry.value is None:
                            raise ParameterError("value missing", str(path), field)
                        checked = _check_value(definition.kind, entry.value, str(path), field)
                    entries.append((since, entry, checked))
                self._values[pname] = entries
        age_path = directory / index.aow_age_file
        self.aow_age: AowAgeFile = _validate(AowAgeFile, _read_yaml(age_path, texts), age_path)
        for year, row in self.aow_age.by_year.items():
            self._check_references(row.reference, str(age_path), f"by_year.{year}")

    def _check_references(self, keys: list[str], file: str, field: str) -> None:
        unknown = [k for k in keys if k not in self.sources]
        if unknown:
            raise ParameterError(f"unknown source key(s) {', '.join(unknown)}", file, field)

    def lookup(self, name: str, on: dt.date) -> Resolved:
        """The value of ``name`` that holds on ``on``; falls back and says so where needed.

        Remembered per name and date: the figures never change once loaded, and a household's
        projection asks for the same few dozen of them again and again (the toeslagen and box 3
        rules per phase and per year).
        """
        return self._remembered(name, on, exact=False)

    def _remembered(self, name: str, on: dt.date, exact: bool) -> Resolved:
        key = (name, on, exact)
        found = self._resolved.get(key)
        if found is None:
            if len(self._resolved) >= MAX_REMEMBERED:
                self._resolved.clear()
            found = self._lookup_exact(name, on) if exact else self._lookup(name, on)
            self._resolved[key] = found
        return found

    def _lookup(self, name: str, on: dt.date) -> Resolved:
        try:
            entries = self._values[name]
        except KeyError:
            raise KeyError(f"no parameter named {name!r}") from None
        fallback: str | None = None
        index = max((i for i, (since, _, _) in enumerate(entries) if since <= on), default=None)
        if index is None:
            index = 0
            fallback = note(
                "figure.earliest_used",
                N_("no figure for {on}; the earliest known one, from {since}, is used"),
                on=Day(on.isoformat()),
                since=Day(entries[0][0].isoformat()),
            )
        since, entry, value = entries[index]
        if entry.status == "not_found":
            found = next(
                ((s, e, v) for s, e, v in reversed(entries[:index]) if v is not None), None
            )
            if found is None:
                return Resolved(
                    name,
                    None,
                    since,
                    "not_found",
                    tuple(entry.reference),
                    entry.note,
                    entry.note
                    or note(
                        "figure.missing",
                        N_("{parameter} from {since} was not found"),
                        parameter=ParameterName(name),
                        since=Day(since.isoformat()),
                    ),
                )
            missing = since
            since, entry, value = found
            fallback = note(
                "figure.earlier_used",
                N_("{parameter} from {missing} was not found; the value from {since} is used"),
                parameter=ParameterName(name),
                missing=Day(missing.isoformat()),
                since=Day(since.isoformat()),
            )
        return Resolved(
            name, value, since, entry.status, tuple(entry.reference), entry.note, fallback
        )

    def lookup_exact(self, name: str, on: dt.date) -> Resolved:
        """The value of ``name`` for ``on`` itself, or value None when it was not found.

        For rules that must not carry a figure over to a year it was not published for: where
        ``lookup`` would fall back, this returns status "not_found" with the reason.
        """
        return self._remembered(name, on, exact=True)

    def _lookup_exact(self, name: str, on: dt.date) -> Resolved:
        found = self.lookup(name, on)
        if found.fallback is None:
            return found
        entries = self._values[name]
        missing = [e for since, e, _ in entries if since <= on and e.status == "not_found"]
        note = missing[-1].note if missing and missing[-1].note else found.fallback
        return Resolved(name, None, on, "not_found", found.reference, note, note)

    def data_year(self, year: int) -> tuple[int, str | None]:
        """The covered year whose figures serve ``year``, and a note when it is another one."""
        if year in self.years_covered:
            return year, None
        nearest = (
            max(self.years_covered) if year > max(self.years_covered) else min(self.years_covered)
        )
        return nearest, note(
            "figures.other_year",
            N_("no figures for {year}; the figures of {nearest} are used (amounts not indexed)"),
            year=str(year),
            nearest=str(nearest),
        )

    def source_text(self, key: str) -> str:
        """A one-line citation of a source key."""
        source = self.sources[key]
        return f"{source.title} <{source.href}>" if source.href else source.title


@cache
def default_parameters() -> Parameters:
    """The packaged parameters, loaded once per process."""
    return Parameters(PARAMS_DIR)
