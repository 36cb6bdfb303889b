"""Sorting bank transactions into categories, and the monthly spending profile built on them.

The rules are data (``categories.yaml``) so a user can add or override them without code: their
own rules are tried first. The profile answers "what do we spend and receive per month?", the
basis for comparing today's budget with the net pension later.

This module also holds the few helpers every bank importer shares (exact amounts, checked dates,
building a categorised ``Transaction``), so all formats treat amounts and dates alike.

One job at about 650 lines: categorising is the rules, their search (literal scan or compiled
trie, the same hits by test) and the profile built on the categories they give.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from typing import Any

import yaml
from pydantic import TypeAdapter, ValidationError

from pensioenchecker.errors import InputError
from pensioenchecker.masking import shown_value
from pensioenchecker.messages import phrase
from pensioenchecker.model import Message, Provenance, Transaction
from pensioenchecker.model.validation import reason
from pensioenchecker.sources.base import MAX_IMPORT_BYTES, ImportProblem

DEFAULT_RULES_FILE = Path(__file__).with_name("categories.yaml")
MAX_RULES_BYTES = 2**20
"""A user's rules file is small; anything bigger is refused before reading."""

MAX_RULE_TEXT = 200
"""Longer match texts are refused: no bank field is longer, and the matcher stays small."""

INCOME_PREFIX = "income:"
FALLBACK_IN = "income:other"
FALLBACK_OUT = "other"
HOME_CURRENCY = "EUR"
"""The currency of the pension and of every figure the profile gives."""

_FIELDS = {"name": 0, "iban": 1, "description": 2, "text": 3}
_NAME, _IBAN, _DESCRIPTION, _TEXT = range(4)
_KINDS = ("", "word", "re")
"""Key suffixes: none (substring), _word (whole word or phrase), _re (regular expression)."""
_DIRECTIONS = {"in": 1, "out": -1, "any": 0}
_CATEGORY = re.compile(r"[\w:.-]{1,64}")

RuleSource = Path | str | Sequence[Mapping[str, Any]] | Mapping[str, Any]
"""User rules: a YAML file, a list of ``{category: ..., name: ...}`` dicts, or the YAML mapping."""


@dataclass(frozen=True)
class Condition:
    """One key of a rule: texts (or regexes) to find in one field, lower-cased."""

    field: int
    kind: str
    """"" substring, "word" whole word or phrase, "re" regular expression."""
    values: tuple[str, ...]


@dataclass(frozen=True)
class Rule:
    """A rule: all its conditions must hold, for money in the allowed direction."""

    category: str
    conditions: tuple[Condition, ...]
    direction: int
    """1: money received only, -1: money paid only, 0: either."""


