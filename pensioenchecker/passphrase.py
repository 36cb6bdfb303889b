"""Passphrases for the command line: from an environment variable, or typed at a terminal.

Never from a command-line argument, where other users of the machine could read it in the
process list, and never echoed. A new passphrase (for a vault, an export or a protected key)
must be strong enough: ``require_strong``.
"""

from __future__ import annotations

import getpass
import math
import os
import sys

from pensioenchecker import messages
from pensioenchecker.errors import InputError


def passphrase_from(variable: str, prompt: str, where: str) -> str:
    """The passphrase in ``variable``, else typed at a terminal; InputError without either."""
    value = os.environ.get(variable)
    if value:
        return value
    if not sys.stdin.isatty():
        raise InputError(
            messages.phrase(
                "give the passphrase in {variable} or type it at a terminal", variable=variable
            ),
            where,
        )
    return getpass.getpass(prompt)


MIN_LENGTH = 12
"""The shortest passphrase accepted for anything new: a vault, an export, a protected key."""
MIN_BITS = 48.0
"""The least estimated guessing effort (bits) accepted, by ``estimate_bits``."""
COMMON_WORDS = (
    "password", "wachtwoord", "welkom", "welcome", "geheim", "secret", "qwerty", "azerty",
    "letmein", "admin", "pensioen", "pensioenchecker", "iloveyou", "monkey", "dragon",
    "12345", "abc123", "000000", "111111",
)  # fmt: skip
"""Words every guesser tries first; each counts as one guess of about 10 bits."""


class WeakPassphraseError(InputError):
    """A new passphrase is too short or too easy to guess; the message says what to do."""


def _pool(text: str) -> int:
    """How many characters a guesser tries per position, from the kinds of characters used."""
    kinds = (
        (str.islower, 26),
        (str.isupper, 26),
        (str.isdigit, 10),
        (lambda c: c.isascii() and not c.isalnum(), 33),
        (lambda c: not c.isascii(), 100),
    )
    return sum(size for test, size in kinds if any(test(char) for char in text)) or 1


def estimate_bits(phrase: str) -> float:
    """A simple estimate of the bits a guesser needs: zxcvbn's ideas, kept small.

    Common words count 10 bits each; the rest per character by the kinds of characters used,
    except that a repeat of the previous character or a step of one (abc, 321) counts 1 bit,
    and a phrase that is one piece repeated counts as that piece once.
    """
    if not phrase:
        return 0.0
    period = (phrase + phrase).find(phrase, 1)
    if period < len(phrase):
        return estimate_bits(phrase[:period]) + math.log2(len(phrase) / period)
    rest = phrase.lower()
    bits = 0.0
    for word in COMMON_WORDS:
        while word in rest:
            rest = rest.replace(word, "\0", 1)
            bits += 10.0
    kept = "".join(
        original for original, low in zip(phrase, phrase.lower(), strict=True) if low in rest
    )
    per_char = math.log2(_pool(kept)) if kept else 0.0
    previous = ""
    for char in rest:
        if char == "\0":
            previous = ""
            continue
        step = abs(ord(char) - ord(previous)) if previous else None
        bits += 1.0 if step is not None and step <= 1 else per_char
        previous = char
    return bits


def weakness(phrase: str) -> str | None:
    """Why a new passphrase is refused, in one line (a ``Sentence``); None when strong enough."""
    if len(phrase) < MIN_LENGTH:
        return messages.phrase(
            "the passphrase is too short: use at least {count} characters "
            "(four unrelated words are easy to remember)",
            count=MIN_LENGTH,
        )
    if estimate_bits(phrase) < MIN_BITS:
        return messages.phrase(
            "the passphrase is too easy to guess (a common word, a repeat or a sequence); "
            "use four unrelated words"
        )
    return None


def require_strong(phrase: str, where: str) -> str:
    """The passphrase, if strong enough to protect something new; else WeakPassphraseError.

    Only new secrets are checked: a vault, an export or a key made before keeps opening with
    the passphrase it was made with. The scrypt settings stay as they are.
    """
    problem = weakness(phrase)
    if problem is not None:
        raise WeakPassphraseError(problem, where)
    return phrase
