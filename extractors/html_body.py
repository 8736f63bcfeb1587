"""The report's body in an HTML page: the content container, and the site chrome around it.

Government report pages wrap the report in site chrome (menus, breadcrumbs, footers, share
bars). The body is the page's content container when it has one (`#zoom`, `.TRS_Editor`,
`.content`, …); `extractors.html` reads text outside it, and inside chrome-named elements, as
chrome.
"""

from __future__ import annotations

import re

from bs4 import NavigableString, Tag
from bs4.element import PreformattedString

CHROME_TAGS = frozenset({"nav", "header", "footer", "aside", "menu"})
_CHROME_NAME = re.compile(
    r"nav|menu|footer|header|breadcrumb|crumb|sidebar|share|copyright|toolbar", re.IGNORECASE
)
_CONTENT_NAME = re.compile(r"content|article|zoom|trs_editor|trs_ueditor|main|detail|zhengwen", re.IGNORECASE)
_CONTAINER_TAGS = frozenset({"div", "td", "section", "article", "main", "center"})


def _names(el: Tag) -> str:
    cls = el.get("class") or []
    return " ".join([str(el.get("id") or ""), *(cls if isinstance(cls, list) else [str(cls)])])


def is_chrome(el: Tag) -> bool:
    return el.name in CHROME_TAGS or bool(_CHROME_NAME.search(_names(el)))


def content_root(body: Tag) -> Tag:
    """The report's container: the deepest content-named element holding ≥75% of the best one's text.

    Text in chrome-named subtrees does not count for candidates above them, so an outer `#main`
    that also holds a sidebar menu loses to the inner `#zoom` that holds only the report; a
    container inside a chrome element can still win on size (unclosed `<div class="nav">`
    swallowing the page). Tables and images count too, so scanned-image reports are found.
    """
    descendants = list(body.descendants)
    candidates = [
        el
        for el in descendants
        if isinstance(el, Tag)
        and el.name in _CONTAINER_TAGS
        and (el.name in {"article", "main"} or _CONTENT_NAME.search(_names(el)))
        and not is_chrome(el)
    ]
    if not candidates:
        return body
    score = {id(el): 0 for el in candidates}
    chrome: dict[int, bool] = {}
    for node in descendants:
        if isinstance(node, Tag):
            weight = 100 if node.name == "table" else 50 if node.name == "img" else 0
        elif isinstance(node, NavigableString) and not isinstance(node, PreformattedString):
            weight = len(node.strip())
        else:
            continue
        if not weight:
            continue
        owners = []
        for parent in node.parents:
            if parent is body:
                break
            key = id(parent)
            if key not in chrome:
                chrome[key] = is_chrome(parent)
            if chrome[key]:  # text in a menu inside a candidate does not count for it
                break
            if key in score:
                owners.append(key)
        for key in owners:
            score[key] += weight
    best = max(score.values())
    if best < 20:
        return body
    good = [el for el in candidates if score[id(el)] >= 0.75 * best]
    return max(good, key=lambda el: (sum(1 for _ in el.parents), score[id(el)]))
