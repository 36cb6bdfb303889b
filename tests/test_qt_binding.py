"""The Qt binding keeps Python's reference counts: an empty answer must not cost None a reference.

PySide6 6.12.0 dropped a reference to None each time a QVariant came back empty (a widget's
``property()`` that was never set, an empty cell's ``data()``). On Python 3.11, where None is
not immortal, a window that zooms or fills tables long enough then aborts with "deallocating
None"; the suite itself aborted in random order. The pinned binding must pass this.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QTableWidget, QWidget


def test_an_unset_property_and_an_empty_cell_keep_none_alive(qtbot):
    widget = QWidget()
    table = QTableWidget(2, 2)
    qtbot.addWidget(widget)
    qtbot.addWidget(table)
    cell = table.model().index(0, 0)
    before = sys.getrefcount(None)
    for _ in range(500):
        assert widget.property("neverSet") is None
        assert table.model().data(cell) is None
    # A few references may come and go elsewhere; 1,000 lost ones may not.
    assert sys.getrefcount(None) - before > -50
