"""``toeslagen``: zorgtoeslag and huurtoeslag of a household for one year, from its income.

Also the ``disposable`` part of ``net`` (``--rent``, ``--assets``, ``--health-costs``): what is
left after health costs, the toeslagen and box 3. The income here is the household's
toetsingsinkomen (the verzamelinkomen, joint with a toeslagpartner), not its net income.
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING, Any

import numpy as np

from pensioenchecker.commands.common import EXIT_OK, emit, load_engine, parse_date
from pensioenchecker.errors import InputError
from pensioenchecker.money import parse_euros
from pensioenchecker.payloads import disposable_payload, money_text, toeslagen_payload
from pensioenchecker.rules.disposable import Disposable, disposable_income
from pensioenchecker.rules.toeslagen import huurtoeslag, zorgtoeslag

if TYPE_CHECKING:
    from pensioenchecker.engine import Engine

HELP = "zorgtoeslag and huurtoeslag of a household in one year"

YEARS = range(1900, 2201)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``toeslagen`` flags."""
    parser.add_argument("--year", type=int, required=True)
    parser.add_argument("--household", required=True, help="single or couple (toeslagpartner)")
    parser.add_argument(
        "--income",
        required=True,
        help="the household's toetsingsinkomen in euros (joint with a toeslagpartner)",
    )
    parser.add_argument("--rent", help="kale huur per month in euros (none: no huurtoeslag)")
    parser.add_argument(
        "--service-costs", help="servicekosten per month that count for huurtoeslag, in euros"
    )
    parser.add_argument("--birth-date", help="YYYY-MM-DD; sets whether the AOW age was reached")
    parser.add_argument("--partner-birth-date", help="YYYY-MM-DD, the toeslagpartner's")
    parser.add_argument(
        "--assets", help="the household's box 3 rendementsgrondslag on 1 January, in euros"
    )
    parser.add_argument("--json", action="store_true")


def add_disposable_arguments(parser: argparse.ArgumentParser) -> None:
    """The flags ``net`` takes to add the disposable income."""
    parser.add_argument("--rent", help="kale huur per month in euros: adds the disposable income")
    parser.add_argument(
        "--service-costs", help="servicekosten per month that count for huurtoeslag, in euros"
    )
    parser.add_argument(
        "--assets", help="box 3 savings on 1 January in euros: adds the disposable income"
    )
    parser.add_argument(
        "--health-costs",
        help="health premium and eigen risico per year in euros (default: the stated average)",
    )


def _year_and_household(args: argparse.Namespace) -> bool:
    if args.household not in ("single", "couple"):
        raise InputError(f"household {args.household!r} is not single or couple")
    if args.year not in YEARS:
        raise InputError(f"year {args.year} is not plausible")
    return bool(args.household == "couple")


def _optional_euros(text: str | None, flag: str) -> int:
    return parse_euros(text, flag) if text else 0


def aow_household(engine: Engine, year: int, births: list[dt.date]) -> bool | None:
    """Someone had reached the AOW age on 1 January (the 2024 huurtoeslag types); None: unknown."""
    if not births:
        return None
    ages = engine.aow_age(np.array(births, dtype="datetime64[D]"))
    return bool((ages.date <= np.datetime64(f"{year}-01-01", "D")).any())


def cmd_toeslagen(args: argparse.Namespace) -> int:
    """Zorgtoeslag and huurtoeslag for one household in one year."""
    couple = _year_and_household(args)
    income = parse_euros(args.income, "--income")
    rent = _optional_euros(args.rent, "--rent")
    service = _optional_euros(args.service_costs, "--service-costs")
    assets = _optional_euros(args.assets, "--assets")
    births = [parse_date(args.birth_date, "birth date")] if args.birth_date else []
    if args.partner_birth_date:
        if not couple:
            raise InputError("--partner-birth-date needs --household couple")
        births.append(parse_date(args.partner_birth_date, "partner birth date"))
    engine = load_engine()
    aow = aow_household(engine, args.year, births)
    one = np.array([income], dtype=np.int64)
    zt = zorgtoeslag(
        engine.parameters, args.year, income=one, partner=couple, assets=np.array([assets])
    )
    ht = huurtoeslag(
        engine.parameters,
        args.year,
        income=one,
        partner=couple,
        rent=np.array([rent]),
        service_costs=np.array([service]),
        assets=np.array([assets]),
        aow_household=aow,
    )
    notices = list(dict.fromkeys(zt.notices + ht.notices))
    if aow is None and args.year <= 2024 and rent:
        notices.append(
            "no birth date given: the 2024 huurtoeslag is computed for a household that had "
            "reached the AOW age on 1 January"
        )
    payload = toeslagen_payload(args.year, args.household, income, rent, assets, zt, ht, notices)
    rows = [
        (f"Toeslagen {args.year} ({args.household}, toetsingsinkomen {money_text(income)})", ""),
        ("Zorgtoeslag per year", _text(payload["zorgtoeslag"]["annual"])),
        ("Zorgtoeslag per month", _text(payload["zorgtoeslag"]["monthly"])),
        ("Huurtoeslag per year", _text(payload["huurtoeslag"]["annual"])),
        ("Huurtoeslag per month", _text(payload["huurtoeslag"]["monthly"])),
    ]
    emit(args, payload, rows)
    return EXIT_OK


def _text(value: float | None) -> str:
    return "not known" if value is None else money_text(round(value * 100))


def net_disposable(
    args: argparse.Namespace,
    engine: Engine,
    year: int,
    birth: dt.date,
    couple: bool,
    gross: int,
    net_annual: int,
) -> tuple[dict[str, Any], Disposable] | None:
    """The ``disposable`` object of ``net``, when one of its flags was given; else None.

    ``--assets`` are box 3 savings (banktegoeden) of the household; ``gross`` is this person's
    box 1 income, the toetsingsinkomen when there is no partner.
    """
    if args.rent is None and args.assets is None and args.health_costs is None:
        return None
    rent = _optional_euros(args.rent, "--rent")
    service = _optional_euros(args.service_costs, "--service-costs")
    assets = _optional_euros(args.assets, "--assets")
    health = parse_euros(args.health_costs, "--health-costs") if args.health_costs else None
    result = disposable_income(
        engine.parameters,
        year,
        net_annual=np.array([net_annual], dtype=np.int64),
        income=np.array([gross], dtype=np.int64),
        partner=couple,
        rent=rent,
        service_costs=service,
        bank=assets,
        health=health,
        aow_household=aow_household(engine, year, [birth]),
    )
    notices = list(result.notices)
    if couple:
        notices.append(
            "household couple: the toeslagen are tested on this person's income only and the "
            "disposable income adds only this person's net; add the partner's income for the "
            "household's figures (toeslagen --income)"
        )
    return disposable_payload(result, notices), result
