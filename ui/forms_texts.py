"""The manual-entry forms' words for people: labels, help, choices, rules; catalog ids.

The forms are built from the core's schemas, whose field names follow the sources' own
vocabulary (``kale_huur``, ``vastgesteldeWaarde``); a person sees these texts instead. A label is
looked up by ``Model.field`` first (``DuoForm.peildatum`` differs from ``RentForm.peildatum``),
then by the field name alone. Everything here is an English catalog id with its table key as the
context (``NC_``); ``text(lang, table, key)`` says it in the window's language.
"""

from __future__ import annotations

from pensioenchecker.i18n import N_, NC_, pgettext

FORM_TITLES: dict[str, tuple[str, str]] = {
    "belastingdienst": NC_("data.form.belastingdienst", "Belastingdienst (income per payer)"),
    "duo": NC_("data.form.duo", "DUO (study debt)"),
    "brp": NC_("data.form.brp", "BRP (personal details)"),
    "kadaster": NC_("data.form.kadaster", "Kadaster (home)"),
    "woz": NC_("data.form.woz", "WOZ value"),
    "pension": NC_("data.form.pension", "a pension missing from the register"),
    "income": NC_("data.form.income", "other income"),
    "rent": NC_("data.form.rent", "rent (for huurtoeslag)"),
}
"""The forms' names, as the Data page's list of forms names them."""

