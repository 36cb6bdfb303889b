"""Errors that reach a user: one line, naming the file and the place when there is one."""

from __future__ import annotations


class PensioencheckerError(Exception):
    """Base for every error the program explains to its user instead of crashing."""


class InputError(PensioencheckerError):
    """Bad input from a user: a file, a field, a command-line value.

    The message is one line; ``where`` names the file and place (row, field) when known.
    """

    def __init__(self, message: str, where: str | None = None) -> None:
        self.message = message
        self.where = where
        super().__init__(f"{where}: {message}" if where else message)


class ParameterError(PensioencheckerError):
    """A parameter file of the rules is broken; names the file and the field."""

    def __init__(self, message: str, file: str, field: str | None = None) -> None:
        self.file = file
        self.field = field
        place = f"{file}: {field}" if field else file
        super().__init__(f"{place}: {message}")