class _Literals:
    """Finds every literal of many conditions in a text: exact substring semantics.

    The first few hundred texts are searched literal by literal (``str.find``). After that the
    literals are compiled into one trie-shaped pattern inside a lookahead, so each position
    reports the longest literal starting there; every shorter literal starting there is a
    prefix of it, which the precomputed ``closure`` lists. Compiling costs tens of
    milliseconds, which a short statement (or the window's start-up) should not pay; a long
    statement gains it back many times over.
    """

    SCAN_LIMIT = 256
    """Texts searched literal by literal before the pattern is compiled."""

    def __init__(self, entries: Sequence[tuple[str, int, bool, int]]) -> None:
        self.entries = tuple(entries)
        self.by_literal: dict[str, list[tuple[int, bool, int]]] = {}
        for literal, cid, word, field in self.entries:
            self.by_literal.setdefault(literal, []).append((cid, word, field))
        self.scanned = 0
        self._finder: re.Pattern[str] | None = None
        self.closure: dict[str, list[tuple[int, int, bool, int]]] = {}

    def _compiled(self) -> re.Pattern[str]:
        if self._finder is None:
            entries = self.entries
            for literal in self.by_literal:
                self.closure[literal] = [
                    (len(other), cid, word, field)
                    for other, cid, word, field in entries
                    if literal.startswith(other)
                ]
            self._finder = re.compile(f"(?=({_trie_source(list(self.by_literal))}))")
        return self._finder

    def hits(self, text: str, split: int) -> set[int]:
        """Condition ids found; the name is ``text[:split]``, the description after it.

        ``split`` = len(text): all of it is a name; -1: all of it is a description.
        """
        if self._finder is None and self.scanned < self.SCAN_LIMIT:
            self.scanned += 1
            return self._scan(text, split)
        found: set[int] = set()
        for match in self._compiled().finditer(text):
            start = match.start()
            for length, cid, word, field in self.closure[match.group(1)]:
                if _accepted(text, start, start + length, word, field, split):
                    found.add(cid)
        return found

    def _scan(self, text: str, split: int) -> set[int]:
        """``hits`` by searching for each literal in turn (no compiled pattern)."""
        found: set[int] = set()
        for literal, conditions in self.by_literal.items():
            start = text.find(literal)
            while start >= 0:
                for cid, word, field in conditions:
                    if _accepted(text, start, start + len(literal), word, field, split):
                        found.add(cid)
                start = text.find(literal, start + 1)
        return found

    def hits_each(self, texts: Sequence[str]) -> dict[int, set[int]]:
        """Condition ids found in each of many descriptions, by their position; none: absent.

        Many texts: one regex pass over them joined by line breaks (no literal holds one, and
        a line break is no letter or digit, so words end there as at a text's end), the same
        hits as ``hits(text, -1)`` per text without a Python call per text.
        """
        if self._finder is None and self.scanned + len(texts) <= self.SCAN_LIMIT:
            self.scanned += len(texts)
            scans = (self._scan(text, -1) for text in texts)
            return {number: found for number, found in enumerate(scans) if found}
        joined = "\n".join(texts)
        starts = list(accumulate((len(text) + 1 for text in texts[:-1]), initial=0))
        found: dict[int, set[int]] = {}
        for match in self._compiled().finditer(joined):
            at = match.start()
            number = bisect_right(starts, at) - 1
            text = texts[number]
            start = at - starts[number]
            for length, cid, word, field in self.closure[match.group(1)]:
                if _accepted(text, start, start + length, word, field, -1):
                    found.setdefault(number, set()).add(cid)
        return found


def _accepted(text: str, start: int, end: int, word: bool, field: int, split: int) -> bool:
    """A literal found at ``text[start:end]`` meets its condition.

    It must lie in its field (the name is ``text[:split]``, the description after it) and, for
    a word, stand whole.
    """
    if (field == _NAME and end > split) or (field == _DESCRIPTION and start <= split):
        return False
    return not word or not (
        (start and text[start - 1].isalnum()) or (end < len(text) and text[end].isalnum())
    )


