"""Human names for the rule parameters, their sources and statuses, in the reader's language.

The parameter keys (``box1.below_aow``), source keys (``S20``) and statuses (``derived``) are
for the rules and the tests; a person reading the explanation or the report sees these names
instead. The names are English message ids marked for the catalog (``NC_``), translated in
``pensioenchecker/locale`` like every other text. Kept beside the parameter files so a new
parameter or source gets its name where it is added (tests/test_names.py and
tests/test_source_names.py check every key of every file, in Dutch, English and the
pseudo-language).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlparse

from pensioenchecker.i18n import NC_, Translator

PARAMETER_NAMES: Mapping[str, tuple[str, str]] = {
    # parameter key: its name, marked for the catalog (shown with ``parameter_name``)
    "aow.monthly": NC_("rules.parameter", "AOW amounts per month"),
    "aow.insured_share_per_year": NC_("rules.parameter", "AOW accrual per insured year"),
    "box1.below_aow": NC_("rules.parameter", "Box 1 rates below AOW age"),
    "box1.aow_born_1946_or_later": NC_(
        "rules.parameter", "Box 1 rates at AOW age, born 1946 or later"
    ),
    "box1.aow_born_before_1946": NC_("rules.parameter", "Box 1 rates at AOW age, born before 1946"),
    "box1.tax_rate_bracket1": NC_("rules.parameter", "Tax rate of bracket 1"),
    "box1.transition_month_rates": NC_(
        "rules.parameter", "Box 1 rates per month in the year AOW age is reached"
    ),
    "box3.rate_bank": NC_("rules.parameter", "Deemed return on bank savings"),
    "box3.rate_other": NC_("rules.parameter", "Deemed return on other assets"),
    "box3.rate_debts": NC_("rules.parameter", "Deemed return on debts"),
    "box3.heffingsvrij_vermogen": NC_("rules.parameter", "Tax-free allowance (box 3)"),
    "box3.schuldendrempel": NC_("rules.parameter", "Debt threshold (box 3)"),
    "box3.tarief": NC_("rules.parameter", "Box 3 tax rate"),
    "credits.ahk_below_aow": NC_("rules.parameter", "General tax credit below AOW age"),
    "credits.ahk_aow": NC_("rules.parameter", "General tax credit at AOW age"),
    "credits.ouderenkorting": NC_("rules.parameter", "Elderly credit (ouderenkorting)"),
    "credits.alleenstaande_ouderenkorting": NC_(
        "rules.parameter", "Single elderly credit (alleenstaande ouderenkorting)"
    ),
    "credits.arbeidskorting_below_aow": NC_("rules.parameter", "Work credit below AOW age"),
    "credits.arbeidskorting_aow": NC_("rules.parameter", "Work credit at AOW age"),
    "health.nominal_premium": NC_("rules.parameter", "Average nominal health insurance premium"),
    "health.eigen_risico": NC_("rules.parameter", "Compulsory deductible (eigen risico)"),
    "holiday_pay.aow_special_rate": NC_("rules.parameter", "Special rate on AOW holiday pay"),
    "holiday_pay.aow_special_rate_upto": NC_(
        "rules.parameter", "Limit of the special rate on AOW holiday pay"
    ),
    "huurtoeslag.kwaliteitskortingsgrens": NC_(
        "rules.parameter", "Rent benefit quality discount limit"
    ),
    "huurtoeslag.aftoppingsgrens": NC_("rules.parameter", "Rent benefit capping limit"),
    "huurtoeslag.maximale_huurgrens": NC_("rules.parameter", "Maximum rent limit"),
    "huurtoeslag.percentage_middle": NC_(
        "rules.parameter", "Benefit percentage of the middle part of the rent"
    ),
    "huurtoeslag.percentage_top": NC_(
        "rules.parameter", "Benefit percentage of the top part of the rent"
    ),
    "huurtoeslag.servicekosten_max": NC_("rules.parameter", "Maximum service costs counted"),
    "huurtoeslag.basishuur_reduction": NC_("rules.parameter", "Reduction of the base rent"),
    "huurtoeslag.basishuur.one": NC_("rules.parameter", "Minimum base rent, one-person household"),
    "huurtoeslag.basishuur.more": NC_(
        "rules.parameter", "Minimum base rent, household of two or more"
    ),
    "huurtoeslag.ijkpunt.one": NC_(
        "rules.parameter", "Rent benefit reference point, one-person household"
    ),
    "huurtoeslag.ijkpunt.more": NC_(
        "rules.parameter", "Rent benefit reference point, household of two or more"
    ),
    "huurtoeslag.afbouw.one": NC_(
        "rules.parameter", "Rent benefit taper factor, one-person household"
    ),
    "huurtoeslag.afbouw.more": NC_(
        "rules.parameter", "Rent benefit taper factor, household of two or more"
    ),
    "huurtoeslag.ymin.one": NC_(
        "rules.parameter", "Rent benefit minimum income, one-person household"
    ),
    "huurtoeslag.ymin.more": NC_(
        "rules.parameter", "Rent benefit minimum income, household of two or more"
    ),
    "huurtoeslag.ymin.one_aow": NC_(
        "rules.parameter", "Rent benefit minimum income, one-person household at AOW age"
    ),
    "huurtoeslag.ymin.more_aow": NC_(
        "rules.parameter", "Rent benefit minimum income, household of two or more at AOW age"
    ),
    "huurtoeslag.nmin.one": NC_("rules.parameter", "Minimum standard rent, one-person household"),
    "huurtoeslag.nmin.more": NC_(
        "rules.parameter", "Minimum standard rent, household of two or more"
    ),
    "huurtoeslag.nmin.one_aow": NC_(
        "rules.parameter", "Minimum standard rent, one-person household at AOW age"
    ),
    "huurtoeslag.nmin.more_aow": NC_(
        "rules.parameter", "Minimum standard rent, household of two or more at AOW age"
    ),
    "huurtoeslag.yref.one": NC_(
        "rules.parameter", "Rent benefit reference income, one-person household"
    ),
    "huurtoeslag.yref.more": NC_(
        "rules.parameter", "Rent benefit reference income, household of two or more"
    ),
    "huurtoeslag.yref.one_aow": NC_(
        "rules.parameter", "Rent benefit reference income, one-person household at AOW age"
    ),
    "huurtoeslag.yref.more_aow": NC_(
        "rules.parameter", "Rent benefit reference income, household of two or more at AOW age"
    ),
    "huurtoeslag.nref.one": NC_("rules.parameter", "Reference standard rent, one-person household"),
    "huurtoeslag.nref.more": NC_(
        "rules.parameter", "Reference standard rent, household of two or more"
    ),
    "huurtoeslag.nref.one_aow": NC_(
        "rules.parameter", "Reference standard rent, one-person household at AOW age"
    ),
    "huurtoeslag.nref.more_aow": NC_(
        "rules.parameter", "Reference standard rent, household of two or more at AOW age"
    ),
    "premiums.aow": NC_("rules.parameter", "AOW premium"),
    "premiums.anw": NC_("rules.parameter", "Anw premium"),
    "premiums.wlz": NC_("rules.parameter", "Wlz premium"),
    "zorgtoeslag.standaardpremie": NC_("rules.parameter", "Standard premium"),
    "zorgtoeslag.drempelinkomen": NC_("rules.parameter", "Health benefit threshold"),
    "zorgtoeslag.normpercentage_single": NC_(
        "rules.parameter", "Health benefit standard percentage, single"
    ),
    "zorgtoeslag.normpercentage_partner": NC_(
        "rules.parameter", "Health benefit standard percentage, with partner"
    ),
    "zorgtoeslag.percentage_above_drempel": NC_(
        "rules.parameter", "Percentage above the threshold income"
    ),
    "zorgtoeslag.vermogensgrens_single": NC_(
        "rules.parameter", "Health benefit asset limit, single"
    ),
    "zorgtoeslag.vermogensgrens_partner": NC_(
        "rules.parameter", "Health benefit asset limit, with partner"
    ),
    "zorgtoeslag.income_limit_single": NC_(
        "rules.parameter", "Health benefit income limit, single"
    ),
    "zorgtoeslag.income_limit_partner": NC_(
        "rules.parameter", "Health benefit income limit, with partner"
    ),
    "awir.minimum_toeslag": NC_("rules.parameter", "Minimum benefit paid"),
    "awir.vermogensgrens_person": NC_("rules.parameter", "Benefits asset limit per person"),
    "zvw.rate": NC_("rules.parameter", "Income-related Zvw contribution"),
    "zvw.max_income": NC_("rules.parameter", "Maximum income for the Zvw contribution"),
}

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
    name = PARAMETER_NAMES.get(key)
    return key if name is None else Translator(lang).pgettext(*name)


def publisher(href: str) -> str:
    """Who published the page at ``href``: a known institution, else the site's address."""
    host = urlparse(href).netloc.lower().removeprefix("www.")
    if not host:
        return ""
    return PUBLISHERS.get(host, host)


