"""Facts (≈95% of the rows a load writes) staged as Arrow and inserted with one SQL statement.

Touching a Python object costs a cache miss once records no longer fit in cache, so Python
hands over only what it alone knows, a few documents at a time while their objects are still
hot; DuckDB derives the rest in bulk: table/row/col keys from `key`, the Chinese label by a join
with the spec, and `validation_status` from the failed checks' operands. doc_id travels
dictionary-encoded (one string per document, not per fact).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from operator import attrgetter

import pyarrow as pa

from pipeline.record import DocumentRecord, Fact
from warehouse.document_rows import ARROW_TYPES, failed_operands, number_array

CHUNK_DOCS = 20  # documents converted per Arrow chunk: small enough to stay in cache (measured)

FACT_GETTERS = {"label_printed": attrgetter("label"), "confidence": attrgetter("confidence"),
                "flags": attrgetter("flags"), "note": attrgetter("note")}
VALUE_GETTERS = {"value_kind": attrgetter("kind"), "unit": attrgetter("unit"),
                 "qualifier": attrgetter("qualifier"), "raw_text": attrgetter("raw")}
PROV_GETTERS = {"page": attrgetter("page"), "element": attrgetter("element"), "cell_row": attrgetter("row"),
                "cell_col": attrgetter("col"), "bbox": attrgetter("bbox")}
STAGE_TYPES = {"label_printed": "text", "confidence": "float", "flags": "text_list", "note": "text",
               "value_kind": "text", "unit": "text", "qualifier": "text", "raw_text": "text", "page": "int",
               "element": "text", "cell_row": "int", "cell_col": "int",
               "bbox": "float_list", "image": "text"}

INSERT_FACTS = """
INSERT INTO facts (doc_id, "key", table_key, row_key, col_key, "value", value_kind, unit, qualifier, raw_text,
                   label_printed, label_zh, page, "element", cell_row, cell_col, confidence, flags,
                   validation_status, note, bbox, image)
SELECT s.doc_id, s."key", split_part(s."key", '/', 1), split_part(s."key", '/', 2), split_part(s."key", '/', 3),
       s."value", s.value_kind, s.unit, s.qualifier, s.raw_text, s.label_printed, l.label_zh, s.page, s."element",
       s.cell_row, s.cell_col, s.confidence, s.flags,
       CASE WHEN x."key" IS NOT NULL THEN 'failed_check' WHEN len(s.flags) > 0 THEN 'flagged' ELSE 'ok' END,
       s.note, s.bbox, s.image
FROM (SELECT * REPLACE (CAST(doc_id AS VARCHAR) AS doc_id) FROM {stage}) s
LEFT JOIN {labels} l ON l."key" = s."key"
LEFT JOIN {failed} x ON x.doc_id = s.doc_id AND x."key" = s."key"
"""


@lru_cache(maxsize=1)
def labels_table() -> pa.Table:
    """Canonical key → Chinese label (Spec.label_of) for every key the spec knows."""
    from normalizers.spec import load_spec

    spec = load_spec()
    keys = spec.all_keys()
    return pa.table({"key": keys, "label_zh": [spec.label_of(k) for k in keys]})


def _unique(rec: DocumentRecord) -> tuple[list[str], list[Fact]]:
    """Keys and facts with one fact per key, the last winning (as in `to_json`)."""
    facts = rec.facts
    keys = [f"{f.table}/{f.row}/{f.col}" for f in facts]
    if len(set(keys)) != len(keys):
        by_key = dict(zip(keys, facts))
        return list(by_key), list(by_key.values())
    return keys, facts


def _chunk(batch: Sequence[tuple[str, DocumentRecord]], numbers_as_text: bool, counts: dict[str, int]) -> pa.Table:
    keys: list[str] = []
    facts: list[Fact] = []
    doc_index: list[int] = []
    images: list[str | None] = []
    for i, (doc_id, rec) in enumerate(batch):
        k, f = _unique(rec)
        keys += k
        facts += f
        of = rec.ocr_images  # image of each OCR'd fact
        images += [of.get(x) for x in k] if of else [None] * len(k)
        doc_index += [i] * len(f)
        counts[doc_id] = len(f)
    values = list(map(attrgetter("value"), facts))
    provs = list(map(attrgetter("provenance"), facts))
    cols: dict[str, pa.Array] = {
        "doc_id": pa.DictionaryArray.from_arrays(pa.array(doc_index, pa.int32()), pa.array([d for d, _ in batch])),
        "key": pa.array(keys, pa.string()),
        "value": number_array(list(map(attrgetter("number"), values)), numbers_as_text),
    }
    for objs, getters in ((facts, FACT_GETTERS), (values, VALUE_GETTERS), (provs, PROV_GETTERS)):
        for name, get in getters.items():
            cols[name] = pa.array(list(map(get, objs)), ARROW_TYPES[STAGE_TYPES[name]])
    cols["image"] = pa.array(images, ARROW_TYPES["text"])
    return pa.table(cols)


def fact_stage(batch: Sequence[tuple[str, DocumentRecord]]) -> tuple[pa.Table, dict[str, int]]:
    """The facts of a batch of (doc_id, record) as one Arrow table (chunked by documents), and
    the number of distinct facts per doc_id (for documents.n_facts, counted here once)."""
    counts: dict[str, int] = {}
    if not batch:
        return _chunk([], False, counts), counts
    chunks = [_chunk(batch[i:i + CHUNK_DOCS], False, counts) for i in range(0, len(batch), CHUNK_DOCS)]
    if len({c.schema for c in chunks}) > 1:  # some chunk fell back to text numbers: all must
        chunks = [_chunk(batch[i:i + CHUNK_DOCS], True, counts) for i in range(0, len(batch), CHUNK_DOCS)]
    return pa.concat_tables(chunks), counts


def failed_stage(batch: Sequence[tuple[str, DocumentRecord]]) -> pa.Table:
    """(doc_id, key) for every string named in the operands of a failed check."""
    pairs = [(d, k) for d, rec in batch for k in sorted(failed_operands(rec))]
    return pa.table({"doc_id": pa.array([d for d, _ in pairs], pa.string()),
                     "key": pa.array([k for _, k in pairs], pa.string())})
