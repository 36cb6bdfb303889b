"""The words of the "Gegevens ophalen" page, in Dutch and English (merged into ``ui.i18n``).

Kept apart from the big table so the page's texts are in one place; ``ui.i18n`` adds them to
``TEXTS`` and the usual test checks both languages have the same keys and placeholders. The steps
say only what the sources' own portals offer (see the formats reference): which button, which file.
"""

from __future__ import annotations

OPHALEN_TEXTS: dict[str, dict[str, str]] = {
    "nl": {
        "page.ophalen": "Gegevens ophalen",
        "ophalen.title": "Gegevens ophalen",
        "ophalen.intro": "Haal uw gegevens op bij de bronnen hieronder. U logt zelf in met DigiD; "
        "Pensioenchecker gaat nooit online naar deze sites en verstuurt niets. Download het "
        "bestand naar uw map Downloads: zolang deze pagina open is, wordt een nieuw bestand "
        "meteen gelezen.",
        "ophalen.folder": "Map Downloads: {folder}",
        "ophalen.folder.missing": "Map Downloads: {folder} (bestaat niet; kies een andere map)",
        "ophalen.folder.watching": "Pensioenchecker let op nieuwe bestanden in deze map.",
        "ophalen.folder.choose": "&Map kiezen…",
        "ophalen.folder.dialog": "Kies de map waarin uw browser downloads bewaart",
        "ophalen.needed": "nodig",
        "ophalen.optional": "optioneel",
        "ophalen.gives": "Levert: {what}",
        "ophalen.address": "Adres: {url}",
        "ophalen.status.none": "Nog niet opgehaald",
        "ophalen.status.read": "✓ Gelezen op {read}, stand {reference}",
        "ophalen.status.read.undated": "✓ Gelezen op {read}",
        "ophalen.status.stale": "⚠ Ouder dan twee maanden (stand {reference}): vernieuwen",
        "ophalen.open": "Website &openen",
        "ophalen.open.name": "Website van {source} openen",
        "ophalen.refresh": "&Vernieuwen",
        "ophalen.refresh.name": "Gegevens van {source} vernieuwen: website openen",
        "ophalen.form": "&Formulier invullen",
        "ophalen.form.name": "Formulier voor {source} invullen",
        "ophalen.purge": "&Wissen",
        "ophalen.purge.name": "Gegevens van {source} wissen",
        "ophalen.purge.ask": "Alle gegevens van {source} uit dit huishouden wissen?",
        "ophalen.purged": "Gewist: de gegevens van {source}.",
        "ophalen.log": "Wat er gebeurde",
        "ophalen.log.name": "Wat er gebeurde met nieuwe bestanden",
        "ophalen.log.read": "{file} gelezen ({source}): {lines} regels{reference}.",
        "ophalen.log.reference": ", stand {date}",
        "ophalen.log.unknown": "{file} overgeslagen: geen bestand dat Pensioenchecker kan lezen.",
        "ophalen.log.seen": "{file} overgeslagen: dit bestand is al gelezen.",
        "ophalen.log.kept": "{file} niet gelezen: het bewaarde huishouden heeft geen bestanden om "
        "het mee samen te voegen. Kies Bestand, Openen… met al uw bestanden.",
        "ophalen.log.problem": "{file} niet gelezen: {problem}",
        "ophalen.log.no_source": "{file} gelezen.",
        "ophalen.source.mpo": "Mijnpensioenoverzicht",
        "ophalen.source.belastingdienst": "Belastingdienst",
        "ophalen.source.uwv": "UWV",
        "ophalen.source.duo": "DUO",
        "ophalen.source.mijnoverheid": "MijnOverheid",
        "ophalen.source.bank": "Uw bank",
        "ophalen.gives.mpo": "uw AOW en al uw pensioenen, per uitvoerder, met ingangsleeftijd "
        "en bruto bedrag per jaar: de basis van de berekening.",
        "ophalen.gives.belastingdienst": "inkomen en ingehouden loonheffing per werkgever of "
        "uitkeringsinstantie, en uw vermogen in box 3.",
        "ophalen.gives.uwv": "uw arbeidsverleden: werkgevers, perioden, uren en SV-loon.",
        "ophalen.gives.duo": "uw studieschuld, rente en maandbedrag.",
        "ophalen.gives.mijnoverheid": "uw huishouden (partner, geboortedata) uit de BRP, en "
        "uw woning: WOZ-waarde en gegevens van het Kadaster.",
        "ophalen.gives.bank": "uw netto inkomen en uitgaven nu, om met later te vergelijken.",
        "ophalen.steps.mpo": "Log in met DigiD. Kies de optie om uw overzicht te downloaden en "
        "sla het op als XML-bestand (pensioenaanspraken.xml); JSON kan ook. De PDF kan "
        "Pensioenchecker niet lezen.",
        "ophalen.steps.belastingdienst": "Log in bij Mijn Belastingdienst met DigiD en bekijk "
        "uw vooraf ingevulde aangifte of uw aanslag. Een downloadbestand is er niet: neem per "
        "werkgever of uitkeringsinstantie het inkomen en de ingehouden loonheffing over in "
        "het formulier.",
        "ophalen.steps.uwv": "Log in op mijn.uwv.nl met DigiD, kies Verzekeringsbericht en "
        "download de PDF. Bewaar de originele PDF; een scan of foto kan niet gelezen worden.",
        "ophalen.steps.duo": "Log in bij Mijn DUO met DigiD. Er is geen downloadbestand: neem "
        "Saldo schuld, de datum waarop de rente is berekend en uw maandbedrag over in het "
        "formulier.",
        "ophalen.steps.mijnoverheid": "Log in bij MijnOverheid met DigiD; onder Persoonlijke "
        "gegevens staan uw gegevens uit de BRP. De WOZ-waarde staat zonder inloggen op "
        "wozwaardeloket.nl. Een bestand is er niet: vul het formulier BRP, WOZ of Kadaster in.",
        "ophalen.steps.bank": "Log in bij uw internetbankieren en kies Af- en bijschrijvingen "
        "downloaden. Kies CAMT.053, MT940 of CSV (ING, Rabobank); bij ABN AMRO kan ook TXT.",
        "overview.banner.stale": "Niet meer actueel (ouder dan twee maanden): {sources}. Haal "
        "ze opnieuw op via de pagina Gegevens ophalen.",
        "overview.banner.stale.source": "{source} (stand {date})",
    },
    "en": {
        "page.ophalen": "Fetch data",
        "ophalen.title": "Fetch your data",
        "ophalen.intro": "Fetch your data from the sources below. You log in yourself with DigiD; "
        "Pensioenchecker never goes online to these sites and sends nothing. Download the file "
        "into your Downloads folder: while this page is open, a new file is read at once.",
        "ophalen.folder": "Downloads folder: {folder}",
        "ophalen.folder.missing": "Downloads folder: {folder} (does not exist; choose another)",
        "ophalen.folder.watching": "Pensioenchecker watches this folder for new files.",
        "ophalen.folder.choose": "&Choose folder…",
        "ophalen.folder.dialog": "Choose the folder your browser saves downloads in",
        "ophalen.needed": "needed",
        "ophalen.optional": "optional",
        "ophalen.gives": "Gives: {what}",
        "ophalen.address": "Address: {url}",
        "ophalen.status.none": "Not fetched yet",
        "ophalen.status.read": "✓ Read on {read}, as of {reference}",
        "ophalen.status.read.undated": "✓ Read on {read}",
        "ophalen.status.stale": "⚠ More than two months old (as of {reference}): refresh",
        "ophalen.open": "&Open website",
        "ophalen.open.name": "Open the website of {source}",
        "ophalen.refresh": "&Refresh",
        "ophalen.refresh.name": "Refresh the data of {source}: open the website",
        "ophalen.form": "Fill in &form",
        "ophalen.form.name": "Fill in the form for {source}",
        "ophalen.purge": "&Delete",
        "ophalen.purge.name": "Delete the data of {source}",
        "ophalen.purge.ask": "Delete all data of {source} from this household?",
        "ophalen.purged": "Deleted: the data of {source}.",
        "ophalen.log": "What happened",
        "ophalen.log.name": "What happened to new files",
        "ophalen.log.read": "{file} read ({source}): {lines} lines{reference}.",
        "ophalen.log.reference": ", as of {date}",
        "ophalen.log.unknown": "{file} skipped: not a file Pensioenchecker can read.",
        "ophalen.log.seen": "{file} skipped: this file has been read already.",
        "ophalen.log.kept": "{file} not read: the kept household has no files to add it to. "
        "Choose File, Open… with all your files.",
        "ophalen.log.problem": "{file} not read: {problem}",
        "ophalen.log.no_source": "{file} read.",
        "ophalen.source.mpo": "Mijnpensioenoverzicht",
        "ophalen.source.belastingdienst": "Belastingdienst (tax office)",
        "ophalen.source.uwv": "UWV",
        "ophalen.source.duo": "DUO",
        "ophalen.source.mijnoverheid": "MijnOverheid",
        "ophalen.source.bank": "Your bank",
        "ophalen.gives.mpo": "your AOW and all your pensions, per provider, with start age and "
        "gross amount per year: the basis of the calculation.",
        "ophalen.gives.belastingdienst": "income and withheld wage tax per employer or benefit "
        "agency, and your box 3 assets.",
        "ophalen.gives.uwv": "your work history: employers, periods, hours and SV wage.",
        "ophalen.gives.duo": "your study debt, interest and monthly payment.",
        "ophalen.gives.mijnoverheid": "your household (partner, birth dates) from the BRP, and "
        "your home: WOZ value and Kadaster details.",
        "ophalen.gives.bank": "your net income and spending today, to compare with later.",
        "ophalen.steps.mpo": "Log in with DigiD. Choose the option to download your overview and "
        "save it as an XML file (pensioenaanspraken.xml); JSON works too. Pensioenchecker "
        "cannot read the PDF.",
        "ophalen.steps.belastingdienst": "Log in to Mijn Belastingdienst with DigiD and view your "
        "pre-filled return or your assessment. There is no download: copy the income and "
        "withheld wage tax per employer or benefit agency into the form.",
        "ophalen.steps.uwv": "Log in to mijn.uwv.nl with DigiD, choose Verzekeringsbericht and "
        "download the PDF. Keep the original PDF; a scan or photo cannot be read.",
        "ophalen.steps.duo": "Log in to Mijn DUO with DigiD. There is no download: copy Saldo "
        "schuld, the date interest is calculated to and your monthly payment into the form.",
        "ophalen.steps.mijnoverheid": "Log in to MijnOverheid with DigiD; Persoonlijke gegevens "
        "shows your BRP record. The WOZ value is on wozwaardeloket.nl without logging in. There "
        "is no file: fill in the BRP, WOZ or Kadaster form.",
        "ophalen.steps.bank": "Log in to your online banking and choose to download your "
        "transactions (Af- en bijschrijvingen downloaden). Choose CAMT.053, MT940 or CSV (ING, "
        "Rabobank); ABN AMRO also offers TXT.",
        "overview.banner.stale": "No longer current (more than two months old): {sources}. "
        "Fetch them again on the Fetch data page.",
        "overview.banner.stale.source": "{source} (as of {date})",
    },
}
