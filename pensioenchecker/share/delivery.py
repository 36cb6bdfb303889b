"""Delivering share packages over HTTPS: the user's program PUTs, the recipient's program GETs.

The addresses come from the signed request (``upload_url``, ``download_url``), typically an
object store's pre-signed addresses with their own expiry. What travels is only the encrypted
package: no name, no dossier, no cookies, no headers beyond the neutral ones below. TLS
certificates are always checked. Failures become one-line ``InputError`` messages that name the
host, never the query string (which holds the store's signature).

``send_package`` and ``fetch_package`` take no argparse arguments, so the window uses them
directly (from a worker thread: they block).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from http.cookiejar import DefaultCookiePolicy
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

import requests

from pensioenchecker import __version__
from pensioenchecker.errors import InputError
from pensioenchecker.share._common import MAX_SHARE_BYTES
from pensioenchecker.share.package import PackageHeader, read_header
from pensioenchecker.share.request import ShareRequest, check_url, url_host
from pensioenchecker.storage import write_atomic

if TYPE_CHECKING:
    from requests.models import PreparedRequest

USER_AGENT = f"Pensioenchecker/{__version__}"
CHUNK = 64 * 1024
TIMEOUT: tuple[float, float] = (10.0, 60.0)
"""Seconds to connect, and seconds of silence while reading, before giving up on a try."""
RETRIES = 2
"""Tries after the first one (3 in all), on connection errors, time-outs and 5xx answers."""
BACKOFF = 1.0
"""Seconds before the first retry; doubled before each next one."""
MAX_REDIRECTS = 5
RETRY_STATUS = frozenset({408, 429, 500, 502, 503, 504})

Progress = Callable[[int, int], None]
"""Called with (bytes sent so far, bytes in all)."""
Timeout = float | tuple[float, float]


class _Body:
    """The package as an iterable of chunks with a length.

    The length makes ``requests`` send a Content-Length header instead of chunked encoding
    (object stores refuse chunked PUTs); the iteration lets progress be reported.
    """

    def __init__(self, data: bytes, progress: Progress | None) -> None:
        self._data = data
        self._progress = progress

    def __len__(self) -> int:
        return len(self._data)

    def __iter__(self) -> Iterator[bytes]:
        total = len(self._data)
        view = memoryview(self._data)
        for start in range(0, total, CHUNK):
            chunk = bytes(view[start : start + CHUNK])
            yield chunk
            if self._progress is not None:
                self._progress(start + len(chunk), total)


def _no_auth(request: PreparedRequest) -> PreparedRequest:
    """No authentication: keeps ``requests`` from adding credentials from a ~/.netrc file."""
    return request


def _session() -> requests.Session:
    """A fresh session: neutral headers, certificate checks on, no cookies kept or sent."""
    session = requests.Session()
    session.headers.clear()
    session.headers.update({"User-Agent": USER_AGENT, "Accept": "*/*"})
    session.cookies.set_policy(DefaultCookiePolicy(allowed_domains=[]))
    session.verify = True
    return session


def _describe(exc: requests.RequestException, timeout: Timeout) -> tuple[str, bool]:
    """A one-line reason for a failed try, and whether another try may help."""
    connect, read = timeout if isinstance(timeout, tuple) else (timeout, timeout)
    if isinstance(exc, requests.exceptions.SSLError):
        return "the secure connection failed (certificate not trusted or TLS error)", False
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return f"no connection within {connect:g} s", True
    if isinstance(exc, requests.exceptions.ReadTimeout):
        return f"no answer within {read:g} s", True
    if isinstance(exc, requests.exceptions.ChunkedEncodingError):
        return "the connection broke off (the transfer was cut off)", True
    if isinstance(exc, requests.exceptions.ConnectionError):
        return "cannot connect (no network, or the server is down)", True
    return f"the transfer failed ({type(exc).__name__})", False


def _status_reason(response: requests.Response, doing: str) -> str:
    status = response.status_code
    text = f"HTTP {status} {response.reason or ''}".strip()
    if status in (401, 403):
        return f"the server refused the {doing} ({text}; the address may have expired)"
    if status == 404:
        return f"nothing found at the address ({text})"
    if 300 <= status < 400:
        return f"the server redirected ({text}), which is not followed for an {doing}"
    return f"the server answered {text}"


def _retrying(
    attempt: Callable[[], bytes | None],
    *,
    host: str,
    where: str,
    timeout: Timeout,
    retries: int,
    backoff: float | None,
) -> bytes | None:
    """Run ``attempt`` up to ``retries + 1`` times with exponential back-off."""
    delay = BACKOFF if backoff is None else backoff
    tries = max(0, retries) + 1
    reason = ""
    for number in range(1, tries + 1):
        try:
            return attempt()
        except _RetryableError as retry:
            reason = retry.reason
        except requests.RequestException as exc:
            reason, again = _describe(exc, timeout)
            if not again:
                raise InputError(f"{host}: {reason}", where) from None
        if number < tries:
            time.sleep(delay)
            delay *= 2
    times = f" ({tries} tries)" if tries > 1 else ""
    raise InputError(f"{host}: {reason}{times}", where)


class _RetryableError(Exception):
    """A try that failed in a way another try may fix (a 5xx answer, a cut-off body)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def upload_package(
    url: str,
    data: bytes,
    *,
    timeout: Timeout = TIMEOUT,
    retries: int = RETRIES,
    progress: Progress | None = None,
    backoff: float | None = None,
) -> None:
    """PUT the package bytes to ``url`` (streamed, with Content-Length).

    ``timeout`` is seconds, or (connect, read) seconds; ``retries`` is the number of tries after
    the first (on connection errors, time-outs and 5xx answers), waiting ``backoff`` seconds
    (default ``BACKOFF``) and doubling. Any 2xx answer is success; anything else is an
    ``InputError`` naming the host.
    """
    url = check_url(url, "upload address")
    host = url_host(url)
    if not data:
        raise InputError("the package is empty", "upload")

    def attempt() -> None:
        with _session() as session:
            response = session.put(
                url,
                data=_Body(data, progress),
                headers={"Content-Type": "application/octet-stream"},
                timeout=timeout,
                allow_redirects=False,
                auth=_no_auth,
            )
            with response:
                if 200 <= response.status_code < 300:
                    return None
                reason = _status_reason(response, "upload")
                if response.status_code in RETRY_STATUS:
                    raise _RetryableError(reason)
                raise InputError(f"{host}: {reason}", "upload")

    _retrying(attempt, host=host, where="upload", timeout=timeout, retries=retries, backoff=backoff)


