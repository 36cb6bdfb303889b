"""The words of what-if notes and refusals: catalog sentences with the command line's English.

A note or refusal is a ``Phrase``: a ``Note`` (``pensioenchecker.rules.notes``) whose value is the
English text the command line prints and the JSON carries, unchanged, and whose ``text(lang)``
says it for people in the window and the report: in the language (the catalog), amounts by
notation, payers and people by name instead of their ids. Its key is its stable code.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from pensioenchecker import notation
from pensioenchecker.i18n import N_, Translator, gettext, language
from pensioenchecker.messages import say as say
from pensioenchecker.rules.notes import Day, LineName, Note, Shown

__all__ = ["Kind", "LineName", "Listed", "Money", "Months", "Phrase", "Rate", "say"]


class Money(Shown):
    """An amount in cents: 18400.00 on the command line, € 18.400 for people."""

    cents: int

    def __new__(cls, cents: int) -> Money:
        value = super().__new__(cls, f"{int(cents) / 100:.2f}")
        value.cents = int(cents)
        return value

    def said(self, lang: str | None) -> str:
        """The amount by the language's notation."""
        return notation.money(self.cents, lang, decimals=True)

    def __reduce__(self) -> tuple[object, ...]:
        """Pickled as the same amount."""
        return (Money, (self.cents,))


class Months(Shown):
    """An age in months: 66y3m on the command line, "66 years and 3 months" for people."""

    months: int

    def __new__(cls, months: int) -> Months:
        years, rest = divmod(int(months), 12)
        value = super().__new__(cls, f"{years}y{rest}m")
        value.months = int(months)
        return value

    def said(self, lang: str | None) -> str:
        """The age in words."""
        t = Translator(lang)
        years, months = divmod(self.months, 12)
        said = t.ngettext("{count} year", "{count} years", years).format(count=years)
        if months:
            said = t._("{years} and {months}").format(
                years=said,
                months=t.ngettext("{count} month", "{count} months", months).format(count=months),
            )
        return said

    def __reduce__(self) -> tuple[object, ...]:
        """Pickled as the same age."""
        return (Months, (self.months,))


_KINDS = {
    "old_age": N_("old-age pension"),
    "partner": N_("partner pension"),
    "orphan": N_("orphan pension"),
    "aow": N_("AOW"),
}


class Kind(Shown):
    """A kind of pension line: its key (old_age, partner, orphan, aow), its name for people."""

    def said(self, lang: str | None) -> str:
        """The kind's name in ``lang``."""
        english = _KINDS.get(str(self))
        return gettext(language(lang), english) if english else str(self)


class Factor(Shown):
    """A factor (0.9305): as written on the command line, with the language's decimal sign."""

    def said(self, lang: str | None) -> str:
        """The factor with the language's decimal sign, every digit kept."""
        return str(self).replace(".", ",") if notation.language(lang) == "nl" else str(self)


class Rate(Factor):
    """A rate written as a percentage (0.025 is 2.5%; 2,5 % in Dutch)."""

    def __new__(cls, rate: Decimal) -> Rate:
        return super().__new__(cls, f"{Decimal(rate) * 100:.2f}".rstrip("0").rstrip(".") + "%")

    def said(self, lang: str | None) -> str:
        """The percentage by the language's notation (2,5 % / 2.5%)."""
        return notation.exact_percent(Decimal(str(self).removesuffix("%")) / 100, lang)


class Percent(Rate):
    """A whole percentage given as a number (10 is 10%)."""

    def __new__(cls, percent: object) -> Percent:
        return str.__new__(cls, f"{percent}%")


class Listed(Shown):
    """Items written one after another, separated by commas."""

    items: tuple[Any, ...]

    def __new__(cls, items: Any) -> Listed:
        kept = tuple(_value(item) for item in items)
        value = super().__new__(cls, ", ".join(str(item) for item in kept))
        value.items = kept
        return value

    def said(self, lang: str | None) -> str:
        """Each item for people, separated by commas."""
        return ", ".join(_said(item, lang) for item in self.items)

    def __reduce__(self) -> tuple[object, ...]:
        """Pickled as the same items."""
        return (Listed, (self.items,))


class AnyOf(Listed):
    """Alternatives: "a or b"."""

    def __new__(cls, items: Any) -> AnyOf:
        kept = tuple(_value(item) for item in items)
        value = str.__new__(cls, " or ".join(str(item) for item in kept))
        value.items = kept
        return value

    def said(self, lang: str | None) -> str:
        """The alternatives joined by the language's "or"."""
        said = [_said(item, lang) for item in self.items]
        if len(said) < 2:
            return "".join(said)
        return (
            Translator(lang)
            ._("{items} or {last}")
            .format(items=", ".join(said[:-1]), last=said[-1])
        )

    def __reduce__(self) -> tuple[object, ...]:
        """Pickled as the same alternatives."""
        return (AnyOf, (self.items,))


def _said(item: object, lang: str | None) -> str:
    if isinstance(item, Note):
        return item.text(lang)
    if isinstance(item, Shown):
        return item.said(lang)
    return str(item)


