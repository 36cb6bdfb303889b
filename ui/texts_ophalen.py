"""The words of the "Gegevens ophalen" page: each key and its English, marked for the catalog.

Kept apart from the big table (``ui.texts``, which adds them) so the page's texts are in one
place. The steps say only what the sources' own portals offer (see the formats reference): which
button, which file.
"""

from __future__ import annotations

from pensioenchecker.i18n import NC_

OPHALEN: list[tuple[str, str]] = [
    NC_("page.ophalen", "Fetch data"),
    NC_("ophalen.title", "Fetch your data"),
    NC_(
        "ophalen.intro",
        "Fetch your data from the sources below. You log in yourself with DigiD; Pensioenchecker "
        "never goes online to these sites and sends nothing. Download the file into your "
        "Downloads folder: while this page is open, a new file is read at once.",
    ),
    NC_("ophalen.folder", "Downloads folder: {folder}"),
    NC_("ophalen.folder.missing", "Downloads folder: {folder} (does not exist; choose another)"),
    NC_("ophalen.folder.watching", "Pensioenchecker watches this folder for new files."),
    NC_("ophalen.folder.choose", "&Choose folder…"),
    NC_("ophalen.folder.dialog", "Choose the folder your browser saves downloads in"),
    NC_("ophalen.needed", "needed"),
    NC_("ophalen.optional", "optional"),
    NC_("ophalen.gives", "Gives: {what}"),
    NC_("ophalen.address", "Address: {url}"),
    NC_("ophalen.status.none", "Not fetched yet"),
    NC_("ophalen.status.read", "✓ Read on {read}, as of {reference}"),
    NC_("ophalen.status.read.undated", "✓ Read on {read}"),
    NC_("ophalen.status.stale", "⚠ More than two months old (as of {reference}): refresh"),
    NC_("ophalen.open", "&Open website"),
    NC_("ophalen.open.name", "Open the website of {source}"),
    NC_("ophalen.refresh", "&Refresh"),
    NC_("ophalen.refresh.name", "Refresh the data of {source}: open the website"),
    NC_("ophalen.form", "Fill in &form"),
    NC_("ophalen.form.name", "Fill in the form for {source}"),
    NC_("ophalen.purge", "&Delete"),
    NC_("ophalen.purge.name", "Delete the data of {source}"),
    NC_("ophalen.purge.ask", "Delete all data of {source} from this household?"),
    NC_("ophalen.purged", "Deleted: the data of {source}."),
    NC_("ophalen.log", "What happened"),
    NC_("ophalen.log.name", "What happened to new files"),
    NC_("ophalen.log.read", "{file} read ({source}): {lines} lines{reference}."),
    NC_("ophalen.log.reference", ", as of {date}"),
    NC_("ophalen.log.unknown", "{file} skipped: not a file Pensioenchecker can read."),
    NC_("ophalen.log.seen", "{file} skipped: this file has been read already."),
    NC_(
        "ophalen.log.kept",
        "{file} not read: the kept household has no files to add it to. Choose File, Open… with "
        "all your files.",
    ),
    NC_("ophalen.log.problem", "{file} not read: {problem}"),
    NC_("ophalen.log.no_source", "{file} read."),
    NC_("ophalen.source.mpo", "Mijnpensioenoverzicht"),
    NC_("ophalen.source.belastingdienst", "Belastingdienst (tax office)"),
    NC_("ophalen.source.uwv", "UWV"),
    NC_("ophalen.source.duo", "DUO"),
    NC_("ophalen.source.mijnoverheid", "MijnOverheid"),
    NC_("ophalen.source.bank", "Your bank"),
    NC_(
        "ophalen.gives.mpo",
        "your AOW and all your pensions, per provider, with start age and gross amount per year: "
        "the basis of the calculation.",
    ),
    NC_(
        "ophalen.gives.belastingdienst",
        "income and withheld wage tax per employer or benefit agency, and your box 3 assets.",
    ),
    NC_("ophalen.gives.uwv", "your work history: employers, periods, hours and SV wage."),
    NC_("ophalen.gives.duo", "your study debt, interest and monthly payment."),
    NC_(
        "ophalen.gives.mijnoverheid",
        "your household (partner, birth dates) from the BRP, and your home: WOZ value and "
        "Kadaster details.",
    ),
    NC_("ophalen.gives.bank", "your net income and spending today, to compare with later."),
    NC_(
        "ophalen.steps.mpo",
        "Log in with DigiD. Choose the option to download your overview and save it as an XML "
        "file (pensioenaanspraken.xml); JSON works too. Pensioenchecker cannot read the PDF.",
    ),
    NC_(
        "ophalen.steps.belastingdienst",
        "Log in to Mijn Belastingdienst with DigiD and view your pre-filled return or your "
        "assessment. There is no download: copy the income and withheld wage tax per employer or "
        "benefit agency into the form.",
    ),
    NC_(
        "ophalen.steps.uwv",
        "Log in to mijn.uwv.nl with DigiD, choose Verzekeringsbericht and download the PDF. Keep "
        "the original PDF; a scan or photo cannot be read.",
    ),
    NC_(
        "ophalen.steps.duo",
        "Log in to Mijn DUO with DigiD. There is no download: copy Saldo schuld, the date "
        "interest is calculated to and your monthly payment into the form.",
    ),
    NC_(
        "ophalen.steps.mijnoverheid",
        "Log in to MijnOverheid with DigiD; Persoonlijke gegevens shows your BRP record. The WOZ "
        "value is on wozwaardeloket.nl without logging in. There is no file: fill in the BRP, "
        "WOZ or Kadaster form.",
    ),
    NC_(
        "ophalen.steps.bank",
        "Log in to your online banking and choose to download your transactions (Af- en "
        "bijschrijvingen downloaden). Choose CAMT.053, MT940 or CSV (ING, Rabobank); ABN AMRO "
        "also offers TXT.",
    ),
    NC_(
        "overview.banner.stale",
        "No longer current (more than two months old): {sources}. Fetch them again on the Fetch "
        "data page.",
    ),
    NC_("overview.banner.stale.source", "{source} (as of {date})"),
]
