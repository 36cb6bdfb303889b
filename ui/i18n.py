"""The window's words in the window's language, from the gettext catalog.

``ui.texts`` holds every key with its English (the catalog's id, the key its context);
``Texts.t(key, **values)`` translates it and fills the placeholders. ``docs/translations.md``
says how to add a text. The pseudo-language (``pensioenchecker.i18n.PSEUDO``) is accepted too,
so a test can see which visible text did not come from the catalog.
"""

from __future__ import annotations

import string
from typing import TYPE_CHECKING

from pensioenchecker.i18n import LANGUAGES, PSEUDO, Translator, system_language
from ui.texts import ENGLISH

if TYPE_CHECKING:
    from pensioenchecker.model import Message

__all__ = ["ENGLISH", "Texts", "placeholders", "system_language"]


def placeholders(text: str) -> set[str]:
    """The names of the ``{placeholders}`` in a text."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


class Texts:
    """The current language's texts, and the core's stored messages written in that language."""

    def __init__(self, lang: str = "nl") -> None:
        self._catalog = Translator("nl")
        self.lang = lang

    @property
    def lang(self) -> str:
        """The language the texts are in (nl, en, or the pseudo-language of the tests)."""
        return self._catalog.lang

    @lang.setter
    def lang(self, lang: str) -> None:
        self._catalog = Translator(lang if lang in LANGUAGES or lang == PSEUDO else "nl")

    def t(self, key: str, **values: object) -> str:
        """The text for ``key`` in the current language, placeholders filled."""
        english = ENGLISH.get(key)
        text = self._catalog.pgettext(key, english) if english is not None else key
        return text.format(**values) if values else text

    def message(self, message: Message) -> str:
        """A core message (an importer's warning) in the current language, from the catalogs."""
        return message.text(self.lang)
