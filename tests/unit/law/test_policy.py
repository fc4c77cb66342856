"""The versioned policy: every legal parameter in one object, a registry by name."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, fields
from datetime import time, timedelta
from fractions import Fraction
from pathlib import Path

import pytest

from valvo.domain.law.errors import LawInputError
from valvo.domain.law.policy import (
    ACT_2011,
    DEFAULT_POLICY_NAME,
    DRAFT_2007,
    POLICIES,
    LawPolicy,
    get_policy,
)

POLICY_SOURCE = Path(__file__).parents[3] / "src/valvo/domain/law/policy.py"


def test_default_policy_is_the_2007_draft() -> None:
    assert DEFAULT_POLICY_NAME == "2007-draft"
    assert get_policy() is DRAFT_2007
    assert set(POLICIES) == {"2007-draft", "2011-act"}
    assert get_policy("2011-act") is ACT_2011


def test_unknown_policy_names_the_known_ones() -> None:
    with pytest.raises(LawInputError) as caught:
        get_policy("1999")
    assert caught.value.code == "unknown_policy"
    assert "2007-draft, 2011-act" in caught.value.message


def test_policy_is_frozen() -> None:
    with pytest.raises(FrozenInstanceError):
        DRAFT_2007.min_sentence_days = 1  # type: ignore[misc]


def test_draft_values_match_the_cited_requirements() -> None:
    p = DRAFT_2007
    assert (p.min_sentence_days, p.max_sentence_months) == (14, 4)  # R2
    assert p.combined_max_months == 6  # R95
    assert (p.activity_min_hours_per_week, p.activity_max_hours_per_week) == (10, 40)  # R24
    assert p.activity_max_hours_with_special_reason is None
    assert (p.activity_night_start, p.activity_night_end) == (time(18), time(6))  # R25
    assert p.parole_min_served_days == 14  # R74
    assert (p.young_offender_age, p.prison_lookback_years) == (21, 3)  # R73
    assert p.conversion_min_prison_days == 4  # R89
    assert p.completion_limit_years == 1  # R70
    assert p.provisional_interruption_max_months == 1  # R80
    assert p.impediment_interruption_max_years == 1  # R86
    assert (p.adult_age, p.hearing_min_age) == (18, 12)  # R14, R15
    assert (p.locality_min_hours, p.locality_max_hours) == (8, 12)  # R105
    assert (p.locality_night_start, p.locality_night_end) == (time(18), time(6))  # R105
    assert p.court_referral_limit == timedelta(hours=72)  # R111(a)
    assert p.court_hearing_limit == timedelta(days=7)  # R111(b)
    assert p.charges_limit == timedelta(days=60)  # R118


def test_2011_act_differs_only_where_the_enacted_law_differs() -> None:
    changed = {
        f.name
        for f in fields(LawPolicy)
        if getattr(DRAFT_2007, f.name) != getattr(ACT_2011, f.name)
    }
    assert changed == {
        "name",
        "title",
        "max_sentence_months",
        "activity_max_hours_with_special_reason",
        "activity_night_start",
    }
    assert ACT_2011.max_sentence_months == 6
    assert ACT_2011.activity_max_hours_with_special_reason == 50
    assert ACT_2011.activity_night_start == time(21)


@pytest.mark.parametrize(
    ("under_21", "prison", "fraction"),
    [
        (False, False, Fraction(1, 2)),
        (True, False, Fraction(1, 3)),
        (False, True, Fraction(2, 3)),
        (True, True, Fraction(1, 2)),
    ],
)
def test_r73_parole_fraction_table(under_21: bool, prison: bool, fraction: Fraction) -> None:
    """R73: the recidivism rule picks 1/2 or 2/3; under 21 lowers each (1/3, 1/2)."""
    assert DRAFT_2007.parole_fraction(under_21=under_21, prison_within_lookback=prison) == fraction


def test_every_policy_field_carries_a_citation() -> None:
    """Each field of the policy class has a comment naming its section or R-number."""
    source = POLICY_SOURCE.read_text(encoding="utf-8")
    body = source.split("class LawPolicy", 1)[1].split("def parole_fraction", 1)[0]
    for field in fields(LawPolicy):
        if field.name in ("name", "title"):
            continue
        line = next(ln for ln in body.splitlines() if ln.strip().startswith(f"{field.name}:"))
        assert "#" in line, field.name
        comment = line.split("#", 1)[1]
        assert any(mark in comment for mark in ("§", "R", "RL", "PKL")), field.name
