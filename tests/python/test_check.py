"""chitieu.check: one value against one target (RULES.md section 8)."""

from decimal import Decimal

import pytest

import chitieu


@pytest.mark.parametrize(
    "target, num, den, status, margin",
    [
        ("nq314.crime.clearance_rate", 80, 100, "met", "0"),
        ("nq314.crime.clearance_rate", 79, 100, "not_met", "-1"),
        ("nq314.crime.reports_resolved", 91, 100, "not_met", "0"),
        ("nq314.crime.reports_resolved", 92, 100, "met", "1"),
        ("nq314.crime.recidivism", 13, 100, "not_met", "0"),
        ("nq314.crime.recidivism", 12, 100, "met", "1"),
        ("nq314.crime.total_cases_2025", 950, 1000, "met", "0"),
        ("nq314.crime.total_cases_2025", 951, 1000, "not_met", "-0.1"),
    ],
)
def test_worked_examples(target, num, den, status, margin):
    c = chitieu.check(target, num, den)
    assert (c.status, c.margin) == (status, margin), c.explanation


def test_numbers_of_every_kind_are_exact():
    for num, den in [("79", "100"), (Decimal("79"), Decimal("100")), (79.0, 100.0), (79, 100.0)]:
        assert chitieu.check("nq314.crime.clearance_rate", num, den).actual == "79"


def test_a_zero_denominator_is_not_applicable():
    assert chitieu.check("nq314.crime.clearance_rate", 0, 0).status == "not_applicable"


def test_explanations_in_both_languages():
    vi = chitieu.check("nq314.crime.clearance_rate", 79, 100)
    en = chitieu.check("nq314.crime.clearance_rate", 79, 100, lang="en")
    assert "Nghị quyết 314/2020/NQ-HĐND" in vi.explanation
    assert "Resolution 314/2020/NQ-HĐND" in en.explanation
    assert vi.explanation_en == en.explanation
    assert vi.to_dict()["status"] == "not_met"
    assert "not_met" in repr(vi)


def test_bad_requests_are_chitieu_errors():
    with pytest.raises(chitieu.ChitieuError, match="did you mean"):
        chitieu.check("nq314.crime.clearance_rat", 1, 2)
    with pytest.raises(chitieu.ChitieuError, match="numerator and a denominator"):
        chitieu.check("nq314.crime.clearance_rate", 79)
    with pytest.raises(chitieu.ChitieuError, match="missing"):
        chitieu.check("nq314.crime.clearance_rate", float("nan"), 100)
    with pytest.raises(chitieu.ChitieuError, match="not a number"):
        chitieu.check("nq314.crime.clearance_rate", "79,5", 100)


@pytest.mark.parametrize(
    "target, num, den, why",
    [
        ("nq314.crime.clearance_rate", 101, 100, "crimes_solved is larger than its whole crimes_recorded = 100"),
        ("nq314.crime.clearance_rate", -1, 100, "a count, which cannot be negative"),
        ("nq314.crime.clearance_rate", 79.5, 100, "a whole number"),
        ("nq314.crime.clearance_rate", 79, "100.5", "denominator 100.5"),
        ("nq314.crime.total_cases_2025", 950, -1, "baseline -1"),
    ],
)
def test_what_a_data_file_could_not_hold_is_refused(target, num, den, why):
    """The one-value check validates exactly like the dataset path (issue 12 item 7)."""
    with pytest.raises(chitieu.ChitieuError, match=why):
        chitieu.check(target, num, den)
