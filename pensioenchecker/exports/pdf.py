"""The adviser's PDF report (fpdf2): headline, chart, phases, what-if, explanation, sources.

The chart is drawn with fpdf2's own rectangles and lines (the core never loads a plotting
library). The € sign needs a TTF font: DejaVu Sans from matplotlib's data folder is used when
it is installed, found without importing matplotlib; otherwise a core font writes "EUR".

One job at about 630 lines: laying out the report's pages; its parts share one page geometry and
one set of fonts and styles.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from fpdf import FPDF

from pensioenchecker.dates import years_between
from pensioenchecker.exports.report import (
    ExportInput,
    headline_index,
    household_label,
    is_synthetic,
)
from pensioenchecker.i18n import gettext
from pensioenchecker.messages import Sentence, say
from pensioenchecker.money import format_euros
from pensioenchecker.projection.headline import work_lines
from pensioenchecker.projection.settlement import household_settlements
from pensioenchecker.projection.timeline import DisposableFigures, HouseholdProjection, Phase
from pensioenchecker.rules.names import parameter_name, source_name

PALETTE = (
    (31, 119, 180),
    (255, 127, 14),
    (44, 160, 44),
    (214, 39, 40),
    (148, 103, 189),
    (140, 86, 75),
    (227, 119, 194),
    (127, 127, 127),
)
NET_COLOUR = (20, 20, 20)
TAIL_YEARS = 5

TEXTS: dict[str, dict[str, str]] = {
    "nl": {
        "title": "Pensioenchecker: netto pensioeninkomen",
        "synthetic": "Voorbeeldhuishouden met verzonnen (synthetische) gegevens, "
        "geen echte personen.",
        "as_of": "Berekend vanaf {date}",
        "born": "geboren {birth}, AOW vanaf {aow} ({years} jaar en {months} maanden)",
        "headline": "Netto per maand vanaf {date}: {amount}",
        "headline_household": "Netto per maand voor het huishouden vanaf {date}, als u beiden "
        "AOW hebt: {amount}",
        "headline_note": "Vanaf de AOW-datum; de periodes daarvoor staan in de tabel Fasen.",
        "headline_note_household": "Zodra u beiden AOW hebt en er geen loon meer is; de "
        "periodes daarvoor (soms met loon) staan in de tabel Fasen.",
        "headline_wage": "Hierin zit nog het loon van {names}.",
        "settlement": "Verrekening na de aangifte, per jaar: {parts}. Belasting en Zvw over het "
        "jaar min alles wat wordt ingehouden, ook op het AOW-vakantiegeld in mei (tarief "
        "bijzondere beloningen, {status}).",
        "settlement_refund": "{name} krijgt {amount} terug",
        "settlement_pay": "{name} betaalt {amount} bij",
        "settlement_none": "{name} niets",
        "status_final": "definitief",
        "status_derived": "afgeleid",
        "status_none": "geen AOW-vakantiegeld",
        "disposable": "Besteedbaar per maand (met toeslagen): {amount}",
        "disposable_sum": "Een heel jaar tegen de bedragen van deze periode (regels van {year}): "
        "netto {net} - zorgkosten {health} + zorgtoeslag {zt} + huurtoeslag {ht} - belasting "
        "box 3 {box3} = {total}. De toeslagen hangen af van "
        "het inkomen over het hele jaar ({income}), niet van het netto inkomen; zorgkosten: "
        "{health_basis}. Zekerheid van de cijfers: {status}.",
        "disposable_unknown": "Besteedbaar per maand: niet bekend voor {year}. De bedragen voor "
        "zorgtoeslag, huurtoeslag of box 3 van dat jaar zijn nog niet vastgesteld; er wordt geen "
        "bedrag geschat.",
        "health_assumed": "gemiddelde premie plus het volle eigen risico (aanname)",
        "health_own": "zoals opgegeven",
        "disposable_column": "Besteedbaar p/m",
        "not_known": "niet bekend",
        "variant_disposable": "{year}: besteedbaar per maand {base} nu, {other} in de variant; "
        "zorgtoeslag {zt} minder, huurtoeslag {ht} minder (per jaar).",
        "chart": "Bruto per maand naar leeftijd van {name}, per bron, met netto per maand",
        "net_line": "netto per maand",
        "age": "leeftijd {name}",
        "phases": "Fasen",
        "from": "Van",
        "until": "Tot en met",
        "gross": "Bruto p/m",
        "net": "Netto p/m",
        "paid": "Uitbetaald p/m",
        "onwards": "verder",
        "phases_note": "Netto p/m: belasting en Zvw van het jaar gedeeld door 12, zoals "
        "Mijnpensioenoverzicht rekent. Uitbetaald p/m: wat de uitkeerders in een gewone maand "
        "overmaken na inhouding.",
        "whatif": "Wat als: {label}",
        "whatif_nolabel": "Wat als",
        "baseline": "Netto nu",
        "variant": "Netto variant",
        "difference": "Verschil",
        "changes": "Wat is veranderd",
        "explain": "Zo is het hoofdbedrag berekend ({name})",
        "parameters": "parameter",
        "sources": "Bronnen",
        "rule_sources": "Bronnen van de regels",
        "documents": "Ingelezen bestanden",
        "reference": "peildatum {dates}",
        "imported": "ingelezen {date}",
        "no_documents": "Geen ingelezen bestanden vermeld.",
        "assumptions": "Aannames",
        "disclaimer_title": "Let op",
        "disclaimer": "Dit is een schatting, geen advies. De bedragen komen uit de bestanden die "
        "u zelf hebt aangeleverd en zijn berekend met de regels van 2024 tot en met 2026 "
        "(belasting, premies, heffingskortingen, AOW). Latere jaren zijn niet geïndexeerd. "
        "Controleer belangrijke beslissingen met uw pensioenuitvoerder of een adviseur.",
        "page": "Pagina {page}",
    },
    "en": {
        "title": "Pensioenchecker: net pension income",
        "synthetic": "Demo household with made-up (synthetic) data, not real people.",
        "as_of": "Projected from {date}",
        "born": "born {birth}, AOW from {aow} ({years} years and {months} months)",
        "headline": "Net per month from {date}: {amount}",
        "headline_household": "Net per month for the household from {date}, once you both "
        "receive the AOW: {amount}",
        "headline_note": "From the AOW date; the periods before it are in the Phases table.",
        "headline_note_household": "Once you both receive the AOW and no wage is left; the "
        "periods before it (some with a wage) are in the Phases table.",
        "headline_wage": "This still includes the wage of {names}.",
        "settlement": "Settlement after the tax return, per year: {parts}. Tax and Zvw of the "
        "year minus everything withheld, including on the AOW holiday allowance in May "
        "(special-rewards rate, {status}).",
        "settlement_refund": "{name} gets {amount} back",
        "settlement_pay": "{name} pays {amount}",
        "settlement_none": "{name} nothing",
        "status_final": "final",
        "status_derived": "derived",
        "status_none": "no AOW holiday allowance",
        "disposable": "Disposable per month (with toeslagen): {amount}",
        "disposable_sum": "A whole year at this period's amounts ({year} rules): net {net} - "
        "health costs {health} + zorgtoeslag {zt} + huurtoeslag {ht} - box 3 tax {box3} = "
        "{total}. The toeslagen depend on the "
        "whole year's income ({income}), not on net income; health costs: {health_basis}. "
        "Certainty of the figures: {status}.",
        "disposable_unknown": "Disposable per month: not known for {year}. The zorgtoeslag, "
        "huurtoeslag or box 3 figures of that year have not been set yet; no amount is guessed.",
        "health_assumed": "the average premium plus the full eigen risico (an assumption)",
        "health_own": "as entered",
        "disposable_column": "Disposable/month",
        "not_known": "not known",
        "variant_disposable": "{year}: disposable per month {base} now, {other} in the variant; "
        "zorgtoeslag {zt} less, huurtoeslag {ht} less (per year).",
        "chart": "Gross per month by age of {name}, per source, with net per month",
        "net_line": "net per month",
        "age": "age {name}",
        "phases": "Phases",
        "from": "From",
        "until": "Until",
        "gross": "Gross/month",
        "net": "Net/month",
        "paid": "Paid/month",
        "onwards": "onwards",
        "phases_note": "Net/month: the year's tax and Zvw divided by 12, as Mijnpensioenoverzicht "
        "shows it. Paid/month: what the payers transfer in a regular month after withholding.",
        "whatif": "What if: {label}",
        "whatif_nolabel": "What if",
        "baseline": "Net now",
        "variant": "Net variant",
        "difference": "Difference",
        "changes": "What changed",
        "explain": "How the headline was computed ({name})",
        "parameters": "parameter",
        "sources": "Sources",
        "rule_sources": "Sources of the rules",
        "documents": "Imported files",
        "reference": "reference date {dates}",
        "imported": "imported {date}",
        "no_documents": "No imported files listed.",
        "assumptions": "Assumptions",
        "disclaimer_title": "Please note",
        "disclaimer": "This is an estimate, not advice. The amounts come from the files you "
        "supplied and are computed with the rules of 2024 to 2026 (tax, premiums, credits, "
        "AOW). Later years are not indexed. Check important decisions with your pension "
        "provider or an adviser.",
        "page": "Page {page}",
    },
}

KIND_NAMES = {
    "nl": {
        "aow": "AOW",
        "old_age": "pensioen",
        "partner": "partnerpensioen",
        "wage": "loon",
        "benefit": "uitkering",
        "other": "overig",
    },
    "en": {
        "aow": "AOW",
        "old_age": "pension",
        "partner": "partner pension",
        "wage": "wage",
        "benefit": "benefit",
        "other": "other",
    },
}


def find_font(name: str = "DejaVuSans.ttf") -> Path | None:
    """The TTF in matplotlib's data folder, located without importing matplotlib."""
    try:
        spec = importlib.util.find_spec("matplotlib")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        path = Path(folder) / "mpl-data" / "fonts" / "ttf" / name
        if path.is_file():
            return path
    return None


