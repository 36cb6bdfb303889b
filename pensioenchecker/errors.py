"""Errors that reach a user: one line, naming the file and the place when there is one.

The message is a ``Sentence`` (``pensioenchecker.messages.phrase``) where a person can meet
it: ``str(error)`` stays the English line (logs, tests, the JSON), and ``error.text(lang)``
says the same line in the window's or the command line's language. The place (a file name, a
row) is not translated; it is what the user's file calls it.
"""

from __future__ import annotations

from pensioenchecker.messages import say


class PensioencheckerError(Exception):
    """Base for every error the program explains to its user instead of crashing."""

    def text(self, lang: str | None) -> str:
        """This error's line in ``lang`` (its first argument, when that is a ``Sentence``)."""
        first = self.args[0] if len(self.args) == 1 else None
        return say(first, lang) if isinstance(first, str) else str(self)


def placed(message: str, where: str | None, lang: str | None) -> str:
    """``message`` in ``lang`` after the place it is about, as every refusal is written.

    Without a language, the command line's English: each part's own text (a what-if note's
    keeps its ids there, as the JSON does).
    """
    if lang is None:
        return f"{where}: {message}" if where else str(message)
    said = say(message, lang)
    return f"{say(where, lang)}: {said}" if where else said


class InputError(PensioencheckerError):
    """Bad input from a user: a file, a field, a command-line value.

    The message is one line; ``where`` names the file and place (row, field) when known.
    """

    def __init__(self, message: str, where: str | None = None) -> None:
        self.message = message
        self.where = where
        super().__init__(placed(message, where, None))

    def text(self, lang: str | None) -> str:
        """The place and the message, the message in ``lang``."""
        return placed(self.message, self.where, lang)


class ParameterError(PensioencheckerError):
    """A parameter file of the rules is broken; names the file and the field."""

    def __init__(self, message: str, file: str, field: str | None = None) -> None:
        self.message = message
        self.file = file
        self.field = field
        super().__init__(placed(message, f"{file}: {field}" if field else file, None))

    def text(self, lang: str | None) -> str:
        """The file, the field and the message, the message in ``lang``."""
        return placed(self.message, f"{self.file}: {self.field}" if self.field else self.file, lang)
