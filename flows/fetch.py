"""Polite HTTP fetching with httpx, and the content-addressed raw store.

`Fetcher.get(url, site, previous)` never raises: it returns a `Fetched` with the status, the
bytes (unless 304 / failed) and the error in the user's terms. It enforces: http/https and the
site's allowed hosts on every redirect hop, robots.txt, a per-host request rate and concurrency
limit, timeouts, retries with exponential back-off on 5xx / timeouts / connection errors,
conditional GET (If-None-Match / If-Modified-Since) and a size cap (streamed, so an oversized
file is never held in memory).
"""

from __future__ import annotations

import hashlib
import ipaddress
import os
import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib import robotparser
from urllib.parse import urljoin, urlsplit

import httpx

from flows.sites import Site

USER_AGENT = "ogi-miner/0.1 (+https://github.com/ogi-miner; annual-report research crawler)"
RETRY_STATUSES = {500, 502, 503, 504, 429}
MAX_REDIRECTS = 5


@dataclass
class Fetched:
    url: str
    final_url: str | None = None
    status: int | None = None
    data: bytes | None = None
    sha256: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None
    error: str | None = None
    attempts: int = 0
    elapsed_ms: int = 0

    @property
    def ok(self) -> bool:
        return self.error is None and self.status == 200 and self.data is not None

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def charset(self) -> str | None:
        ct = self.content_type or ""
        for part in ct.split(";")[1:]:
            k, _, v = part.strip().partition("=")
            if k.lower() == "charset" and v:
                return v.strip('"').lower()
        return None


class _HostGate:
    """Per-host concurrency semaphore and minimum interval between request starts."""

    def __init__(self, rate: float, connections: int):
        self.interval = 1.0 / rate if rate > 0 else 0.0
        self.sem = threading.BoundedSemaphore(max(1, connections))
        self.lock = threading.Lock()
        self.next_at = 0.0

    def __enter__(self):
        self.sem.acquire()
        with self.lock:
            now = time.monotonic()
            wait = self.next_at - now
            self.next_at = max(now, self.next_at) + self.interval
        if wait > 0:
            time.sleep(wait)
        return self

    def __exit__(self, *exc):
        self.sem.release()


# One gate per host for the whole process: sites crawled concurrently that share a host (a city
# portal hosting its departments' columns) with the same limits share one budget.
_GATES: dict[str, _HostGate] = {}
_GATES_LOCK = threading.Lock()


