"""URL lists fetched over HTTP(S) with httpx: bounded concurrency, timeouts, caps, checks.

``fetch_urls`` fetches URLs on a small thread pool (``FetchOptions.concurrency`` requests in
flight at most) and yields the results in the order of the URLs. Each response is checked
before it becomes a document: the status (4xx/5xx rejected), at most ``max_redirects``
redirects (a loop ends there), the content type (HTML, plain text or an RSS/Atom feed; a
missing type is sniffed), the declared and the received size (``max_bytes``, counted after
content decoding), a timeout on every network wait and a deadline for the whole response (a
server that trickles bytes is cut off). Every failure is a rejection naming the URL, and the
run goes on. A feed URL yields one document per entry; a page keeps the final URL (after
redirects) as its URL and the requested one as its name.

A URL list file (``.urls``, or ``.urls.gz``) holds one URL per line; blank lines and ``#``
comments are skipped.

Not handled yet: robots.txt, per-host politeness delays, retries, cookies and authentication,
and pages rendered by scripts (their text is not in the HTML).
"""

from __future__ import annotations

import gzip
import ipaddress
import socket
import threading
import time
import zlib
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storyline.io.feeds import iter_feed
from storyline.io.raw import RawDocument, raw_or_rejection, read_rejection
from storyline.io.sniff import sniff_feed, sniff_html
from storyline.model.records import Rejection

__all__ = ["FetchOptions", "fetch_urls", "is_url", "read_url_list"]

Item = RawDocument | Rejection
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml",
                         "application/xml", "text/xml"})
_TEXT_TYPES = frozenset({"text/plain"})


@dataclass(frozen=True, slots=True)
class FetchOptions:
    """How URLs are fetched: parallel requests, time limits, redirects and the client name."""

    concurrency: int = 8
    timeout: float = 15.0  # seconds for each connect, read or write
    deadline: float = 60.0  # seconds for a whole response
    max_redirects: int = 5
    user_agent: str = "storyline/0.1 (news dossier builder)"
    # a redirect to a loopback, private or link-local address is refused unless allowed (a
    # page elsewhere must not steer the fetcher into the local network)
    allow_private_redirects: bool = False


def is_url(text: str) -> bool:
    """Whether ``text`` is an http(s) URL."""
    return text.lower().startswith(("http://", "https://")) and len(text.split()) == 1


def read_url_list(path: Path) -> Iterator[str | Rejection]:
    """The URLs of a list file, and a rejection for every line that is not a URL.

    A list that cannot be read (missing, unreadable, broken gzip) is one rejection.
    """
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    try:
        with opener(path, "rt", encoding="utf-8", errors="replace") as fh:
            for n, line in enumerate(fh, start=1):
                text = line.strip()
                if not text or text.startswith("#"):
                    continue
                yield text if is_url(text) else read_rejection(f"{path}#{n}", "not an http(s) URL")
    except FileNotFoundError:
        yield read_rejection(path, "no such URL list file")
    except (OSError, EOFError, zlib.error) as exc:
        yield read_rejection(path, f"cannot read URL list: {getattr(exc, 'strerror', None) or exc}")


def fetch_urls(
    urls: Iterable[str | Rejection], *, max_bytes: int, options: FetchOptions | None = None
) -> Iterator[Item]:
    """Fetch every URL (rejections pass through) and yield documents in the order given."""
    import httpx

    opts = options or FetchOptions()
    client = httpx.Client(
        follow_redirects=True,
        max_redirects=opts.max_redirects,
        timeout=httpx.Timeout(opts.timeout),
        headers={"User-Agent": opts.user_agent},
        limits=httpx.Limits(max_connections=opts.concurrency),
        event_hooks={} if opts.allow_private_redirects else {"request": [_guard_redirect]},
    )
    window: deque[Future[list[Item]] | Rejection] = deque()
    with client, ThreadPoolExecutor(max_workers=opts.concurrency) as pool:
        for url in urls:
            if isinstance(url, Rejection):
                window.append(url)
            else:
                window.append(pool.submit(_fetch_one, client, url, max_bytes, opts))
            while len(window) > opts.concurrency:
                yield from _results(window.popleft())
        while window:
            yield from _results(window.popleft())


def _results(entry: Future[list[Item]] | Rejection) -> list[Item]:
    return [entry] if isinstance(entry, Rejection) else entry.result()


