"""Smoke test of the built bundle: does it start without any Python environment, and how fast?

``python scripts/bundle_smoke.py [BUNDLE_DIR]`` (``make bundle-smoke``; ``make bundle`` runs it
after building). BUNDLE_DIR defaults to ``dist/pensioenchecker``.

1. ``pensioenchecker --version`` prints the package's version;
2. ``pensioenchecker --demo --page overview --screenshot FILE`` writes a PNG of more than 10 kB
   and logs no error; so do the other pages;
3. a UWV insurance statement (a PDF made here with fpdf2) opens on the data page: the PDF
   reader and the parts of fontTools it loads are in the bundle;
4. cold start of the frozen app against ``python app.py`` with the same arguments, median of
   three each, run in turns (frozen, source, frozen, ...) so a busy machine weighs on both;
5. the size of the one-folder bundle, with its 15 largest entries: more than 200 MB fails.

The bundle runs with a bare environment (PATH=/usr/bin:/bin, HOME, QT_QPA_PLATFORM only): no
PYTHONPATH, no VIRTUAL_ENV, no venv on the PATH, so nothing but the bundle itself is used.
Exit status 1 when a check fails; the timings are reported, not enforced.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXE_NAME = "pensioenchecker.exe" if sys.platform == "win32" else "pensioenchecker"
SIZE_GOAL_MB = 200
MIN_PNG_BYTES = 10_000
RUNS = 3
OTHER_PAGES = ("ophalen", "data", "explain", "whatif", "share")


def say(text: str, error: bool = False) -> None:
    """One line of the report, on stdout (or stderr for a failure), shown at once."""
    stream = sys.stderr if error else sys.stdout
    stream.write(text + "\n")
    stream.flush()


def bare_environment(home: Path) -> dict[str, str]:
    """Only what a desktop session would give a program: no Python environment at all."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    if sys.platform == "win32":  # Windows cannot start a program without these
        for name in ("SYSTEMROOT", "WINDIR", "TEMP", "TMP"):
            if name in os.environ:
                env[name] = os.environ[name]
    return env


def run(command: list[str], env: dict[str, str], cwd: Path) -> tuple[float, str]:
    """Run ``command``; its wall time in seconds and its output. Fails loudly on a bad exit."""
    start = time.perf_counter()
    done = subprocess.run(
        command, env=env, cwd=cwd, capture_output=True, text=True, timeout=300, check=False
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(
            f"FAIL: {' '.join(command)} exited with {done.returncode}\n"
            f"--- stdout\n{done.stdout}\n--- stderr\n{done.stderr}"
        )
    return seconds, done.stdout + done.stderr


def crashed(data_dir: Path) -> str | None:
    """The error the app logged in ``data_dir``, if any (a page that fails still exits 0)."""
    crash = data_dir / "log" / "crash.txt"
    if crash.is_file():
        return crash.read_text(encoding="utf-8").strip().splitlines()[-1]
    return None


def folder_size(folder: Path) -> int:
    """Bytes in ``folder`` (symbolic links counted once, as links)."""
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() or p.is_symlink())


def largest_entries(bundle: Path, count: int = 15) -> list[tuple[int, str]]:
    """The biggest entries of the bundle, to see at once what made it grow.

    The files and folders directly in ``_internal`` (PySide6's Qt apart from its bindings) and
    the program itself.
    """
    internal = bundle / "_internal"
    entries: list[Path] = [p for p in bundle.iterdir() if p != internal]
    for entry in internal.iterdir() if internal.is_dir() else []:
        if entry.name == "PySide6" and (entry / "Qt").is_dir():
            entries += list(entry.iterdir())
        else:
            entries.append(entry)
    sized = [
        (folder_size(e) if e.is_dir() and not e.is_symlink() else e.lstat().st_size, e)
        for e in entries
    ]
    sized.sort(key=lambda pair: pair[0], reverse=True)
    return [(size, entry.relative_to(bundle).as_posix()) for size, entry in sized[:count]]


UWV_LINES = [
    "Verzekeringsbericht",
    "VZB-006",
    "De heer J. Voorbeeld (synthetisch)",
    "Datum: 15-01-2026",
    "Werkgever Bakkerij De Korenschoof B.V. (synthetisch)",
    "Loonheffingennummer 001234567L01",
    "Verzekerde wetten WW, ZW, WIA",
    "Contractvorm schriftelijke arbeidsovereenkomst voor onbepaalde tijd, geen oproepovereenkomst",
    "Periode Uren SV-loon",
    "01-01-2024 t/m 31-01-2024 152 \u20ac 3.215,45",
]