def _value(value: object) -> object:
    """A value as a note keeps it: its command-line form and its form for people."""
    if isinstance(value, Note | Shown):
        return value
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)  # years, percentages and ages: no grouping
    if isinstance(value, Decimal):
        return Factor(str(value))
    if isinstance(value, dt.date):
        return Day(value.isoformat())
    if isinstance(value, tuple):
        return AnyOf(value)
    return value


class Phrase(Note):
    """A note or refusal by its key (its stable code): ``Phrase("refuse.past", line=...)``."""

    @property
    def key(self) -> str:
        """The phrase's key, the same as its code."""
        return self.code or ""

    def __new__(cls, key: str, **values: Any) -> Phrase:
        converted = {
            name: Percent(v) if name.endswith("percent") and not isinstance(v, str) else _value(v)
            for name, v in values.items()
        }
        phrase = Note.__new__(cls, TEMPLATES[key], converted, key)
        assert isinstance(phrase, Phrase)
        return phrase

    def __reduce__(self) -> tuple[object, ...]:
        """Pickled as the same phrase."""
        return (_rebuild, (self.code, self.args))


def _rebuild(key: str, values: dict[str, Any]) -> Phrase:
    return Phrase(key, **values)


TEMPLATES: dict[str, str] = {
    "basis.none": N_("no mortality, discount rate {rate}"),
    "basis.gompertz": N_("Gompertz law fitted to CBS 37360ned (men, 2023), discount rate {rate}"),
    "note.retire": N_(
        "{share}{provider} ({line}) from age {new} instead of {old}: {moved} x factor "
        "{factor} = {amount} a year ({basis})"
    ),
    "note.retire.share": N_("{percent} of "),
    "note.bridge": N_(
        "AOW bridge {bridge} a year until the AOW age from {provider}: the pension goes "
        "down by {bridge} x factor {factor} to {lowered} a year ({basis})"
    ),
    "note.high_low": N_(
        "hoog-laag for {provider} ({line}): {annual} x factor {factor} = {high} a year "
        "for {years} years, then {low_percent} = {low} ({basis})"
    ),
    "note.lump_sum": N_(
        "lump sum of {percent} from {provider} ({line}) on {paid_on}: {given_up} a year "
        "given up x value factor {factor} = {lump}, taxed in {year}; the pension becomes "
        "{remaining} a year ({basis})"
    ),
    "note.exchange": N_(
        "exchange at {provider}: {percent} of the {give} pension ({given} a year) x "
        "factor {factor} = {received} a year more {get} pension (the fund's factor, as "
        "given)"
    ),
    "note.survivor": N_(
        "{name} dies on {death} (age {age}): their payments stop after that month; "
        "{other} gets the AOW for a single person and the partner pensions ({lines} a "
        "year) from the month after"
    ),
    "note.survivor.line": N_("{provider} {amount}"),
    "note.survivor.none": N_("none"),
    "note.orphan": N_(
        "orphan pension from {provider}: {amount} a year per child, paid to the children "
        "(not part of the household's net)"
    ),
    "note.wage.hours": N_(
        "{payer}: {percent} of the hours from {begin}: {scaled} a year instead of {annual}"
    ),
    "note.wage.until": N_("{payer}: working until {until}"),
    "refuse.kind": N_("line {line} is a {kind} line, not {kinds}"),
    "refuse.no_line": N_("no pension line {line!r} in the dossier"),
    "refuse.paid": N_("line {line} is already being paid; its start cannot change"),
    "refuse.lump_with_high_low": N_("a lump sum (bedrag ineens) cannot be combined with hoog-laag"),
    "refuse.temporary": N_("line {line} ends at an age; only lifelong pensions can be moved"),
    "refuse.too_early": N_("retirement before {age} is not allowed"),
    "refuse.too_late": N_("retirement later than {years} years after the AOW age is not allowed"),
    "refuse.past": N_("the new start age of line {line} lies in the past"),
    "refuse.no_gap": N_("line {line} starts at or after the AOW age: there is no gap to bridge"),
    "refuse.bridge_too_big": N_("line {line} is too small to pay for this bridge"),
    "refuse.high_years": N_("the high period is at most {years} years"),
    "refuse.low_percent": N_("the low amount must be at least {percent} of the high one"),
    "refuse.high_low_temporary": N_(
        "line {line} ends at an age; hoog-laag needs a lifelong pension"
    ),
    "refuse.lump_max": N_("a lump sum is at most {percent} of the pension"),
    "refuse.lump_started": N_("line {line} has started; a lump sum is chosen only at the start"),
    "refuse.exchange_persons": N_(
        "the partner pension and the old-age pension belong to different persons"
    ),
    "refuse.no_person": N_("no person {person!r} in the household"),
    "refuse.survivor_single": N_("a survivor what-if needs a household of two"),
    "refuse.death_past": N_("the date of death lies in the past"),
    "refuse.no_income": N_("no income line {line!r} in the dossier"),
    "refuse.hours_after_end": N_("the change of hours starts after the last working day"),
}
"""Each phrase's English (the catalog id); the catalogs translate it."""
