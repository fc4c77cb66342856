"""S69: the crime-free period rule as decision support, and the §16 minimum (open issue 1)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from valvo.domain.partners.crime_free import (
    EXPERT_RULE,
    UNIT_MINIMUM,
    Sanction,
    advise,
    read_sanctions,
)
from valvo.domain.partners.fields import PartnerError

TODAY = date(2026, 11, 23)


def sanction(kind: str, ended_on: str, **more: Any) -> Sanction:
    return Sanction.read({"kind": kind, "ended_on": ended_on, **more})


def run(*sanctions: Sanction, **kwargs: Any) -> Any:
    options: dict[str, Any] = {
        "setting": "in_premises",
        "paired": False,
        "open_cases": False,
        "today": TODAY,
    }
    options.update(kwargs)
    return advise(list(sanctions), **options)


def test_three_years_since_release_from_prison() -> None:
    advice = run(sanction("prison", "2023-11-24"))
    assert advice.applies
    assert not advice.meets
    assert advice.required_years == 3
    assert advice.eligible_from == date(2026, 11, 24)
    assert run(sanction("prison", "2023-11-23")).meets


def test_two_years_when_working_closely_in_a_pair() -> None:
    advice = run(sanction("prison", "2024-06-01"), paired=True)
    assert advice.meets
    assert advice.required_years == 2
    # The §16 minimum knows no pairing: three years for anyone working in a unit.
    assert not run(sanction("prison", "2024-06-01"), paired=True, policy=UNIT_MINIMUM).meets


def test_never_sentenced_to_unconditional_imprisonment_the_rule_does_not_apply() -> None:
    advice = run(sanction("community_sanction", "2026-10-01"), sanction("fine", "2026-01-01"))
    assert not advice.applies
    assert advice.meets


def test_a_fine_conversion_served_in_prison_counts_as_unconditional() -> None:
    advice = run(sanction("fine_conversion_prison", "2025-03-01"))
    assert advice.applies
    assert not advice.meets
    assert advice.eligible_from == date(2028, 3, 1)


def test_the_latest_community_sanction_restarts_the_count_under_the_expert_rule() -> None:
    history = (sanction("prison", "2019-05-01"), sanction("community_sanction", "2025-01-10"))
    assert run(*history).counted_from == date(2025, 1, 10)
    # §16 counts only release from prison.
    assert run(*history, policy=UNIT_MINIMUM).counted_from == date(2019, 5, 1)


def test_supervised_release_counts_as_post_release_time_unless_breached() -> None:
    parole = {"supervision": "parole_supervision", "supervision_started_on": "2023-06-01"}
    clean = run(sanction("prison", "2024-06-01", **parole))
    assert clean.counted_from == date(2023, 6, 1)
    assert clean.meets
    breached = run(sanction("prison", "2024-06-01", **parole, supervision_breach="gross"))
    assert breached.counted_from == date(2024, 6, 1)
    assert not breached.meets
    assert any("gross breach does not count" in f for f in breached.review_flags)


def test_open_cases_are_flagged_and_the_advice_is_negative() -> None:
    advice = run(sanction("prison", "2015-01-01"), open_cases=True)
    assert not advice.meets
    assert advice.review_flags == ("open criminal cases: review before deciding (L2356)",)


def test_a_later_sentence_for_an_earlier_crime_keeps_the_period_and_is_flagged() -> None:
    advice = run(
        sanction("prison", "2022-01-01"),
        sanction("prison", "2026-01-01", later_for_earlier_crime=True, crime_on="2020-05-05"),
    )
    assert advice.counted_from == date(2022, 1, 1)
    assert advice.meets
    assert advice.eligible_from == date(2025, 1, 1)
    assert any("committed 2020-05-05" in f for f in advice.review_flags)


def test_work_outside_the_unit_or_staff_led_digital_work_is_not_subject_to_the_period() -> None:
    recent = sanction("prison", "2026-10-01")
    assert run(recent, setting="digital_staff_led").meets
    assert not run(recent, setting="digital_independent").meets
    with pytest.raises(PartnerError, match="setting: must be one of"):
        run(recent, setting="somewhere")


def test_sanctions_are_read_with_the_position_of_a_bad_one() -> None:
    with pytest.raises(PartnerError, match=r"sanctions\[1\].ended_on: is required"):
        read_sanctions([{"kind": "prison", "ended_on": "2020-01-01"}, {"kind": "fine"}])
    with pytest.raises(PartnerError, match="supervision_started_on: is required"):
        Sanction.read(
            {"kind": "prison", "ended_on": "2020-01-01", "supervision": "parole_supervision"}
        )
    assert EXPERT_RULE.years_paired == 2