class _Report(FPDF):
    """An A4 page with a footer; text goes through ``clean`` for the core-font fallback."""

    def __init__(
        self, texts: dict[str, str], font_dir: Path | None, cite: Callable[[str], str]
    ) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.texts = texts
        self.cite = cite
        self.lang = "nl"
        self.unicode = font_dir is not None
        if font_dir is not None:
            self.add_font("DejaVu", "", str(font_dir / "DejaVuSans.ttf"))
            bold = font_dir / "DejaVuSans-Bold.ttf"
            self.add_font(
                "DejaVu", "B", str(bold if bold.is_file() else font_dir / "DejaVuSans.ttf")
            )
            self.face = "DejaVu"
        else:
            self.face = "helvetica"
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(18, 16, 18)
        self.set_title(texts["title"])
        self.set_creator("Pensioenchecker")

    def clean(self, text: str) -> str:
        """Text the font can show (core fonts: Latin-1, "EUR" for the euro sign)."""
        if self.unicode:
            return text
        text = text.replace("€", "EUR").replace("–", "-").replace("—", "-")
        return text.encode("latin-1", "replace").decode("latin-1")

    def use_font(self, size: float, bold: bool = False) -> None:
        """Set the report's font."""
        self.set_font(self.face, "B" if bold else "", size)

    def footer(self) -> None:
        """Page number."""
        self.set_y(-12)
        self.use_font(8)
        self.set_text_color(110, 110, 110)
        self.cell(0, 5, self.clean(self.texts["page"].format(page=self.page_no())), align="C")
        self.set_text_color(0, 0, 0)

    def heading(self, text: str, size: float = 13) -> None:
        """A section heading with a little space above."""
        if self.get_y() > self.h - 40:
            self.add_page()
        self.ln(3)
        self.use_font(size, bold=True)
        self.multi_cell(0, size * 0.5, self.clean(text), align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def para(self, text: str, size: float = 9.5, height: float = 4.6) -> None:
        """A wrapped paragraph."""
        self.use_font(size)
        self.multi_cell(0, height, self.clean(text), align="L", new_x="LMARGIN", new_y="NEXT")

    def grid(
        self, header: list[str], rows: list[list[str]], widths: Sequence[float], right_from: int = 2
    ) -> None:
        """A simple table; columns from ``right_from`` on are right-aligned amounts."""
        self.use_font(9, bold=True)
        self.set_fill_color(230, 236, 244)
        for i, (text, width) in enumerate(zip(header, widths, strict=True)):
            self.cell(
                width,
                6,
                self.clean(text),
                border="B",
                fill=True,
                align="R" if i >= right_from else "L",
            )
        self.ln(6)
        self.use_font(9)
        for n, row in enumerate(rows):
            if self.get_y() > self.h - 24:
                self.add_page()
            self.set_fill_color(246, 248, 251)
            for i, (text, width) in enumerate(zip(row, widths, strict=True)):
                self.cell(
                    width,
                    5.5,
                    self.clean(text),
                    fill=n % 2 == 1,
                    align="R" if i >= right_from else "L",
                )
            self.ln(5.5)


def _wrapped_grid(
    pdf: _Report, header: list[str], rows: list[list[str]], widths: Sequence[float]
) -> None:
    """A table whose cells wrap (long source names); the second column holds amounts."""
    pdf.use_font(8.5)
    with pdf.table(
        col_widths=tuple(widths),
        text_align=("LEFT", "RIGHT", "LEFT"),
        line_height=4.2,
        first_row_as_headings=True,
        width=sum(widths),
    ) as table:
        for row in [header, *rows]:
            cells = table.row()
            for text in row:
                cells.cell(pdf.clean(text))


def _date(day: dt.date | None, texts: dict[str, str]) -> str:
    return day.strftime("%d-%m-%Y") if day else texts["onwards"]


def _money(cents: int) -> str:
    return format_euros(int(cents))


def _settlement_text(projection: HouseholdProjection, phase: Phase, texts: dict[str, str]) -> str:
    """Each person's year-end settlement in the headline's phase (projection.settlement)."""
    names = {p.id: p.label for p in projection.persons}
    settlements = household_settlements(phase)
    parts = []
    for one in settlements:
        value = one.settlement_annual
        key = "settlement_refund" if value > 0 else "settlement_pay" if value < 0 else ""
        parts.append(
            texts[key or "settlement_none"].format(
                name=names.get(one.person_id, one.person_id), amount=_money(abs(value))
            )
        )
    statuses = sorted({s.holiday_rate_status for s in settlements if s.holiday_rate_status})
    status = ", ".join(texts[f"status_{s}"] for s in statuses) or texts["status_none"]
    return texts["settlement"].format(parts="; ".join(parts), status=status)


def _optional_money(cents: int | None, texts: dict[str, str]) -> str:
    """An amount, or "not known" where the figure was not found (never an invented one)."""
    return texts["not_known"] if cents is None else _money(cents)


STATUS_WORDS = {
    "nl": {
        "final": "definitief",
        "derived": "afgeleid",
        "bp": "voorstel",
        "provisional": "voorlopig",
        "empirical": "empirisch (geeft de rekenvoorbeelden van de overheid precies)",
        "estimate": "schatting",
        "not_found": "niet gevonden",
    },
    "en": {
        "final": "final",
        "derived": "derived",
        "bp": "proposal",
        "provisional": "provisional",
        "empirical": "empirical (reproduces the government's worked examples exactly)",
        "estimate": "estimate",
        "not_found": "not found",
    },
}


def _disposable(
    pdf: _Report, figures: DisposableFigures | None, texts: dict[str, str], lang: str
) -> None:
    """Besteedbaar per maand under the headline, with its sum; "not known" without a figure."""
    if figures is None:
        return
    pdf.ln(1)
    if figures.disposable_monthly is None:
        pdf.para(texts["disposable_unknown"].format(year=figures.year), size=9.5)
        return
    pdf.use_font(12, bold=True)
    pdf.multi_cell(
        0,
        7,
        pdf.clean(texts["disposable"].format(amount=_money(figures.disposable_monthly))),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.para(
        texts["disposable_sum"].format(
            year=figures.year,
            net=_money(figures.net_annual),
            health=_money(figures.health_costs or 0),
            zt=_money(figures.zorgtoeslag or 0),
            ht=_money(figures.huurtoeslag or 0),
            box3=_money(figures.box3_tax or 0),
            total=_money(figures.disposable_annual or 0),
            income=_money(figures.toetsingsinkomen),
            health_basis=texts["health_assumed" if figures.health_assumed else "health_own"],
            status=STATUS_WORDS[lang].get(figures.status, figures.status),
        ),
        size=8.5,
        height=4.1,
    )


def _variant_disposable(
    pdf: _Report, baseline: HouseholdProjection, variant: HouseholdProjection, texts: dict[str, str]
) -> None:
    """Per year with known figures: disposable now and in the variant, the toeslagen lost."""
    for year, base in sorted(baseline.year_disposable.items()):
        other = variant.year_disposable.get(year)
        if other is None or base.disposable_monthly is None or other.disposable_monthly is None:
            continue
        pdf.para(
            texts["variant_disposable"].format(
                year=year,
                base=_money(base.disposable_monthly),
                other=_money(other.disposable_monthly),
                zt=_money((base.zorgtoeslag or 0) - (other.zorgtoeslag or 0)),
                ht=_money((base.huurtoeslag or 0) - (other.huurtoeslag or 0)),
            ),
            size=8.5,
            height=4.1,
        )


def _nice_step(top: float) -> float:
    """A round tick step giving about five ticks up to ``top`` (in euros)."""
    raw = max(top, 1.0) / 5
    magnitude = 10 ** (len(str(int(raw))) - 1)
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return float(factor * magnitude)
    return float(10 * magnitude)


def _sources(phases: list[Phase], lang: str) -> list[tuple[str, str]]:
    """Chart series: one per payment line (person, kind, payer), in order of first appearance."""
    seen: dict[str, str] = {}
    names = KIND_NAMES[lang]
    for phase in phases:
        for line in phase.lines:
            if line.stream_id not in seen:
                seen[line.stream_id] = f"{names.get(line.kind, line.kind)} {line.payer}"
    return list(seen.items())


def _chart(pdf: _Report, projection: HouseholdProjection, lang: str) -> None:
    """Stacked gross per month per source over the headline person's age, with the net line."""
    texts = pdf.texts
    person = min(projection.persons, key=lambda p: p.aow_date)
    name = person.label
    birth = person.birth_date
    phases = projection.phases
    series = _sources(phases, lang)
    people = {p.id: p.label for p in projection.persons}
    owner = {line.stream_id: people[line.person_id] for ph in phases for line in ph.lines}
    x0_age = years_between(birth, phases[0].start)
    last_start = years_between(birth, phases[-1].start)
    x1_age = max(last_start + TAIL_YEARS, x0_age + 1)
    spans = []
    for phase in phases:
        end = phase.end + dt.timedelta(days=1) if phase.end else None
        spans.append(
            (
                years_between(birth, phase.start),
                years_between(birth, end) if end else x1_age,
                phase,
            )
        )
    top = max(
        max(sum(x.gross_monthly + x.holiday_accrual_monthly for x in ph.lines), ph.net_monthly)
        for ph in phases
    )
    step = _nice_step(top / 100)
    y_max = step * (int(top / 100 / step) + 1)

    pdf.heading(texts["chart"].format(name=name), size=11)
    left, width, height = pdf.l_margin + 20, pdf.epw - 22, 70
    if pdf.get_y() + height + 40 > pdf.h - 18:
        pdf.add_page()
    top_y = pdf.get_y() + 2
    bottom = top_y + height

    def x_of(age: float) -> float:
        return left + (age - x0_age) / (x1_age - x0_age) * width

    def y_of(euros: float) -> float:
        return bottom - euros / y_max * height

    pdf.set_draw_color(220, 220, 220)
    pdf.set_line_width(0.2)
    pdf.use_font(7.5)
    value = 0.0
    while value <= y_max + 0.5:
        y = y_of(value)
        pdf.line(left, y, left + width, y)
        label = pdf.clean(format_euros(int(value * 100), decimals=False))
        pdf.set_xy(pdf.l_margin, y - 2)
        pdf.cell(19, 4, label, align="R")
        value += step
    colours = {sid: PALETTE[i % len(PALETTE)] for i, (sid, _) in enumerate(series)}
    for a, b, phase in spans:
        base = 0.0
        for line in phase.lines:
            euros = (line.gross_monthly + line.holiday_accrual_monthly) / 100
            if euros <= 0:
                continue
            pdf.set_fill_color(*colours[line.stream_id])
            pdf.rect(
                x_of(a),
                y_of(base + euros),
                max(x_of(b) - x_of(a), 0.15),
                y_of(base) - y_of(base + euros),
                style="F",
            )
            base += euros
    pdf.set_draw_color(*NET_COLOUR)
    pdf.set_line_width(0.6)
    previous: tuple[float, float] | None = None
    for a, b, phase in spans:
        y = y_of(phase.net_monthly / 100)
        if previous is not None:
            pdf.line(previous[0], previous[1], x_of(a), y)
        pdf.line(x_of(a), y, x_of(b), y)
        previous = (x_of(b), y)
    pdf.set_line_width(0.3)
    pdf.set_draw_color(80, 80, 80)
    pdf.line(left, bottom, left + width, bottom)
    pdf.line(left, top_y, left, bottom)
    first_tick = int(x0_age) + 1
    for age in range(first_tick, int(x1_age) + 1):
        x = x_of(age)
        pdf.line(x, bottom, x, bottom + 1.2)
        pdf.set_xy(x - 5, bottom + 1.2)
        pdf.cell(10, 3.5, str(age), align="C")
    pdf.set_xy(left, bottom + 5)
    pdf.cell(width, 4, pdf.clean(texts["age"].format(name=name)), align="C")
    pdf.set_y(bottom + 11)
    pdf.use_font(8)
    for sid, label in series:
        pdf.set_fill_color(*colours[sid])
        y = pdf.get_y()
        pdf.rect(pdf.l_margin, y + 1, 3.5, 3, style="F")
        pdf.set_x(pdf.l_margin + 5)
        pdf.cell(
            0, 5, pdf.clean(f"{label} ({owner[sid]})"), align="L", new_x="LMARGIN", new_y="NEXT"
        )
    y = pdf.get_y()
    pdf.set_draw_color(*NET_COLOUR)
    pdf.set_line_width(0.6)
    pdf.line(pdf.l_margin, y + 2.5, pdf.l_margin + 3.5, y + 2.5)
    pdf.set_line_width(0.2)
    pdf.set_x(pdf.l_margin + 5)
    pdf.cell(0, 5, pdf.clean(texts["net_line"]), align="L", new_x="LMARGIN", new_y="NEXT")


def _value_text(value: Any) -> str:
    if isinstance(value, dict) and "brackets" in value:
        parts = [
            f"{'tot ' + format(b['upto'], ',').replace(',', '.') if b['upto'] else 'daarboven'}: "
            f"{b['rate']}"
            for b in value["brackets"]
        ]
        return "; ".join(parts)
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 160 else text[:157] + "..."


def _figure(key: str, value: Any, unit: str) -> str:
    """An output of a rule: cents or whole euros as money, anything else as it is."""
    if isinstance(value, bool) or not isinstance(value, int):
        return str(value)
    if key.endswith("_euros") or unit == "euros":
        return format_euros(value * 100, decimals=False)
    if unit == "cents":
        return format_euros(value)
    return str(value)


def _reference_dates(data: ExportInput) -> dict[str, set[dt.date]]:
    dossier = data.dossier
    found: dict[str, set[dt.date]] = {}
    provenances = []
    for ent in dossier.entitlements:
        for value in (ent.annual_gross, ent.accrued, ent.aow_annual_single, ent.aow_annual_couple):
            if value is not None:
                provenances.append(value.provenance)
    provenances += [line.annual_gross.provenance for line in dossier.income_lines]
    provenances += [d.provenance for d in dossier.debts]
    provenances += [p.provenance for p in dossier.properties]
    for prov in provenances:
        key = prov.file or prov.source
        dates = found.setdefault(key, set())
        if prov.reference_date:
            dates.add(prov.reference_date)
    return found


def _sources_section(pdf: _Report, data: ExportInput) -> None:
    texts = pdf.texts
    pdf.heading(texts["sources"])
    references = _reference_dates(data)
    pdf.use_font(9)
    if not data.dossier.documents and not references:
        pdf.para(texts["no_documents"])
    listed: set[str] = set()
    for doc in data.dossier.documents:
        dates = sorted(references.get(doc.name, set()))
        parts = [f"{doc.name} ({doc.kind})"]
        if dates:
            parts.append(texts["reference"].format(dates=", ".join(_date(d, texts) for d in dates)))
        if doc.imported_at:
            parts.append(texts["imported"].format(date=_date(doc.imported_at.date(), texts)))
        parts.append(f"sha256 {doc.sha256[:12]}…" if pdf.unicode else f"sha256 {doc.sha256[:12]}")
        pdf.para("• " + ", ".join(parts) if pdf.unicode else "- " + ", ".join(parts))
        listed.add(doc.name)
    for name, found in sorted(references.items()):
        if name in listed:
            continue
        text = name
        if found:
            text += ", " + texts["reference"].format(
                dates=", ".join(_date(d, texts) for d in sorted(found))
            )
        pdf.para(("• " if pdf.unicode else "- ") + text)


_ROW_LABELS: dict[str, dict[str, str]] = {
    "nl": {
        "aow": "AOW (bruto, per jaar)",
        "pension": "Pensioen (bruto, per jaar)",
        "wage": "Loon (bruto, per jaar)",
        "gross": "Bruto inkomen",
        "taxable_income_euros": "Belastbaar inkomen (hele euro's, naar beneden afgerond)",
        "bracket": "Schijf {number}: {amount} × {rate}",
        "tax_before_credits_euros": "Belasting en premies vóór heffingskortingen",
        "algemene_heffingskorting_euros": "Algemene heffingskorting",
        "ouderenkorting_euros": "Ouderenkorting",
        "alleenstaande_ouderenkorting_euros": "Alleenstaandeouderenkorting",
        "arbeidskorting_euros": "Arbeidskorting",
        "income_tax_euros": "Belasting en premies na heffingskortingen",
        "zvw": "Inkomensafhankelijke bijdrage Zvw",
        "net_annual": "Netto per jaar",
        "net_monthly": "Netto per maand (jaarbedrag / 12)",
        "payer": "{payer}: bruto per maand",
        "your_files": "uw bestanden",
        "since": "geldt sinds {date}",
        "item": "Onderdeel",
        "amount": "Bedrag",
        "source": "Bron en datum",
        "calculated": "berekend",
        "intro": "{name} krijgt {gross} bruto per jaar. Daarover gaat {tax} aan belasting en "
        "premies (na {credits} heffingskortingen) en {zvw} Zvw-bijdrage af. Dat laat {net} "
        "netto per jaar over: {monthly} per maand.",
    },
    "en": {
        "aow": "AOW (gross, per year)",
        "pension": "Pension (gross, per year)",
        "wage": "Wage (gross, per year)",
        "gross": "Gross income",
        "taxable_income_euros": "Taxable income (whole euros, rounded down)",
        "bracket": "Bracket {number}: {amount} × {rate}",
        "tax_before_credits_euros": "Tax and premiums before tax credits",
        "algemene_heffingskorting_euros": "General tax credit",
        "ouderenkorting_euros": "Elderly credit (ouderenkorting)",
        "alleenstaande_ouderenkorting_euros": "Single elderly credit",
        "arbeidskorting_euros": "Work credit (arbeidskorting)",
        "income_tax_euros": "Tax and premiums after tax credits",
        "zvw": "Income-related Zvw contribution",
        "net_annual": "Net per year",
        "net_monthly": "Net per month (annual amount / 12)",
        "payer": "{payer}: gross per month",
        "your_files": "your files",
        "since": "valid from {date}",
        "item": "Item",
        "amount": "Amount",
        "source": "Source and date",
        "calculated": "calculated",
        "intro": "{name} receives {gross} gross a year. Of this, {tax} goes to tax and premiums "
        "(after {credits} of tax credits) and {zvw} to the Zvw contribution. That leaves {net} "
        "net a year: {monthly} a month.",
    },
}
_GROUP_TABLES = ("box1.below_aow", "box1.aow_born_1946_or_later", "box1.aow_born_before_1946")
_SHOWN_OUTPUTS = (
    "gross",
    "taxable_income_euros",
    "tax_before_credits_euros",
    "algemene_heffingskorting_euros",
    "ouderenkorting_euros",
    "alleenstaande_ouderenkorting_euros",
    "arbeidskorting_euros",
    "income_tax_euros",
    "zvw",
    "net_annual",
    "net_monthly",
)


def _rate_text(rate: Any, lang: str) -> str:
    """An exact rate as a percentage with all its digits (0.1785 is 17,85 %)."""
    text = f"{Decimal(str(rate)) * 100:.3f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") + " %" if lang == "nl" else text + "%"


def _line_source(data: ExportInput, stream_id: str, texts: dict[str, str]) -> str | None:
    """The file a payer's amount came from, with its reference date."""
    amounts = [
        value
        for ent in data.dossier.entitlements
        if ent.id == stream_id
        for value in (ent.annual_gross, ent.accrued, ent.aow_annual_single, ent.aow_annual_couple)
        if value is not None
    ]
    amounts += [line.annual_gross for line in data.dossier.income_lines if line.id == stream_id]
    for amount in amounts:
        prov = amount.provenance
        name = prov.file or prov.source
        if prov.reference_date:
            return f"{name}, {_date(prov.reference_date, texts)}"
        return name
    return None


def _cited(step: dict[str, Any], lang: str, texts: dict[str, str], only: str | None = None) -> str:
    """The parameters of a step by name, each with its sources in words and its date."""
    words = _ROW_LABELS[lang]
    parts = []
    for param in step["parameters"]:
        name = param["name"]
        if (only and name != only) or (name in _GROUP_TABLES and name != only):
            continue
        since = words["since"].format(date=_date(dt.date.fromisoformat(param["since"]), texts))
        parts.append(f"{parameter_name(name, lang)} ({', '.join(param['sources_named'])}; {since})")
    return "; ".join(parts) or words["calculated"]


def _bracket_rows(step: dict[str, Any], lang: str, texts: dict[str, str]) -> list[list[str]]:
    """Taxable income per bracket times its rate, as the rule adds them up."""
    group = step["inputs"].get("group")
    if not isinstance(group, int) or not 0 <= group < len(_GROUP_TABLES):
        return []
    used = _GROUP_TABLES[group]
    table = next((p["value"] for p in step["parameters"] if p["name"] == used), None)
    if not isinstance(table, dict) or "brackets" not in table:
        return []
    income = int(step["inputs"].get("taxable_income_euros", 0))
    source = _cited(step, lang, texts, only=used)
    rows, lower = [], 0
    for number, bracket in enumerate(table["brackets"], start=1):
        upper = income if bracket["upto"] is None else min(income, int(bracket["upto"]))
        amount = max(0, upper - lower)
        if amount:
            product = Decimal(amount) * Decimal(str(bracket["rate"]))
            label = _ROW_LABELS[lang]["bracket"].format(
                number=number,
                amount=format_euros(amount * 100, decimals=False),
                rate=_rate_text(bracket["rate"], lang),
            )
            rows.append([label, format_euros(int(product * 100)), source])
        if bracket["upto"] is None or income <= int(bracket["upto"]):
            break
        lower = int(bracket["upto"])
    return rows


def _explanation(
    pdf: _Report, projection: HouseholdProjection, index: int, data: ExportInput
) -> None:
    """Per person: a few sentences, then gross → taxable → tax per bracket → credits → net."""
    lang = pdf.lang
    words = _ROW_LABELS[lang]
    texts = pdf.texts
    sources = data.parameters.sources if data.parameters is not None else {}
    phase = projection.phases[index]
    for person in projection.persons:
        try:
            steps = projection.explain("phase", (index, person.id))
        except KeyError:
            continue
        for step in steps:
            for param in step["parameters"]:
                param["sources_named"] = [
                    source_name(sources[key].title, sources[key].href, key, lang)
                    if key in sources
                    else key
                    for key in param["sources"]
                ]
        outputs: dict[str, Any] = {}
        for step in steps:
            outputs.update(step["outputs"])
        pdf.heading(texts["explain"].format(name=person.label), size=11)
        credits = sum(
            int(v) for k, v in outputs.items() if k.endswith("korting_euros") and isinstance(v, int)
        )
        pdf.para(
            words["intro"].format(
                name=person.label,
                gross=format_euros(int(outputs.get("gross", 0))),
                tax=format_euros(int(outputs.get("income_tax_euros", 0)) * 100, decimals=False),
                credits=format_euros(credits * 100, decimals=False),
                zvw=format_euros(int(outputs.get("zvw", 0))),
                net=format_euros(int(outputs.get("net_annual", 0))),
                monthly=format_euros(int(outputs.get("net_monthly", 0))),
            )
        )
        rows: list[list[str]] = []
        for line in phase.lines:
            if line.person_id == person.id and line.gross_monthly:
                rows.append(
                    [
                        words["payer"].format(payer=line.payer),
                        format_euros(line.gross_monthly),
                        _line_source(data, line.stream_id, texts) or words["your_files"],
                    ]
                )
        for step in steps:
            if step["outputs"].get("gross") is not None and "aow" in step["inputs"]:
                for key in ("aow", "pension", "wage"):
                    if step["inputs"].get(key):
                        rows.append(
                            [
                                words[key],
                                format_euros(int(step["inputs"][key])),
                                words["your_files"],
                            ]
                        )
            brackets = []
            if "tax_before_credits_euros" in step["outputs"]:
                brackets = _bracket_rows(step, lang, texts)
                rows += brackets
            for key, value in step["outputs"].items():
                if key not in _SHOWN_OUTPUTS or not isinstance(value, int):
                    continue
                euros_only = key.endswith("_euros")
                amount = format_euros(value * 100 if euros_only else value, decimals=not euros_only)
                where = words["calculated"] if brackets else _cited(step, lang, texts)
                rows.append([words[key], amount, where])
        _wrapped_grid(pdf, [words["item"], words["amount"], words["source"]], rows, [62, 26, 86])
        pdf.ln(2)
    cited = sorted(
        {
            key
            for person in projection.persons
            for key in _person_sources(projection, index, person.id)
        },
        key=lambda k: (len(k), k),
    )
    if cited:
        pdf.heading(texts["rule_sources"], size=10.5)
        for key in cited:
            source = sources.get(key)
            if source is not None:
                name = source_name(source.title, source.href, key, lang)
                pdf.para(f"{name} <{source.href}>" if source.href else name, size=8, height=3.8)


def _person_sources(projection: HouseholdProjection, index: int, person_id: str) -> set[str]:
    try:
        steps = projection.explain("phase", (index, person_id))
    except KeyError:
        return set()
    return {key for step in steps for param in step["parameters"] for key in param["sources"]}


def _readable_assumptions(notes: Sequence[str], lang: str) -> list[str]:
    """Every assumption of the projection in the report's language, names instead of ids.

    The notes are catalog sentences (``say`` writes them in ``lang``); a plain text, from a
    result made before they were, goes through the catalog as it is.
    """
    return [say(n, lang) if isinstance(n, Sentence) else gettext(lang, n) for n in notes]


def render_pdf(data: ExportInput, lang: str = "nl", font_dir: Path | None = None) -> bytes:
    """The report as PDF bytes (Dutch by default)."""
    texts = TEXTS[lang]
    if font_dir is None:
        found = find_font()
        font_dir = found.parent if found else None
    parameters = data.parameters

    def cite(key: str) -> str:
        if parameters is not None and key in parameters.sources:
            return str(parameters.source_text(key))
        return key

    pdf = _Report(texts, font_dir, cite)
    pdf.lang = lang
    dossier, projection = data.dossier, data.projection
    pdf.add_page()
    pdf.use_font(17, bold=True)
    pdf.multi_cell(0, 8, pdf.clean(texts["title"]), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.use_font(11)
    pdf.multi_cell(
        0, 5.5, pdf.clean(household_label(dossier)), align="L", new_x="LMARGIN", new_y="NEXT"
    )
    if is_synthetic(dossier):
        pdf.set_text_color(170, 60, 0)
        pdf.para(texts["synthetic"])
        pdf.set_text_color(0, 0, 0)
    pdf.para(texts["as_of"].format(date=_date(projection.as_of, texts)))
    for person in projection.persons:
        pdf.para(
            f"{person.label}: "
            + texts["born"].format(
                birth=_date(person.birth_date, texts),
                aow=_date(person.aow_date, texts),
                years=person.aow_age.years,
                months=person.aow_age.months,
            )
        )
    head = headline_index(projection)
    phase = projection.phases[head]
    couple = len(projection.persons) > 1
    pdf.ln(3)
    pdf.set_fill_color(232, 242, 232)
    pdf.use_font(14, bold=True)
    pdf.multi_cell(
        0,
        9,
        pdf.clean(
            texts["headline_household" if couple else "headline"].format(
                date=_date(phase.start, texts), amount=_money(phase.net_monthly)
            )
        ),
        fill=True,
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.use_font(8.5)
    notes = [texts["headline_note_household" if couple else "headline_note"]]
    names = {p.id: p.label for p in projection.persons}
    working = dict.fromkeys(names.get(line.person_id, "") for line in work_lines(phase))
    if working:
        notes.append(texts["headline_wage"].format(names=", ".join(working)))
    notes.append(_settlement_text(projection, phase, texts))
    pdf.multi_cell(0, 4.2, pdf.clean(" ".join(notes)), align="L", new_x="LMARGIN", new_y="NEXT")

    _disposable(pdf, phase.disposable, texts, lang)

    _chart(pdf, projection, lang)

    pdf.heading(texts["phases"])
    widths = [24, 24, 29, 29, 34, 34]
    rows = [
        [
            _date(p.start, texts),
            _date(p.end, texts),
            _money(p.gross_monthly),
            _money(p.net_monthly),
            _money(p.net_monthly_withheld),
            _optional_money(p.disposable.disposable_monthly if p.disposable else None, texts),
        ]
        for p in projection.phases
    ]
    pdf.grid(
        [
            texts["from"],
            texts["until"],
            texts["gross"],
            texts["net"],
            texts["paid"],
            texts["disposable_column"],
        ],
        rows,
        widths,
    )
    pdf.ln(1)
    pdf.para(texts["phases_note"], size=8, height=3.9)

    if data.variant is not None:
        variant = data.variant
        title = (
            texts["whatif"].format(label=variant.label)
            if variant.label
            else texts["whatif_nolabel"]
        )
        pdf.heading(title)
        rows = [
            [
                _date(r["start"], texts),
                _date(r["end"], texts),
                _money(r["baseline_net_monthly"]),
                _money(r["variant_net_monthly"]),
                ("+ " if r["difference_net_monthly"] > 0 else "")
                + ("- " if r["difference_net_monthly"] < 0 else "")
                + _money(abs(r["difference_net_monthly"])),
            ]
            for r in variant.differences
        ]
        pdf.grid(
            [
                texts["from"],
                texts["until"],
                texts["baseline"],
                texts["variant"],
                texts["difference"],
            ],
            rows,
            [28, 28, 38, 38, 42],
        )
        _variant_disposable(pdf, projection, variant.projection, texts)
        if variant.notes:
            pdf.heading(texts["changes"], size=10.5)
            for note in variant.notes:
                pdf.para(("• " if pdf.unicode else "- ") + say(note, lang))

    _explanation(pdf, projection, head, data)
    _sources_section(pdf, data)
    pdf.heading(texts["assumptions"])
    for note in _readable_assumptions(projection.assumptions, lang):
        pdf.para(("• " if pdf.unicode else "- ") + note, size=8.5, height=4.1)
    pdf.heading(texts["disclaimer_title"])
    pdf.para(texts["disclaimer"])
    return bytes(pdf.output())
