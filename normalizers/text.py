"""Text normalisation applied to every block: traditional → simplified (OpenCC t2s) and NFKC width.

Reports from Hong Kong-style sites or converted Word files print 申請/復議 and full-width digits;
matching labels and reading counts is done on the normalised text, and the printed text is
kept beside it (`original`) for provenance.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from functools import lru_cache

import opencc

from pipeline.document import Block, Cell, Document, Image, Paragraph, Table

# NFKC maps ideographic and full-width punctuation to ASCII; these are kept as printed because
# labels and prose use them as structure (（一）, 、, ：).
_KEEP = {"（": "（", "）": "）", "：": "：", "；": "；", "，": "，", "。": "。", "、": "、", "！": "！", "？": "？"}


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def normalize_text(text: str) -> str:
    """t2s + NFKC (except Chinese structural punctuation), NBSP and zero-width characters removed."""
    if not text:
        return text
    text = _converter().convert(text)
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


__all__ = ["Cell", "normalize_document", "normalize_text"]
