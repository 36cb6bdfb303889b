"""Qt widgets of the desktop application (PySide6). The core never imports this package."""