@dataclass(frozen=True)
class Cited:
    """A source as a reader names it: who published it, and which document it is."""

    publisher: str
    """A proper name (Belastingdienst, SVB, wetten.overheid.nl), the same in every language."""
    document: tuple[str, str]
    """The document's name, marked for the catalog (``NC_``) and shown in the reader's language."""
    quoted_on: str = ""
    """Where the figures were read when that is not the publisher's own site: the primary
    document is named, and the site that quoted it is said too (its address is the link)."""


SOURCES: Mapping[str, Cited] = {
    # source key in params/sources.yaml: publisher, document. Where a secondary site was cited,
    # the publisher is the primary source that site quotes (the reference notes name it); a site
    # that names no primary source is named itself, honestly.
    "S1": Cited(
        "Belastingdienst",
        NC_("rules.source", "Box 1 rates 2025, with the rates for the year AOW age is reached"),
    ),
    "S2": Cited(
        "Belastingdienst",
        NC_(
            "rules.source",
            "Rates for people who have reached AOW age (income averaging, 2024 and earlier)",
        ),
    ),
    "S3": Cited(
        "De Financiële Gids",
        NC_("rules.source", "Social and tax figures July 2024 (brackets 2024, premium split)"),
    ),
    "S4": Cited("Fiscalert", NC_("rules.source", "Budget Day 2024: box 1 tax rates 2025")),
    "S5": Cited(
        "ceeswagenaar.nl",
        NC_(
            "rules.source",
            "Paying and refunding tax (brackets 2025, also for people born before 1946)",
        ),
    ),
    "S6": Cited("CAK", NC_("rules.source", "General tax credit 2024 (annual statement)")),
    "S7": Cited(
        "brink-hoek.nl",
        NC_("rules.source", "Changed tax credits (general tax credit, elderly credits 2025)"),
    ),
    "S8": Cited(
        "Webwoordenboek",
        NC_(
            "rules.source",
            "How much tax credit on a pension? (general tax credit at AOW age 2025, work credit "
            "2024 and 2025)",
        ),
    ),
    "S9": Cited(
        "Belastingdienst",
        NC_("rules.source", "Tax credits for people with AOW (elderly credit 2024)"),
    ),
    "S10": Cited("SVB", NC_("rules.source", "AOW amounts from 1 January 2024")),
    "S11": Cited("SVB", NC_("rules.source", "AOW amounts 2025 (January and July)")),
    "S12": Cited("SVB", NC_("rules.source", "AOW amounts January 2026"), "welingelichtekringen.nl"),
    "S13": Cited("SVB", NC_("rules.source", "AOW amounts from 1 July 2024"), "aow.nu"),
    "S14": Cited(
        "Rijksoverheid",
        NC_(
            "rules.source",
            "Benefit amounts from 1 January 2024 and from 1 July 2025 (AOW without income "
            "support, holiday pay)",
        ),
    ),
    "S15": Cited(
        "BNNVARA Kassa",
        NC_("rules.source", "The AOW amounts from 1 January 2025 (with the amount of July 2024)"),
    ),
    "S16": Cited("SVB", NC_("rules.source", "AOW holiday pay: payment and tax")),
    "S17": Cited(
        "Ministerie van SZW",
        NC_("rules.source", "Gross AOW amounts 2026 (published 5 December 2025)"),
        "bijnametpensioen.nl",
    ),
    "S18": Cited("Metro", NC_("rules.source", "AOW in 2026: the amounts")),
    "S19": Cited("Rekenbuddy", NC_("rules.source", "Gross AOW and holiday pay 2023–2026")),
    "S20": Cited(
        "Belastingdienst", NC_("rules.source", "Provisional assessment: rates and tax credits 2026")
    ),
    "S21": Cited("Belastingdienst", NC_("rules.source", "Payroll tax handbook 2026")),
    "S22": Cited(
        "Belastingdienst",
        NC_(
            "rules.source", "Calculation rules 2026 and figures annex 2026 (payroll tax newsletter)"
        ),
    ),
    "S23": Cited(
        "Lindenhaeghe",
        NC_("rules.source", "Budget Day: tax figures of the Tax Plan 2026 (proposal)"),
    ),
    "S24": Cited(
        "Beuken Essers", NC_("rules.source", "Tax figures of the Tax Plan 2026 (proposal)")
    ),
    "S25": Cited("onderneming.nl", NC_("rules.source", "Elderly credit (table 2026)")),
    "S26": Cited(
        "HR-kiosk", NC_("rules.source", "Elderly credit tables (2024, single elderly credit 2024)")
    ),
    "S27": Cited(
        "Belastingdienst", NC_("rules.source", "Tax information 2025: tax credits (§ 21.4.1)")
    ),
    "S29": Cited("Metro", NC_("rules.source", "Holiday pay for AOW recipients in May 2025")),
    "S30": Cited(
        "Belastingdienst",
        NC_("rules.source", "Tax information 2019: phasing out the elderly credit"),
    ),
    "S31": Cited("PlusOnline", NC_("rules.source", "The elderly credit is changing (2019)")),
    "S32": Cited(
        "ondernemers.com",
        NC_("rules.source", "What changes in the elderly credit in 2024 (Tax Plan 2024)"),
    ),
    "S33": Cited(
        "Confianza", NC_("rules.source", "Box 1 rates and the higher work credit (Tax Plan 2024)")
    ),
    "S34": Cited("Findesk", NC_("rules.source", "Brackets of the Tax Plan 2024")),
    "S35": Cited("Consumentenbond", NC_("rules.source", "Tax credits for AOW recipients (2025)")),
    "S36": Cited(
        "Ministerie van VWS",
        NC_("rules.source", "Income-related Zvw contribution 2024 (Staatscourant 2023, 31461)"),
        "admaxi.nl",
    ),
    "S37": Cited("Zorgwijzer", NC_("rules.source", "What is the income-related contribution?")),
    "S38": Cited(
        "hagenveenstra.nl", NC_("rules.source", "Income-related contribution under the Zvw")
    ),
    "S39": Cited("PFZW", NC_("rules.source", "Zvw contribution on your pension (2025)")),
    "S40": Cited(
        "Tweede Kamer",
        NC_("rules.source", "Memorandum of amendment to the Tax Plan 2026 (36812, no. 18)"),
    ),
    "S41": Cited(
        "Officiële bekendmakingen", NC_("rules.source", "Amendment Grinwis (36812, no. 71)")
    ),
    "S42": Cited(
        "Tweede Kamer",
        NC_("rules.source", "Letter on the adopted amendments (2 December 2025)"),
        "berthub.eu",
    ),
    "S50": Cited(
        "Rijksoverheid", NC_("rules.source", "When does my AOW start? (AOW age 2024–2029)")
    ),
    "S51a": Cited("Welingelichte Kringen", NC_("rules.source", "AOW age will not rise in 2030")),
    "S51b": Cited("Syfers", NC_("rules.source", "AOW age in 2031")),
    "S51c": Cited(
        "Seniorenjournaal",
        NC_("rules.source", "AOW age will not rise in 2031 (life expectancy by CBS)"),
    ),
    "S52": Cited(
        "wetten.overheid.nl", NC_("rules.source", "General Old Age Pensions Act (AOW), article 7a")
    ),
    "S53": Cited("SVB", NC_("rules.source", "How the AOW is built up")),
    "S54": Cited(
        "Praktijkgids Sociale Zekerheid",
        NC_("rules.source", "AOW: starting age and reduction per uninsured year"),
    ),
    "S55": Cited("SVB", NC_("rules.source", "When your AOW starts (earlier page)")),
    "S56": Cited(
        "TKP Pensioen", NC_("rules.source", "Column on AOW facts (AOW per day since April 2012)")
    ),
    "S57": Cited(
        "skipspringer.nl", NC_("rules.source", "Calculating the AOW age (earlier formula)")
    ),
    "S60": Cited("Mijnpensioenoverzicht.nl", NC_("rules.source", "From gross to net")),
    "S61": Cited(
        "bandenpensioen.nl",
        NC_("rules.source", "Pension check (month of the switch, additional assessment)"),
    ),
    "S62": Cited(
        "PFZW", NC_("rules.source", "Your net amount (payroll tax credit only on request)")
    ),
    "S63": Cited("SVB", NC_("rules.source", "What is deducted from the AOW (earlier page)")),
    "S70": Cited("AFM", NC_("rules.source", "Scenario amounts (uniform calculation method)")),
    "S71": Cited(
        "De Nederlandsche Bank",
        NC_("rules.source", "Model and model parameters of the scenario set"),
    ),
    "S72": Cited(
        "De Nederlandsche Bank",
        NC_("rules.source", "Final scenario sets under the Future Pensions Act"),
    ),
    "S73": Cited("PGGM", NC_("rules.source", "Ten thousand scenarios for the pension statement")),
    "S74": Cited("CPB", NC_("rules.source", "The uniform scenario set for pension calculations")),
    "S75": Cited("uwpensioeninzicht.nl", NC_("rules.source", "The economic scenarios")),
    "S76": Cited("ABP", NC_("rules.source", "Questions and answers: scenarios")),
    "S77": Cited(
        "cmweb.nl", NC_("rules.source", "Pension scenarios: a mirage (method changed April 2023)")
    ),
    "BB1": Cited(
        "Belastingdienst",
        NC_("rules.source", "White and green special rewards table 2026 (AOW columns)"),
    ),
    "BB2": Cited(
        "",
        NC_(
            "rules.source",
            "Rule derived from the official tables of 2026 and 2027: the special rewards rate "
            "without payroll tax credit is the rate of the bracket that holds the annual wage",
        ),
    ),
    "K1": Cited(
        "Eerste Kamer",
        NC_(
            "rules.source",
            "Parliamentary papers 36154 (Lump Sum Revision Act), memorandum in reply to the "
            "report, tables 1–6 (figures of 2024)",
        ),
    ),
    "Z1": Cited(
        "wetten.overheid.nl",
        NC_(
            "rules.source",
            "Health Care Allowance Act 2024–2026 with its regulations (Staatscourant 2023, "
            "32413; 2024, 38887; 2025, 40022; Staatsblad 2024, 351; 2025, 412)",
        ),
        "github.com/TheAndries/toeslagrecht",
    ),
    "Z2": Cited(
        "Staatsblad",
        NC_(
            "rules.source",
            "Decree on the threshold and test income percentages of the health care allowance "
            "(2025, 412), row 2027",
        ),
        "github.com/TheAndries/toeslagrecht",
    ),
    "Z3": Cited(
        "wetten.overheid.nl",
        NC_(
            "rules.source",
            "General Income-Dependent Schemes Act (Awir), articles 3, 5, 7, 8 and 14 "
            "(Staatscourant 2024, 38492; 2025, 40487)",
        ),
    ),
    "Z4": Cited(
        "Belastingdienst",
        NC_("rules.source", "Health care allowance: how much, maximum income, maximum assets"),
    ),
    "Z5": Cited(
        "Dienst Toeslagen",
        NC_("rules.source", "Calculating the health care allowance 2024, 2025 and 2026"),
    ),
    "Z6": Cited(
        "wetten.overheid.nl",
        NC_("rules.source", "Regulations setting the standard premium 2024, 2025 and 2026"),
    ),
    "H1": Cited(
        "wetten.overheid.nl",
        NC_(
            "rules.source", "Rent Benefit Act (Wet op de huurtoeslag) as in force on 1 January 2026"
        ),
    ),
    "H2": Cited(
        "wetten.overheid.nl",
        NC_(
            "rules.source",
            "Rent Benefit Decree (Besluit op de huurtoeslag) as in force on 1 January 2026, "
            "articles 2b and 7",
        ),
    ),
    "H3": Cited(
        "wetten.overheid.nl",
        NC_(
            "rules.source",
            "Act lowering the own contribution to rent benefit, as in force on 1 January 2026, "
            "article 1; rent benefit parameters 2024 (Staatscourant 2023, 31878)",
        ),
    ),
    "H5": Cited(
        "Dienst Toeslagen",
        NC_(
            "rules.source",
            "Calculating the rent benefit 2026 (steps 2–7); rent benefit limits 2026 "
            "(Staatscourant 2025, 39783)",
        ),
    ),
    "H6": Cited(
        "Meijburg & Co", NC_("rules.source", "Promemorie 2025, page 33"), "dutchromaniannetwork.nl"
    ),
    "H10": Cited(
        "wetten.overheid.nl",
        NC_(
            "rules.source", "Rent Benefit Act (Wet op de huurtoeslag) as in force on 1 January 2025"
        ),
    ),
    "H11": Cited(
        "Rijksoverheid", NC_("rules.source", "Indexation of the rent benefit parameters for 2025")
    ),
    "H12": Cited(
        "wetten.overheid.nl",
        NC_(
            "rules.source", "Rent Benefit Act (Wet op de huurtoeslag) as in force on 1 January 2024"
        ),
    ),
    "H14": Cited(
        "Woonbond", NC_("rules.source", "Rent benefit standards and limits 2023 and 2024")
    ),
    "B1": Cited(
        "Belastingdienst",
        NC_("rules.source", "Calculating box 3 income 2023–2026, with worked examples"),
        "github.com/zenonymous/box3balans",
    ),
    "B2": Cited(
        "Staatscourant",
        NC_("rules.source", "Decree on the deemed returns 2024 (2025, 8295)"),
        "heinenpartners.nl",
    ),
    "B3": Cited(
        "Belastingdienst",
        NC_("rules.source", "Box 3 income on the provisional assessment 2024 and 2025"),
    ),
    "B4": Cited(
        "Spaarrente.nl",
        NC_(
            "rules.source",
            "How much tax do I pay on my savings? (tax-free allowance and debt threshold 2024)",
        ),
    ),
    "B5": Cited(
        "Staatscourant",
        NC_("rules.source", "Decree on the deemed returns 2025 (2026, 3708)"),
        "admintrend.nl",
    ),
    "B6": Cited(
        "fbaa.nl",
        NC_("rules.source", "Provisional 2024 and 2025 and final 2023 deemed return percentages"),
    ),
    "B7": Cited(
        "Omnyacc", NC_("rules.source", "Box 3 in 2026: percentages, exemptions and amounts")
    ),
    "B9": Cited("Belastingdienst", NC_("rules.source", "Calculating box 3 income 2026")),
    "P1": Cited(
        "Rijksoverheid",
        NC_(
            "rules.source", "Budget memorandum 2024: average basic premium about 149 euros a month"
        ),
        "rd.nl",
    ),
    "P2": Cited(
        "Ministerie van SZW",
        NC_(
            "rules.source",
            "Budget 2027 (37 020 XV, no. 2), page 175: nominal premium 2026 and 2027, "
            "compulsory deductible 2027",
        ),
    ),
    "P3": Cited(
        "BNNVARA Kassa",
        NC_("rules.source", "Average health premium 2025 and compulsory deductible"),
    ),
}
"""Every source of the built-in parameter files; a rule pack's new source keeps its recorded
title until it is named here (tests/test_source_names.py checks every key of every file)."""

