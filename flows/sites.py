"""The site registry: which portals to crawl (a versioned YAML file, `sites/sites.yaml`).

```yaml
version: 1
defaults: {rate_per_host: 1.0, max_connections_per_host: 2, max_pages: 20, max_bytes: 52428800}
sites:
  - id: xuanwei
    region_code: "530381"
    body: 宣威市人民政府
    start_urls: [https://www.xuanwei.gov.cn/xxgk/ndbg/index.html]
    allowed_hosts: [www.xuanwei.gov.cn]      # defaults to the hosts of start_urls
    report_pattern: "年度报告|年报"            # optional; a regex matched against link text
    next_pattern: "下一页|下页"               # optional; link text of the next list page
    years: [2019, 2024]                      # optional; only reports of these years (inclusive)
    max_pages: 20                            # list pages fetched per run: start pages, pages named by
                                             # links or paging scripts, JSON list API pages
    allow_private_addresses: false           # loopback/private/link-local hosts are refused unless true
```

List pages are followed through 下一页 / page-number links, CMS paging scripts
(`createPageHTML(…)`, `var countPage = N`, "共N页" over an `index_N.html` series) and JSON list
APIs named in the page's scripts ("加载更多"), on the allowed hosts only. A list that says it has
more pages than the crawl reached (`max_pages`, a failed page) is a warning for its site in the
run summary (`flow_runs`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace
from difflib import get_close_matches
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

REGISTRY_VERSION = 1
DEFAULT_REPORT_PATTERN = r"(政府|政务)?信息公開?开?.{0,8}(年度(报告|報告)|年报|年報)|年度(报告|報告)"
DEFAULT_NEXT_PATTERN = r"^\s*(下一页|下页|后一页|›|>|»)\s*$"


@dataclass(frozen=True)
class Site:
    id: str
    start_urls: tuple[str, ...]
    region_code: str | None = None
    body: str | None = None
    allowed_hosts: tuple[str, ...] = ()
    report_pattern: str = DEFAULT_REPORT_PATTERN
    next_pattern: str = DEFAULT_NEXT_PATTERN
    years: tuple[int, int] | None = None
    max_pages: int = 20
    rate_per_host: float = 2.0  # requests per second per host
    max_connections_per_host: int = 2
    max_bytes: int = 50 * 1024 * 1024
    timeout: float = 20.0
    retries: int = 3
    allow_private_addresses: bool = False  # loopback/private/link-local hosts are refused unless set

    def allows(self, url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in ("http", "https") and (parts.hostname or "") in self.hosts

    @property
    def hosts(self) -> tuple[str, ...]:
        return self.allowed_hosts or tuple(sorted({urlsplit(u).hostname or "" for u in self.start_urls}))

    def with_base(self, old: str, new: str) -> Site:
        """The same site with every URL under `old` moved to `new` (the demo portal's port)."""
        urls = tuple(u.replace(old, new, 1) if u.startswith(old) else u for u in self.start_urls)
        hosts = tuple({urlsplit(u).hostname or "" for u in urls} | set(self.allowed_hosts))
        return replace(self, start_urls=urls, allowed_hosts=hosts)


@dataclass
class Registry:
    version: int
    sites: list[Site] = field(default_factory=list)


class RegistryError(ValueError):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


class UnknownSite(ValueError):
    """Site ids asked for that the registry does not have (a typo must not crawl nothing and say nothing)."""

    SHOWN = 20  # known ids listed in the message

    def __init__(self, unknown: list[str], known: list[str]):
        guesses = [g for u in unknown for g in get_close_matches(u, known, n=1)]
        listed = ", ".join(known[:self.SHOWN]) + (f" … ({len(known)} sites)" if len(known) > self.SHOWN else "")
        super().__init__(f"unknown site{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}"
                         + (f" (did you mean {', '.join(guesses)}?)" if guesses else "")
                         + f"; the registry has: {listed}")
        self.unknown = unknown


def select_sites(sites: Sequence[Site], only: Sequence[str] | None) -> list[Site]:
    """The sites whose ids are in `only` (every site when it is empty); UnknownSite names the ids not found."""
    known = [s.id for s in sites]
    unknown = [i for i in dict.fromkeys(only or ()) if i not in known]
    if unknown:
        raise UnknownSite(unknown, known)
    return [s for s in sites if not only or s.id in only]


_FIELDS = {f.name for f in fields(Site)}


def _site(raw: dict[str, Any], defaults: dict[str, Any], where: str, problems: list[str]) -> Site | None:
    if not isinstance(raw, dict):
        problems.append(f"{where}: not a mapping")
        return None
    data = {**defaults, **raw}
    unknown = set(data) - _FIELDS
    if unknown:
        problems.append(f"{where}: unknown keys {sorted(unknown)}")
    sid = data.get("id")
    if not sid or not re.fullmatch(r"[A-Za-z0-9_.-]+", str(sid)):
        problems.append(f"{where}: 'id' must be letters, digits, '_', '-', '.'")
    urls = data.get("start_urls") or []
    if isinstance(urls, str):
        urls = [urls]
    if not urls:
        problems.append(f"{where}: no start_urls")
    for u in urls:
        p = urlsplit(str(u))
        if p.scheme not in ("http", "https") or not p.hostname:
            problems.append(f"{where}: start URL {u!r} is not http(s)")
    hosts = tuple(str(h).lower() for h in (data.get("allowed_hosts") or ()))
    for u in urls:
        h = urlsplit(str(u)).hostname or ""
        if hosts and h not in hosts:
            problems.append(f"{where}: start URL host {h!r} not in allowed_hosts")
    rc = data.get("region_code")
    if rc is not None and not re.fullmatch(r"\d{6}", str(rc)):
        problems.append(f"{where}: region_code {rc!r} is not a 6-digit GB/T 2260 code")
    for key in ("report_pattern", "next_pattern"):
        if key in data:
            try:
                re.compile(str(data[key]))
            except re.error as exc:
                problems.append(f"{where}: {key} is not a valid regex: {exc}")
    years = data.get("years")
    if years is not None and not (isinstance(years, list) and len(years) == 2 and all(isinstance(y, int) for y in years)):
        problems.append(f"{where}: years must be [first, last]")
    for key in ("max_pages", "max_connections_per_host", "max_bytes", "retries"):
        if key in data and (not isinstance(data[key], int) or data[key] < 0):
            problems.append(f"{where}: {key} must be a non-negative integer")
    for key in ("rate_per_host", "timeout"):
        if key in data and (not isinstance(data[key], (int, float)) or data[key] <= 0):
            problems.append(f"{where}: {key} must be a positive number")
    if problems:
        return None
    data = {k: v for k, v in data.items() if k in _FIELDS}
    data["start_urls"] = tuple(str(u) for u in urls)
    data["allowed_hosts"] = hosts
    data["region_code"] = str(rc) if rc is not None else None
    if years is not None:
        data["years"] = (years[0], years[1])
    return Site(**data)


def parse_registry(doc: Any) -> Registry:
    problems: list[str] = []
    if not isinstance(doc, dict):
        raise RegistryError(["registry: top level must be a mapping with 'version' and 'sites'"])
    version = doc.get("version")
    if version != REGISTRY_VERSION:
        problems.append(f"registry: version must be {REGISTRY_VERSION}, got {version!r}")
    defaults = doc.get("defaults") or {}
    sites: list[Site] = []
    seen: set[str] = set()
    for i, raw in enumerate(doc.get("sites") or []):
        own: list[str] = []
        where = f"sites[{i}]" + (f" ({raw.get('id')})" if isinstance(raw, dict) and raw.get("id") else "")
        s = _site(raw, defaults, where, own)
        problems += own
        if s is not None:
            if s.id in seen:
                problems.append(f"{where}: duplicate id {s.id!r}")
            seen.add(s.id)
            sites.append(s)
    if not doc.get("sites"):
        problems.append("registry: no sites")
    if problems:
        raise RegistryError(problems)
    return Registry(version, sites)


def load_registry(path: str | Path) -> Registry:
    try:
        doc = yaml.safe_load(Path(path).read_text("utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RegistryError([f"{path}: {exc}"]) from exc
    return parse_registry(doc)
