"""What-if benchmark: move the retirement-age slider and repaint (printed, not asserted).

The window with the couple demo household, the What if page in front; every slider step builds
the what-if, applies it, projects the variant, fills the table and repaints the chart (blitted)
— ``app.processEvents()`` and ``window.grab()`` force the repaint (the window made here runs
the projection synchronously, so a step includes it). Beside it, in the same
process: ``project()`` of the dossier alone. Target: under 50 ms a step.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--steps", type=int, default=30)
    args = parser.parse_args()
    steps = max(args.steps, 20)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QT_API", "pyside6")
    sys.path.insert(0, str(ROOT))
    from PySide6.QtWidgets import QApplication

    from pensioenchecker.projection.timeline import project
    from ui.application import build_window, demo_files
    from ui.i18n import Texts

    app = QApplication.instance() or QApplication(sys.argv[:1])
    window, controller = build_window(Texts("nl"), "2026-11-28", show_dialogs=False)
    window.resize(1280, 860)
    window.show_page("whatif")
    window.show()
    controller.load_files(demo_files("couple"))
    app.processEvents()
    window.grab()
    page = window.page("whatif")
    slider = page.controls.retire
    start = slider.value()
    refused = 0
    times = []
    for step in range(steps + 2):
        value = start + (step % 12) - 6  # back and forth around the preset, month by month
        begin = time.perf_counter()
        slider.setValue(value)
        app.processEvents()
        window.grab()
        times.append(time.perf_counter() - begin)
        refused += page.whatif.refusal is not None
    step_time = statistics.median(times[2:])

    engine, dossier, as_of = controller.engine, controller.dossier, controller.as_of
    alone = []
    for _ in range(steps):
        begin = time.perf_counter()
        project(dossier, engine.book, engine.aow_table, as_of)
        alone.append(time.perf_counter() - begin)
    project_time = statistics.median(alone)

    print("== what-if: slider step -> apply -> project -> table -> chart repaint ==")
    print(f"slider step (whole page)       {step_time * 1000:7.1f} ms   (median of {steps})")
    print(f"project() alone (baseline)     {project_time * 1000:7.1f} ms   (median of {steps})")
    print(f"chart full draws: {page.results.chart.full_draws}; refused steps: {refused}")
    print(f"target < 50 ms -> {'MET' if step_time < 0.05 else 'NOT MET'}")


if __name__ == "__main__":
    main()
