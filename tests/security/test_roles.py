"""The roles the issue lists all exist, with the documented limits; the purpose boundary is local
midnight in Finland, across the change of clocks."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from valvo.domain.security import (
    ROLES,
    Permission,
    Scope,
    allows,
    purpose_required,
    start_of_local_day,
)

ISSUE_ROLES = {
    "operator",
    "supervisor",
    "regional_manager",
    "police",
    "prosecutor",
    "court",
    "partner_contact",
    "administrator",
    "auditor",
    "crime_analyst",  # issue 16: crime matching for the police
    "restricted_supervisor",  # issue 15 item 5: the supervisor of restricted cases
    "person",  # issue 15 item 8: the monitored person's own page
}
DOC = Path(__file__).resolve().parents[2] / "docs" / "authorisation.md"


def test_every_role_of_the_issue_exists_and_is_documented() -> None:
    assert set(ROLES) == ISSUE_ROLES
    text = DOC.read_text()
    for role in ROLES:
        assert f"| {role} |" in text, role


def test_the_limits_r131_asks_for() -> None:
    # Police: travel bans (R131) with their victims (PKL 2:1, docs/law.md) and crime matching
    # (issue 16), which reads matches only.
    crime_matching = {Permission.SUBMIT_CRIMES, Permission.MATCH_CRIMES}
    assert (
        ROLES["police"]
        == {
            Permission.READ_TRAVEL_BANS,
            Permission.WORK_TRAVEL_BANS,
            Permission.READ_VICTIMS,
            Permission.WORK_VICTIMS,
        }
        | crime_matching
    )
    assert ROLES["crime_analyst"] == crime_matching
    assert not allows("police", Permission.READ_LOCATION)
    assert ROLES["partner_contact"] == {Permission.CONFIRM_ATTENDANCE}
    assert ROLES["person"] == {Permission.OWN_PAGE}
    assert not allows("regional_manager", Permission.READ_LOCATION)
    assert not allows("auditor", Permission.READ_LOCATION)
    assert allows("regional_manager", Permission.READ_ALARMS)
    assert allows("regional_manager", Permission.READ_SENTENCES)
    assert not allows("regional_manager", Permission.WORK_SENTENCES)
    assert not allows("no-such-role", Permission.READ_REGISTRY)


def test_scope_covers_its_region_only() -> None:
    assert Scope("Itä-Suomi").covers("Itä-Suomi")
    assert not Scope("Itä-Suomi").covers("Etelä-Suomi")
    assert not Scope("Itä-Suomi").covers(None)
    assert Scope().covers("Etelä-Suomi")


def test_the_purpose_boundary_is_local_midnight_in_winter_and_summer() -> None:
    winter = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    assert start_of_local_day(winter) == datetime(2026, 11, 22, 22, 0, tzinfo=UTC)
    summer = datetime(2026, 7, 1, 10, 0, tzinfo=UTC)
    assert start_of_local_day(summer) == datetime(2026, 6, 30, 21, 0, tzinfo=UTC)
    # 23:30 UTC is already the next day in Helsinki: 22:30 UTC is yesterday there.
    late = datetime(2026, 11, 23, 23, 30, tzinfo=UTC)
    assert purpose_required(datetime(2026, 11, 23, 21, 59, tzinfo=UTC), late)
    assert not purpose_required(datetime(2026, 11, 23, 22, 0, tzinfo=UTC), late)