LABELS: dict[str, tuple[str, str]] = {
    "note": NC_("form.label.note", "Note"),
    # Belastingdienst
    "BelastingdienstForm.year": NC_("form.label.BelastingdienstForm.year", "Tax year"),
    "BelastingdienstForm.payers": NC_(
        "form.label.BelastingdienstForm.payers", "Employers and benefit agencies"
    ),
    "PayerIncome": NC_("form.label.PayerIncome", "Employer or benefit agency"),
    "PayerIncome.payer": NC_("form.label.PayerIncome.payer", "Name"),
    "PayerIncome.income": NC_("form.label.PayerIncome.income", "Wage, pension or benefit"),
    "PayerIncome.withheld_loonheffing": NC_(
        "form.label.PayerIncome.withheld_loonheffing", "Wage tax withheld"
    ),
    "PayerIncome.withheld_zvw": NC_(
        "form.label.PayerIncome.withheld_zvw", "Zvw contribution withheld"
    ),
    "BelastingdienstForm.box3_assets": NC_(
        "form.label.BelastingdienstForm.box3_assets", "Box 3 assets on 1 January"
    ),
    "BelastingdienstForm.box3_investments": NC_(
        "form.label.BelastingdienstForm.box3_investments", "Of which investments and other assets"
    ),
    "BelastingdienstForm.box3_debts": NC_(
        "form.label.BelastingdienstForm.box3_debts", "Box 3 debts on 1 January"
    ),
    # rent
    "RentForm.kale_huur": NC_("form.label.RentForm.kale_huur", "Basic rent per month"),
    "RentForm.servicekosten": NC_("form.label.RentForm.servicekosten", "Service costs per month"),
    "RentForm.peildatum": NC_("form.label.RentForm.peildatum", "Rent applies from"),
    # DUO
    "DuoForm.regime": NC_("form.label.DuoForm.regime", "Repayment rules"),
    "DuoForm.oorspronkelijke_schuld": NC_(
        "form.label.DuoForm.oorspronkelijke_schuld", "Debt when repayment started"
    ),
    "DuoForm.actuele_schuld": NC_(
        "form.label.DuoForm.actuele_schuld", "Current debt including interest"
    ),
    "DuoForm.peildatum": NC_("form.label.DuoForm.peildatum", "Interest calculated up to"),
    "DuoForm.rentepercentage": NC_("form.label.DuoForm.rentepercentage", "Interest rate (%)"),
    "DuoForm.maandbedrag": NC_("form.label.DuoForm.maandbedrag", "Monthly repayment"),
    "DuoForm.fase": NC_("form.label.DuoForm.fase", "Phase"),
    "DuoForm.start_aflosfase": NC_("form.label.DuoForm.start_aflosfase", "Repayment started on"),
    # BRP
    "BrpForm.naam": NC_("form.label.BrpForm.naam", "Name"),
    "BrpForm.geboorte": NC_("form.label.BrpForm.geboorte", "Birth"),
    "BrpForm.partners": NC_("form.label.BrpForm.partners", "Partners"),
    "Partner": NC_("form.label.Partner", "Partner"),
    "BrpForm.verblijfplaats": NC_("form.label.BrpForm.verblijfplaats", "Home address"),
    "BrpForm.leefsituatie": NC_("form.label.BrpForm.leefsituatie", "Living situation"),
    "Naam.voornamen": NC_("form.label.Naam.voornamen", "First names"),
    "Naam.voorletters": NC_("form.label.Naam.voorletters", "Initials"),
    "Naam.voorvoegsel": NC_("form.label.Naam.voorvoegsel", "Prefix (such as van, de)"),
    "Naam.geslachtsnaam": NC_("form.label.Naam.geslachtsnaam", "Surname"),
    "Geboorte.datum": NC_("form.label.Geboorte.datum", "Date of birth"),
    "Geboorte.plaats": NC_("form.label.Geboorte.plaats", "Place of birth"),
    "Geboorte.land": NC_("form.label.Geboorte.land", "Country of birth"),
    "Partner.naam": NC_("form.label.Partner.naam", "Partner's name"),
    "Partner.geboorte": NC_("form.label.Partner.geboorte", "Partner's birth"),
    "Partner.soortVerbintenis": NC_("form.label.Partner.soortVerbintenis", "Kind of union"),
    "Partner.aangaanHuwelijkPartnerschap": NC_(
        "form.label.Partner.aangaanHuwelijkPartnerschap", "Married or registered on"
    ),
    "Partner.ontbindingHuwelijkPartnerschap": NC_(
        "form.label.Partner.ontbindingHuwelijkPartnerschap", "Ended on"
    ),
    "Adres": NC_("form.label.Adres", "Address"),
    "Adres.straat": NC_("form.label.Adres.straat", "Street"),
    "Adres.huisnummer": NC_("form.label.Adres.huisnummer", "House number"),
    "Adres.huisletter": NC_("form.label.Adres.huisletter", "House letter"),
    "Adres.huisnummertoevoeging": NC_(
        "form.label.Adres.huisnummertoevoeging", "House number addition"
    ),
    "Adres.postcode": NC_("form.label.Adres.postcode", "Postcode"),
    "Adres.woonplaats": NC_("form.label.Adres.woonplaats", "Town"),
    # Kadaster and WOZ
    "KadasterForm.kadastraleAanduiding": NC_(
        "form.label.KadasterForm.kadastraleAanduiding", "Cadastral designation"
    ),
    "KadasterForm.koopsom": NC_("form.label.KadasterForm.koopsom", "Purchase price"),
    "KadasterForm.koopdatum": NC_("form.label.KadasterForm.koopdatum", "Date of purchase"),
    "KadasterForm.adressen": NC_("form.label.KadasterForm.adressen", "Addresses"),
    "WozForm.wozobjectnummer": NC_("form.label.WozForm.wozobjectnummer", "WOZ object number"),
    "WozForm.vastgesteldeWaarde": NC_("form.label.WozForm.vastgesteldeWaarde", "WOZ value"),
    "WozForm.waardepeildatum": NC_("form.label.WozForm.waardepeildatum", "Valuation date"),
    "WozForm.ingangsdatum": NC_("form.label.WozForm.ingangsdatum", "Value applies from"),
    "WozForm.adres": NC_("form.label.WozForm.adres", "Address"),
    # a pension the register does not show
    "PensionForm.provider": NC_("form.label.PensionForm.provider", "Pension provider or insurer"),
    "PensionForm.scheme_id": NC_("form.label.PensionForm.scheme_id", "Policy or scheme number"),
    "annual_gross": NC_("form.label.annual_gross", "Gross per year"),
    "PensionForm.start_age": NC_("form.label.PensionForm.start_age", "Starting age"),
    "PensionForm.start_date": NC_("form.label.PensionForm.start_date", "Starting date"),
    "PensionForm.end_age": NC_("form.label.PensionForm.end_age", "Ending age"),
    "PensionForm.end_date": NC_("form.label.PensionForm.end_date", "Ending date"),
    "birth_date": NC_("form.label.birth_date", "Date of birth"),
    "PensionForm.certain": NC_("form.label.PensionForm.certain", "The amount is certain"),
    "PensionForm.net_already": NC_("form.label.PensionForm.net_already", "The amount is net"),
    "PensionForm.reference_date": NC_(
        "form.label.PensionForm.reference_date", "Date of the statement"
    ),
    "Age.years": NC_("form.label.Age.years", "Years"),
    "Age.months": NC_("form.label.Age.months", "Months"),
    # other income
    "IncomeForm.kind": NC_("form.label.IncomeForm.kind", "Kind of income"),
    "IncomeForm.payer": NC_("form.label.IncomeForm.payer", "Employer or payer"),
    "IncomeForm.start_date": NC_("form.label.IncomeForm.start_date", "First day"),
    "IncomeForm.end_date": NC_("form.label.IncomeForm.end_date", "Last day"),
}
"""The label of each field (``Model.field`` or ``field``), and of a list's item (``Model``)."""

