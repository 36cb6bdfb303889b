"""Fetching a rule pack: one plain GET, nothing about the user in it, and every check on the way.

The request carries no personal data, no identifiers and no cookies: the pack's address, a
neutral ``User-Agent: Pensioenchecker/<version>`` and ``Accept: application/json``. Connection
errors and server errors (5xx) are tried again, three tries in all, with exponential back-off;
the body must be JSON and at most ``MAX_PACK_BYTES``, counted while it streams in.
"""

from __future__ import annotations

import http.cookiejar
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from pensioenchecker import __version__
from pensioenchecker.rules.packs import (
    MAX_PACK_BYTES,
    Pack,
    PackError,
    builtin_version,
    install,
    installed_packs,
    verify_pack,
    version_key,
)

if TYPE_CHECKING:
    from requests import PreparedRequest as _Request

DEFAULT_RULES_URL = "https://pensioenchecker.nl/rules/rulepack-latest.json"
"""The project's release location for rule packs; maintainers publish each new pack there."""
URL_VARIABLE = "PENSIOENCHECKER_RULES_URL"
USER_AGENT = f"Pensioenchecker/{__version__}"
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
REDIRECTS = 5


@dataclass(frozen=True)
class Fetching:
    """How patient a download is: (connect, read) timeouts in seconds, tries, back-off."""

    connect_timeout: float = 5.0
    read_timeout: float = 20.0
    tries: int = 3
    backoff: float = 1.0
    """Seconds before the second try; doubled before each next one."""
    max_bytes: int = MAX_PACK_BYTES


def rules_url(given: str | None = None) -> str:
    """``--url``, else ``PENSIOENCHECKER_RULES_URL``, else the project's release location."""
    return given or os.environ.get(URL_VARIABLE) or DEFAULT_RULES_URL


def shown(url: str) -> str:
    """The address as messages show it: scheme://host[:port]/path.

    Never a user name, password, query or fragment: they may hold credentials or tokens.
    """
    text = url.split("#", 1)[0].split("?", 1)[0]
    scheme, separator, rest = text.partition("://")
    if not separator:
        scheme, rest = "", text
    host, slash, path = rest.partition("/")
    host = host.rpartition("@")[2]
    result = f"{scheme}{separator}{host}{slash}{path}"
    result = "".join(c if c.isprintable() else "?" for c in result)
    return result if len(result) <= 200 else result[:197] + "..."


