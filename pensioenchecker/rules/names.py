"""Human names for the rule parameters and their sources, in Dutch and English.

The parameter keys (``box1.below_aow``) and source keys (``S20``) are for the rules and the
tests; a person reading the explanation or the report sees these names instead. Kept beside
the parameter files so a new parameter or source gets its name where it is added (the tests
check that every key has one in both languages).
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlparse

from pensioenchecker.i18n import language

PARAMETER_NAMES: Mapping[str, tuple[str, str]] = {
    # key: (Dutch, English)
    "aow.monthly": ("AOW-bedragen per maand", "AOW amounts per month"),
    "aow.insured_share_per_year": (
        "AOW-opbouw per verzekerd jaar",
        "AOW accrual per insured year",
    ),
    "box1.below_aow": (
        "Tarieven box 1 onder de AOW-leeftijd",
        "Box 1 rates below AOW age",
    ),
    "box1.aow_born_1946_or_later": (
        "Tarieven box 1 met AOW-leeftijd, geboren vanaf 1946",
        "Box 1 rates at AOW age, born 1946 or later",
    ),
    "box1.aow_born_before_1946": (
        "Tarieven box 1 met AOW-leeftijd, geboren vóór 1946",
        "Box 1 rates at AOW age, born before 1946",
    ),
    "box1.tax_rate_bracket1": ("Belastingtarief schijf 1", "Tax rate of bracket 1"),
    "box1.transition_month_rates": (
        "Tarieven box 1 per maand in het jaar van de AOW-leeftijd",
        "Box 1 rates per month in the year AOW age is reached",
    ),
    "box3.rate_bank": ("Forfaitair rendement banktegoeden", "Deemed return on bank savings"),
    "box3.rate_other": (
        "Forfaitair rendement overige bezittingen",
        "Deemed return on other assets",
    ),
    "box3.rate_debts": ("Forfaitair rendement schulden", "Deemed return on debts"),
    "box3.heffingsvrij_vermogen": ("Heffingsvrij vermogen", "Tax-free allowance (box 3)"),
    "box3.schuldendrempel": ("Drempel voor schulden", "Debt threshold (box 3)"),
    "box3.tarief": ("Tarief box 3", "Box 3 tax rate"),
    "credits.ahk_below_aow": (
        "Algemene heffingskorting onder de AOW-leeftijd",
        "General tax credit below AOW age",
    ),
    "credits.ahk_aow": (
        "Algemene heffingskorting met AOW-leeftijd",
        "General tax credit at AOW age",
    ),
    "credits.ouderenkorting": ("Ouderenkorting", "Elderly credit (ouderenkorting)"),
    "credits.alleenstaande_ouderenkorting": (
        "Alleenstaandeouderenkorting",
        "Single elderly credit (alleenstaande ouderenkorting)",
    ),
    "credits.arbeidskorting_below_aow": (
        "Arbeidskorting onder de AOW-leeftijd",
        "Work credit below AOW age",
    ),
    "credits.arbeidskorting_aow": (
        "Arbeidskorting met AOW-leeftijd",
        "Work credit at AOW age",
    ),
    "health.nominal_premium": (
        "Gemiddelde nominale zorgpremie",
        "Average nominal health insurance premium",
    ),
    "health.eigen_risico": ("Verplicht eigen risico", "Compulsory deductible (eigen risico)"),
    "holiday_pay.aow_special_rate": (
        "Bijzonder tarief vakantiegeld AOW",
        "Special rate on AOW holiday pay",
    ),
    "holiday_pay.aow_special_rate_upto": (
        "Grens bijzonder tarief vakantiegeld AOW",
        "Limit of the special rate on AOW holiday pay",
    ),
    "huurtoeslag.kwaliteitskortingsgrens": (
        "Kwaliteitskortingsgrens huurtoeslag",
        "Rent benefit quality discount limit",
    ),
    "huurtoeslag.aftoppingsgrens": ("Aftoppingsgrens huurtoeslag", "Rent benefit capping limit"),
    "huurtoeslag.maximale_huurgrens": ("Maximale huurgrens", "Maximum rent limit"),
    "huurtoeslag.percentage_middle": (
        "Vergoedingspercentage middendeel huur",
        "Benefit percentage of the middle part of the rent",
    ),
    "huurtoeslag.percentage_top": (
        "Vergoedingspercentage bovendeel huur",
        "Benefit percentage of the top part of the rent",
    ),
    "huurtoeslag.servicekosten_max": (
        "Maximale subsidiabele servicekosten",
        "Maximum service costs counted",
    ),
    "huurtoeslag.basishuur_reduction": ("Verlaging basishuur", "Reduction of the base rent"),
}

_HOUSEHOLD = {
    "one": ("eenpersoonshuishouden", "one-person household"),
    "more": ("meerpersoonshuishouden", "household of two or more"),
    "one_aow": ("eenpersoonshuishouden met AOW-leeftijd", "one-person household at AOW age"),
    "more_aow": (
        "meerpersoonshuishouden met AOW-leeftijd",
        "household of two or more at AOW age",
    ),
}
_HUURTOESLAG_FORMULA = {
    "basishuur": ("Minimale basishuur", "Minimum base rent"),
    "ijkpunt": ("Ijkpunt huurtoeslag", "Rent benefit reference point"),
    "afbouw": ("Afbouwfactor huurtoeslag", "Rent benefit taper factor"),
    "ymin": ("Minimuminkomensgrens huurtoeslag", "Rent benefit minimum income"),
    "nmin": ("Minimale normhuur", "Minimum standard rent"),
    "yref": ("Referentie-inkomen huurtoeslag", "Rent benefit reference income"),
    "nref": ("Referentienormhuur", "Reference standard rent"),
}
_PARAMETER_NAMES_MORE: dict[str, tuple[str, str]] = {
    f"huurtoeslag.{part}.{group}": (f"{nl}, {group_nl}", f"{en}, {group_en}")
    for part, (nl, en) in _HUURTOESLAG_FORMULA.items()
    for group, (group_nl, group_en) in _HOUSEHOLD.items()
    if part in ("ymin", "nmin", "yref", "nref") or not group.endswith("_aow")
}
_PARAMETER_NAMES_MORE.update(
    {
        "premiums.aow": ("Premie AOW", "AOW premium"),
        "premiums.anw": ("Premie Anw", "Anw premium"),
        "premiums.wlz": ("Premie Wlz", "Wlz premium"),
        "zorgtoeslag.standaardpremie": ("Standaardpremie zorgtoeslag", "Standard premium"),
        "zorgtoeslag.drempelinkomen": ("Drempelinkomen zorgtoeslag", "Health benefit threshold"),
        "zorgtoeslag.normpercentage_single": (
            "Normpercentage zorgtoeslag, alleenstaande",
            "Health benefit standard percentage, single",
        ),
        "zorgtoeslag.normpercentage_partner": (
            "Normpercentage zorgtoeslag, met toeslagpartner",
            "Health benefit standard percentage, with partner",
        ),
        "zorgtoeslag.percentage_above_drempel": (
            "Percentage boven het drempelinkomen",
            "Percentage above the threshold income",
        ),
        "zorgtoeslag.vermogensgrens_single": (
            "Vermogensgrens zorgtoeslag, alleenstaande",
            "Health benefit asset limit, single",
        ),
        "zorgtoeslag.vermogensgrens_partner": (
            "Vermogensgrens zorgtoeslag, met toeslagpartner",
            "Health benefit asset limit, with partner",
        ),
        "zorgtoeslag.income_limit_single": (
            "Inkomensgrens zorgtoeslag, alleenstaande",
            "Health benefit income limit, single",
        ),
        "zorgtoeslag.income_limit_partner": (
            "Inkomensgrens zorgtoeslag, met toeslagpartner",
            "Health benefit income limit, with partner",
        ),
        "awir.minimum_toeslag": ("Minimale uit te betalen toeslag", "Minimum benefit paid"),
        "awir.vermogensgrens_person": (
            "Vermogensgrens toeslagen per persoon",
            "Benefits asset limit per person",
        ),
        "zvw.rate": ("Inkomensafhankelijke bijdrage Zvw", "Income-related Zvw contribution"),
        "zvw.max_income": (
            "Maximum bijdrage-inkomen Zvw",
            "Maximum income for the Zvw contribution",
        ),
    }
)
PARAMETER_NAMES = {**PARAMETER_NAMES, **_PARAMETER_NAMES_MORE}

PUBLISHERS: Mapping[str, str] = {
    "belastingdienst.nl": "Belastingdienst",
    "download.belastingdienst.nl": "Belastingdienst",
    "wetten.overheid.nl": "Overheid.nl, wetten",
    "svb.nl": "SVB",
    "rijksoverheid.nl": "Rijksoverheid",
    "tweedekamer.nl": "Tweede Kamer",
    "zoek.officielebekendmakingen.nl": "Officiële bekendmakingen",
    "dnb.nl": "De Nederlandsche Bank",
    "afm.nl": "AFM",
    "cpb.nl": "CPB",
    "pfzw.nl": "PFZW",
    "pggm.nl": "PGGM",
    "abp.nl": "ABP",
    "hetcak.nl": "CAK",
    "consumentenbond.nl": "Consumentenbond",
    "woonbond.nl": "Woonbond",
    "bnnvara.nl": "BNNVARA Kassa",
    "metronieuws.nl": "Metro",
    "rd.nl": "Reformatorisch Dagblad",
    "mijnpensioenoverzicht.nl": "Mijnpensioenoverzicht.nl",
    "tkppensioen.nl": "TKP Pensioen",
    "github.com": "GitHub",
}
"""The publisher of a source by its web address; other sites are named by their address."""


def parameter_name(key: str, lang: str | None) -> str:
    """The human name of the parameter ``key`` in ``lang`` (the key itself if it has none)."""
    names = PARAMETER_NAMES.get(key)
    if names is None:
        return key
    return names[0] if language(lang) == "nl" else names[1]


def publisher(href: str) -> str:
    """Who published the page at ``href``: a known institution, else the site's address."""
    host = urlparse(href).netloc.lower().removeprefix("www.")
    if not host:
        return ""
    return PUBLISHERS.get(host, host)


