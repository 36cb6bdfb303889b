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
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from fpdf import FPDF

from pensioenchecker import notation
from pensioenchecker.dates import years_between
from pensioenchecker.exports.report import (
    ExportInput,
    headline_index,
    household_label,
    is_synthetic,
)
from pensioenchecker.i18n import N_, NC_, Translator, gettext
from pensioenchecker.messages import Sentence, say
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

KIND_NAMES = {
    "aow": N_("AOW"),
    "old_age": N_("Pension"),
    "partner": N_("Partner pension"),
    "wage": N_("Wage"),
    "benefit": N_("Benefit"),
    "other": N_("Other income"),
}
"""The chart's legend: a payment line's kind in words (translated when drawn)."""

DOCUMENT_KINDS = {
    "mpo-xml": NC_("document kind", "Mijnpensioenoverzicht (XML)"),
    "mpo-json": NC_("document kind", "Mijnpensioenoverzicht (JSON)"),
    "manual": NC_("document kind", "Entered by you"),
    "camt053": NC_("document kind", "Bank statement (CAMT.053)"),
    "mt940": NC_("document kind", "Bank statement (MT940)"),
    "ing-csv": NC_("document kind", "ING transactions (CSV)"),
    "rabobank-csv": NC_("document kind", "Rabobank transactions (CSV)"),
    "abnamro-txt": NC_("document kind", "ABN AMRO transactions (TXT)"),
    "uwv-vzb": NC_("document kind", "UWV insurance statement (verzekeringsbericht)"),
}
"""An imported file's kind in words (``pgettext`` when shown); a kind not listed says "file"."""


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

    def __init__(self, t: Translator, font_dir: Path | None, cite: Callable[[str], str]) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.t = t
        self.cite = cite
        self.lang = t.lang
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
        self.set_title(t._("Pensioenchecker: net pension income"))
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
        page = self.t._("Page {page}").format(page=self.page_no())
        self.cell(0, 5, self.clean(page), align="C")
        self.set_text_color(0, 0, 0)

    def keep_together(self, height: float) -> None:
        """A new page when ``height`` (a heading with its short table) does not fit on this one."""
        room = self.page_break_trigger - self.get_y()
        if height > room and height <= self.page_break_trigger - self.t_margin:
            self.add_page()

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
        self,
        header: list[str],
        rows: list[list[str]],
        widths: Sequence[float],
        right_from: int = 2,
        size: float = 9,
    ) -> None:
        """A simple table; columns from ``right_from`` on are right-aligned amounts.

        A table running over a page break repeats its header on the next page.
        """

        def draw_header() -> None:
            self.use_font(size, bold=True)
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
            self.use_font(size)

        draw_header()
        for n, row in enumerate(rows):
            if self.get_y() + 5.5 > self.page_break_trigger:
                self.add_page()
                draw_header()
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


def _date(day: dt.date | None, t: Translator) -> str:
    """A date in words in the report's language; no date is an open end ("onwards")."""
    return notation.date(day, t.lang) if day else t._("onwards")


def _age_text(years: int, months: int, t: Translator) -> str:
    """An age in words: 67 jaar en 3 maanden, 67 years and 3 months; no months left out."""
    in_years = t.ngettext("{count} year", "{count} years", years).format(count=years)
    if not months:
        return in_years
    in_months = t.ngettext("{count} month", "{count} months", months).format(count=months)
    return t._("{years} and {months}").format(years=in_years, months=in_months)


def _money(cents: int, lang: str, decimals: bool = True) -> str:
    """An amount in the report's language, to the cent unless ``decimals`` is off."""
    return notation.money(int(cents), lang, decimals=decimals)


HOLIDAY_RATE_STATUS = {
    "final": NC_("holiday rate status", "the rate of that year is published and in force"),
    "derived": NC_("holiday rate status", "the rate is derived from the published rules"),
    "bp": NC_("holiday rate status", "the rate is a proposal, not yet law"),
    "provisional": NC_("holiday rate status", "the rate is provisional"),
    "empirical": NC_("holiday rate status", "the rate reproduces the government's worked examples"),
    "estimate": NC_("holiday rate status", "the rate is an estimate"),
    "not_found": NC_("holiday rate status", "the rate was not found"),
}
"""How certain the AOW holiday allowance's rate is, said as a clause of the settlement."""

