"""Pensioenchecker's desktop application: ``python app.py [--demo NAME] [--page P] ...``.

Thin on purpose: everything happens in ``ui.application.main`` in a fixed order (crash handler,
arguments, folders, logging, QApplication, language, main window).
"""

from ui.application import main

if __name__ == "__main__":
    raise SystemExit(main())