STATUS_NAMES: Mapping[str, tuple[str, str]] = {
    "final": NC_("rules.status", "final"),
    "derived": NC_("rules.status", "derived from published figures"),
    "bp": NC_("rules.status", "Tax Plan proposal"),
    "provisional": NC_("rules.status", "provisional"),
    "empirical": NC_(
        "rules.status", "empirical (reproduces the government's worked examples exactly)"
    ),
    "estimate": NC_("rules.status", "estimate"),
    "not_found": NC_("rules.status", "not found"),
}
"""How certain a figure is, in words (the parameter files' ``status``)."""
_STATUS_UNKNOWN = NC_("rules.status", "certainty not stated")


def status_name(status: str, lang: str | None) -> str:
    """A figure's status in words in ``lang``; never the raw status."""
    context, english = STATUS_NAMES.get(status, _STATUS_UNKNOWN)
    return Translator(lang).pgettext(context, english)


def source_name(title: str, href: str, key: str = "", lang: str | None = None) -> str:
    """A source as a reader names it: its publisher, then its document, in ``lang``.

    ``title`` and ``href`` (as recorded) only serve a source this module does not name yet.
    """
    t = Translator(lang)
    cited = SOURCES.get(key)
    if cited is None:
        by = publisher(href)
        if not by or title.lower().startswith(by.lower()):
            return title
        return t._("{publisher}, {document}").format(publisher=by, document=title)
    document = t.pgettext(*cited.document)
    if cited.quoted_on:
        # The publisher's document, read on another site (the link goes there).
        template = t._("{publisher}, {document} (quoted on {site})")
    elif cited.publisher:
        template = t._("{publisher}, {document}")
    else:
        return document
    return template.format(publisher=cited.publisher, document=document, site=cited.quoted_on)
