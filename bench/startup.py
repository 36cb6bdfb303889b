"""Start-up and redraw benchmark of the desktop application (printed, not asserted).

1. Cold start to a painted window: ``app.py --demo --screenshot`` (start Python, import, load
   the demo household, project, paint the overview, save the PNG) against a bare PySide6 window
   with one matplotlib canvas doing the same paint-and-save, side by side, median of several
   runs. Target: within 1.5x of the bare window.
2. Recompute and redraw after an edit: change one pension amount and repaint the overview.
   Target: under 100 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

BARE = """\
import sys
from PySide6.QtWidgets import QApplication, QMainWindow
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure

app = QApplication(sys.argv[:1])
window = QMainWindow()
figure = Figure(figsize=(8, 4))
figure.add_subplot().plot([67, 70, 80, 100], [3000, 3200, 3100, 3100])
window.setCentralWidget(FigureCanvasQTAgg(figure))
window.resize(1280, 860)
window.show()
app.processEvents()
window.grab().save(sys.argv[1])
"""


def timed_process(command: list[str], runs: int) -> list[float]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_API="pyside6")
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def cold_start(runs: int) -> None:
    print("== 1. cold start to a painted window (offscreen, 1280x860, PNG written) ==")
    with tempfile.TemporaryDirectory() as tmp:
        bare_script = Path(tmp) / "bare.py"
        bare_script.write_text(BARE, encoding="utf-8")
        png = str(Path(tmp) / "shot.png")
        ours_cmd = [
            sys.executable,
            "app.py",
            "--demo",
            "--screenshot",
            png,
            "--no-crash-dialog",
            "--data-dir",
            str(Path(tmp) / "data"),
        ]
        bare_cmd = [sys.executable, str(bare_script), png]
        # The same bare window with the collector paused as Pensioenchecker pauses it at
        # start-up: the like-for-like figure, printed beside the target's.
        paused_script = Path(tmp) / "bare_paused.py"
        paused_script.write_text("import gc\ngc.disable()\n" + BARE, encoding="utf-8")
        paused_cmd = [sys.executable, str(paused_script), png]
        # Installed Python code (pip, the bundle) is byte-compiled once; so is ours here, or a
        # machine that writes no bytecode (PYTHONDONTWRITEBYTECODE) compiles it at every start.
        subprocess.run(
            [sys.executable, "-m", "compileall", "-q", "pensioenchecker", "ui", "app.py"],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        for command in (ours_cmd, bare_cmd, paused_cmd):  # warm the file cache for all
            timed_process(command, 1)
        ours, bare, paused = [], [], []
        for _ in range(runs):  # interleaved, so all see the same machine
            ours += timed_process(ours_cmd, 1)
            bare += timed_process(bare_cmd, 1)
            paused += timed_process(paused_cmd, 1)
    t_ours, t_bare = statistics.median(ours), statistics.median(bare)
    t_paused = statistics.median(paused)
    print(f"Pensioenchecker (demo household)  {t_ours * 1000:7.0f} ms   (median of {runs})")
    print(f"bare PySide6 + one canvas         {t_bare * 1000:7.0f} ms")
    print(f"  the same, collector paused      {t_paused * 1000:7.0f} ms")
    ratio = t_ours / t_bare
    print(
        f"ratio {ratio:.2f}x (against the paused bare window {t_ours / t_paused:.2f}x); "
        f"target <= 1.5x -> {'MET' if ratio <= 1.5 else 'NOT MET'}"
    )


def redraw(runs: int) -> None:
    print("\n== 2. recompute and redraw after an edit ==")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QT_API", "pyside6")
    sys.path.insert(0, str(ROOT))
    from PySide6.QtWidgets import QApplication

    from ui.application import build_window, demo_files
    from ui.i18n import Texts

    app = QApplication.instance() or QApplication(sys.argv[:1])
    window, controller = build_window(Texts("nl"), "2026-11-28", show_dialogs=False)
    window.resize(1280, 860)
    window.show()
    controller.load_files(demo_files("couple"))
    app.processEvents()
    line = next(e for e in controller.dossier.entitlements if e.kind == "old_age")
    base = line.annual_gross.cents
    times = []
    for step in range(runs + 2):
        start = time.perf_counter()
        controller.edit_amount(line.id, base + 10_000 * (step + 1))
        app.processEvents()
        window.grab()  # forces the repaint of the page in front, chart included
        times.append(time.perf_counter() - start)
    edit = statistics.median(times[2:])
    print(f"edit -> recompute -> repaint   {edit * 1000:7.1f} ms   (median of {runs})")
    print(f"target < 100 ms -> {'MET' if edit < 0.1 else 'NOT MET'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    cold_start(args.runs)
    redraw(args.runs * 4)


if __name__ == "__main__":
    main()