def download_package(
    url: str,
    *,
    max_bytes: int = MAX_SHARE_BYTES,
    timeout: Timeout = TIMEOUT,
    retries: int = RETRIES,
    backoff: float | None = None,
) -> bytes:
    """GET a package (streamed), refusing more than ``max_bytes`` and a cut-off body.

    Redirects are followed (at most ``MAX_REDIRECTS``) only to addresses ``check_url`` allows.
    """
    url = check_url(url, "download address")
    host = url_host(url)
    local = urlsplit(url).scheme.lower() == "http"

    def attempt() -> bytes:
        target = url
        with _session() as session:
            for _ in range(MAX_REDIRECTS + 1):
                try:
                    response = session.get(
                        target,
                        stream=True,
                        timeout=timeout,
                        allow_redirects=False,
                        auth=_no_auth,
                    )
                except ValueError as exc:
                    if isinstance(exc, requests.RequestException):
                        raise
                    # requests already reads a redirect's Location (for ``response.next``).
                    raise InputError(
                        f"{host}: the server redirected to an invalid address",
                        "redirected address",
                    ) from None
                with response:
                    if response.is_redirect:
                        target = _redirect(target, response.headers.get("Location", ""), local)
                        continue
                    return _read_body(response, host, max_bytes)
        raise InputError(f"{host}: more than {MAX_REDIRECTS} redirects", "download")

    result = _retrying(
        attempt, host=host, where="download", timeout=timeout, retries=retries, backoff=backoff
    )
    assert result is not None
    return result