def _trie_source(words: Sequence[str]) -> str:
    """A regex for any of these literals, shaped as a trie and preferring the longest."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = [re.escape(char) + emit(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


class Rules:
    """An ordered rule list; the first matching rule's category wins."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        self.rules = tuple(rules)
        text_literals: list[tuple[str, int, bool, int]] = []
        iban_literals: list[tuple[str, int, bool, int]] = []
        self._checks: list[tuple[str, int, tuple[tuple[int, int, re.Pattern[str] | None], ...]]]
        self._checks = []
        self._rule_of: dict[int, int] = {}  # condition id -> rule index
        self._always: set[int] = set()  # rules with only regex conditions: always candidates
        cid = 0
        for index, rule in enumerate(self.rules):
            checks: list[tuple[int, int, re.Pattern[str] | None]] = []
            for condition in rule.conditions:
                cid += 1
                if condition.kind == "re":
                    checks.append((cid, condition.field, _compile_regex(condition.values)))
                    continue
                target = iban_literals if condition.field == _IBAN else text_literals
                target.extend(
                    (v, cid, condition.kind == "word", condition.field) for v in condition.values
                )
                checks.append((cid, condition.field, None))
                self._rule_of[cid] = index
            if all(pattern is not None for _, _, pattern in checks):
                self._always.add(index)
            self._checks.append((rule.category, rule.direction, tuple(checks)))
        self._text = _Literals(text_literals) if text_literals else None
        self._iban = _Literals(iban_literals) if iban_literals else None
        self._name_hits: dict[str, set[int]] = {}
        """Literal hits per counterparty name: names repeat far more than descriptions."""
        self._iban_hits: dict[str, set[int]] = {}
        """Literal hits per counterparty account, which repeat as names do."""

    def category(
        self,
        counterparty: str | None,
        counterparty_account: str | None,
        description: str | None,
        amount_cents: int,
    ) -> str:
        """The category for one transaction's fields."""
        fields = ([counterparty], [counterparty_account], [description], [amount_cents])
        return self.categories(*fields)[0]

    def categories(
        self,
        counterparties: Sequence[str | None],
        counterparty_accounts: Sequence[str | None],
        descriptions: Sequence[str | None],
        amounts_cents: Sequence[int],
    ) -> list[str]:
        """The category of each transaction, given its fields column by column.

        A whole statement at once: the descriptions are searched in one pass, names and
        accounts (which repeat) once each, and only transactions with a hit, or rules of
        regular expressions alone, go through the rule list.
        """
        names = [(name or "").lower() for name in counterparties]
        descs = [(desc or "").lower() for desc in descriptions]
        ibans = [(iban or "").replace(" ", "").lower() for iban in counterparty_accounts]
        text, iban_literals = self._text, self._iban
        desc_hits = text.hits_each(descs) if text is not None and descs else {}
        name_cache, iban_cache = self._name_hits, self._iban_hits
        no_hits: set[int] = set()
        out: list[str] = []
        rows = zip(names, ibans, amounts_cents, strict=True)
        for number, (name, iban, amount) in enumerate(rows):
            hits = no_hits
            if text is not None:
                name_hits = name_cache.get(name)
                if name_hits is None:
                    if len(name_cache) > 10_000:
                        name_cache.clear()
                    name_hits = name_cache[name] = text.hits(name, len(name))
                hits = name_hits
                found = desc_hits.get(number)
                if found:
                    hits = hits | found
            if iban_literals is not None and iban:
                iban_hits = iban_cache.get(iban)
                if iban_hits is None:
                    if len(iban_cache) > 10_000:
                        iban_cache.clear()
                    iban_hits = iban_cache[iban] = iban_literals.hits(iban, len(iban))
                if iban_hits:
                    hits = hits | iban_hits
            sign = (amount > 0) - (amount < 0)
            if hits or self._always:
                out.append(self._first_rule(hits, sign, name, iban, descs[number]))
            else:
                out.append(FALLBACK_IN if sign > 0 else FALLBACK_OUT)
        return out

    def _first_rule(self, hits: set[int], sign: int, name: str, iban: str, desc: str) -> str:
        """The category of the first rule that holds, given the literal conditions found."""
        candidates = {self._rule_of[cid] for cid in hits}
        if self._always:
            candidates |= self._always
        fields = (name, iban, desc, f"{name}\n{desc}")
        for index in sorted(candidates):
            category, direction, checks = self._checks[index]
            if direction and direction != sign:
                continue
            for cid, field, pattern in checks:
                if pattern is None:
                    if cid not in hits:
                        break
                elif pattern.search(fields[field]) is None:
                    break
            else:
                return category
        return FALLBACK_IN if sign > 0 else FALLBACK_OUT

    def extended(self, extra: RuleSource) -> Rules:
        """These rules with ``extra`` (user rules) tried first."""
        return Rules([*parse_rules(extra), *self.rules])


def _compile_regex(patterns: Sequence[str]) -> re.Pattern[str]:
    """User regexes for lower-cased text: case-insensitive only where they name capitals."""
    source = "|".join(f"(?:{p})" for p in patterns)
    flags = re.IGNORECASE if re.search("[A-Z]", re.sub(r"\\.", "", source)) else 0
    return re.compile(source, flags)


def parse_rules(source: RuleSource, where: str = "category rules") -> list[Rule]:
    """Compile rules from a YAML file, a mapping (category -> rules) or a list of rule dicts.

    Raises InputError naming the file and the rule for anything it cannot use.
    """
    loaded: object = source
    if isinstance(source, str | Path):
        where = str(source)
        loaded = _read_yaml(Path(source))
    items: list[tuple[str, object]] = []
    if isinstance(loaded, Mapping):
        for category, rules in loaded.items():
            listed = rules if isinstance(rules, list) else [rules]
            items.extend((str(category), rule) for rule in listed)
    elif isinstance(loaded, list | tuple):
        for number, rule in enumerate(loaded, 1):
            if not isinstance(rule, Mapping) or "category" not in rule:
                raise InputError("a rule needs a 'category'", f"{where}, rule {number}")
            rest = {k: v for k, v in rule.items() if k != "category"}
            items.append((str(rule["category"]), rest))
    else:
        raise InputError("rules must be a mapping or a list of rules", where)
    return [
        _rule(category, rule, f"{where}, rule {n}") for n, (category, rule) in enumerate(items, 1)
    ]