FIGURES_STATUS = {
    "final": NC_("figures status", "The figures of that year are published and in force."),
    "derived": NC_("figures status", "Some figures are derived from the published rules."),
    "bp": NC_("figures status", "Some figures are a proposal, not yet law."),
    "provisional": NC_("figures status", "Some figures are provisional."),
    "empirical": NC_(
        "figures status",
        "Some figures are empirical: they reproduce the government's worked examples exactly.",
    ),
    "estimate": NC_("figures status", "Some figures are estimates."),
    "not_found": NC_("figures status", "Some figures were not found."),
}
"""How certain the disposable income's figures are, said as a sentence."""


def _status(table: dict[str, tuple[str, str]], status: str, t: Translator) -> str:
    """A status in words; one this version does not know is named by a neutral sentence."""
    if status in table:
        return t.pgettext(*table[status])
    return t._("The certainty of the figures is not known.")


def _settlement_text(projection: HouseholdProjection, phase: Phase, t: Translator) -> str:
    """Each person's year-end settlement in the headline's phase (projection.settlement)."""
    names = {p.id: p.label for p in projection.persons}
    settlements = household_settlements(phase)
    parts = []
    for one in settlements:
        value = one.settlement_annual
        name = names.get(one.person_id, "")
        amount = _money(abs(value), t.lang)
        if value > 0:
            parts.append(t._("{name} gets {amount} back").format(name=name, amount=amount))
        elif value < 0:
            parts.append(t._("{name} pays {amount}").format(name=name, amount=amount))
        else:
            parts.append(t._("{name} nothing").format(name=name))
    statuses = sorted({s.holiday_rate_status for s in settlements if s.holiday_rate_status})
    status = ", ".join(_status(HOLIDAY_RATE_STATUS, s, t) for s in statuses)
    if not statuses:
        status = t._("no AOW holiday allowance")
    return t._(
        "Settlement after the tax return, per year: {parts}. Tax and Zvw of the year minus "
        "everything withheld, including on the AOW holiday allowance in May (special-rewards "
        "rate; {status})."
    ).format(parts="; ".join(parts), status=status)


def _optional_money(cents: int | None, t: Translator) -> str:
    """An amount, or "not known" where the figure was not found (never an invented one)."""
    return t._("not known") if cents is None else _money(cents, t.lang)


