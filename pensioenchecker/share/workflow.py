"""Sharing as one step: what ``share create`` and the window's Share page both do.

A package is more than its encryption: the package and its consent receipt are written side by
side, the vault records the share and its log line, and a request with an upload address can have
the package sent. The command line and the window call ``share_package``, so a package made
either way is written, recorded and sent the same way. ``read_share_file`` is the bounded read
both use for packages, notices and requests.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from pensioenchecker.errors import InputError, PensioencheckerError
from pensioenchecker.messages import phrase
from pensioenchecker.model import Dossier
from pensioenchecker.share._common import MAX_SHARE_BYTES, read_bytes
from pensioenchecker.share.categories import parse_categories
from pensioenchecker.share.delivery import TIMEOUT, Timeout, send_package
from pensioenchecker.share.ledger import record_sent
from pensioenchecker.share.package import CreatedPackage, SharedFile, create_package
from pensioenchecker.share.request import ShareRequest
from pensioenchecker.storage import write_atomic
from pensioenchecker.vault import Vault
from pensioenchecker.vault.repair import drop_pending, note_pending, remove_pending_files

VaultSource = Vault | Callable[[], Vault] | None
"""An open vault; or a function that opens one, called only once the package is made (so nobody
is asked for a passphrase for a package that could not be made) and closed afterwards."""


def read_share_file(path: Path, limit: int = MAX_SHARE_BYTES) -> bytes:
    """A package's, notice's or request's bytes; missing, empty or oversized files refused by name.

    The window reads what the user picks through this, so a wrong file is one readable line.
    """
    return read_bytes(path, limit)


def receipt_path(package: Path) -> Path:
    """Where a package's consent receipt is kept: beside it, named after it."""
    return package.with_name(package.name + ".receipt.json")


@dataclass(frozen=True)
class SharedPackage:
    """What sharing left behind: the package (written), its receipt, and where it was sent."""

    created: CreatedPackage
    path: Path
    receipt_path: Path
    categories: tuple[str, ...]
    host: str | None = None
    """The host the package was uploaded to; None when it was not sent."""

    @property
    def share_id(self) -> str:
        """The id a revocation names."""
        return self.created.header.share_id

    @property
    def expires_at(self) -> dt.datetime:
        """When the recipient must have deleted the data."""
        return self.created.header.expires_at


class UploadFailedError(InputError):
    """The package is written and recorded, but did not reach the upload address."""

    def __init__(self, saved: SharedPackage, reason: InputError) -> None:
        self.saved = saved
        self.reason = reason
        super().__init__(
            phrase(
                "the package is saved at {file}; upload failed: {reason}",
                file=str(saved.path),
                reason=reason.message,
            )
        )


def share_package(
    request: ShareRequest,
    dossier: Dossier,
    categories: str | Sequence[str],
    user_key: Ed25519PrivateKey,
    output: Path,
    *,
    files: Sequence[SharedFile] = (),
    vault: VaultSource = None,
    send: bool = False,
    now: dt.datetime | None = None,
    timeout: Timeout = TIMEOUT,
    on_saved: Callable[[SharedPackage], None] | None = None,
) -> SharedPackage:
    """Make the package for ``request``, write it and its receipt, record it, and send it.

    The chosen categories are checked against the request (``create_package``). Package and
    receipt are each written atomically; only then is the share recorded in ``vault`` (with its
    log line, one transaction; a crash in between is undone by the next ``Vault.open``), and
    ``on_saved`` is told, before any upload starts. With ``send`` the package goes
    to the request's upload address and the vault logs where; a failed upload raises
    ``UploadFailedError``, and the written, recorded package stays. Blocks: the window runs this
    off its GUI thread.
    """
    chosen = parse_categories(categories)
    made = create_package(request, dossier, chosen, user_key, files, now)
    receipt = receipt_path(output)
    saved = SharedPackage(made, output, receipt, chosen)
    with ExitStack() as stack:
        opened = _open(vault, stack)
        _write_and_record(opened, request, made, chosen, output, receipt)
        if on_saved is not None:
            on_saved(saved)
        if not send:
            return saved
        try:
            host = send_package(request, made.data, timeout=timeout)
        except InputError as exc:
            raise UploadFailedError(saved, exc) from None
        if opened is not None:
            opened.log("package sent", host=host)
    return dataclasses.replace(saved, host=host)


def _write_and_record(
    vault: Vault | None,
    request: ShareRequest,
    made: CreatedPackage,
    chosen: tuple[str, ...],
    output: Path,
    receipt: Path,
) -> None:
    """Write package and receipt, then record them; a crash leaves both or what repair undoes.

    The vault first notes the package as pending (its own small transaction); the files are
    written atomically; the record and its log line then land in one transaction that also
    drops the note. A crash before that leaves the note, and the next ``Vault.open`` removes the
    unrecorded package and receipt.
    """
    receipt_bytes = (json.dumps(made.receipt, ensure_ascii=False, indent=2) + "\n").encode()
    if vault is None:
        write_atomic(output, made.data)
        write_atomic(receipt, receipt_bytes)
        return
    share_id = made.header.share_id
    digest = hashlib.sha256(made.data).hexdigest()
    note_pending(vault, share_id, output, receipt, digest)
    try:
        write_atomic(output, made.data)
        write_atomic(receipt, receipt_bytes)
    except BaseException:
        remove_pending_files(output, receipt, digest)
        drop_pending(vault, share_id)
        raise
    record_sent(vault, request, made, chosen)


def _open(vault: VaultSource, stack: ExitStack) -> Vault | None:
    """The vault to record in; one opened here is closed when the stack closes."""
    if vault is None or isinstance(vault, Vault):
        return vault
    return stack.enter_context(vault())


def matching_files(paths: Iterable[Path], dossier: Dossier) -> list[SharedFile]:
    """Of the given files, those the dossier was imported from (same name and SHA-256).

    For the ``files`` category in the window: only files the user opened count. Names in a
    dossier are never used as paths, because a dossier from elsewhere could name any file on the
    machine; an unreadable file is left out.
    """
    wanted = {(Path(d.name).name, d.sha256) for d in dossier.documents}
    found = []
    for path in paths:
        try:
            data = read_bytes(Path(path))
        except PensioencheckerError:
            continue
        if (Path(path).name, hashlib.sha256(data).hexdigest()) in wanted:
            found.append(SharedFile(Path(path).name, data))
    return found