HELP: dict[str, tuple[str, str]] = {
    "note": NC_(
        "form.help.note",
        "Free text for yourself, such as where the figures come from; not used in any calculation.",
    ),
    "PayerIncome.income": NC_(
        "form.help.PayerIncome.income",
        "The gross amount for the year as the annual statement shows it, such as "
        "'Loon tegenwoordige arbeid'.",
    ),
    "PayerIncome.withheld_zvw": NC_(
        "form.help.PayerIncome.withheld_zvw",
        "The income-related contribution under the Health Insurance Act (Zvw) the payer withheld.",
    ),
    "BelastingdienstForm.box3_assets": NC_(
        "form.help.BelastingdienstForm.box3_assets",
        "Bank balances, investments and other assets on 1 January of the year.",
    ),
    "BelastingdienstForm.box3_investments": NC_(
        "form.help.BelastingdienstForm.box3_investments",
        "The part of the box 3 assets that is not a bank balance; a different assumed return "
        "applies to it.",
    ),
    "RentForm.kale_huur": NC_(
        "form.help.RentForm.kale_huur",
        "The rent without service costs, as your landlord's rent notice states it.",
    ),
    "RentForm.servicekosten": NC_(
        "form.help.RentForm.servicekosten",
        "Only the service costs that count for housing benefit: energy and cleaning of shared "
        "spaces, a caretaker, shared facilities.",
    ),
    "RentForm.peildatum": NC_("form.help.RentForm.peildatum", "Usually 1 July."),
    "DuoForm.actuele_schuld": NC_(
        "form.help.DuoForm.actuele_schuld",
        "The balance of your debt including interest, as Mijn DUO shows it.",
    ),
    "DuoForm.peildatum": NC_(
        "form.help.DuoForm.peildatum",
        "The date Mijn DUO gives with the balance ('rente is berekend tot').",
    ),
    "BrpForm.leefsituatie": NC_(
        "form.help.BrpForm.leefsituatie",
        "Not in the BRP: living together unmarried also counts for the AOW. Leave it empty to "
        "derive it from the partners.",
    ),
    "Partner.ontbindingHuwelijkPartnerschap": NC_(
        "form.help.Partner.ontbindingHuwelijkPartnerschap",
        "Only when the marriage or partnership has ended: then this person is no longer your "
        "partner.",
    ),
    "KadasterForm.kadastraleAanduiding": NC_(
        "form.help.KadasterForm.kadastraleAanduiding", "Such as 'Beekbergen K 4879'."
    ),
    "WozForm.waardepeildatum": NC_(
        "form.help.WozForm.waardepeildatum",
        "Usually 1 January of the year before the year the value is for.",
    ),
    "PensionForm.annual_gross": NC_("form.help.PensionForm.annual_gross", "Including holiday pay."),
    "IncomeForm.annual_gross": NC_(
        "form.help.IncomeForm.annual_gross", "Including holiday allowance."
    ),
    "PensionForm.end_date": NC_(
        "form.help.PensionForm.end_date", "Leave it empty when it is paid for life."
    ),
    "PensionForm.birth_date": NC_(
        "form.help.PensionForm.birth_date",
        "Needed only when the start or end is a date: it is turned into an age.",
    ),
    "PensionForm.net_already": NC_(
        "form.help.PensionForm.net_already",
        "Tick for an amount taxed abroad that is not taxed again here.",
    ),
    "PensionForm.reference_date": NC_(
        "form.help.PensionForm.reference_date", "The date of the statement the amount is on."
    ),
    "IncomeForm.end_date": NC_(
        "form.help.IncomeForm.end_date",
        "The last day of this income; leave it empty when it goes on until further notice.",
    ),
    "IncomeForm.birth_date": NC_(
        "form.help.IncomeForm.birth_date",
        "In a household of two: the date of birth of the person who receives this income "
        "(empty: the first person).",
    ),
}
"""A sentence of help for a field that needs one: its tooltip and accessible description."""

