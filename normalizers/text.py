"""Text normalisation applied to every block: pinyin readings inside words removed, traditional →
simplified (OpenCC t2s) and NFKC width.

Reports from Hong Kong-style sites or converted Word files print 申請/復議 and full-width digits;
matching labels and reading counts is done on the normalised text, and the printed text is
kept beside it (`original`) for provenance. Mirror sites print readings inside words
('年度報(bào)告'); they go before anything reads the text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from functools import lru_cache

import opencc

from extractors.document import Block, Cell, Document, Image, Paragraph, Table

# NFKC maps ideographic and full-width punctuation to ASCII; these are kept as printed because
# labels and prose use them as structure (（一）, 、, ：).
_KEEP = {"（": "（", "）": "）", "：": "：", "；": "；", "，": "，", "。": "。", "、": "、", "！": "！", "？": "？"}


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_SYLLABLE = rf"[a-zü{_TONED}]{{1,6}}[1-5]?"
# a reading in brackets right after a Chinese character: 報(bào), 政（zhèng）, 行(xíng zhèng), 報(bao4)
_PINYIN = re.compile(rf"(?<=[\u4e00-\u9fff])[(（]\s*({_SYLLABLE}(?:[ '’]{_SYLLABLE}){{0,3}})\s*[)）]", re.IGNORECASE)


def strip_pinyin(text: str) -> str:
    """Drop pinyin readings printed inside words ('年度報(bào)告' → '年度報告'), which split labels,
    titles and years; a bracket counts as a reading only when its syllables carry a tone mark or a
    tone digit, so （一）, (单位:万元), 附件(1) and English words in brackets stay."""
    def reading(m: re.Match[str]) -> str:
        body = m.group(1)
        toned = any(ch in _TONED for ch in body.lower()) or \
            all(len(w) >= 3 and w[-1].isdigit() for w in re.split(r"[ '’]", body))
        return "" if toned else m.group(0)
    return _PINYIN.sub(reading, text)


def squash(text: str | None) -> str:
    """No whitespace at all: PDF and page text put spaces between characters ('青 铜 峡 市', '2024 年')
    and inside titles, so names, years and labels are matched on the squashed text."""
    return re.sub(r"\s+", "", text or "")


def normalize_text(text: str) -> str:
    """Pinyin readings removed, t2s + NFKC (except Chinese structural punctuation), NBSP and
    zero-width characters removed."""
    if not text:
        return text
    text = _converter().convert(strip_pinyin(text))
    out = []
    for ch in text:
        out.append(_KEEP.get(ch) or unicodedata.normalize("NFKC", ch))
    text = "".join(out)
    return re.sub(r"[\u200b\u200c\u200d\ufeff]", "", text)


def normalize_document(doc: Document) -> Document:
    """A copy of `doc` with every text normalised and the printed text kept in `original`."""
    return replace(doc, blocks=[_block(b) for b in doc.blocks], title=normalize_text(doc.title or "") or None)


def _block(b: Block) -> Block:
    if isinstance(b, Paragraph):
        return replace(b, text=normalize_text(b.text), original=b.original or b.text)
    if isinstance(b, Table):
        rows = [[replace(c, text=normalize_text(c.text), original=c.original or c.text) for c in r] for r in b.rows]
        return replace(b, rows=rows)
    if isinstance(b, Image):
        return replace(b, alt=normalize_text(b.alt))
    return b


__all__ = ["Cell", "normalize_document", "normalize_text", "squash", "strip_pinyin"]
