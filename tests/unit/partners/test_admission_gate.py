"""S67–S71: the admission gate refuses anyone without clearance, induction, pledge and a
positive director's decision; partner incident reports re-open the decision."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from valvo.domain.partners.outside_workers import (
    Clearance,
    Decision,
    OutsidePerson,
    Record,
    admission,
    check_partner_activity,
)

ON = date(2026, 11, 23)
CLEARED = Clearance("supo_basic", date(2026, 1, 10), "no_remarks")
COMPLETE = Record(
    clearance=CLEARED,
    inductions={"prison-1": date(2026, 2, 1)},
    pledge_on=date(2026, 2, 1),
    decisions=(Decision("prison-1", True, date(2026, 2, 3), "Director"),),
)


def person(**overrides: Any) -> OutsidePerson:
    data = {"name": "Ville Vapaaehtoinen", "role": "volunteer"}
    data.update(overrides)
    return OutsidePerson.read(data)


def with_(**changes: Any) -> Record:
    return replace(COMPLETE, **changes)


def test_a_person_with_everything_recorded_is_admitted() -> None:
    assert admission(COMPLETE, "prison-1", ON).admitted


def test_nobody_is_admitted_with_nothing_recorded_and_every_gap_is_named() -> None:
    verdict = admission(Record(), "prison-1", ON)
    assert not verdict.admitted
    assert verdict.missing == (
        "no security clearance recorded",
        "not inducted in this unit",
        "no signed confidentiality pledge",
        "no unit director's decision",
    )


def test_each_condition_on_its_own_keeps_the_door_shut() -> None:
    assert admission(with_(clearance=None), "prison-1", ON).missing == (
        "no security clearance recorded",
    )
    refused = Clearance("supo_basic", date(2026, 1, 10), "refused")
    assert not admission(with_(clearance=refused), "prison-1", ON).admitted
    expired = Clearance("supo_basic", date(2020, 1, 10), "no_remarks", date(2025, 1, 10))
    assert not admission(with_(clearance=expired), "prison-1", ON).admitted
    assert admission(with_(pledge_on=None), "prison-1", ON).missing == (
        "no signed confidentiality pledge",
    )
    # Inducted and decided for another unit only.
    assert admission(COMPLETE, "office-2", ON).missing == (
        "not inducted in this unit",
        "no unit director's decision",
    )


def test_the_latest_decision_counts_and_a_refusal_keeps_the_door_shut() -> None:
    refusal = Decision("prison-1", False, date(2026, 5, 1), "Director")
    verdict = admission(with_(decisions=(*COMPLETE.decisions, refusal)), "prison-1", ON)
    assert verdict.missing == ("unit director refused admission on 2026-05-01",)
    # Before the refusal the person was admitted.
    assert admission(
        with_(decisions=(*COMPLETE.decisions, refusal)), "prison-1", date(2026, 4, 30)
    ).admitted


def test_an_incident_report_reopens_the_decision_until_the_director_decides_again() -> None:
    reported = with_(incidents=(date(2026, 9, 1),))
    verdict = admission(reported, "prison-1", ON)
    assert verdict.missing == (
        "partner incident report of 2026-09-01 re-opened the decision (S71)",
    )
    again = Decision("prison-1", True, date(2026, 9, 20), "Director")
    assert admission(
        with_(incidents=(date(2026, 9, 1),), decisions=(*COMPLETE.decisions, again)), "prison-1", ON
    ).admitted


def test_no_partner_activity_is_scheduled_in_a_prison_with_someone_not_admitted() -> None:
    people = [("ok", person(), COMPLETE), ("new", person(), Record())]
    refusals = check_partner_activity("prison", "prison-1", people, ON, None)
    assert [r.person_id for r in refusals] == ["new"]
    assert "no security clearance recorded" in refusals[0].missing
    # A community sanctions office is gated too; a training centre is not (S68).
    assert check_partner_activity("community_sanctions_office", "prison-1", people, ON, None)
    assert check_partner_activity("training_centre", "x", people, ON, None) == []


def test_a_criminal_background_expert_leads_sessions_only_under_supervision() -> None:
    expert = person(role="expert_by_experience", criminal_background=True)
    refusals = check_partner_activity("prison", "prison-1", [("e", expert, COMPLETE)], ON, None)
    assert refusals[0].missing == (
        "a criminal-background expert's session needs the supervising official present (S70)",
    )
    assert (
        check_partner_activity("prison", "prison-1", [("e", expert, COMPLETE)], ON, "Officer Kari")
        == []
    )
