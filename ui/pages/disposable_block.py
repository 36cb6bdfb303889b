"""The Overview's "Besteedbaar per maand" block: what is left to live on, under the net.

Shows the headline phase's disposable income from the projection (net - health costs +
zorgtoeslag + huurtoeslag - box 3 tax), the sum per year that makes it, the status of the
figures, and "not known" where the year's figures were not found: never an invented amount.
Without a rent in the dossier it offers the bank statements' housing costs as the rent, which
the user confirms (and may correct) before it counts.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QInputDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from pensioenchecker.model import Provenance, Rent
from pensioenchecker.projection.timeline import DisposableFigures, HouseholdProjection, Phase
from pensioenchecker.sources.bank import spending_profile
from ui.controller import DossierController
from ui.formatting import money
from ui.zoom import emphasise

HOUSING = "housing"
NBSP = "\u00a0"
SELECTABLE = Qt.TextInteractionFlag.TextSelectableByMouse
SHOWN_STATUSES = ("provisional", "empirical", "estimate", "derived", "bp")
"""Statuses the block names; "final" figures need no word."""


def housing_suggestion(projection: HouseholdProjection) -> int | None:
    """The bank statements' average housing costs per month (cents), if there are any."""
    transactions = projection.dossier.transactions
    if not transactions:
        return None
    spent = spending_profile(transactions)["per_category"].get(HOUSING, 0)
    return -int(spent) if spent < 0 else None


def euros(cents: int) -> str:
    """Whole euros for a sentence; the euro sign stays with its number."""
    return money(cents, decimals=False).replace(" ", NBSP)


class DisposableBlock(QFrame):
    """Besteedbaar per maand, its parts and their status, for one phase of the projection."""

    def __init__(self, controller: DossierController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setObjectName("overviewDisposable")
        self.figures: DisposableFigures | None = None
        self.projection: HouseholdProjection | None = None
        self.suggested: int | None = None
        self.headline = self._label("overviewDisposableHeadline")
        emphasise(self.headline, 1.2, bold=True)
        self.details = self._label("overviewDisposableDetails")
        self.rent_button = QPushButton()
        self.rent_button.setObjectName("overviewDisposableRent")
        self.rent_button.clicked.connect(self.confirm_rent)
        self.rent_button.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.addWidget(self.headline)
        layout.addWidget(self.details)
        layout.addWidget(self.rent_button, 0, Qt.AlignmentFlag.AlignLeft)

    def _label(self, name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextInteractionFlags(SELECTABLE)
        label.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return label

    def t(self, key: str, **values: object) -> str:
        """A text in the interface language."""
        return self.controller.texts.t(key, **values)

    def show_phase(self, projection: HouseholdProjection, phase: Phase) -> None:
        """Show the disposable income of ``phase`` (the headline phase)."""
        self.projection = projection
        self.figures = phase.disposable
        self.suggested = None if projection.dossier.rent else housing_suggestion(projection)
        self.refresh()

    def refresh(self) -> None:
        """The texts for the figures shown, in the current language."""
        self.headline.setAccessibleName(self.t("disposable.headline.name"))
        figures = self.figures
        if figures is None or self.projection is None:
            self.headline.setText("")
            self.details.setText("")
            self.rent_button.hide()
            return
        lines: list[str] = []
        if figures.disposable_monthly is None:
            self.headline.setText(self.t("disposable.unknown", year=figures.year))
            lines.append(self.t("disposable.unknown.why"))
        else:
            self.headline.setText(
                self.t("disposable.headline", amount=euros(figures.disposable_monthly))
            )
            lines.append(
                self.t(
                    "disposable.sum",
                    year=figures.year,
                    net=euros(figures.net_annual),
                    health=euros(figures.health_costs or 0),
                    zt=euros(figures.zorgtoeslag or 0),
                    ht=euros(figures.huurtoeslag or 0),
                    box3=euros(figures.box3_tax or 0),
                    total=euros(figures.disposable_annual or 0),
                )
            )
        lines.append(self.t("disposable.explain", income=euros(figures.toetsingsinkomen)))
        if len(self.projection.persons) > 1:
            lines.append(self.t("disposable.household"))
        lines.append(
            self.t(
                "disposable.health.assumed" if figures.health_assumed else "disposable.health.own"
            )
        )
        if figures.status in SHOWN_STATUSES:
            lines.append(
                self.t("disposable.status", status=self.t(f"explain.status.{figures.status}"))
            )
        if self.projection.dossier.rent is None:
            if self.suggested:
                lines.append(self.t("disposable.rent.suggest", amount=euros(self.suggested)))
            else:
                lines.append(self.t("disposable.no_rent"))
        self.details.setText("\n".join(lines))
        self.rent_button.setText(self.t("disposable.rent.use"))
        self.rent_button.setVisible(self.projection.dossier.rent is None and bool(self.suggested))

    def confirm_rent(self) -> None:
        """Ask the user to confirm (or correct) the suggested rent; only then does it count."""
        if self.projection is None or not self.suggested:
            return
        euros, ok = QInputDialog.getDouble(
            self,
            self.t("disposable.rent.title"),
            self.t("disposable.rent.ask"),
            self.suggested / 100,
            0.0,
            100_000.0,
            2,
        )
        if ok:
            self.use_rent(round(euros * 100))

    def use_rent(self, cents: int) -> None:
        """Put the confirmed rent in the dossier (from the bank, confirmed) and recompute."""
        dossier = self.controller.dossier
        if dossier is None:
            return
        rent = Rent(kale_huur_cents=cents, provenance=Provenance(source="bank", edited=True))
        self.controller.set_dossier(dossier.model_copy(update={"rent": rent}))
