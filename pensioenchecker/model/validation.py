"""A pydantic validation error as one refusal line a person can read, in their language.

Pydantic's own text is English and may quote the refused value (a BSN, an account number, a
name). The line built here says what was expected, never the value, and names the place: the
file's own key path (``payers[0].income``) in English, a form field's human name in another
language ("einddatum" for ``end_date``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from pensioenchecker.errors import InputError
from pensioenchecker.i18n import N_, NC_, NP_, language, pgettext
from pensioenchecker.masking import mask_identifiers
from pensioenchecker.messages import Sentence, phrase

if TYPE_CHECKING:
    from pydantic import ValidationError

FIELD = "form field"
"""The catalog context of a field's name: its English entry is the key as the file writes it."""

FIELD_NAMES: dict[str, tuple[str, str]] = {
    "annual_gross": NC_("form field", "annual_gross"),
    "birth_date": NC_("form field", "birth_date"),
    "box3_assets": NC_("form field", "box3_assets"),
    "box3_debts": NC_("form field", "box3_debts"),
    "box3_investments": NC_("form field", "box3_investments"),
    "certain": NC_("form field", "certain"),
    "end_age": NC_("form field", "end_age"),
    "end_date": NC_("form field", "end_date"),
    "income": NC_("form field", "income"),
    "kind": NC_("form field", "kind"),
    "net_already": NC_("form field", "net_already"),
    "note": NC_("form field", "note"),
    "payer": NC_("form field", "payer"),
    "payers": NC_("form field", "payers"),
    "provider": NC_("form field", "provider"),
    "reference_date": NC_("form field", "reference_date"),
    "scheme_id": NC_("form field", "scheme_id"),
    "source": NC_("form field", "source"),
    "start_age": NC_("form field", "start_age"),
    "start_date": NC_("form field", "start_date"),
    "version": NC_("form field", "version"),
    "withheld_loonheffing": NC_("form field", "withheld_loonheffing"),
    "withheld_zvw": NC_("form field", "withheld_zvw"),
    "year": NC_("form field", "year"),
    "wages": NC_("form field", "wages"),
    "until": NC_("form field", "until"),
    "retire": NC_("form field", "retire"),
    "age": NC_("form field", "age"),
    "percent": NC_("form field", "percent"),
    "label": NC_("form field", "label"),
    "household": NC_("form field", "household"),
    "persons": NC_("form field", "persons"),
    "kale_huur": NC_("form field", "kale_huur"),
    "servicekosten": NC_("form field", "servicekosten"),
    "peildatum": NC_("form field", "peildatum"),
    "actuele_schuld": NC_("form field", "actuele_schuld"),
    "oorspronkelijke_schuld": NC_("form field", "oorspronkelijke_schuld"),
    "rentepercentage": NC_("form field", "rentepercentage"),
    "maandbedrag": NC_("form field", "maandbedrag"),
    "start_aflosfase": NC_("form field", "start_aflosfase"),
    "geboorte": NC_("form field", "geboorte"),
    "datum": NC_("form field", "datum"),
    "naam": NC_("form field", "naam"),
    "geslachtsnaam": NC_("form field", "geslachtsnaam"),
    "verblijfplaats": NC_("form field", "verblijfplaats"),
    "postcode": NC_("form field", "postcode"),
    "huisnummer": NC_("form field", "huisnummer"),
    "vastgesteldeWaarde": NC_("form field", "vastgesteldeWaarde"),
    "waardepeildatum": NC_("form field", "waardepeildatum"),
    "top level": NC_("form field", "top level"),
}
"""Fields a person fills in on a form (or finds in a file), by the name the catalog gives them.

The English catalog keeps the key as the file writes it; other languages give a human name.
"""


class FieldPlace(Sentence):
    """A place in a form or file (``payers[0].income``), said with each field's human name."""

    def __new__(cls, loc: Sequence[int | str], json_style: bool = False) -> FieldPlace:
        parts = list(loc)
        value = str.__new__(cls, _joined(parts, json_style, "en"))
        value.template = ""
        value.args = {"loc": parts, "json_style": json_style}
        value.code = None
        return value

    def text(self, lang: str | None) -> str:
        """The place in ``lang``."""
        loc: list[int | str] = self.args["loc"]  # type: ignore[assignment]
        return _joined(loc, bool(self.args["json_style"]), language(lang))

    def __reduce__(self) -> tuple[object, ...]:
        """Pickled as the same place."""
        return (FieldPlace, (self.args["loc"], self.args["json_style"]))


