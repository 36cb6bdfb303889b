"""A message stored by code and arguments, so it can be shown in whatever language is current."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from pensioenchecker.messages import INCOMPLETE, TEXT, ArgValue, render


class Message(BaseModel):
    """What an importer noticed: a stable ``code``, its ``args``, and the file it is about.

    The sentence is written only when shown (``text(lang)``), never stored: see
    ``pensioenchecker.messages`` for the codes and how each argument is written out.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = Field(min_length=1, max_length=100)
    args: dict[str, ArgValue] = Field(default_factory=dict)
    file: str | None = Field(default=None, max_length=300)
    """The imported document the message is about (its name, no folders)."""

    @classmethod
    def of(cls, code: str, **args: ArgValue) -> Message:
        """The message ``code`` with these arguments."""
        return cls(code=code, args=args)

    @classmethod
    def plain(cls, text: str) -> Message:
        """A finished sentence (saved before messages had codes): shown as it is, untranslated."""
        return cls(code=TEXT, args={"text": text})

    def incomplete(self) -> bool:
        """Whether it says a provider is missing or two files contradict each other."""
        if self.code == TEXT:  # a sentence saved before messages had codes
            text = str(self.args.get("text", "")).lower()
            return "missing from this overview" in text or "conflict" in text
        return self.code in INCOMPLETE

    def text(self, lang: str | None = "en") -> str:
        """The message written out in ``lang`` (English by default)."""
        return render(self.code, self.args, lang, self.file)

    def __contains__(self, item: object) -> bool:
        """Refused: ``"word" in message`` would look through the fields, not the sentence."""
        raise TypeError("a Message is not text: look in message.text(lang), or compare codes")

    def __str__(self) -> str:
        """The English sentence (logs, tests, anything without a language of its own)."""
        return self.text("en")
