"""What the importers tell the user, stored as a code plus arguments and written out when shown.

A dossier keeps ``Message(code, args)`` rather than a finished sentence, so a warning imported
with the window in Dutch reads in English after a language switch or a restart. ``TEMPLATES``
maps each code to its English message id (the catalogs translate it); a template with a plural
is a pair, picked by the ``count`` argument.

Arguments are plain JSON values; their name says how they are written out:
``*_cents`` an amount (integer cents), ``*_date`` an ISO date, ``*_ratio`` a fraction shown as a
percentage, ``*_term`` a word from ``TERMS`` (translated), any other integer a number; text
stays as it is (names, files, places in a file). The codes are a public contract: the command
line's ``import --json`` prints them as ``warning_codes``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from pensioenchecker import notation
from pensioenchecker.i18n import N_, NP_, gettext, language, ngettext

TEXT = "text"
"""The code of a warning saved before warnings had codes: its ``text`` argument, as it was."""

TEMPLATES: dict[str, str | tuple[str, str]] = {
    # Merging files into one household
    "aow.insured_years": NP_(
        "AOW of {person}: the file's amount is {share_ratio} of a full AOW on {on_date}, "
        "i.e. {count} insured year (2 % per year)",
        "AOW of {person}: the file's amount is {share_ratio} of a full AOW on {on_date}, "
        "i.e. {count} insured years (2 % per year)",
    ),
    "conflict.birth_date": N_(
        "conflict: {name} has birth date {first_date} in one file and {second_date} in "
        "{document}; both are kept as separate persons until you correct one"
    ),
    "conflict.household": N_(
        "conflict: {name} is {first_term} in one file and {second_term} in {document}"
    ),
    "conflict.amounts": N_(
        "conflict: {provider} {scheme} appears twice with different amounts ({first_cents} "
        "and {second_cents}); the first is used, check it"
    ),
    "download.older": N_(
        "an older download of {person} ({older_date}) set aside; {newer} ({newer_date}) is used"
    ),
    "download.older_unnamed": N_(
        "an older download of this person ({older_date}) set aside; {newer} ({newer_date}) is used"
    ),
    "rent.second": N_("a second rent entry; the last one is used"),
    # Mijnpensioenoverzicht
    "mpo.decimal_comma": N_("{place}: amount {raw} uses a decimal comma; read as {read}"),
    "mpo.unreachable": N_(
        "missing from this overview — these providers could not be reached: {providers}"
    ),
    "mpo.no_data": N_("missing from this overview — these providers had no data: {providers}"),
    "mpo.notes": N_("Mijnpensioenoverzicht notes: {text}"),
    "mpo.unknown_element": N_("unknown element {place} kept in the source document, not used"),
    "mpo.living_situation": N_(
        "the file does not say whether you live alone or together; single is assumed"
    ),
    "mpo.alleenstaandenpensioen": N_(
        "{provider} {scheme}: an alleenstaandenpensioen is paid only to someone who is single "
        "at the pension date"
    ),
    # UWV verzekeringsbericht
    "uwv.review": NP_(
        "{count} employment period was read from the PDF's text and is marked for review: "
        "compare it with the verzekeringsbericht before relying on it",
        "{count} employment periods were read from the PDF's text and are marked for review: "
        "compare each with the verzekeringsbericht before relying on them",
    ),
    "uwv.addressed_to": N_(
        "the verzekeringsbericht is addressed to {name}; check that this is the right person"
    ),
    "uwv.names_differ": N_(
        "the name differs between pages; is this one person's verzekeringsbericht?"
    ),
    "uwv.no_date": N_("no 'Datum:' found; the periods have no reference date"),
    "uwv.unknown_version": N_("version VZB-{version} was not seen before; check the periods"),
    "uwv.bad_lines": NP_(
        "{count} wage line could not be read (bad date or no employer above it); it is listed "
        "as unknown",
        "{count} wage lines could not be read (bad date or no employer above them); they are "
        "listed as unknown",
    ),
    "uwv.no_wage_lines": N_("no wage lines found for: {employers}"),
    "uwv.bsn": N_("the PDF shows a burgerservicenummer; it was not stored"),
    # Manual entry
    "manual.bsn": N_("a burgerservicenummer in the file was not stored"),
    "manual.partner_without_birth_date": N_(
        "the partner has no geboorte.datum, so only this person is added; add the partner's "
        "birth date to include them"
    ),
    # Bank statements
    "bank.currency_mismatch": N_(
        "statement {statement} ({account}): opening balance in {opening_currency}, closing "
        "balance in {closing_currency}; its transactions are taken to be in {currency}"
    ),
    "bank.balance_difference": N_(
        "statement {statement} ({account}): opening balance plus transactions differs from the "
        "closing balance by {difference_cents}"
    ),
    "bank.entries_missing": N_(
        "statement {statement} ({account}): opening balance plus entries differs from the "
        "closing balance by {difference_cents}; entries may be missing"
    ),
    "bank.newer_version": N_(
        "camt.053.001.{version} is newer than the versions this program was tested with "
        "(001.02 to 001.08)"
    ),
    "bank.pending": NP_(
        "{count} pending (not yet booked) entry was left out",
        "{count} pending (not yet booked) entries were left out",
    ),
    "bank.unbalanced_lines": NP_(
        "{count} line where start balance plus amount is not the end balance",
        "{count} lines where start balance plus amount is not the end balance",
    ),
    "bank.no_transactions": N_("the file holds no transactions"),
    "bank.other_currency": NP_(
        "{count} transaction in {currency}, not in euros: imported, but left out of the "
        "spending profile and today's net",
        "{count} transactions in {currency}, not in euros: imported, but left out of the "
        "spending profile and today's net",
    ),
}

TERMS: dict[str, str] = {
    "single": N_("single"),
    "couple": N_("living together"),
}
"""Words passed as ``*_term`` arguments: stored as the key, written out translated."""

INCOMPLETE = frozenset(
    {
        "mpo.unreachable",
        "mpo.no_data",
        "conflict.birth_date",
        "conflict.household",
        "conflict.amounts",
    }
)
"""Codes that say the figures may be incomplete or contradict each other (the Overview's banner)."""

ArgValue = str | int


def render(
    code: str, args: Mapping[str, ArgValue], lang: str | None, file: str | None = None
) -> str:
    """The message in ``lang``; ``file`` (the document it is about) goes in front.

    A code this version does not know (a dossier from a newer version) is shown as the code
    with its arguments rather than not at all.
    """
    lang = language(lang)
    text = _sentence(code, args, lang)
    return f"{file}: {text}" if file else text


def _sentence(code: str, args: Mapping[str, ArgValue], lang: str) -> str:
    template = TEMPLATES.get(code)
    if code == TEXT or template is None:
        if code == TEXT:
            return str(args.get("text", ""))
        return code + (f" ({', '.join(f'{k}={v}' for k, v in args.items())})" if args else "")
    if isinstance(template, tuple):
        count = args.get("count", 0)
        pattern = ngettext(lang, *template, count if isinstance(count, int) else 0)
    else:
        pattern = gettext(lang, template)
    values = {key: written(key, value, lang) for key, value in args.items()}
    try:
        return pattern.format(**values)
    except (KeyError, IndexError, ValueError):  # arguments of another version
        return code + f" ({', '.join(f'{k}={v}' for k, v in args.items())})"


def written(key: str, value: ArgValue, lang: str) -> str:
    """One argument written out in ``lang``, as its name says (see the module's docstring)."""
    if isinstance(value, bool):
        return str(value)
    if key.endswith("_cents") and isinstance(value, int):
        return notation.money(value, lang)
    if key.endswith("_ratio"):
        return notation.percent(str(value), lang)
    if key.endswith("_term"):
        return gettext(lang, TERMS[str(value)]) if str(value) in TERMS else str(value)
    if key.endswith("_date") and isinstance(value, str):
        try:
            return notation.date(dt.date.fromisoformat(value), lang)
        except ValueError:
            return value
    if isinstance(value, int):
        return notation.number(value, lang)
    return value


class Sentence(str):
    """A sentence for people that can be said again in another language.

    Its value is the English text (what logs, the command line's JSON and ``str()`` see); it
    keeps the catalog id (``template``, English, or a singular/plural pair) and its arguments,
    so ``text(lang)`` writes it in any language. Arguments follow the naming rules above; an
    argument that is itself a ``Sentence`` is said in the same language. ``code``, when given,
    is a stable machine-readable name for the JSON beside the text.
    """

    template: str | tuple[str, str]
    args: dict[str, object]
    code: str | None

    def __new__(
        cls,
        template: str | tuple[str, str],
        args: Mapping[str, object] | None = None,
        code: str | None = None,
    ) -> Sentence:
        values = dict(args or {})
        value = super().__new__(cls, _fill(template, values, "en"))
        value.template = template
        value.args = values
        value.code = code
        return value

    def text(self, lang: str | None) -> str:
        """The sentence in ``lang``."""
        return _fill(self.template, self.args, language(lang))

    def __reduce__(self) -> tuple[object, ...]:
        """Pickled (a task sent to another process) as the same sentence, not as plain text."""
        return (_rebuild, (self.template, self.code, self.args))


def _rebuild(
    template: str | tuple[str, str], code: str | None, args: dict[str, object]
) -> Sentence:
    return Sentence(template, args, code)


def phrase(template: str, /, **args: object) -> Sentence:
    """A catalog sentence with arguments: ``phrase("{name} is too large", name=file)``.

    Babel extracts the first argument (the ``phrase`` marker in the Makefile and
    ``pensioenchecker.i18n.EXTRACT_KEYWORDS``); pass an ``NP_`` pair to ``Sentence`` for a plural.
    """
    return Sentence(template, args)


def say(text: str, lang: str | None) -> str:
    """``text`` in ``lang`` when it is a ``Sentence``; other text as it is."""
    return text.text(lang) if isinstance(text, Sentence) else text


def _fill(template: str | tuple[str, str], args: Mapping[str, object], lang: str) -> str:
    if isinstance(template, tuple):
        count = args.get("count", 0)
        pattern = ngettext(lang, *template, count if isinstance(count, int) else 0)
    else:
        pattern = gettext(lang, template)
    values = {
        key: value.text(lang) if isinstance(value, Sentence) else _written_any(key, value, lang)
        for key, value in args.items()
    }
    try:
        return pattern.format(**values)
    except (KeyError, IndexError, ValueError):  # a translation with other placeholders
        english = template[0] if isinstance(template, tuple) else template
        return english.format(**values) if lang != "en" else english


def _written_any(key: str, value: object, lang: str) -> str:
    if isinstance(value, str | int):
        return written(key, value, lang)
    if isinstance(value, dt.date):
        return notation.date(value, lang)
    if isinstance(value, Decimal | float) and key.endswith("_ratio"):
        return notation.percent(value, lang)
    if isinstance(value, Decimal | float):
        return notation.number(value, lang)
    return str(value)