def _read_yaml(path: Path) -> object:
    try:
        size = path.stat().st_size
        if size > MAX_RULES_BYTES:
            raise InputError(f"a rules file is at most {MAX_RULES_BYTES // 1024} kB", str(path))
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror})", str(path)) from None
    except UnicodeDecodeError:
        raise InputError("not a UTF-8 text file", str(path)) from None
    try:
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        place = f"{path}, line {mark.line + 1}" if mark is not None else str(path)
        raise InputError("not valid YAML", place) from None


def _rule(category: str, spec: object, where: str) -> Rule:
    if not _CATEGORY.fullmatch(category):
        raise InputError(f"unusable category name {shown(category)}", where)
    if not isinstance(spec, Mapping):
        raise InputError("a rule is a mapping such as {name: ...}", where)
    direction = 1 if category.startswith(INCOME_PREFIX) else 0
    conditions: list[Condition] = []
    for key, value in spec.items():
        if key == "direction":
            if not isinstance(value, str) or value not in _DIRECTIONS:
                raise InputError("direction is in, out or any", where)
            direction = _DIRECTIONS[value]
            continue
        field, _, kind = str(key).partition("_")
        if field not in _FIELDS or kind not in _KINDS:
            raise InputError(f"unknown key {shown(str(key))}", where)
        values = value if isinstance(value, list) else [value]
        if not values or not all(isinstance(v, str) and v.strip() for v in values):
            raise InputError(f"{key} needs text or a list of texts", where)
        if any(len(v) > MAX_RULE_TEXT for v in values):
            raise InputError(f"{key}: a text is longer than {MAX_RULE_TEXT} characters", where)
        if kind == "re":
            try:
                _compile_regex(values)
            except re.error as exc:
                raise InputError(f"bad regular expression in {key} ({exc})", where) from None
            texts = tuple(values)
        else:
            texts = tuple(" ".join(v.lower().split()) for v in values)
        conditions.append(Condition(_FIELDS[field], kind, texts))
    if not conditions:
        raise InputError("a rule needs name, iban, description or text to match on", where)
    return Rule(category, tuple(conditions), direction)


@lru_cache(maxsize=1)
def default_rules() -> Rules:
    """The packaged rules (read once)."""
    return Rules(parse_rules(DEFAULT_RULES_FILE))


def load_rules(extra: RuleSource | None = None) -> Rules:
    """The default rules, with the user's ``extra`` rules (if any) taking precedence."""
    return default_rules() if extra is None else default_rules().extended(extra)


def categorise(
    transactions: Iterable[Transaction], rules: Rules | RuleSource | None = None
) -> list[Transaction]:
    """Copies of the transactions with their category (re)set; user-edited ones are kept.

    ``rules`` may be a ``Rules`` or user rules (file, list or mapping) added to the defaults.
    """
    chosen = rules if isinstance(rules, Rules) else load_rules(rules)
    out = []
    for item in transactions:
        if item.provenance.edited and item.category:
            out.append(item)
            continue
        category = chosen.category(
            item.counterparty, item.counterparty_account, item.description, item.amount_cents
        )
        out.append(
            item if category == item.category else item.model_copy(update={"category": category})
        )
    return out


