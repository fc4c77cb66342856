"""Pure rules of the follow-up, governance and outreach records (S14, S15, S64, S75, S97, S99,
S100)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from valvo.domain.partners.expert_work import FeeLevel, Payment
from valvo.domain.partners.fields import PartnerError
from valvo.domain.partners.follow_up import ComplianceCheck, ReferralPractice, missing_referrals
from valvo.domain.partners.governance import CriteriaVersion, Goal, Programme, check_versions
from valvo.domain.partners.outreach import InternationalRelation, nordic_overdue

TODAY = date(2026, 11, 23)


def programme(**changes: Any) -> dict[str, Any]:
    return {
        "name": "Cognitive Skills",
        "influences_thinking": True,
        "accreditation": "accredited",
        "accredited_on": "2024-01-10",
        "status": "in_use",
        **changes,
    }


def test_a_thinking_programme_is_in_use_only_once_accredited() -> None:
    assert Programme.read(programme()).status == "in_use"
    for accreditation in ("not_accredited", "in_process"):
        with pytest.raises(PartnerError, match=r"^status: a programme influencing thinking"):
            Programme.read(programme(accreditation=accreditation, accredited_on=None))
    # A programme not influencing thinking needs no accreditation to be in use.
    other = Programme.read(programme(influences_thinking=False, accreditation="not_accredited"))
    assert other.status == "in_use"
    lapsed = Programme.read(programme(accreditation_valid_to="2026-01-10"))
    assert lapsed.unaccredited_in_use(TODAY)
    assert not lapsed.unaccredited_in_use(date(2025, 12, 31))


def test_a_fee_is_hours_times_the_level_in_force_that_day() -> None:
    levels = [
        FeeLevel.read(
            {
                "name": "2025",
                "eur_per_hour": 25,
                "valid_from": "2025-01-01",
                "valid_to": "2026-01-01",
            }
        ),
        FeeLevel.read({"name": "2026", "eur_per_hour": 30, "valid_from": "2026-01-01"}),
    ]
    base = {"expert_id": "e", "kind": "fee", "hours": 2.5}
    assert Payment.read({**base, "worked_on": "2025-12-31"}, levels).amount_eur == 62.5
    assert Payment.read({**base, "worked_on": "2026-01-01"}, levels).amount_eur == 75.0
    with pytest.raises(PartnerError, match=r"^worked_on: no fee level in force on 2024-06-01"):
        Payment.read({**base, "worked_on": "2024-06-01"}, levels)
    travel = Payment.read(
        {"expert_id": "e", "kind": "travel", "worked_on": "2026-02-02", "amount_eur": 12.4}, []
    )
    assert (travel.amount_eur, travel.rate_eur_per_hour) == (12.4, None)


def test_compliance_actions_and_checks_fall_due() -> None:
    check = ComplianceCheck.read(
        {
            "title": "t",
            "process": "p",
            "checked_on": "2026-06-01",
            "checked_by": "m",
            "result": "deviations",
            "next_check_on": "2026-12-01",
            "actions": [
                {"text": "a", "owner": "o", "due_on": "2026-09-30"},
                {"text": "b", "owner": "o", "due_on": "2026-09-30", "done_on": "2026-09-15"},
            ],
        }
    )
    assert [a.text for a in check.overdue_actions(TODAY)] == ["a"]
    assert not check.check_overdue(TODAY)
    assert check.check_overdue(date(2026, 12, 2))
    with pytest.raises(PartnerError, match=r"^actions: item 1: due_on: is required"):
        ComplianceCheck.read(
            {
                "title": "t",
                "process": "p",
                "checked_on": "2026-06-01",
                "checked_by": "m",
                "result": "as_agreed",
                "actions": [{"text": "a", "owner": "o"}],
            }
        )


def test_a_centre_needs_referral_practices_for_both_service_groups() -> None:
    def practice(service: str, **changes: Any) -> ReferralPractice:
        return ReferralPractice.read(
            {
                "name": service,
                "centre_id": "c",
                "service": service,
                "counterpart_name": "k",
                "practice": "p",
                **changes,
            }
        )

    assert missing_referrals([], "c", TODAY) == [
        "social_services or health_services",
        "municipal_employment or state_employment",
    ]
    have = [practice("health_services"), practice("state_employment", valid_to="2026-01-01")]
    assert missing_referrals(have, "c", TODAY) == ["municipal_employment or state_employment"]
    assert missing_referrals(have, "other", TODAY) == [
        "social_services or health_services",
        "municipal_employment or state_employment",
    ]


def test_criteria_versions_do_not_overlap() -> None:
    def version(number: str, start: str, end: str | None = None) -> CriteriaVersion:
        return CriteriaVersion.read(
            {
                "name": "k",
                "version": number,
                "criteria": ["c"],
                "valid_from": start,
                "valid_to": end,
            }
        )

    first = version("1", "2025-01-01", "2026-01-01")
    check_versions(version("2", "2026-01-01"), [first])
    with pytest.raises(PartnerError, match=r"^valid_from: overlaps version 1"):
        check_versions(version("2", "2025-06-01"), [first])
    with pytest.raises(PartnerError, match=r"^version: version 1 already exists"):
        check_versions(version("1", "2027-01-01"), [first])


def test_goal_reports_and_nordic_meetings_fall_due() -> None:
    goal = Goal.read(
        {
            "title": "g",
            "level": "national",
            "indicator": "i",
            "target": "t",
            "starts_on": "2026-01-31",
            "ends_on": "2027-12-31",
            "report_every_months": 6,
        }
    )
    assert goal.report_due(date(2026, 7, 28)) is None
    assert goal.report_due(TODAY) == date(2026, 7, 28)
    with pytest.raises(PartnerError, match=r"^network_id: a network goal names its network"):
        Goal.read(
            {
                "title": "g",
                "level": "network",
                "indicator": "i",
                "target": "t",
                "starts_on": "2026-01-01",
                "ends_on": "2027-01-01",
            }
        )
    met = InternationalRelation.read(
        {"name": "n", "type": "nordic_meeting", "topic": "t", "last_met_on": "2026-03-01"}
    )
    old = InternationalRelation.read(
        {"name": "o", "type": "nordic_meeting", "topic": "t", "last_met_on": "2025-10-01"}
    )
    assert [i for i, _ in nordic_overdue([("met", met), ("old", old)], TODAY)] == ["old"]
