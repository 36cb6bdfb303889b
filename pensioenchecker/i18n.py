"""The core's words in the user's language: gettext catalogs, one translator per language.

English is the message-id language: the source code holds the English text (marked with ``_``,
``N_`` or ``ngettext``), and ``pensioenchecker/locale/<lang>/LC_MESSAGES/pensioenchecker.po``
translates it; ``docs/translations.md`` says how to add a string. The ``.po`` files are in git;
the compiled ``.mo`` files are built by the install (``make``) and by ``make translations``.
A ``.mo`` that is missing or older than its ``.po`` (an editable install, a fresh checkout, a
test run) is compiled in memory with Babel, so no one ever sees a raw id.

Only the standard library is imported at start; Babel is imported when a catalog has to be
compiled, and by ``pensioenchecker.notation`` when a figure is written out.
"""

from __future__ import annotations

import contextlib
import gettext as _gettext
import io
import locale
import logging
import os
import re
from functools import cache
from pathlib import Path

DOMAIN = "pensioenchecker"
LOCALE_DIR = Path(__file__).with_name("locale")
LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "en"
"""The language of the message ids, and of the command line on a system that is not Dutch."""
PSEUDO = "pseudo"
"""A test language: every catalog text visibly changed (accented, in ⟦ ⟧), Dutch notation.

Not offered to users. A test walks the window in it: any visible text that is not changed did
not come from a catalog.
"""

EXTRACT_KEYWORDS: dict[str, object] = {
    "_": None,
    "N_": None,
    "ngettext": (1, 2),
    "NP_": (1, 2),
    "NC_": ((1, "c"), 2),
    "pgettext": ((1, "c"), 2),
    "phrase": None,
}
"""The marker functions Babel extracts (the Makefile passes the same as ``-k`` flags)."""


def N_(text: str) -> str:  # noqa: N802 - the gettext convention for "translate later"
    """Mark ``text`` for the catalog without translating it now (tables of message ids)."""
    return text


def NP_(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802 - as N_, with a plural
    """Mark a singular and plural pair for the catalog; ``ngettext`` picks one when shown."""
    return singular, plural


def NC_(context: str, text: str) -> tuple[str, str]:  # noqa: N802 - as N_, with a context
    """Mark ``text`` under ``context`` (a table's key) for the catalog; ``pgettext`` shows it.

    The context keeps two equal English texts apart when their translations differ.
    """
    return context, text


def language(lang: str | None) -> str:
    """A supported language code: ``lang`` if known (or the pseudo-language), else English."""
    return lang if lang in LANGUAGES or lang == PSEUDO else DEFAULT_LANGUAGE


_PSEUDO_LETTERS = str.maketrans("aceinosuyzACEINOSUYZ", "áçéíñóšúýžÁÇÉÍÑÓŠÚÝŽ")
_PSEUDO_KEEP = re.compile(r"(\{[^{}]*\}|<[^<>]*>|&[a-z]+;|%\(?\w*\)?[sd])")


def pseudo(text: str) -> str:
    """``text`` accented and bracketed, placeholders, tags and accelerators kept as they are."""
    if not text:
        return text
    parts = _PSEUDO_KEEP.split(text)
    changed = "".join(p if i % 2 else p.translate(_PSEUDO_LETTERS) for i, p in enumerate(parts))
    return f"⟦{changed}⟧"


class _PseudoTranslations(_gettext.NullTranslations):
    """The English ids, each visibly changed (see ``PSEUDO``)."""

    def gettext(self, message: str) -> str:
        return pseudo(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return pseudo(msgid1 if n == 1 else msgid2)

    def pgettext(self, context: str, message: str) -> str:
        return pseudo(message)

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        return pseudo(msgid1 if n == 1 else msgid2)


def system_language() -> str:
    """Dutch on a Dutch system, English elsewhere.

    The environment (LC_ALL, LC_MESSAGES, LANG) first, as on Linux and macOS; then the
    locale Python reports (Windows names it "Dutch_Netherlands"). "C" and "POSIX" say nothing.
    """
    candidates = [os.environ.get(name, "") for name in ("LC_ALL", "LC_MESSAGES", "LANG")]
    with contextlib.suppress(ValueError):
        candidates.append(locale.getlocale()[0] or "")
    for code in candidates:
        if code and code.split(".")[0].upper() not in ("C", "POSIX"):
            return "nl" if code.lower().startswith(("nl", "dutch")) else "en"
    return DEFAULT_LANGUAGE


def catalog_paths(lang: str) -> tuple[Path, Path]:
    """The ``.po`` source and the compiled ``.mo`` of one language."""
    folder = LOCALE_DIR / lang / "LC_MESSAGES"
    return folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"


def compile_po(po_path: Path) -> bytes:
    """The ``.mo`` bytes of a ``.po`` file, compiled by Babel (fuzzy entries left out)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po_path.open("rb") as handle:
        catalog = read_po(handle)
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


@cache
def translator(lang: str) -> _gettext.NullTranslations:
    """The translations of ``lang``: its compiled catalog, compiled in memory when needed."""
    if lang == PSEUDO:
        return _PseudoTranslations()
    po, mo = catalog_paths(language(lang))
    try:
        if mo.is_file() and (not po.is_file() or mo.stat().st_mtime >= po.stat().st_mtime):
            with mo.open("rb") as handle:
                return _gettext.GNUTranslations(handle)
        if po.is_file():
            return _gettext.GNUTranslations(io.BytesIO(compile_po(po)))
    except (OSError, ValueError) as error:  # a damaged catalog: the English ids, not no text
        logging.getLogger(__name__).warning("catalog %s unusable (%s); English shown", po, error)
    return _gettext.NullTranslations()


def gettext(lang: str, message: str) -> str:
    """``message`` (an English id) in ``lang``."""
    return translator(lang).gettext(message)


def ngettext(lang: str, singular: str, plural: str, count: int) -> str:
    """The singular or plural form that fits ``count``, in ``lang``."""
    return translator(lang).ngettext(singular, plural, count)


def pgettext(lang: str, context: str, message: str) -> str:
    """``message`` (an English id under ``context``) in ``lang``."""
    return translator(lang).pgettext(context, message)


class Translator:
    """One language's ``_``/``ngettext``, for code that writes several texts in one language."""

    def __init__(self, lang: str | None) -> None:
        self.lang = language(lang)

    def _(self, message: str) -> str:
        """``message`` in this language."""
        return gettext(self.lang, message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        """The form that fits ``count`` in this language."""
        return ngettext(self.lang, singular, plural, count)

    def pgettext(self, context: str, message: str) -> str:
        """``message`` under ``context`` in this language."""
        return pgettext(self.lang, context, message)