def uwv_pdf(path: Path) -> Path:
    """A synthetic UWV insurance statement, as the importer's tests make it."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_font("helvetica", size=9)
    pdf.add_page()
    for line in UWV_LINES:
        pdf.cell(text=line, new_x="LMARGIN", new_y="NEXT")
    path.write_bytes(bytes(pdf.output()))
    return path


def version() -> str:
    namespace: dict[str, str] = {}
    text = (ROOT / "pensioenchecker" / "__init__.py").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.startswith("__version__"):
            exec(line, namespace)
    return namespace["__version__"]


def main(argv: list[str]) -> int:
    bundle = (Path(argv[0]) if argv else ROOT / "dist" / "pensioenchecker").resolve()
    exe = bundle / EXE_NAME
    if not exe.is_file():
        say(f"FAIL: no {exe}; build it first with `make bundle`", error=True)
        return 1
    python = Path(sys.executable)
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="pensioenchecker-smoke-") as tmp:
        work = Path(tmp)
        home = work / "home"
        home.mkdir()
        env = bare_environment(home)
        elsewhere = work  # not the source tree: the bundle must not find the sources

        # 1. --version
        _, out = run([str(exe), "--version"], env, elsewhere)
        expected = f"Pensioenchecker {version()}"
        say(f"--version: {out.strip()}")
        if expected not in out:
            failures.append(f"--version printed {out.strip()!r}, expected {expected!r}")

        # 2. a screenshot of the overview page of the demo household
        png = work / "overview.png"
        seconds, out = run(
            [str(exe), "--demo", "--page", "overview", "--screenshot", str(png),
             "--no-crash-dialog", "--data-dir", str(work / "data-first")],
            env,
            elsewhere,
        )  # fmt: skip
        size = png.stat().st_size if png.is_file() else 0
        say(f"screenshot: {png.name}, {size / 1000:.1f} kB, first start {seconds:.2f} s")
        error = crashed(work / "data-first")
        if error:
            failures.append(f"the frozen app logged an error: {error}")
        if size <= MIN_PNG_BYTES:
            failures.append(f"screenshot {png} is {size} bytes, expected more than 10 kB")
        else:
            keep = Path(tempfile.gettempdir()) / "pensioenchecker-bundle-overview.png"
            keep.write_bytes(png.read_bytes())
            say(f"screenshot kept at {keep}")

        # The other pages load late (and with them pandas, the explanations, the what-if tables).
        for page in OTHER_PAGES:
            shot = work / f"{page}.png"
            data = work / f"data-{page}"
            run([str(exe), "--demo", "--page", page, "--screenshot", str(shot),
                 "--no-crash-dialog", "--data-dir", str(data)], env, elsewhere)  # fmt: skip
            error = crashed(data)
            size = shot.stat().st_size if shot.is_file() else 0
            say(f"page {page}: {size / 1000:.0f} kB" + (f", ERROR {error}" if error else ""))
            if error or size <= MIN_PNG_BYTES:
                failures.append(f"the {page} page: {error or f'screenshot of {size} bytes'}")

        # 3. a PDF import (pypdf, and fontTools' font tables) on the data page
        demo = sorted((ROOT / "resources" / "demo" / "couple").iterdir())
        pdf = uwv_pdf(work / "verzekeringsbericht.pdf")
        shot, data = work / "pdf.png", work / "data-pdf"
        command = [str(exe), *map(str, demo), str(pdf), "--page", "data", "--screenshot",
                   str(shot), "--no-crash-dialog", "--data-dir", str(data)]  # fmt: skip
        _, out = run(command, env, elsewhere)
        error = crashed(data)
        log = "".join(p.read_text(encoding="utf-8") for p in (data / "log").glob("*.log"))
        size = shot.stat().st_size if shot.is_file() else 0
        problem = next((line for line in (out + log).splitlines() if "ModuleNotFound" in line
                        or "No module named" in line), None)  # fmt: skip
        say(f"UWV PDF on the data page: {size / 1000:.0f} kB" + (f", {error}" if error else ""))
        if error or problem or size <= MIN_PNG_BYTES:
            failures.append(f"the PDF import: {error or problem or f'screenshot of {size} bytes'}")

        # 4. cold start, frozen against source, in turns
        def frozen(i: int) -> list[str]:
            return [str(exe), "--demo", "--screenshot", str(work / f"frozen-{i}.png"),
                    "--no-crash-dialog", "--data-dir", str(work / f"frozen-{i}")]  # fmt: skip

        def source(i: int) -> list[str]:
            return [str(python), str(ROOT / "app.py"), "--demo",
                    "--screenshot", str(work / f"source-{i}.png"),
                    "--no-crash-dialog", "--data-dir", str(work / f"source-{i}")]  # fmt: skip

        frozen_times: list[float] = []
        source_times: list[float] = []
        for i in range(RUNS):
            frozen_times.append(run(frozen(i), env, elsewhere)[0])
            source_times.append(run(source(i), env, ROOT)[0])  # the venv interpreter, by path
        for i in range(RUNS):
            error = crashed(work / f"frozen-{i}")
            if error:
                failures.append(f"frozen run {i + 1} logged an error: {error}")
        frozen_png = (work / "frozen-0.png").stat().st_size
        source_png = (work / "source-0.png").stat().st_size
        say(f"screenshots: frozen {frozen_png / 1000:.0f} kB, source {source_png / 1000:.0f} kB")
        if frozen_png < source_png / 2:
            failures.append("the frozen screenshot is under half the source's: parts missing")
        f_med = statistics.median(frozen_times)
        s_med = statistics.median(source_times)
        say(
            "cold start to screenshot (median of 3, in turns):\n"
            f"  frozen bundle  {f_med:6.2f} s  ({', '.join(f'{t:.2f}' for t in frozen_times)})\n"
            f"  python app.py  {s_med:6.2f} s  ({', '.join(f'{t:.2f}' for t in source_times)})\n"
            f"  frozen / source = {f_med / s_med:.2f}"
        )

    # 5. size
    mb = folder_size(bundle) / 1e6
    verdict = "within" if mb <= SIZE_GOAL_MB else "over"
    say(f"one-folder bundle: {mb:.1f} MB ({verdict} the limit of {SIZE_GOAL_MB} MB); largest:")
    for size, name in largest_entries(bundle):
        say(f"  {size / 1e6:7.1f} MB  {name}")
    if mb > SIZE_GOAL_MB:
        failures.append(f"the bundle is {mb:.1f} MB, more than {SIZE_GOAL_MB} MB")

    for failure in failures:
        say(f"FAIL: {failure}", error=True)
    if not failures:
        say("bundle smoke test passed")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