def _redirect(current: str, location: str, local: bool) -> str:
    """Where a redirect leads, checked like the address itself.

    Plain http:// (to this computer) is followed only when the download itself started there:
    an https:// address never leads to a local service.
    """
    where = "redirected address"
    try:
        target = urljoin(current, location.strip())
        scheme = urlsplit(target).scheme.lower()
    except ValueError:
        raise InputError("the server redirected to an invalid address", where) from None
    target = check_url(target, where)
    if scheme == "http" and not local:
        raise InputError(
            f"the server redirected from https:// to plain http:// ({url_host(target)}): refused",
            where,
        )
    return target


def _read_body(response: requests.Response, host: str, max_bytes: int) -> bytes:
    status = response.status_code
    if not 200 <= status < 300:
        reason = _status_reason(response, "download")
        if status in RETRY_STATUS:
            raise _RetryableError(reason)
        raise InputError(f"{host}: {reason}", "download")
    limit = f"larger than the limit of {max_bytes:,} bytes".replace(",", ".")
    declared = response.headers.get("Content-Length")
    expected: int | None = None
    if declared is not None:
        try:
            expected = int(declared)
        except ValueError:
            raise InputError(f"{host}: the answer's length is not a number", "download") from None
        if expected > max_bytes:
            raise InputError(f"{host}: the package is {limit}", "download")
    received = bytearray()
    for chunk in response.iter_content(CHUNK):
        received += chunk
        if len(received) > max_bytes:
            raise InputError(f"{host}: the package is {limit}", "download")
    if expected is not None and len(received) < expected and not _encoded(response):
        raise _RetryableError(f"the transfer was cut off ({len(received)} of {expected} bytes)")
    if not received:
        raise InputError(f"{host}: the answer is empty", "download")
    return bytes(received)


def _encoded(response: requests.Response) -> bool:
    """Compressed answers are decoded, so their length differs from Content-Length."""
    return response.headers.get("Content-Encoding", "identity").lower() != "identity"


# -- for the window and the command line --------------------------------------------------------


def send_package(
    request: ShareRequest,
    data: bytes,
    progress: Progress | None = None,
    *,
    timeout: Timeout = TIMEOUT,
    retries: int = RETRIES,
    backoff: float | None = None,
) -> str:
    """Upload a package to the address in its (verified) request; returns the host it went to.

    A request without an ``upload_url`` is an ``InputError``: the package is then handed over
    as a file. The caller keeps the package file whatever happens here.
    """
    if not request.upload_url:
        raise InputError(
            "the request has no upload address; hand the package over as a file", "request"
        )
    upload_package(
        request.upload_url,
        data,
        timeout=timeout,
        retries=retries,
        progress=progress,
        backoff=backoff,
    )
    return url_host(request.upload_url)


def fetch_package(
    url_or_request: str | ShareRequest,
    target: Path,
    *,
    max_bytes: int = MAX_SHARE_BYTES,
    timeout: Timeout = TIMEOUT,
    retries: int = RETRIES,
    backoff: float | None = None,
) -> PackageHeader:
    """Download a package from an address or a request's ``download_url`` into ``target``.

    The download must look like a package (its header parses) before ``target`` is written, in
    one step; opening it (signature, key, expiry) is ``open_package``'s work. Returns the header.
    """
    if isinstance(url_or_request, ShareRequest):
        url = url_or_request.download_url
        if not url:
            raise InputError("the request has no download address", "request")
    else:
        url = url_or_request
    data = download_package(
        url, max_bytes=max_bytes, timeout=timeout, retries=retries, backoff=backoff
    )
    header = read_header(data, f"download from {url_host(url)}")
    write_atomic(target, data)
    return header