DOCUMENTS: Mapping[str, tuple[str, str]] = {
    # source key: (Dutch, English) name of the document, for the sources of the current figures
    "S1": ("Tarieven box 1 2025", "Box 1 rates 2025"),
    "S2": (
        "Tarieven voor wie de AOW-leeftijd heeft bereikt",
        "Rates for people who have reached AOW age",
    ),
    "S10": ("AOW-bedragen januari 2024", "AOW amounts January 2024"),
    "S11": ("AOW-bedragen 2025", "AOW amounts 2025"),
    "S12": ("AOW-bedragen 2026", "AOW amounts 2026"),
    "S17": ("AOW-bedragen 2026", "AOW amounts 2026"),
    "S18": ("AOW-bedragen 2026", "AOW amounts 2026"),
    "S19": ("AOW-bedragen en vakantiegeld 2023–2026", "AOW amounts and holiday pay 2023–2026"),
    "S20": (
        "Voorlopige aanslag: tarieven en heffingskortingen 2026",
        "Provisional assessment: rates and tax credits 2026",
    ),
    "S21": ("Handboek Loonheffingen 2026", "Payroll tax handbook 2026"),
    "S22": (
        "Rekenvoorschriften 2026 (bijlage nieuwsbrief loonheffingen)",
        "Calculation rules 2026 (payroll tax newsletter annex)",
    ),
}
"""Documents named in both languages; other sources keep the title they were recorded with."""


def source_name(title: str, href: str, key: str = "", lang: str | None = None) -> str:
    """A source as a reader names it: its publisher, then its document (in ``lang`` if named)."""
    document = DOCUMENTS.get(key)
    if document is not None:
        title = document[0] if language(lang) == "nl" else document[1]
    by = publisher(href)
    if not by or title.lower().startswith(by.lower()):
        return title
    return f"{by}, {title}"