def spending_profile(transactions: Iterable[Transaction]) -> dict[str, Any]:
    """Average per calendar month, per category, over the months the transactions cover.

    Amounts keep the account's sign (spending negative) in ``per_category``; income is the sum of
    the ``income:*`` averages (bank receipts are already net), spending the negated sum of the
    rest. Only euro transactions count (the pension is in euros, and no exchange rate is
    assumed): ``other_currencies`` says, per currency, how many transactions were left out and
    their total. Transfers between the listed accounts are left out too.
    """
    items: list[Transaction] = []
    other_currencies: dict[str, dict[str, int]] = {}
    for t in transactions:
        if t.currency == HOME_CURRENCY:
            items.append(t)
        else:
            left_out = other_currencies.setdefault(t.currency, {"transactions": 0, "cents": 0})
            left_out["transactions"] += 1
            left_out["cents"] += t.amount_cents
    other_currencies = dict(sorted(other_currencies.items()))
    own = {_iban(t.account) for t in items}
    kept = [
        t for t in items if not (t.counterparty_account and _iban(t.counterparty_account) in own)
    ]
    if not kept:
        return {
            "months": 0,
            "first_month": None,
            "last_month": None,
            "per_category": {},
            "net_income_per_month": 0,
            "spending_per_month": 0,
            "balance_per_month": 0,
            "transfers_left_out": len(items) - len(kept),
            "other_currencies": other_currencies,
        }
    first = min(t.booking_date for t in kept)
    last = max(t.booking_date for t in kept)
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    totals: dict[str, int] = {}
    rules = default_rules()
    for t in kept:
        category = t.category or rules.category(
            t.counterparty, t.counterparty_account, t.description, t.amount_cents
        )
        totals[category] = totals.get(category, 0) + t.amount_cents
    per_category = {c: _average(v, months) for c, v in sorted(totals.items())}
    income = sum(v for c, v in per_category.items() if c.startswith(INCOME_PREFIX))
    spending = -sum(v for c, v in per_category.items() if not c.startswith(INCOME_PREFIX))
    return {
        "months": months,
        "first_month": f"{first:%Y-%m}",
        "last_month": f"{last:%Y-%m}",
        "per_category": per_category,
        "net_income_per_month": income,
        "spending_per_month": spending,
        "balance_per_month": income - spending,
        "transfers_left_out": len(items) - len(kept),
        "other_currencies": other_currencies,
    }


def currency_warnings(transactions: Iterable[Transaction]) -> list[Message]:
    """A warning per currency other than the euro, naming it.

    Such transactions are imported as they are, but the spending profile and today's net (both
    in euros) leave them out, and the user should know why those figures look smaller.
    """
    counts = Counter(t.currency for t in transactions if t.currency != HOME_CURRENCY)
    return [
        Message.of("bank.other_currency", count=count, currency=currency)
        for currency, count in sorted(counts.items())
    ]


def _average(total: int, months: int) -> int:
    """Cents per month, rounded half away from zero (exact, no float)."""
    return int((Decimal(total) / months).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _iban(account: str) -> str:
    return account.replace(" ", "").upper()


# --- Shared by the importers -------------------------------------------------------------------

_DOT_DECIMAL = re.compile(r"[+-]?\d{1,15}(?:\.\d{1,5})?", re.ASCII)
_COMMA_DECIMAL = re.compile(r"([+-]?)(\d{1,3}(?:\.\d{3}){1,4}|\d{1,15})(?:,(\d{0,5}))?", re.ASCII)


def shown(text: str, limit: int = 40) -> str:
    """A value quoted for a one-line message, only when it cannot identify anyone.

    ``limit`` is kept for callers; a value longer than 40 characters is never shown.
    """
    return shown_value(text[: limit + 1])


def to_cents(text: str, where: str) -> int:
    """Exact cents from a dot-decimal amount ("-1234.56", "12"); never through float."""
    text = text.strip()
    if not _DOT_DECIMAL.fullmatch(text):
        raise ImportProblem(phrase("not an amount: {value}", value=shown(text)), where)
    value = Decimal(text) * 100
    if value != value.to_integral_value():
        raise ImportProblem(
            phrase("amount {value} is not a whole number of cents", value=shown(text)), where
        )
    return int(value)


def dutch_cents(text: str, where: str) -> int:
    """Exact cents from Dutch notation: "1.234,56", "+34,00", "-12,3", "12," (MT940)."""
    match = _COMMA_DECIMAL.fullmatch(text.strip())
    if match is None:
        raise ImportProblem(phrase("not an amount: {value}", value=shown(text.strip())), where)
    sign, whole, fraction = match.groups()
    return to_cents(f"{sign}{whole.replace('.', '')}.{fraction or '0'}", where)


def make_date(year: int, month: int, day: int, where: str) -> dt.date:
    """A checked date: 2025-02-30 is refused, as are years no bank statement has."""
    if not 1900 <= year <= 2199:
        raise ImportProblem(phrase("year {year} is not plausible", year=str(year)), where)
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ImportProblem(
            phrase("impossible date {value}", value=f"{year:04d}-{month:02d}-{day:02d}"), where
        ) from None


_DATE_FORMS = (
    (re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII), (0, 1, 2)),
    (re.compile(r"(\d{4})(\d{2})(\d{2})", re.ASCII), (0, 1, 2)),
    (re.compile(r"(\d{2})-(\d{2})-(\d{4})", re.ASCII), (2, 1, 0)),
    (re.compile(r"(\d{2})/(\d{2})/(\d{4})", re.ASCII), (2, 1, 0)),
)


