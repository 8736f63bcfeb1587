"""Run-together cells ('行政许可396442278') are split by printing rules, priors and identities."""

from pipeline.digit_runs import candidate_splits

DECISIONS = ("prior_year_items", "change", "decisions")


def best(run, cols, table=""):
    return "|".join(candidate_splits(run, cols, table)[0].parts)


def test_leading_zeros_and_spaces_constrain_the_split():
    assert [s.parts for s in candidate_splits("007", ("new_made", "new_published", "total_published"))] == [("0", "0", "7")]
    assert best("23 0 00 0 023", tuple("abcdefg"), "applications") == "23|0|0|0|0|0|23"


def test_sign_and_unit_mark_cell_boundaries():
    assert best("35-15", ("prior_year_items", "change")) == "35|-15"
    assert best("13575394432.52元", ("projects", "amount_yuan")) == "135|75394432.52元"


def test_column_priors_prefer_an_unchanged_item_count():
    # 2019 template: 本年增/减 is most often 0
    assert best("3960181", DECISIONS) == "396|0|181"
    assert best("100153", DECISIONS) == "10|0|153"


def test_undecidable_splits_are_reported_as_such():
    ranked = candidate_splits("396442278", DECISIONS)
    assert "|".join(ranked[0].parts) == "396|442|278"
    assert "396|44|2278" in ["|".join(s.parts) for s in ranked[1:3]]  # nearly as plausible: the reader flags it


def test_too_many_readings_give_none():
    assert candidate_splits("1" * 40, tuple("abcdefghijklmno")) == []


def test_impossible_run_gives_no_split():
    assert candidate_splits("12", ("a", "b", "c")) == []
    assert candidate_splits("1" * 80, ("a", "b")) == []
