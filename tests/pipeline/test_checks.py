"""Identities are checked on printed values; failures are stored, values are never changed."""

from dataclasses import replace
from decimal import Decimal

from extractors.document import Provenance
from normalizers.values import parse_value
from pipeline.checks import run_checks
from pipeline.record import DocumentRecord, Fact, ProseCount, ScoreItem, ScoreTable

P = Provenance("t.pdf", page=4)
COLS = ("natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total")


def record(cells: dict[str, str]) -> DocumentRecord:
    rec = DocumentRecord("t.pdf", "0" * 64, "pdf", "test")
    for key, raw in cells.items():
        table, row, col = key.split("/")
        rec.facts.append(Fact(table, row, col, parse_value(raw), P))
    return rec


def by(rec, identity, subject_part=""):
    return [c for c in run_checks(rec) if c.identity == identity and subject_part in c.subject]


def test_r1_failure_is_stored_with_its_numbers():
    rec = record({"review_litigation/review/upheld": "10", "review_litigation/review/corrected": "1",
                  "review_litigation/review/other": "0", "review_litigation/review/pending": "0",
                  "review_litigation/review/total": "0"})
    (check,) = by(rec, "R1", "row review:")
    assert check.status == "fail"
    assert (check.expected, check.actual) == (Decimal(0), Decimal(11))
    assert rec.fact_map()["review_litigation/review/total"].value.number == 0  # printed value kept


def test_a1_uses_printed_totals_and_blank_operand_makes_it_uncertain():
    cells = {f"applications/new_received/{c}": "0" for c in COLS}
    cells |= {f"applications/carried_over/{c}": "0" for c in COLS}
    cells |= {f"applications/total/{c}": "0" for c in COLS}
    cells |= {f"applications/carried_forward/{c}": "0" for c in COLS}
    cells["applications/new_received/total"] = "21"
    cells["applications/total/total"] = "21"
    cells["applications/carried_forward/natural_person"] = ""
    rec = record(cells)
    assert by(rec, "A1", "column total")[0].status == "pass"
    unc = by(rec, "A1", "column natural_person")[0]
    assert unc.status == "uncertain" and "blank" in unc.message


def test_n1_compares_prose_with_the_table():
    rec = record({"applications/new_received/total": "3119"})
    rec.prose_counts.append(ProseCount("受理政府信息公开申请", parse_value("3119件"), P, "", "applications_received"))
    assert by(rec, "N1")[0].status == "pass"
    rec.prose_counts[0] = ProseCount("受理政府信息公开申请", parse_value("3120件"), P, "", "applications_received")
    failed = by(rec, "N1")[0]
    assert failed.status == "fail" and "3120件" in failed.message


def test_score_total_against_sum_of_items():
    items = [ScoreItem(f"item {i}", parse_value(s), None, P) for i, s in enumerate(["2", "3", "4"])]
    rec = record({})
    rec.score_tables.append(ScoreTable(2020, items, parse_value("99"), P))
    (check,) = by(rec, "score_total")
    assert check.status == "fail" and check.expected == 99 and check.actual == 9


def _prose(raw: str, metric: str, scope: str | None = None) -> ProseCount:
    return ProseCount("", parse_value(raw), P, "", metric, scope)


def test_n1_runs_for_granted_and_partially_granted():
    # '予以公开及部分公开258件' against the table's 200 + 75 = 275: a failed check is stored
    rec = record({"applications/granted/total": "200", "applications/partially_granted/total": "75"})
    rec.prose_counts.append(_prose("258件", "granted_and_partially_granted"))
    (check,) = by(rec, "N1")
    assert (check.status, check.expected, check.actual) == ("fail", Decimal(275), Decimal(258))


def test_n1_covers_closed_outcomes_and_review_outcomes():
    rec = record({"applications/total/total": "40", "review_litigation/review/upheld": "3"})
    rec.prose_counts += [_prose("40件", "applications_closed"), _prose("2件", "review_upheld")]
    got = {c.subject: c.status for c in by(rec, "N1")}
    assert got == {"prose applications_closed vs table": "pass", "prose review_upheld vs table": "fail"}


def test_n1_scope_mismatch_is_uncertain_with_both_scopes():
    # the whole district's 95 applications against the office's own table (17)
    rec = record({"applications/new_received/total": "17"})
    rec.body = "某某区人民政府办公室"
    rec.prose_counts.append(_prose("95件", "applications_received", "全区"))
    (check,) = by(rec, "N1")
    assert check.status == "uncertain"
    assert check.operands["prose_scopes"] == ["全区"] and check.operands["table_scope"] == "某某区人民政府办公室"
    assert "全区" in check.message


def test_n1_passes_when_the_count_of_the_body_itself_agrees():
    rec = record({"applications/new_received/total": "17"})
    rec.prose_counts += [_prose("95件", "applications_received", "全区"),
                         _prose("17件", "applications_received", "本机关")]
    assert by(rec, "N1")[0].status == "pass"


def test_n1_count_of_the_body_itself_that_disagrees_fails():
    rec = record({"applications/new_received/total": "17"})
    rec.prose_counts += [_prose("95件", "applications_received", "全区"),
                         _prose("16件", "applications_received", "本机关")]
    check = by(rec, "N1")[0]
    assert check.status == "fail" and check.actual == 16


def test_n1_ignores_percentages():
    rec = record({"applications/new_received/total": "17"})
    rec.prose_counts.append(ProseCount("同比增长", replace(parse_value("17%"), kind="percent"), P, ""))
    assert by(rec, "N1") == []


def test_n1_sums_the_template_rows_under_unable_and_not_processed():
    rec = record({"applications/unable.not_held/total": "4", "applications/unable.needs_creation/total": "1",
                  "applications/unable.unclear/total": "1"})
    rec.prose_counts.append(_prose("6件", "unable"))
    (check,) = by(rec, "N1")
    assert (check.subject, check.status) == ("prose unable vs table", "pass")


def test_n1_with_a_blank_table_cell_is_uncertain_not_skipped():
    rec = record({"applications/new_received/total": ""})
    rec.prose_counts.append(_prose("12件", "applications_received"))
    (check,) = by(rec, "N1")
    assert check.status == "uncertain" and "blank" in check.message and check.actual == 12