def _check_url(url: str, allow_http: bool = True) -> None:
    """Refuse in one line anything but https:// (or http:// to this computer, if allowed)."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError for a port that is not 0-65535
    except ValueError:
        raise PackError("not a valid address", shown(url)) from None
    if not host or any(c.isspace() or not c.isprintable() for c in host):
        raise PackError("not a valid address (no or a malformed host name)", shown(url))
    if parts.scheme == "https":
        return
    if parts.scheme == "http" and host in LOCAL_HOSTS and allow_http:
        return
    raise PackError(
        "only https:// addresses are allowed (http:// only on this computer)", shown(url)
    )


def fetch(url: str, fetching: Fetching | None = None) -> bytes:
    """The body at ``url``, or ``PackError`` saying in one line why not."""
    import requests

    settings = fetching or Fetching()
    _check_url(url)
    session = requests.Session()
    session.trust_env = True  # the system's proxies and CA bundle; ``_no_auth`` keeps .netrc out
    session.cookies.set_policy(http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))
    session.headers.clear()
    session.headers.update(
        {"User-Agent": USER_AGENT, "Accept": "application/json", "Accept-Encoding": "identity"}
    )
    delay = settings.backoff
    last = "no answer"
    try:
        for attempt in range(1, settings.tries + 1):
            if attempt > 1:
                time.sleep(delay)
                delay *= 2
            try:
                return _get(session, url, settings)
            except _RetryableError as exc:
                last = str(exc)
            except requests.exceptions.ConnectionError:
                last = "no connection to the server"
        raise PackError(f"{last} (tried {settings.tries} times)", shown(url))
    except requests.exceptions.InvalidURL:
        raise PackError("not a valid address", shown(url)) from None
    except requests.exceptions.RequestException as exc:
        raise PackError(f"the download failed ({type(exc).__name__})", shown(url)) from None
    finally:
        session.close()


def _no_auth(request: _Request) -> _Request:
    """An explicit "no credentials", so requests never adds any from a .netrc file."""
    return request


class _RetryableError(Exception):
    """A failure worth another try (a server error)."""


def _get(session: object, url: str, settings: Fetching) -> bytes:
    import requests

    assert isinstance(session, requests.Session)
    timeout = (settings.connect_timeout, settings.read_timeout)
    where = shown(url)
    # http:// only when the address given was already local: never https -> http
    allow_http = urlsplit(url).scheme == "http"
    current = url
    for _ in range(REDIRECTS + 1):
        try:
            response = session.get(
                current, timeout=timeout, stream=True, allow_redirects=False, auth=_no_auth
            )
        except requests.exceptions.ReadTimeout:
            raise PackError(
                f"the server did not answer within {settings.read_timeout:g} s", where
            ) from None
        except requests.exceptions.SSLError:
            raise PackError("the server's certificate could not be verified", where) from None
        except requests.exceptions.InvalidURL:
            raise PackError("not a valid address", where) from None
        except ValueError:  # requests parses a redirect's Location even when not following it
            raise PackError(
                "not a valid address, or redirected to an invalid address", where
            ) from None
        with response:
            if response.is_redirect:
                location = response.headers.get("Location", "")
                try:
                    target = urljoin(current, location)
                except ValueError:
                    raise PackError(
                        f"redirected to an invalid address {shown(location)!r}", where
                    ) from None
                _check_url(target, allow_http)
                current = target
                continue
            if response.status_code >= 500:
                raise _RetryableError(f"the server failed (HTTP {response.status_code})")
            if response.status_code != 200:
                raise PackError(f"the server answered HTTP {response.status_code}", where)
            kind = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
            if kind != "application/json" and not kind.endswith("+json"):
                raise PackError(f"not a JSON answer (content type {kind or 'none'!r})", where)
            return _read_limited(response, settings, where)
    raise PackError(f"more than {REDIRECTS} redirects", where)


def _read_limited(response: object, settings: Fetching, url: str) -> bytes:
    import requests

    assert isinstance(response, requests.Response)
    limit = settings.max_bytes
    too_big = PackError(f"larger than {limit // (1024 * 1024) or limit} MB; refused", url)
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise too_big
    body = bytearray()
    try:
        for chunk in response.iter_content(chunk_size=65536):
            body.extend(chunk)
            if len(body) > limit:
                raise too_big
    except requests.exceptions.ConnectionError as exc:
        if "timed out" in str(exc).lower():
            raise PackError(
                f"the server stopped sending within {settings.read_timeout:g} s", url
            ) from None
        raise PackError("the download was cut off", url) from None
    except requests.exceptions.ChunkedEncodingError:
        raise PackError("the download was cut off", url) from None
    except requests.exceptions.Timeout:
        raise PackError(
            f"the server stopped sending within {settings.read_timeout:g} s", url
        ) from None
    return bytes(body)


@dataclass(frozen=True)
class Update:
    """What an update did: the pack installed and where."""

    pack: Pack
    path: Path


def update(
    url: str,
    folder: Path | None = None,
    trusted_keys: Mapping[str, str] | None = None,
    fetching: Fetching | None = None,
) -> Update:
    """Fetch, verify and install a pack newer than the figures in use; refuse anything else."""
    data = fetch(url, fetching)
    pack = verify_pack(data, trusted_keys)
    current = [item.pack for item in installed_packs(folder, trusted_keys) if item.pack]
    newest = max((p.version for p in current), key=version_key, default=None)
    baseline = max([builtin_version()] + ([newest] if newest else []), key=version_key)
    if pack.order <= version_key(baseline):
        raise PackError(
            f"version {pack.version} is not newer than the figures in use ({baseline}); "
            "nothing installed",
            shown(url),
        )
    return Update(pack, install(pack, folder))
