"""The projection's notes and the rules' notices as catalog sentences with a stable code.

A ``Note`` is a ``Sentence`` whose plain value is the command line's English (unchanged, so
the JSON and the printed notes stay as they were) and whose ``text(lang)`` is for people: in
the language, figures by notation, names instead of ids. An argument that is ``Shown`` has both
forms: its plain value for the command line, ``said(lang)`` for people.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from pensioenchecker import notation
from pensioenchecker.i18n import N_, gettext, language
from pensioenchecker.messages import Sentence
from pensioenchecker.rules.names import parameter_name


class Shown(str):
    """A value in a note: its plain value as the command line writes it, ``said`` for people."""

    def said(self, lang: str | None) -> str:
        """The value for people in ``lang`` (by default as the command line writes it)."""
        return str(self)


class ParameterName(Shown):
    """A parameter: by its key on the command line, by its human name for people."""

    def said(self, lang: str | None) -> str:
        """The parameter's human name."""
        return parameter_name(str(self), lang)


class DataNote(Shown):
    """A note from the parameter files (English): as it is in English, a catalog sentence else.

    The parameter files' notes are English data, not in the catalog; another language says
    what is known about the figure (``elsewhere``) instead of showing English.
    """

    elsewhere: Sentence

    def __new__(cls, english: str, elsewhere: Sentence) -> DataNote:
        value = super().__new__(cls, english)
        value.elsewhere = elsewhere
        return value

    def said(self, lang: str | None) -> str:
        """The note in English, the catalog sentence in any other language."""
        return str(self) if language(lang) == "en" else self.elsewhere.text(lang)

    def __reduce__(self) -> tuple[object, ...]:
        """Pickled with its catalog sentence."""
        return (DataNote, (str(self), self.elsewhere))


class LineName(Shown):
    """A person or pension line: by id on the command line, by name for people."""

    name: str

    def __new__(cls, ident: str, name: str) -> LineName:
        value = super().__new__(cls, ident)
        value.name = name
        return value

    def said(self, lang: str | None) -> str:
        """The name."""
        return self.name

    def __reduce__(self) -> tuple[object, ...]:
        """Pickled with its name."""
        return (LineName, (str(self), self.name))


class Rate(Shown):
    """A rate in 1/100 000ths: written "17,85 %" on the command line, by notation for people."""

    @classmethod
    def of(cls, rate: int) -> Rate:
        """The rate ``rate`` (1/100 000ths, 17850 is 17.85 %)."""
        return cls(f"{Decimal(rate) / 1000:.2f}".replace(".", ",") + " %")

    def said(self, lang: str | None) -> str:
        """The rate by the language's notation, to the hundredth of a percent."""
        ratio = Decimal(str(self).removesuffix(" %").replace(",", ".")) / 100
        return _percent_2(ratio, lang)


def _percent_2(ratio: Decimal, lang: str | None) -> str:
    return notation.percent(ratio, lang, decimals=2)


class Day(Shown):
    """A date: ISO on the command line, in words for people."""

    def said(self, lang: str | None) -> str:
        """The date in words (10 augustus 2028)."""
        return notation.date(dt.date.fromisoformat(str(self)), lang)


class Term(Shown):
    """A word from the catalog (a status, a topic): the English word on the command line."""

    def said(self, lang: str | None) -> str:
        """The word in ``lang``."""
        return gettext(language(lang), str(self))


STATUS_TERMS = {
    "final": N_("final"),
    "bp": N_("bp"),
    "provisional": N_("provisional"),
    "derived": N_("derived"),
    "estimate": N_("estimate"),
    "empirical": N_("empirical"),
    "not_found": N_("not_found"),
}
"""A figure's status as the notes write it (the English is the status's own key)."""

TOPICS = (
    N_("box 3"),
    N_("health costs"),
    N_("zorgtoeslag"),
    N_("huurtoeslag"),
    N_("huurtoeslag (one-person households)"),
    N_("huurtoeslag (two-person households)"),
    N_("huurtoeslag (one-person AOW households)"),
    N_("huurtoeslag (two-person AOW households)"),
)
"""The topics a year's figures are looked up under (``YearFigures.topic``)."""


class Note(Sentence):
    """A note with a stable code: the command line's English as its value, ``text`` for people."""

    def __new__(
        cls,
        template: str | tuple[str, str],
        args: Mapping[str, object] | None = None,
        code: str | None = None,
    ) -> Note:
        values = dict(args or {})
        plain = Sentence(template, {k: _plain(v) for k, v in values.items()})
        value = str.__new__(cls, str(plain))
        value.template = template
        value.args = values
        value.code = code
        return value

    def text(self, lang: str | None) -> str:
        """The note in ``lang`` for people: names instead of ids, figures by notation."""
        said = {k: v.said(lang) if isinstance(v, Shown) else v for k, v in self.args.items()}
        return Sentence(self.template, said).text(lang)

    def __reduce__(self) -> tuple[object, ...]:
        """Pickled as the same note."""
        return (Note, (self.template, self.args, self.code))


def _plain(value: object) -> object:
    """An argument as the command line writes it."""
    if isinstance(value, Note | Shown):
        return str(value)
    return value


def note(code: str, template: str, /, **args: object) -> Note:
    """A note with its code: ``note("box3.x", N_("..."), year=2027)``."""
    return Note(template, args, code)


def codes(notes: list[str]) -> list[str]:
    """The stable codes of some notes (``text`` for a note without one)."""
    return [getattr(n, "code", None) or "text" for n in notes]
