"""Special zones and other names the code table does not know.

A name followed by 新区 / 开发区 / 高新区 / 园区 … names a special zone, which is not a county: the alias
table maps a zone that administers a county-level division (平潭综合实验区 → 平潭县 350128) or that is
named without its place (两江新区 → 重庆市); any other zone gets the code of the smallest administrative
area named with it (宁波国家高新区 → 宁波市 330200, 郯城县郯城经济开发区 → 郯城县 371322), the area that
administers it (`normalizers.regions.resolve_region`). docs/zones.md lists the table and the rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Alias:
    """A name the code table does not know, mapped to a code with the reason."""

    adcode: str
    note: str


# Special zones and other names missing from the code table (docs/zones.md lists this table). A zone
# that administers one county-level division gets that division's code; a zone whose name carries no
# place gets the code of the area that administers it. Every other zone is handled by the rule in
# resolve_region (the code of the smallest administrative area named with it) and is not listed.
ALIASES: dict[str, Alias] = {
    "平潭综合实验区": Alias("350128", "平潭综合实验区 administers 平潭县 (GB/T 2260 350128)"),
    "平潭综合试验区": Alias("350128", "平潭综合实验区 administers 平潭县 (GB/T 2260 350128)"),
    "平潭实验区": Alias("350128", "平潭综合实验区 administers 平潭县 (GB/T 2260 350128)"),
    "两江新区": Alias("500000", "两江新区 spans parts of several 重庆 districts and is administered by 重庆市"),
    "雄安新区": Alias("130000", "雄安新区 spans 雄县, 容城县 and 安新县 and is administered by 河北省"),
}

# Words after a place name that make it a special zone rather than the place itself.
ZONE_RE = re.compile(r"新区|开发区|园区|实验区|试验区|示范区|保税区|高新区|经开区|合作区|管理区|功能区|度假区|"
                      r"风景区|旅游区|集聚区|自贸区|片区|综保区|港区|新城")
# Where the body name continues after the place name (the zone test looks only before these).
_BODY_STOP_RE = re.compile(r"[\d〇○零一二三四五六七八九]{4}|人民政府|政府|管委会|管理委员会|党工委|办公室|办公厅|"
                           r"关于|工作|信息公开|政务公开|年度|[，。、；：:,;（）()《》“”\"'\s]")


def zone_after(cand: str, end: int) -> str | None:
    """The zone word run after the place name ending at cand[end] ('宁波国家高新区' → '国家高新区'), if any."""
    rest = cand[end:end + 16]
    stop = _BODY_STOP_RE.search(rest)
    rest = rest[: stop.start()] if stop else rest
    m = ZONE_RE.search(rest)
    return rest[: m.end()] if m else None

