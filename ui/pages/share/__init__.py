"""Sharing, both sides: the user answers requests with packages, the adviser opens them.

The user answers a request with a package and can revoke it; the adviser has a key, requests
(file, text code, QR code), opened packages as clients, and a presentation view.

Everything goes through the core (``pensioenchecker.share``, ``pensioenchecker.vault``); the page
only shows and asks. The vault is opened when the page is first used, not at start-up.
"""

from ui.pages.share.page import SharePage

__all__ = ["SharePage"]