def parse_date(text: str, where: str) -> dt.date:
    """A date as bank exports write it: YYYYMMDD, YYYY-MM-DD or DD-MM-YYYY."""
    text = text.strip()
    for pattern, (y, m, d) in _DATE_FORMS:
        match = pattern.fullmatch(text)
        if match:
            parts = match.groups()
            return make_date(int(parts[y]), int(parts[m]), int(parts[d]), where)
    raise ImportProblem(phrase("not a date: {value}", value=shown(text)), where)


def bank_transaction(*, rules: Rules, where: str, **fields: Any) -> Transaction:
    """One categorised Transaction from ``transaction_draft``'s fields (for short statements)."""
    draft = transaction_draft(where=where, **fields)
    return bank_transactions([draft], lambda _: where, rules)[0]


def transaction_draft(
    *,
    id: str,
    account: str,
    booking_date: dt.date,
    amount_cents: int,
    counterparty: str | None,
    counterparty_account: str | None,
    description: str,
    provenance: Provenance,
    where: str | Callable[[], str],
    currency: str = "EUR",
) -> dict[str, Any]:
    """A transaction's fields, cleaned and checked, still without its category.

    Importers of long statements collect drafts and hand them to ``bank_transactions`` in
    batches, so categorising and validating run over many at once. ``where`` is the place
    for a message, or a function that makes it (called only when something is wrong).
    """
    account = account.strip()
    name = " ".join(counterparty.split())[:200] if counterparty else None
    other = counterparty_account.replace(" ", "") if counterparty_account else None
    if not account:
        raise ImportProblem(phrase("no account number for the own account"), _place(where))
    if len(account) > 64 or (other and len(other) > 64):
        raise ImportProblem(phrase("an account number is longer than any IBAN"), _place(where))
    return {
        "id": id,
        "account": account,
        "booking_date": booking_date,
        "amount_cents": amount_cents,
        "currency": currency,
        "counterparty": name or None,
        "counterparty_account": other or None,
        "description": " ".join(description.split())[:1000],
        "provenance": provenance,
    }


@lru_cache(maxsize=1)
def _transaction_list() -> TypeAdapter[list[Transaction]]:
    """Validates a list of transactions in one call (built on first use)."""
    return TypeAdapter(list[Transaction])


def _place(where: str | Callable[[], str]) -> str:
    return where if isinstance(where, str) else where()


def bank_transactions(
    drafts: list[dict[str, Any]], place: Callable[[int], str], rules: Rules
) -> list[Transaction]:
    """Categorised, validated Transactions from drafts; ``place(i)`` names draft i's place.

    The drafts get their category in place.
    """
    categories = rules.categories(
        [d["counterparty"] for d in drafts],
        [d["counterparty_account"] for d in drafts],
        [d["description"] for d in drafts],
        [d["amount_cents"] for d in drafts],
    )
    for draft, category in zip(drafts, categories, strict=True):
        draft["category"] = category
    try:
        return _transaction_list().validate_python(drafts)
    except ValidationError as exc:
        first = exc.errors()[0]
        number, *loc = first["loc"]
        field = ".".join(str(p) for p in loc)
        raise ImportProblem(
            phrase("{place}: {reason}", place=field, reason=reason(first)), place(int(number))
        ) from None


class BankImporter:
    """What every bank-statement importer shares: its size limit and its category rules."""

    KIND = "bank"
    MAX_BYTES = MAX_IMPORT_BYTES

    def __init__(self, rules: Rules | None = None) -> None:
        self.rules = rules
