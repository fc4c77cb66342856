"""S16–S21: contact staleness, representation of the standing groups, overdue obligations."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from valvo.domain.partners.fields import PartnerError
from valvo.domain.partners.meetings import (
    Meeting,
    Obligation,
    add_months,
    obligation_status,
    overdue_actions,
)
from valvo.domain.partners.networks import (
    Member,
    Network,
    contact_problems,
    missing_representation,
    stale_contacts,
)

TODAY = date(2026, 11, 23)


def member(**overrides: Any) -> Member:
    data = {
        "network_id": "n1",
        "organisation_id": "kela",
        "contact_name": "Pirjo",
        "contact_email": "pirjo@kela.fi",
        "last_verified_on": "2026-06-01",
    }
    data.update(overrides)
    return Member.read(data)


def test_a_verified_reachable_contact_is_current() -> None:
    assert contact_problems(member(), TODAY) == ()


def test_contacts_are_stale_when_missing_unreachable_or_unverified_for_a_year() -> None:
    assert contact_problems(member(last_verified_on="2025-11-22"), TODAY) == (
        "last verified 2025-11-22",
    )
    assert contact_problems(member(last_verified_on="2025-11-23"), TODAY) == ()
    assert contact_problems(member(last_verified_on=None), TODAY) == ("never verified",)
    assert contact_problems(member(contact_name=None, contact_email=None), TODAY) == (
        "no named contact person",
        "no e-mail or phone",
    )
    found = stale_contacts({"a": member(), "b": member(last_verified_on=None)}, TODAY)
    assert found == [("b", ("never verified",))]
    assert contact_problems(member(last_verified_on="2026-10-01"), TODAY, stale_after_days=30)


def test_a_member_is_a_partner_or_a_unit_not_both() -> None:
    with pytest.raises(PartnerError, match="organisation_id: a member is either"):
        member(unit_id="u1")


def test_the_matrix_group_must_include_every_centre_and_national_area() -> None:
    units = {"c1": "centre", "c2": "centre", "n1": "national_area", "p1": "prison"}
    matrix = Network.read({"name": "Matrix group", "kind": "matrix_group"})
    members = [member(organisation_id=None, unit_id="c1")]
    assert missing_representation(matrix, members, units) == ["c2", "n1"]
    thematic = Network.read(
        {"name": "Housing", "kind": "thematic", "theme": "housing", "centre_id": "c1"}
    )
    assert missing_representation(thematic, members, units) == []


def test_a_thematic_network_needs_its_theme_and_centre() -> None:
    with pytest.raises(PartnerError, match="theme: is required"):
        Network.read({"name": "X", "kind": "thematic", "centre_id": "c1"})
    with pytest.raises(PartnerError, match="centre_id: a thematic network belongs to a centre"):
        Network.read({"name": "X", "kind": "thematic", "theme": "housing"})


def obligation(**overrides: Any) -> Obligation:
    data = {
        "title": "Annual meeting with the local prosecution office",
        "counterpart": "Prosecution office",
        "centre_id": "c1",
        "frequency_months": 12,
        "starts_on": "2025-01-01",
    }
    data.update(overrides)
    return Obligation.read(data)


def meeting(held_on: str, **overrides: Any) -> Meeting:
    data = {"title": "Meeting", "held_on": held_on, "obligation_id": "o1"}
    data.update(overrides)
    return Meeting.read(data)


def test_an_annual_obligation_is_overdue_a_year_after_the_last_meeting() -> None:
    status = obligation_status(obligation(), [meeting("2025-10-01")], TODAY)
    assert status.last_held == date(2025, 10, 1)
    assert status.due_on == date(2026, 10, 1)
    assert status.overdue
    assert status.days_overdue == 53
    assert not obligation_status(obligation(), [meeting("2026-02-01")], TODAY).overdue


def test_a_never_met_obligation_is_due_one_interval_after_it_started() -> None:
    status = obligation_status(obligation(frequency_months=6), [], TODAY)
    assert status.due_on == date(2025, 7, 1)
    assert status.overdue
    future = meeting("2027-01-01")  # a planned meeting does not count as held
    assert obligation_status(obligation(frequency_months=6), [future], TODAY).last_held is None


def test_add_months_keeps_the_end_of_the_month() -> None:
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2025, 8, 31), 6) == date(2026, 2, 28)
    assert add_months(date(2025, 12, 15), 12) == date(2026, 12, 15)


def test_overdue_action_items_are_listed_until_done() -> None:
    actions = (
        '[{"what": "Update contact list", "due": "2026-11-01"},'
        ' {"what": "Done one", "due": "2026-01-01", "done": true},'
        ' {"what": "Later", "due": "2026-12-31"}]'
    )
    found = overdue_actions({"m1": meeting("2026-10-01", actions=actions)}, TODAY)
    assert [(m, a.what) for m, a in found] == [("m1", "Update contact list")]


def test_a_bad_action_names_its_position() -> None:
    with pytest.raises(PartnerError, match=r"actions\[1\].due: must be a date"):
        meeting("2026-10-01", actions=[{"what": "a"}, {"what": "b", "due": "soon"}])