def _fetch_one(client: Any, url: str, max_bytes: int, opts: FetchOptions) -> list[Item]:
    """The documents of one URL, or the rejection saying why there are none."""
    import httpx

    if not is_url(url):
        return [read_rejection(url, "not an http(s) URL")]
    _ORIGIN.url = url
    try:
        return _get(client, url, max_bytes, opts)
    except _PrivateRedirect as exc:
        return [read_rejection(url, f"redirect to a private or loopback address refused "
                                    f"({exc}); allow with --allow-private-redirects")]
    except httpx.TimeoutException:
        return [read_rejection(url, f"timed out (nothing received for {opts.timeout:g} s)")]
    except httpx.TooManyRedirects:
        return [read_rejection(url, f"too many redirects (more than {opts.max_redirects})")]
    except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
        return [read_rejection(url, f"invalid URL ({exc})")]
    except httpx.ConnectError as exc:
        return [read_rejection(url, f"cannot connect ({exc or 'connection refused'})")]
    except httpx.HTTPError as exc:
        return [read_rejection(url, f"download failed ({type(exc).__name__}: {exc})")]


class _Refused(Exception):
    """A response that is not accepted, with the reason."""


class _PrivateRedirect(Exception):
    """A redirect that leads to a loopback, private or link-local address."""


_ORIGIN = threading.local()  # the URL each fetching thread was asked for


def _guard_redirect(request: Any) -> None:
    """Refuse a redirect hop (not the URL asked for) to a non-public address."""
    if str(request.url) == getattr(_ORIGIN, "url", None):
        return
    host = request.url.host
    if host and not _public(host):
        raise _PrivateRedirect(host)


def _public(host: str) -> bool:
    """Whether every address a host name resolves to is a public one."""
    try:
        infos = socket.getaddrinfo(host.strip("[]"), None)
    except (OSError, UnicodeError):
        return True  # unresolvable: the request itself will fail with its own reason
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if address.is_private or address.is_loopback or address.is_link_local or \
                address.is_reserved or address.is_multicast or address.is_unspecified:
            return False
    return True


def _get(client: Any, url: str, max_bytes: int, opts: FetchOptions) -> list[Item]:
    """Stream one response under the checks and turn its body into documents."""
    started = time.monotonic()
    with client.stream("GET", url) as response:
        try:
            kind = _check_response(response, max_bytes)
            body = _read_body(response, max_bytes, started + opts.deadline, opts.deadline)
        except _Refused as exc:
            return [read_rejection(url, str(exc))]
        final = str(response.url)
    return _documents(url, final, body, kind)


def _check_response(response: Any, max_bytes: int) -> str | None:
    """The kind of body (html, text, feed; ``None`` to sniff) after the status and size checks."""
    if response.status_code >= 400:
        raise _Refused(f"HTTP {response.status_code} {response.reason_phrase}".strip())
    ctype = response.headers.get("content-type", "").split(";")[0].strip().lower()
    kind = _kind(ctype)
    if ctype and kind is None:
        raise _Refused(f"unsupported content type ({ctype})")
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise _Refused(f"response is {declared} bytes, over the {max_bytes}-byte limit")
    return kind


def _kind(ctype: str) -> str | None:
    if ctype in _HTML_TYPES:
        return "html"
    if ctype in _FEED_TYPES or ctype.endswith(("+xml", "/xml")):
        return "feed"
    return "text" if ctype in _TEXT_TYPES else None


def _read_body(response: Any, max_bytes: int, deadline: float, seconds: float) -> bytes:
    """The decoded body, refused past ``max_bytes`` or past the deadline."""
    body = bytearray()
    for chunk in response.iter_bytes():
        body += chunk
        if len(body) > max_bytes:
            raise _Refused(f"response is over the {max_bytes}-byte limit")
        if time.monotonic() > deadline:
            raise _Refused(f"response took longer than {seconds:g} s")
    return bytes(body)


def _documents(url: str, final: str, body: bytes, kind: str | None) -> list[Item]:
    """Documents from one response body: feed entries, or one page or text."""
    if kind == "feed" or (kind is None and sniff_feed(body)):
        if not sniff_feed(body) and sniff_html(body):  # XHTML served as XML
            return [raw_or_rejection(url, body, html=True, url=final)]
        return list(iter_feed(url, body))
    if not body.strip():
        return [read_rejection(url, "empty response")]
    return [raw_or_rejection(url, body, html=kind == "html", url=final)]