class Fetcher:
    def __init__(self, backoff: float = 0.5, client: httpx.Client | None = None):
        self.client = client or httpx.Client(headers={"User-Agent": USER_AGENT}, follow_redirects=False)
        self.backoff = backoff
        self._robots: dict[str, robotparser.RobotFileParser | None] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        self.client.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _gate(self, site: Site, host: str) -> _HostGate:
        key = f"{host}|{site.rate_per_host}|{site.max_connections_per_host}"
        with _GATES_LOCK:
            if key not in _GATES:
                _GATES[key] = _HostGate(site.rate_per_host, site.max_connections_per_host)
            return _GATES[key]

    def allowed_by_robots(self, url: str, site: Site) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            known = origin in self._robots
        if not known:
            rp: robotparser.RobotFileParser | None = robotparser.RobotFileParser(origin + "/robots.txt")
            try:
                with self._gate(site, parts.hostname or ""):
                    r = self.client.get(origin + "/robots.txt", timeout=site.timeout)
                if r.status_code == 200:
                    rp.parse(r.text.splitlines())  # type: ignore[union-attr]
                elif r.status_code in (401, 403):
                    rp.disallow_all = True  # type: ignore[union-attr]
                else:
                    rp = None  # no robots.txt: everything allowed
            except httpx.HTTPError:
                rp = None
            with self._lock:
                self._robots[origin] = rp
        rp = self._robots[origin]
        return rp is None or rp.can_fetch(USER_AGENT, url)

    def get(self, url: str, site: Site, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        started = time.monotonic()
        res = Fetched(url)
        try:
            self._get(res, site, etag, last_modified)
        finally:
            res.elapsed_ms = int((time.monotonic() - started) * 1000)
        return res

    def _get(self, res: Fetched, site: Site, etag: str | None, last_modified: str | None) -> None:
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        url = res.url
        for _hop in range(MAX_REDIRECTS + 1):
            if not site.allows(url):
                res.error = f"not allowed: {url} (only http/https on {', '.join(site.hosts)})"
                return
            why = None if site.allow_private_addresses else private_address(url)
            if why:
                res.error = f"refused: {why} (a site must set allow_private_addresses to be crawled there)"
                return
            if not self.allowed_by_robots(url, site):
                res.error = f"disallowed by robots.txt: {url}"
                return
            outcome = self._attempts(res, url, site, headers)
            if outcome is None:
                return
            url = outcome
        res.error = f"too many redirects (>{MAX_REDIRECTS})"

    def _attempts(self, res: Fetched, url: str, site: Site, headers: dict[str, str]) -> str | None:
        """Fetch one URL with retries; returns the next URL on a redirect, else None (res filled)."""
        host = urlsplit(url).hostname or ""
        for attempt in range(site.retries + 1):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            res.attempts += 1
            try:
                with self._gate(site, host), \
                        self.client.stream("GET", url, headers=headers, timeout=site.timeout) as r:
                        res.status, res.final_url = r.status_code, str(r.url)
                        if r.status_code in (301, 302, 303, 307, 308):
                            loc = r.headers.get("location")
                            if not loc:
                                res.error = f"HTTP {r.status_code} without Location"
                                return None
                            return urljoin(url, loc)
                        if r.status_code in RETRY_STATUSES:
                            res.error = f"HTTP {r.status_code}"
                            continue
                        res.etag = r.headers.get("etag")
                        res.last_modified = r.headers.get("last-modified")
                        res.content_type = r.headers.get("content-type")
                        if r.status_code == 304:
                            res.error = None
                            return None
                        if r.status_code != 200:
                            res.error = f"HTTP {r.status_code}"
                            return None
                        declared = int(r.headers.get("content-length") or 0)
                        if declared > site.max_bytes:
                            res.error = f"too large: {declared} bytes > cap {site.max_bytes}"
                            return None
                        buf = bytearray()
                        for chunk in r.iter_bytes():
                            buf += chunk
                            if len(buf) > site.max_bytes:
                                res.error = f"too large: > cap {site.max_bytes} bytes"
                                return None
                        res.data = bytes(buf)
                        res.sha256 = hashlib.sha256(res.data).hexdigest()
                        res.error = None
                        return None
            except httpx.TimeoutException as exc:
                res.status, res.error = None, f"timeout after {site.timeout:g} s ({type(exc).__name__})"
            except httpx.TransportError as exc:
                res.status, res.error = None, f"connection error: {type(exc).__name__}: {exc}"
            except httpx.HTTPError as exc:
                res.status, res.error = None, f"{type(exc).__name__}: {exc}"
                return None
        return None


def private_address(url: str) -> str | None:
    """Why `url` must not be fetched: its host is or resolves to a non-public address.

    Keeps the crawler from being pointed (by a registry entry or a redirect) at the machine
    itself or the local network. Resolution failures are left to the request to report.
    """
    host = urlsplit(url).hostname or ""
    try:
        addresses = [ipaddress.ip_address(host)]
    except ValueError:
        try:
            addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in socket.getaddrinfo(host, None)]
        except (OSError, UnicodeError):
            return None
    for ip in addresses:
        if ip.is_loopback or ip.is_private or ip.is_link_local or ip.is_reserved or ip.is_multicast or ip.is_unspecified:
            return f"{host} is a non-public address ({ip})"
    return None


class RawStore:
    """Raw bytes stored once, named by their sha256 (never by the URL): root/ab/abcdef…"""

    def __init__(self, root: str | Path):
        self.root = Path(root)

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def put(self, data: bytes, sha256: str | None = None) -> str:
        sha = sha256 or hashlib.sha256(data).hexdigest()
        p = self.path(sha)
        if not p.exists():
            p.parent.mkdir(parents=True, exist_ok=True)
            tmp = p.with_name(f".{sha}.{os.getpid()}.{threading.get_ident()}.tmp")
            tmp.write_bytes(data)
            os.replace(tmp, p)
        return sha

    def get(self, sha256: str) -> bytes:
        return self.path(sha256).read_bytes()

    def has(self, sha256: str) -> bool:
        return self.path(sha256).exists()


def default_store_for(db: str | Path) -> Path:
    """The raw store lives next to the warehouse: ogi.duckdb → ogi.raw/"""
    db = Path(db)
    return db.with_name(db.stem + ".raw")