def _joined(loc: Sequence[int | str], json_style: bool, lang: str) -> str:
    """English keeps the file's path; other languages name each step ("betalers 1 › inkomen")."""
    if not loc:
        return pgettext(lang, FIELD, "top level")
    if lang == "en":
        out = ""
        for part in loc:
            if isinstance(part, int):
                out += f"[{part}]" if json_style else f".{part}"
            else:
                out += f".{part}" if out else part
        return out
    steps: list[str] = []
    for part in loc:
        if isinstance(part, int) and steps:
            steps[-1] += f" {part + 1}"  # the first of a list is number 1 for people
        else:
            key = str(part)
            steps.append(pgettext(lang, FIELD, key) if key in FIELD_NAMES else key)
    return " › ".join(steps)


_REASONS: dict[str, str | tuple[str, str]] = {
    "missing": N_("Field required"),
    "extra_forbidden": N_("Extra inputs are not permitted"),
    "int_type": N_("Input should be a valid integer"),
    "int_parsing": N_("Input should be a valid integer"),
    "int_from_float": N_("Input should be a valid integer"),
    "float_type": N_("Input should be a valid number"),
    "float_parsing": N_("Input should be a valid number"),
    "decimal_type": N_("Input should be a valid number"),
    "decimal_parsing": N_("Input should be a valid number"),
    "string_type": N_("Input should be a valid string"),
    "bool_type": N_("Input should be a valid boolean"),
    "bool_parsing": N_("Input should be a valid boolean"),
    "list_type": N_("Input should be a valid list"),
    "dict_type": N_("Input should be an object"),
    "model_type": N_("Input should be an object"),
    "model_attributes_type": N_("Input should be an object"),
    "date_type": N_("Input should be a valid date"),
    "date_parsing": N_("Input should be a valid date"),
    "date_from_datetime_parsing": N_("Input should be a valid date"),
    "datetime_type": N_("Input should be a valid date and time"),
    "datetime_parsing": N_("Input should be a valid date and time"),
    "datetime_from_date_parsing": N_("Input should be a valid date and time"),
    "string_pattern_mismatch": N_("the text is not in the expected form"),
    "greater_than_equal": N_("Input should be greater than or equal to {limit}"),
    "greater_than": N_("Input should be greater than {limit}"),
    "less_than_equal": N_("Input should be less than or equal to {limit}"),
    "less_than": N_("Input should be less than {limit}"),
    "literal_error": N_("Input should be one of {choices}"),
    "enum": N_("Input should be one of {choices}"),
    "json_invalid": N_("Invalid JSON: {reason}"),
    "string_too_long": NP_(
        "String should have at most {count} character",
        "String should have at most {count} characters",
    ),
    "string_too_short": NP_(
        "String should have at least {count} character",
        "String should have at least {count} characters",
    ),
    "too_long": NP_(
        "List should have at most {count} item", "List should have at most {count} items"
    ),
    "too_short": NP_(
        "List should have at least {count} item", "List should have at least {count} items"
    ),
}
"""Pydantic's error types, each with a catalog text close to pydantic's own English wording."""


def reason(error: Mapping[str, Any]) -> str:
    """What one pydantic error says was wrong, as a ``Sentence`` when the program knows it.

    A validator of ours raises ``ValueError(phrase(...))``; that sentence is used as it is.
    An error type not in ``_REASONS`` keeps pydantic's English text, masked.
    """
    context = error.get("ctx") or {}
    cause = context.get("error")
    if isinstance(cause, Exception) and cause.args and isinstance(cause.args[0], Sentence):
        return cause.args[0]
    template = _REASONS.get(str(error["type"]))
    if template is None:
        return mask_identifiers(str(error["msg"]).removeprefix("Value error, "))
    args: dict[str, object] = {}
    for key in ("ge", "gt", "le", "lt"):
        if key in context:
            args["limit"] = str(context[key])  # as written in the file: 1990, not 1.990
    if "expected" in context:
        args["choices"] = str(context["expected"])
    if "max_length" in context or "min_length" in context:
        args["count"] = int(context.get("max_length", context.get("min_length", 0)))
    if "error" in context:
        args["reason"] = mask_identifiers(str(context["error"]))
    return Sentence(template, args)


def validation_sentence(exc: ValidationError, json_style: bool = False) -> Sentence:
    """The first error of ``exc`` as "what was wrong (at place)"."""
    first = exc.errors(include_url=False, include_input=False)[0]
    return phrase(
        "{reason} (at {place})", reason=reason(first), place=FieldPlace(first["loc"], json_style)
    )


def refusal(exc: ValidationError, where: str | None = None) -> InputError:
    """A model validation error as the usual one-line refusal: the field and what was expected.

    Never the offending value: it may be a BSN, an account number or a name (pydantic's own
    text would quote it). Our own validators' messages are masked as well.
    """
    return InputError(validation_sentence(exc), where)
