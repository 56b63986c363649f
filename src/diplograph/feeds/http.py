"""Polite HTTP for the watcher: conditional GETs, a delay per host, a timeout and a size limit.

    fetcher = Fetcher(settings)
    reply = fetcher.get(url, etag, last_modified)   # reply.status 200 (with a body) or 304 (not modified)

Only ``http`` and ``https`` are fetched, also after a redirect (a feed must not make the watcher read
``file:///etc/passwd`` into the store). Every request names diplograph in its ``User-Agent``, waits until
``delay_s`` has passed since the last request to the same host ended, and fails when the whole exchange takes
longer than ``timeout_s`` or the body is larger than ``max_bytes``. A failure is a ``FetchError``, which says
whether trying again later may help (a network error, a 5xx, a 429) or not (a 404, a page too large).
"""

from __future__ import annotations

import http.client
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..errors import DiplographError
from .settings import Settings

SCHEMES = ("http", "https")
CHUNK = 64 * 1024
RETRY_STATUSES = {408, 425, 429, 500, 502, 503, 504}  # the server may answer later


class FetchError(DiplographError):
    """A feed or a page could not be fetched; ``transient`` when a later attempt may succeed."""

    def __init__(self, url: str, problem: str, transient: bool = False):
        self.url = url
        self.problem = problem
        self.transient = transient
        super().__init__(f"{url}: {problem}")


@dataclass(frozen=True)
class Reply:
    url: str  # after redirects
    status: int  # 200, or 304 when the validators sent still hold
    body: bytes = b""
    content_type: str = ""  # the media type, lower case, without parameters
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None


class _Redirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(newurl).scheme.lower() not in SCHEMES:
            raise FetchError(req.full_url, f"redirected to a URL that is not http(s): {newurl}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class Fetcher:
    """Conditional GETs with the watcher's politeness; one per watcher, so the delays hold across passes."""

    def __init__(
        self,
        settings: Settings,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.settings = settings
        self.clock = clock
        self.sleep = sleep
        self.last: dict[str, float] = {}  # host -> when its last request ended (clock time)
        # only HTTP(S) handlers: build_opener would add file:, ftp: and data: ones
        self.opener = urllib.request.OpenerDirector()
        for handler in (
            urllib.request.ProxyHandler(),
            urllib.request.HTTPHandler(),
            urllib.request.HTTPSHandler(),
            _Redirects(),
            urllib.request.HTTPDefaultErrorHandler(),
            urllib.request.HTTPErrorProcessor(),
        ):
            self.opener.add_handler(handler)

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Reply:
        try:
            parts = urlsplit(url)
            host = (parts.hostname or "").lower()
        except ValueError:
            host = ""
        if not host or parts.scheme.lower() not in SCHEMES:
            raise FetchError(url, "not an http(s) URL")
        self._wait(host)
        headers = {"User-Agent": self.settings.agent, "Accept": "*/*"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        try:
            return self._exchange(url, headers)
        finally:
            self.last[host] = self.clock()

    def _wait(self, host: str) -> None:
        if host in self.last:
            left = self.last[host] + self.settings.delay_s - self.clock()
            if left > 0:
                self.sleep(left)

    def _exchange(self, url: str, headers: dict[str, str]) -> Reply:
        deadline = self.clock() + self.settings.timeout_s
        try:
            request = urllib.request.Request(url, headers=headers)
            with self.opener.open(request, timeout=self.settings.timeout_s) as response:
                body = self._body(url, response, deadline)
                return _reply(response, 200, body)
        except urllib.error.HTTPError as exc:
            with exc:
                if exc.code == 304:
                    return _reply(exc, 304, b"")
                reason = f" {exc.reason}" if exc.reason else ""
                raise FetchError(url, f"HTTP {exc.code}{reason}", exc.code in RETRY_STATUSES) from None
        except TimeoutError:
            raise FetchError(url, f"timed out after {self.settings.timeout_s:g} s", True) from None
        except urllib.error.URLError as exc:
            raise FetchError(url, f"unreachable ({_reason(exc.reason)})", True) from None
        except (http.client.HTTPException, OSError, ValueError) as exc:
            raise FetchError(url, f"unreachable ({type(exc).__name__}: {exc})", True) from None

    def _body(self, url: str, response, deadline: float) -> bytes:
        """The body, refused as soon as it is known to pass the size limit or the deadline."""
        limit = self.settings.max_bytes
        length = response.headers.get("Content-Length")
        if length and length.strip().isdigit() and int(length) > limit:
            raise FetchError(url, f"too large ({int(length):,} bytes; the limit is {limit:,})")
        chunks, size = [], 0
        while chunk := response.read(CHUNK):
            size += len(chunk)
            if size > limit:
                raise FetchError(url, f"too large (more than the limit of {limit:,} bytes)")
            if self.clock() > deadline:
                raise FetchError(url, f"timed out after {self.settings.timeout_s:g} s", True)
            chunks.append(chunk)
        return b"".join(chunks)


def _reply(response, status: int, body: bytes) -> Reply:
    headers = response.headers
    return Reply(
        url=response.geturl() if hasattr(response, "geturl") else response.url,
        status=status,
        body=body,
        content_type=(headers.get_content_type() or "").lower() if headers.get("Content-Type") else "",
        charset=headers.get_content_charset(),
        etag=headers.get("ETag"),
        last_modified=headers.get("Last-Modified"),
    )


def _reason(reason) -> str:
    if isinstance(reason, TimeoutError):
        return "timed out"
    return str(getattr(reason, "strerror", None) or reason)