def _disposable(pdf: _Report, figures: DisposableFigures | None) -> None:
    """Besteedbaar per maand under the headline, with its sum; "not known" without a figure."""
    if figures is None:
        return
    t, lang = pdf.t, pdf.lang
    pdf.ln(1)
    if figures.disposable_monthly is None:
        unknown = t._(
            "Disposable per month: not known for {year}. The zorgtoeslag, huurtoeslag or box 3 "
            "figures of that year have not been set yet; no amount is guessed."
        )
        pdf.para(unknown.format(year=figures.year), size=9.5)
        return
    pdf.use_font(12, bold=True)
    headline = t._("Disposable per month (with toeslagen): {amount}")
    pdf.multi_cell(
        0,
        7,
        pdf.clean(headline.format(amount=_money(figures.disposable_monthly, lang))),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    if figures.health_assumed:
        health_basis = t._("the average premium plus the full eigen risico (an assumption)")
    else:
        health_basis = t._("as entered")
    total = t._(
        "A whole year at this period's amounts ({year} rules): net {net} - health costs "
        "{health} + zorgtoeslag {zt} + huurtoeslag {ht} - box 3 tax {box3} = {total}. The "
        "toeslagen depend on the whole year's income ({income}), not on net income; health "
        "costs: {health_basis}. {status}"
    )
    pdf.para(
        total.format(
            year=figures.year,
            net=_money(figures.net_annual, lang),
            health=_money(figures.health_costs or 0, lang),
            zt=_money(figures.zorgtoeslag or 0, lang),
            ht=_money(figures.huurtoeslag or 0, lang),
            box3=_money(figures.box3_tax or 0, lang),
            total=_money(figures.disposable_annual or 0, lang),
            income=_money(figures.toetsingsinkomen, lang),
            health_basis=health_basis,
            status=_status(FIGURES_STATUS, figures.status, t),
        ),
        size=8.5,
        height=4.1,
    )


def _variant_disposable(
    pdf: _Report, baseline: HouseholdProjection, variant: HouseholdProjection
) -> None:
    """Per year with known figures: disposable now and in the variant, the toeslagen lost."""
    lang = pdf.lang
    sentence = pdf.t._(
        "{year}: disposable per month {base} now, {other} in the variant; zorgtoeslag {zt} "
        "less, huurtoeslag {ht} less (per year)."
    )
    for year, base in sorted(baseline.year_disposable.items()):
        other = variant.year_disposable.get(year)
        if other is None or base.disposable_monthly is None or other.disposable_monthly is None:
            continue
        pdf.para(
            sentence.format(
                year=year,
                base=_money(base.disposable_monthly, lang),
                other=_money(other.disposable_monthly, lang),
                zt=_money((base.zorgtoeslag or 0) - (other.zorgtoeslag or 0), lang),
                ht=_money((base.huurtoeslag or 0) - (other.huurtoeslag or 0), lang),
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


def _sources(phases: list[Phase], t: Translator) -> list[tuple[str, str]]:
    """Chart series: one per payment line (kind and payer), in order of first appearance."""
    seen: dict[str, str] = {}
    for phase in phases:
        for line in phase.lines:
            if line.stream_id not in seen:
                kind = t._(KIND_NAMES.get(line.kind, KIND_NAMES["other"]))
                seen[line.stream_id] = t._("{kind} from {payer}").format(
                    kind=kind, payer=line.payer
                )
    return list(seen.items())


def _chart(pdf: _Report, projection: HouseholdProjection) -> None:
    """Stacked gross per month per source over the headline person's age, with the net line."""
    t = pdf.t
    person = min(projection.persons, key=lambda p: p.aow_date)
    name = person.label
    birth = person.birth_date
    phases = projection.phases
    series = _sources(phases, t)
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

    title = t._("Gross per month by age of {name}, per source, with net per month")
    pdf.heading(title.format(name=name), size=11)
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
        label = pdf.clean(_money(round(value * 100), pdf.lang, decimals=False))
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
    pdf.cell(width, 4, pdf.clean(t._("age of {name}").format(name=name)), align="C")
    pdf.set_y(bottom + 11)
    pdf.use_font(8)
    for sid, label in series:
        pdf.set_fill_color(*colours[sid])
        y = pdf.get_y()
        pdf.rect(pdf.l_margin, y + 1, 3.5, 3, style="F")
        pdf.set_x(pdf.l_margin + 5)
        text = t._("{person}: {source}").format(source=label, person=owner[sid])
        pdf.cell(0, 5, pdf.clean(text), align="L", new_x="LMARGIN", new_y="NEXT")
    y = pdf.get_y()
    pdf.set_draw_color(*NET_COLOUR)
    pdf.set_line_width(0.6)
    pdf.line(pdf.l_margin, y + 2.5, pdf.l_margin + 3.5, y + 2.5)
    pdf.set_line_width(0.2)
    pdf.set_x(pdf.l_margin + 5)
    pdf.cell(0, 5, pdf.clean(t._("net per month")), align="L", new_x="LMARGIN", new_y="NEXT")


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
    """The imported files: kind, reference dates, when imported and a check code of each."""
    t = pdf.t
    pdf.heading(t._("Sources"))
    references = _reference_dates(data)
    pdf.use_font(9)
    if not data.dossier.documents and not references:
        pdf.para(t._("No imported files listed."))
    bullet = "• " if pdf.unicode else "- "

    def dates_text(dates: Sequence[dt.date]) -> str:
        shown = ", ".join(_date(d, t) for d in dates)
        return t.ngettext("reference date {dates}", "reference dates {dates}", len(dates)).format(
            dates=shown
        )

    listed: set[str] = set()
    for doc in data.dossier.documents:
        dates = sorted(references.get(doc.name, set()))
        kind = t.pgettext(*DOCUMENT_KINDS[doc.kind]) if doc.kind in DOCUMENT_KINDS else None
        parts = [f"{doc.name} ({kind})" if kind else doc.name]
        if dates:
            parts.append(dates_text(dates))
        if doc.imported_at:
            imported = t._("imported on {date}")
            parts.append(imported.format(date=_date(doc.imported_at.date(), t)))
        check = doc.sha256[:12] + ("…" if pdf.unicode else "")
        parts.append(t._("check code (SHA-256) {code}").format(code=check))
        pdf.para(bullet + ", ".join(parts))
        listed.add(doc.name)
    for name, found in sorted(references.items()):
        if name in listed:
            continue
        text = name
        if found:
            text += ", " + dates_text(sorted(found))
        pdf.para(bullet + text)


ROW_LABELS = {
    "aow": N_("AOW (gross, per year)"),
    "pension": N_("Pension (gross, per year)"),
    "wage": N_("Wage (gross, per year)"),
    "gross": N_("Gross income"),
    "taxable_income_euros": N_("Taxable income (whole euros, rounded down)"),
    "tax_before_credits_euros": N_("Tax and premiums before tax credits"),
    "algemene_heffingskorting_euros": N_("General tax credit"),
    "ouderenkorting_euros": N_("Elderly credit (ouderenkorting)"),
    "alleenstaande_ouderenkorting_euros": N_("Single elderly credit"),
    "arbeidskorting_euros": N_("Work credit (arbeidskorting)"),
    "income_tax_euros": N_("Tax and premiums after tax credits"),
    "zvw": N_("Income-related Zvw contribution"),
    "net_annual": N_("Net per year"),
    "net_monthly": N_("Net per month (annual amount / 12)"),
}
"""The explanation table's rows: a rule's output (or input) by its key, in words."""
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


def _line_source(data: ExportInput, stream_id: str, t: Translator) -> str | None:
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
            return f"{name}, {_date(prov.reference_date, t)}"
        return name
    return None


def _cited(step: dict[str, Any], t: Translator, only: str | None = None) -> str:
    """The parameters of a step by name, each with its sources in words and its date."""
    parts = []
    for param in step["parameters"]:
        name = param["name"]
        if (only and name != only) or (name in _GROUP_TABLES and name != only):
            continue
        since = t._("valid from {date}").format(
            date=_date(dt.date.fromisoformat(param["since"]), t)
        )
        parts.append(
            f"{parameter_name(name, t.lang)} ({', '.join(param['sources_named'])}; {since})"
        )
    return "; ".join(parts) or t._("calculated")


def _bracket_rows(step: dict[str, Any], t: Translator) -> list[list[str]]:
    """Taxable income per bracket times its rate, as the rule adds them up."""
    group = step["inputs"].get("group")
    if not isinstance(group, int) or not 0 <= group < len(_GROUP_TABLES):
        return []
    used = _GROUP_TABLES[group]
    table = next((p["value"] for p in step["parameters"] if p["name"] == used), None)
    if not isinstance(table, dict) or "brackets" not in table:
        return []
    income = int(step["inputs"].get("taxable_income_euros", 0))
    source = _cited(step, t, only=used)
    rows, lower = [], 0
    for number, bracket in enumerate(table["brackets"], start=1):
        upper = income if bracket["upto"] is None else min(income, int(bracket["upto"]))
        amount = max(0, upper - lower)
        if amount:
            product = Decimal(amount) * Decimal(str(bracket["rate"]))
            label = t._("Bracket {number}: {amount} × {rate}").format(
                number=number,
                amount=_money(amount * 100, t.lang, decimals=False),
                rate=notation.exact_percent(bracket["rate"], t.lang),
            )
            rows.append([label, _money(int(product * 100), t.lang), source])
        if bracket["upto"] is None or income <= int(bracket["upto"]):
            break
        lower = int(bracket["upto"])
    return rows


def _explanation(
    pdf: _Report, projection: HouseholdProjection, index: int, data: ExportInput
) -> None:
    """Per person: a few sentences, then gross → taxable → tax per bracket → credits → net."""
    t = pdf.t
    lang = pdf.lang
    sources = data.parameters.sources if data.parameters is not None else {}
    phase = projection.phases[index]
    your_files = t._("your files")
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
        heading = t._("How the headline was computed ({name})")
        pdf.heading(heading.format(name=person.label), size=11)
        credits = sum(
            int(v) for k, v in outputs.items() if k.endswith("korting_euros") and isinstance(v, int)
        )
        intro = t._(
            "{name} receives {gross} gross a year. Of this, {tax} goes to tax and premiums "
            "(after {credits} of tax credits) and {zvw} to the Zvw contribution. That leaves "
            "{net} net a year: {monthly} a month."
        )
        pdf.para(
            intro.format(
                name=person.label,
                gross=_money(int(outputs.get("gross", 0)), lang),
                tax=_money(int(outputs.get("income_tax_euros", 0)) * 100, lang, decimals=False),
                credits=_money(credits * 100, lang, decimals=False),
                zvw=_money(int(outputs.get("zvw", 0)), lang),
                net=_money(int(outputs.get("net_annual", 0)), lang),
                monthly=_money(int(outputs.get("net_monthly", 0)), lang),
            )
        )
        rows: list[list[str]] = []
        payer_row = t._("{payer}: gross per month")
        for line in phase.lines:
            if line.person_id == person.id and line.gross_monthly:
                rows.append(
                    [
                        payer_row.format(payer=line.payer),
                        _money(line.gross_monthly, lang),
                        _line_source(data, line.stream_id, t) or your_files,
                    ]
                )
        for step in steps:
            if step["outputs"].get("gross") is not None and "aow" in step["inputs"]:
                for key in ("aow", "pension", "wage"):
                    if step["inputs"].get(key):
                        rows.append(
                            [
                                t._(ROW_LABELS[key]),
                                _money(int(step["inputs"][key]), lang),
                                your_files,
                            ]
                        )
            brackets = []
            if "tax_before_credits_euros" in step["outputs"]:
                brackets = _bracket_rows(step, t)
                rows += brackets
            for key, value in step["outputs"].items():
                if key not in _SHOWN_OUTPUTS or not isinstance(value, int):
                    continue
                euros_only = key.endswith("_euros")
                amount = _money(value * 100 if euros_only else value, lang, not euros_only)
                where = t._("calculated") if brackets else _cited(step, t)
                rows.append([t._(ROW_LABELS[key]), amount, where])
        header = [t._("Item"), t._("Amount"), t._("Source and date")]
        _wrapped_grid(pdf, header, rows, [62, 26, 86])
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
        pdf.heading(t._("Sources of the rules"), size=10.5)
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
    t = Translator(lang)
    lang = t.lang
    if font_dir is None:
        found = find_font()
        font_dir = found.parent if found else None
    parameters = data.parameters

    def cite(key: str) -> str:
        if parameters is not None and key in parameters.sources:
            return str(parameters.source_text(key))
        return key

    pdf = _Report(t, font_dir, cite)
    dossier, projection = data.dossier, data.projection
    pdf.add_page()
    pdf.use_font(17, bold=True)
    title = t._("Pensioenchecker: net pension income")
    pdf.multi_cell(0, 8, pdf.clean(title), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.use_font(11)
    pdf.multi_cell(
        0, 5.5, pdf.clean(household_label(dossier, lang)), align="L", new_x="LMARGIN", new_y="NEXT"
    )
    if is_synthetic(dossier):
        pdf.set_text_color(170, 60, 0)
        pdf.para(t._("Demo household with made-up (synthetic) data, not real people."))
        pdf.set_text_color(0, 0, 0)
    pdf.para(t._("Projected from {date}").format(date=_date(projection.as_of, t)))
    born = t._("{name}: born {birth}, AOW from {aow} ({age})")
    for person in projection.persons:
        age = _age_text(person.aow_age.years, person.aow_age.months, t)
        pdf.para(
            born.format(
                name=person.label,
                birth=_date(person.birth_date, t),
                aow=_date(person.aow_date, t),
                age=age,
            )
        )
    head = headline_index(projection)
    phase = projection.phases[head]
    couple = len(projection.persons) > 1
    pdf.ln(3)
    pdf.set_fill_color(232, 242, 232)
    pdf.use_font(14, bold=True)
    if couple:
        headline = t._(
            "Net per month for the household from {date}, once you both receive the AOW: {amount}"
        )
    else:
        headline = t._("Net per month from {date}: {amount}")
    pdf.multi_cell(
        0,
        9,
        pdf.clean(
            headline.format(date=_date(phase.start, t), amount=_money(phase.net_monthly, lang))
        ),
        fill=True,
        align="L",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.use_font(8.5)
    if couple:
        notes = [
            t._(
                "Once you both receive the AOW and no wage is left; the periods before it (some "
                "with a wage) are in the Phases table."
            )
        ]
    else:
        notes = [t._("From the AOW date; the periods before it are in the Phases table.")]
    names = {p.id: p.label for p in projection.persons}
    working = dict.fromkeys(names.get(line.person_id, "") for line in work_lines(phase))
    if working:
        wage = t._("This still includes the wage of {names}.")
        notes.append(wage.format(names=", ".join(working)))
    notes.append(_settlement_text(projection, phase, t))
    pdf.multi_cell(0, 4.2, pdf.clean(" ".join(notes)), align="L", new_x="LMARGIN", new_y="NEXT")

    _disposable(pdf, phase.disposable)

    _chart(pdf, projection)

    pdf.keep_together(14 + 6 + 5.5 * len(projection.phases))
    pdf.heading(t._("Phases"))
    rows = [
        [
            _date(p.start, t),
            _date(p.end, t),
            _money(p.gross_monthly, lang),
            _money(p.net_monthly, lang),
            _money(p.net_monthly_withheld, lang),
            _optional_money(p.disposable.disposable_monthly if p.disposable else None, t),
        ]
        for p in projection.phases
    ]
    header = [
        t._("From"),
        t._("Until"),
        t._("Gross/month"),
        t._("Net/month"),
        t._("Paid/month"),
        t._("Disposable/month"),
    ]
    pdf.grid(header, rows, [32, 32, 24, 24, 28, 34], size=8.5)
    pdf.ln(1)
    phases_note = t._(
        "Net/month: the year's tax and Zvw divided by 12, as Mijnpensioenoverzicht shows it. "
        "Paid/month: what the payers transfer in a regular month after withholding."
    )
    pdf.para(phases_note, size=8, height=3.9)

    if data.variant is not None:
        variant = data.variant
        if variant.label:
            title = t._("What if: {label}").format(label=variant.label)
        else:
            title = t._("What if")
        pdf.keep_together(14 + 6 + 5.5 * len(variant.differences))
        pdf.heading(title)
        rows = [
            [
                _date(r["start"], t),
                _date(r["end"], t),
                _money(r["baseline_net_monthly"], lang),
                _money(r["variant_net_monthly"], lang),
                ("+ " if r["difference_net_monthly"] > 0 else "")
                + ("- " if r["difference_net_monthly"] < 0 else "")
                + _money(abs(r["difference_net_monthly"]), lang),
            ]
            for r in variant.differences
        ]
        header = [t._("From"), t._("Until"), t._("Net now"), t._("Net variant"), t._("Difference")]
        pdf.grid(header, rows, [34, 34, 34, 34, 38])
        _variant_disposable(pdf, projection, variant.projection)
        if variant.notes:
            pdf.heading(t._("What changed"), size=10.5)
            for note in variant.notes:
                pdf.para(("• " if pdf.unicode else "- ") + say(note, lang))

    _explanation(pdf, projection, head, data)
    _sources_section(pdf, data)
    pdf.heading(t._("Assumptions"))
    for note in _readable_assumptions(projection.assumptions, lang):
        pdf.para(("• " if pdf.unicode else "- ") + note, size=8.5, height=4.1)
    pdf.heading(t._("Please note"))
    pdf.para(
        t._(
            "This is an estimate, not advice. The amounts come from the files you supplied and "
            "are computed with the rules of 2024 to 2026 (tax, premiums, credits, AOW). Later "
            "years are not indexed. Check important decisions with your pension provider or an "
            "adviser."
        )
    )
    return bytes(pdf.output())
