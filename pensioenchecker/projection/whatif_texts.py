"""The words of what-if notes and refusals, in English and Dutch.

A note or refusal is a ``Phrase``: a string holding the English text (what the command line
prints and the JSON carries, unchanged), which also keeps its key and values so the window and
the Dutch report can say it in Dutch. Values carry their kind (money, an age in months, a date,
a factor, a kind of pension), and each language writes them its own way.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from pensioenchecker.calendar_names import MONTHS_NL
from pensioenchecker.money import format_euros


class Money(int):
    """An amount in cents."""


class Months(int):
    """An age in months."""


class Kind(str):
    """A kind of pension line (old_age, partner, orphan, aow)."""

    __slots__ = ()


class Rate(Decimal):
    """A rate written as a percentage (0.025 is 2.5 %)."""


class LineName(str):
    """A pension line: by id where the command line and JSON say it, by name for people.

    The English text a ``Phrase`` holds keeps the id (unchanged output); ``Phrase.text`` (the
    window and the report) names the payer and the owner instead.
    """

    name: str

    def __new__(cls, line_id: str, name: str) -> LineName:
        value = super().__new__(cls, line_id)
        value.name = name
        return value


class Listed(tuple[Any, ...]):
    """Items written one after another, separated by commas."""


class Phrase(str):
    """A note or refusal: the English text, with its key and values for other languages."""

    key: str
    values: dict[str, Any]

    def __new__(cls, key: str, **values: Any) -> Phrase:
        text = super().__new__(cls, _render(key, values, "en", for_people=False))
        text.key = key
        text.values = values
        return text

    def text(self, lang: str = "en") -> str:
        """The phrase in ``lang`` (nl or en)."""
        return _render(self.key, self.values, lang if lang in TEXTS else "en")


def say(text: str, lang: str) -> str:
    """``text`` in ``lang`` when it is a Phrase; other text as it is."""
    return text.text(lang) if isinstance(text, Phrase) else text


_KINDS_NL = {
    "old_age": "ouderdomspensioen",
    "partner": "partnerpensioen",
    "orphan": "wezenpensioen",
    "aow": "AOW",
}


def _shown(value: Any, lang: str, for_people: bool = True) -> str:
    dutch = lang == "nl"
    if isinstance(value, LineName):
        return value.name if for_people else str(value)
    if isinstance(value, Money):
        return format_euros(value) if dutch else f"{value / 100:.2f}"
    if isinstance(value, Months):
        years, months = divmod(int(value), 12)
        if not dutch:
            return f"{years}y{months}m"
        return f"{years} jaar" + (
            f" en {months} maand{'en' if months != 1 else ''}" if months else ""
        )
    if isinstance(value, dt.date):
        return (
            f"{value.day} {MONTHS_NL[value.month - 1]} {value.year}" if dutch else value.isoformat()
        )
    if isinstance(value, Rate):
        text = f"{value * 100:.2f}".rstrip("0").rstrip(".")
        return text.replace(".", ",") if dutch else text
    if isinstance(value, Decimal):
        return str(value).replace(".", ",") if dutch else str(value)
    if isinstance(value, Kind):
        return _KINDS_NL.get(value, value) if dutch else str(value)
    if isinstance(value, Listed):
        return ", ".join(_shown(item, lang, for_people) for item in value)
    if isinstance(value, tuple):
        return (" of " if dutch else " or ").join(_shown(item, lang, for_people) for item in value)
    if isinstance(value, Phrase):
        return value.text(lang) if for_people else str(value)
    return str(value)


def _render(key: str, values: dict[str, Any], lang: str, for_people: bool = True) -> str:
    shown = {name: _shown(v, lang, for_people) for name, v in values.items()}
    return TEXTS[lang][key].format(**shown)


TEXTS: dict[str, dict[str, str]] = {
    "en": {
        # the actuarial basis, named next to every factor
        "basis.none": "no mortality, discount rate {rate}%",
        "basis.gompertz": "Gompertz law fitted to CBS 37360ned (men, 2023), discount rate {rate}%",
        # notes
        "note.retire": "{share}{provider} ({line}) from age {new} instead of {old}: {moved} x "
        "factor {factor} = {amount} a year ({basis})",
        "note.retire.share": "{percent}% of ",
        "note.bridge": "AOW bridge {bridge} a year until the AOW age from {provider}: the pension "
        "goes down by {bridge} x factor {factor} to {lowered} a year ({basis})",
        "note.high_low": "hoog-laag for {provider} ({line}): {annual} x factor {factor} = {high} "
        "a year for {years} years, then {low_percent}% = {low} ({basis})",
        "note.lump_sum": "lump sum of {percent}% from {provider} ({line}) on {paid_on}: "
        "{given_up} a year given up x value factor {factor} = {lump}, taxed in {year}; the "
        "pension becomes {remaining} a year ({basis})",
        "note.exchange": "exchange at {provider}: {percent}% of the {give} pension ({given} a "
        "year) x factor {factor} = {received} a year more {get} pension (the fund's factor, as "
        "given)",
        "note.survivor": "{name} dies on {death} (age {age}): their payments stop after that "
        "month; {other} gets the AOW for a single person and the partner pensions ({lines} a "
        "year) from the month after",
        "note.survivor.line": "{provider} {amount}",
        "note.survivor.none": "none",
        "note.orphan": "orphan pension from {provider}: {amount} a year per child, paid to the "
        "children (not part of the household's net)",
        "note.wage.hours": "{payer}: {percent}% of the hours from {begin}: {scaled} a year "
        "instead of {annual}",
        "note.wage.until": "{payer}: working until {until}",
        # refusals
        "refuse.kind": "line {line} is a {kind} line, not {kinds}",
        "refuse.no_line": "no pension line {line!r} in the dossier",
        "refuse.paid": "line {line} is already being paid; its start cannot change",
        "refuse.lump_with_high_low": "a lump sum (bedrag ineens) cannot be combined with hoog-laag",
        "refuse.temporary": "line {line} ends at an age; only lifelong pensions can be moved",
        "refuse.too_early": "retirement before {age} is not allowed",
        "refuse.too_late": "retirement later than {years} years after the AOW age is not allowed",
        "refuse.past": "the new start age of line {line} lies in the past",
        "refuse.no_gap": "line {line} starts at or after the AOW age: there is no gap to bridge",
        "refuse.bridge_too_big": "line {line} is too small to pay for this bridge",
        "refuse.high_years": "the high period is at most {years} years",
        "refuse.low_percent": "the low amount must be at least {percent}% of the high one",
        "refuse.high_low_temporary": "line {line} ends at an age; hoog-laag needs a lifelong "
        "pension",
        "refuse.lump_max": "a lump sum is at most {percent}% of the pension",
        "refuse.lump_started": "line {line} has started; a lump sum is chosen only at the start",
        "refuse.exchange_persons": "the partner pension and the old-age pension belong to "
        "different persons",
        "refuse.no_person": "no person {person!r} in the household",
        "refuse.survivor_single": "a survivor what-if needs a household of two",
        "refuse.death_past": "the date of death lies in the past",
        "refuse.no_income": "no income line {line!r} in the dossier",
        "refuse.hours_after_end": "the change of hours starts after the last working day",
    },
    "nl": {
        "basis.none": "zonder sterfte, rekenrente {rate}%",
        "basis.gompertz": "sterftewet van Gompertz passend gemaakt op CBS 37360ned (mannen, "
        "2023), rekenrente {rate}%",
        "note.retire": "{share}{provider} ({line}) vanaf {new} in plaats van {old}: {moved} x "
        "factor {factor} = {amount} per jaar ({basis})",
        "note.retire.share": "{percent}% van ",
        "note.bridge": "AOW-overbrugging {bridge} per jaar tot de AOW-leeftijd uit {provider}: "
        "het pensioen daalt met {bridge} x factor {factor} tot {lowered} per jaar ({basis})",
        "note.high_low": "hoog-laag bij {provider} ({line}): {annual} x factor {factor} = {high} "
        "per jaar gedurende {years} jaar, daarna {low_percent}% = {low} ({basis})",
        "note.lump_sum": "bedrag ineens van {percent}% uit {provider} ({line}) op {paid_on}: "
        "{given_up} per jaar ingeleverd x waardefactor {factor} = {lump}, belast in {year}; "
        "het pensioen wordt {remaining} per jaar ({basis})",
        "note.exchange": "uitruil bij {provider}: {percent}% van het {give} ({given} per jaar) "
        "x factor {factor} = {received} per jaar meer {get} (de factor van het fonds, zoals "
        "opgegeven)",
        "note.survivor": "{name} overlijdt op {death} (leeftijd {age}): de uitkeringen stoppen "
        "na die maand; {other} krijgt de AOW voor een alleenstaande en de partnerpensioenen "
        "({lines} per jaar) vanaf de maand erna",
        "note.survivor.line": "{provider} {amount}",
        "note.survivor.none": "geen",
        "note.orphan": "wezenpensioen van {provider}: {amount} per jaar per kind, betaald aan de "
        "kinderen (geen deel van het netto van het huishouden)",
        "note.wage.hours": "{payer}: {percent}% van de uren vanaf {begin}: {scaled} per jaar in "
        "plaats van {annual}",
        "note.wage.until": "{payer}: werken tot {until}",
        "refuse.kind": "regel {line} is {kind}, geen {kinds}",
        "refuse.no_line": "geen pensioenregel {line!r} in het dossier",
        "refuse.paid": "regel {line} wordt al uitbetaald; de ingangsdatum kan niet meer veranderen",
        "refuse.lump_with_high_low": "een bedrag ineens gaat niet samen met hoog-laag",
        "refuse.temporary": "regel {line} stopt op een leeftijd; alleen levenslange pensioenen "
        "kunnen verschuiven",
        "refuse.too_early": "met pensioen gaan vóór {age} jaar mag niet",
        "refuse.too_late": "met pensioen gaan later dan {years} jaar na de AOW-leeftijd mag niet",
        "refuse.past": "de nieuwe ingangsleeftijd van regel {line} ligt in het verleden",
        "refuse.no_gap": "regel {line} begint op of na de AOW-leeftijd: er valt niets te "
        "overbruggen",
        "refuse.bridge_too_big": "regel {line} is te klein om deze overbrugging te betalen",
        "refuse.high_years": "de hoge periode duurt hoogstens {years} jaar",
        "refuse.low_percent": "het lage bedrag is minstens {percent}% van het hoge",
        "refuse.high_low_temporary": "regel {line} stopt op een leeftijd; hoog-laag kan alleen "
        "bij een levenslang pensioen",
        "refuse.lump_max": "een bedrag ineens is hoogstens {percent}% van het pensioen",
        "refuse.lump_started": "regel {line} is al ingegaan; een bedrag ineens kies je alleen "
        "bij de start",
        "refuse.exchange_persons": "het partnerpensioen en het ouderdomspensioen horen bij "
        "verschillende personen",
        "refuse.no_person": "geen persoon {person!r} in het huishouden",
        "refuse.survivor_single": "een nabestaandenberekening vraagt een huishouden van twee",
        "refuse.death_past": "de overlijdensdatum ligt in het verleden",
        "refuse.no_income": "geen inkomensregel {line!r} in het dossier",
        "refuse.hours_after_end": "de urenwijziging begint na de laatste werkdag",
    },
}
