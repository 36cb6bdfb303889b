"""Sharing a household's data with an adviser: consent requests, encrypted packages, revocation.

The adviser makes a key pair and a signed request; the user chooses which categories to share;
the package is encrypted for the adviser's key and signed by the user's own key, and carries a
receipt of the consent that was given; ``share_package`` does all of it, for the command line
and the window alike. Nothing here imports Qt, so the window uses it directly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pensioenchecker.lazy import lazy_exports

if TYPE_CHECKING:
    from pensioenchecker.share.categories import CATEGORIES, parse_categories, select_categories
    from pensioenchecker.share.consent import CONSENT_VERSION, consent_text, consent_texts
    from pensioenchecker.share.keys import (
        RecipientKeys,
        load_recipient_keys,
        load_signing_key,
        make_keys,
        own_signing_key,
        save_recipient_keys,
    )
    from pensioenchecker.share.package import (
        OpenedPackage,
        PackageHeader,
        SharedFile,
        create_package,
        gather_files,
        open_package,
        read_header,
    )
    from pensioenchecker.share.request import (
        MAX_DAYS,
        ShareRequest,
        make_request,
        read_request,
        request_qr,
        request_text_code,
    )
    from pensioenchecker.share.revoke import Revocation, make_revocation, read_revocation
    from pensioenchecker.share.workflow import (
        SharedPackage,
        UploadFailedError,
        matching_files,
        read_share_file,
        receipt_path,
        share_package,
    )

_WHERE = {
    "CATEGORIES": "pensioenchecker.share.categories",
    "parse_categories": "pensioenchecker.share.categories",
    "select_categories": "pensioenchecker.share.categories",
    "CONSENT_VERSION": "pensioenchecker.share.consent",
    "consent_text": "pensioenchecker.share.consent",
    "consent_texts": "pensioenchecker.share.consent",
    "RecipientKeys": "pensioenchecker.share.keys",
    "load_recipient_keys": "pensioenchecker.share.keys",
    "load_signing_key": "pensioenchecker.share.keys",
    "make_keys": "pensioenchecker.share.keys",
    "own_signing_key": "pensioenchecker.share.keys",
    "save_recipient_keys": "pensioenchecker.share.keys",
    "OpenedPackage": "pensioenchecker.share.package",
    "PackageHeader": "pensioenchecker.share.package",
    "SharedFile": "pensioenchecker.share.package",
    "create_package": "pensioenchecker.share.package",
    "gather_files": "pensioenchecker.share.package",
    "open_package": "pensioenchecker.share.package",
    "read_header": "pensioenchecker.share.package",
    "MAX_DAYS": "pensioenchecker.share.request",
    "ShareRequest": "pensioenchecker.share.request",
    "make_request": "pensioenchecker.share.request",
    "read_request": "pensioenchecker.share.request",
    "request_qr": "pensioenchecker.share.request",
    "request_text_code": "pensioenchecker.share.request",
    "Revocation": "pensioenchecker.share.revoke",
    "make_revocation": "pensioenchecker.share.revoke",
    "read_revocation": "pensioenchecker.share.revoke",
    "SharedPackage": "pensioenchecker.share.workflow",
    "UploadFailedError": "pensioenchecker.share.workflow",
    "matching_files": "pensioenchecker.share.workflow",
    "read_share_file": "pensioenchecker.share.workflow",
    "receipt_path": "pensioenchecker.share.workflow",
    "share_package": "pensioenchecker.share.workflow",
}
"""Where each name lives: imported on first use, so the command line and the window start
without the cryptography until it is needed."""


__getattr__ = lazy_exports(__name__, _WHERE)

__all__ = [
    "CATEGORIES",
    "CONSENT_VERSION",
    "MAX_DAYS",
    "OpenedPackage",
    "PackageHeader",
    "RecipientKeys",
    "Revocation",
    "ShareRequest",
    "SharedFile",
    "SharedPackage",
    "UploadFailedError",
    "consent_text",
    "consent_texts",
    "create_package",
    "gather_files",
    "load_recipient_keys",
    "load_signing_key",
    "make_keys",
    "make_request",
    "make_revocation",
    "matching_files",
    "open_package",
    "own_signing_key",
    "parse_categories",
    "read_header",
    "read_request",
    "read_revocation",
    "read_share_file",
    "receipt_path",
    "request_qr",
    "request_text_code",
    "save_recipient_keys",
    "select_categories",
    "share_package",
]
