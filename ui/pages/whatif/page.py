"""What if: a variant of the dossier beside the current situation.

Retire earlier or later, part-time, hoog-laag, a lump sum, an AOW bridge, an exchange of
partner pension, a death, other work.

Every change of a control builds a ``WhatIf``; the page's controller applies it to the dossier
and projects the result off the GUI thread. The table shows baseline and variant per stretch,
the chart draws the variant's gross with both net lines, and the notes give every factor with
the basis it came from. A choice the rules refuse shows the reason in red and leaves the last
good variant on screen. Up to three variants can be kept side by side.
"""

from __future__ import annotations

from pydantic import ValidationError
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from pensioenchecker.projection.timeline import HouseholdProjection
from pensioenchecker.projection.whatif import WhatIf
from ui.controller import DossierController
from ui.pages.base import Page
from ui.pages.whatif.controller import Lines, Saved, Variant, WhatIfController
from ui.pages.whatif.controls import WhatIfControls
from ui.pages.whatif.results import WhatIfResults
from ui.zoom import emphasise, zoom


class WhatIfPage(Page):
    """Controls on the left; the variant beside the baseline (table, chart, notes) on the right."""

    name = "whatif"

    def __init__(self, controller: DossierController, parent: QWidget | None = None) -> None:
        super().__init__(controller, parent)
        self.whatif = WhatIfController(controller, self)
        self.controls = WhatIfControls(self.t)
        self.results = WhatIfResults(controller)
        self._filling = False

        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        emphasise(self.title, 1.4, bold=True)
        self.empty = QLabel()
        self.empty.setWordWrap(True)

        self.content = QFrame()
        self.row = QBoxLayout(QBoxLayout.Direction.LeftToRight, self.content)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.addWidget(self.controls)
        self.row.addWidget(self.results, 1)
        # Large type or a small window: the page scrolls, and the controls go above the results
        # when both do not fit side by side.
        self.page_scroll = QScrollArea()
        self.page_scroll.setObjectName("whatifScroll")
        self.page_scroll.setWidget(self.content)
        self.page_scroll.setWidgetResizable(True)
        self.page_scroll.setFrameShape(QFrame.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.empty)
        layout.addWidget(self.page_scroll, 1)
        self.content.hide()
        zoom().changed.connect(self._zoom_changed)

        results = self.results
        order: list[QWidget] = [*self.inputs(), results.chart, results.table, results.save_name]
        for first, second in zip(order, [*order[1:], results.save_button], strict=True):
            self.setTabOrder(first, second)
        self.setTabOrder(results.save_button, results.saved_table)
        self._connect()

        self.retranslate()
        if controller.projection is not None:
            self.show_projection(controller.projection)

    def _connect(self) -> None:
        self.controls.changed.connect(self._choices_changed)
        self.whatif.lines_changed.connect(self._fill)
        self.whatif.baseline_ready.connect(self.recompute)
        self.whatif.variant_changed.connect(self._render)
        self.whatif.saved_changed.connect(self._render_saved)
        self.results.save_requested.connect(self.save_variant)
        self.results.remove_requested.connect(self.remove_variant)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        """Side by side or one above the other, whichever fits the new width."""
        super().resizeEvent(event)
        self._arrange()

    def _zoom_changed(self, _scale: float) -> None:
        self._arrange()

    def _arrange(self) -> None:
        controls = self.controls
        beside_width = (
            controls.inner.sizeHint().width()
            + controls.verticalScrollBar().sizeHint().width()
            + self.results.minimumSizeHint().width()
            + self.row.spacing()
        )
        bar = self.page_scroll.verticalScrollBar().sizeHint().width()
        beside = beside_width <= self.page_scroll.width() - bar
        self.row.setDirection(
            QBoxLayout.Direction.LeftToRight if beside else QBoxLayout.Direction.TopToBottom
        )
        controls.fit(beside)

    # --- what the tests and the window use ------------------------------------------------

    @property
    def variant(self) -> Variant | None:
        """The variant on screen (the last one the rules allowed)."""
        return self.whatif.variant

    @property
    def saved(self) -> list[Saved]:
        """The kept variants."""
        return self.whatif.saved

    def inputs(self) -> list[QWidget]:
        """Every control of the variant, in tab order."""
        return self.controls.inputs()

    def spec(self) -> WhatIf:
        """The choices on screen as a what-if (may raise ValidationError for impossible ones)."""
        return self.whatif.spec(self.controls.choices())

    def show_spec(self, spec: WhatIf) -> None:
        """Compute and show a what-if; a refused one shows the reason, keeps the last variant."""
        self.whatif.request(spec)

    def save_variant(self, name: str | None = None) -> bool:
        """Keep the variant on screen under a name (at most three); False when full or none."""
        typed = name if name is not None else self.results.save_name.text()
        chosen = typed.strip() or self.t("whatif.save.default", number=len(self.saved) + 1)
        if not self.whatif.save(chosen):
            return False
        self.results.save_name.clear()
        return True

    def remove_variant(self, index: int) -> None:
        """Forget a kept variant."""
        self.whatif.remove(index)

    # --- language -------------------------------------------------------------------------

    def retranslate(self) -> None:
        """Labels and accessible names in the current language; the figures are re-formatted."""
        self.title.setText(self.t("whatif.title"))
        self.empty.setText(self.t("whatif.empty"))
        self.controls.retranslate()
        self.results.retranslate()
        self._render()
        self._render_saved()

    # --- data -----------------------------------------------------------------------------

    def show_projection(self, projection: HouseholdProjection) -> None:
        """A new baseline: new choices if the lines changed, then the variant recomputed."""
        self.whatif.set_baseline(projection)

    def _fill(self, lines: Lines) -> None:
        self._filling = True  # one computation follows, once the kept variants are done
        try:
            self.controls.fill(lines)
        finally:
            self._filling = False

    def _choices_changed(self) -> None:
        if not self._filling:
            self.recompute()

    def recompute(self) -> None:
        """Build the what-if from the controls and compute it (or say why it is refused)."""
        if self.whatif.baseline is None:
            return
        try:
            spec = self.spec()
        except ValidationError as exc:
            self.whatif.refuse(exc.errors()[0]["msg"])
            return
        self.whatif.request(spec)

    # --- showing --------------------------------------------------------------------------

    def _render(self) -> None:
        baseline = self.whatif.baseline
        has_data = baseline is not None and bool(baseline.phases)
        self.empty.setVisible(not has_data)
        self.content.setVisible(has_data)
        self.results.show_refusal(self.whatif.refusal)
        self.results.update_save_button(len(self.saved), self.variant is not None)
        lines = self.whatif.lines
        line_id = self.controls.line.currentData() or ""
        self.results.show_variant(
            self.variant if has_data else None,
            lines.person_of(line_id) if lines else "",
            self.controls.retire.maximum() / 12,
        )

    def _render_saved(self) -> None:
        self.results.update_save_button(len(self.saved), self.variant is not None)
        self.results.show_saved(self.whatif.baseline, self.saved)