CHOICES: dict[str, tuple[str, str]] = {
    "regime.SF35": NC_("form.choice.regime.SF35", "SF35 (repay within 35 years)"),
    "regime.SF15": NC_("form.choice.regime.SF15", "SF15 (repay within 15 years)"),
    "regime.SF15-oud": NC_("form.choice.regime.SF15-oud", "SF15, old rules"),
    "regime.other": NC_("form.choice.regime.other", "Other"),
    "fase.studie": NC_("form.choice.fase.studie", "Studying"),
    "fase.aanloop": NC_("form.choice.fase.aanloop", "Grace period before repayment"),
    "fase.aflos": NC_("form.choice.fase.aflos", "Repaying"),
    "fase.aflosvrij": NC_("form.choice.fase.aflosvrij", "Repayment holiday"),
    "leefsituatie.Alleenstaand": NC_("form.choice.leefsituatie.Alleenstaand", "Single"),
    "leefsituatie.GehuwdOfSamenwonend": NC_(
        "form.choice.leefsituatie.GehuwdOfSamenwonend", "Married or living together"
    ),
    "soortVerbintenis.huwelijk": NC_("form.choice.soortVerbintenis.huwelijk", "Marriage"),
    "soortVerbintenis.geregistreerd_partnerschap": NC_(
        "form.choice.soortVerbintenis.geregistreerd_partnerschap", "Registered partnership"
    ),
    "kind.wage": NC_("form.choice.kind.wage", "Wage"),
    "kind.benefit": NC_("form.choice.kind.benefit", "Benefit"),
    "kind.other": NC_("form.choice.kind.other", "Other income"),
}
"""The words for each choice of a field (``field.value``)."""

RULES: dict[str, str] = {
    "give at least one payer or the box 3 assets": N_(
        "Fill in at least one employer or benefit agency, or the box 3 assets."
    ),
    "box3_investments is more than box3_assets, of which it is a part": N_(
        "The investments are more than the box 3 assets they are part of."
    ),
    "give either start_age or start_date": N_(
        "Fill in either the starting age or the starting date."
    ),
    "give either end_age or end_date, not both": N_(
        "Fill in either the ending age or the ending date, not both."
    ),
    "a start_date or end_date needs birth_date to become an age": N_(
        "A starting or ending date needs the date of birth, to turn it into an age."
    ),
    "more than one partner without ontbindingHuwelijkPartnerschap": N_(
        "More than one partner whose marriage or partnership has not ended."
    ),
    "end_date lies before start_date": N_("The last day lies before the first day."),
}
"""The core forms' own checks (their English messages) in words for the window."""


def lookup(lang: str, table: dict[str, tuple[str, str]], *keys: str) -> str | None:
    """The text of the first of ``keys`` in ``table``, in ``lang``; None when none is there."""
    for key in keys:
        if key in table:
            context, english = table[key]
            return pgettext(lang, context, english)
    return None
