"""S53–S55 places and S59–S63 project partnerships: eligibility rules and plan windows."""

from __future__ import annotations

from datetime import date, time
from typing import Any

import pytest

from valvo.domain.partners.fields import PartnerError
from valvo.domain.partners.places import Place, organiser_eligibility, read_opening_hours
from valvo.domain.partners.plan_windows import (
    Session,
    carve,
    check_sessions,
    merge_into_plan,
    remove_from_plan,
    windows_for,
)
from valvo.domain.partners.projects import (
    Application,
    Recommendation,
    check_recommendation,
    eligibility_problems,
    review_due,
)


def application(**overrides: Any) -> Application:
    data = {
        "name": "Polku",
        "applicant": "Kriminaalihuollon tukisäätiö",
        "applicant_form": "foundation",
        "description": "Peer support after release",
        "need": "Clients leaving prison lack peer support",
        "target_unit_ids": ["u1"],
        "planned_cooperation": "Monthly groups in the community sanctions office",
    }
    data.update(overrides)
    return Application.read(data)


def test_an_eligible_application_has_no_problems() -> None:
    assert eligibility_problems(application()) == ()


@pytest.mark.parametrize(
    ("overrides", "problem"),
    [
        ({"applicant_form": "for_profit_company"}, "a for profit company cannot be"),
        ({"applicant_form": "private_individual"}, "a private individual cannot be"),
        ({"need": None}, "the need for the activity is not stated"),
        ({"target_unit_ids": []}, "no cooperation planned with at least one Rise unit"),
        (
            {"prison_visits": True, "organisation_cleared": True},
            "prison visits need a security clearance of the organisation and its workers",
        ),
        ({"electronic_services": True}, "electronic services need a Rise expert's opinion"),
    ],
)
def test_eligibility_rules(overrides: dict[str, Any], problem: str) -> None:
    assert any(p.startswith(problem) for p in eligibility_problems(application(**overrides)))


def test_social_enterprises_parishes_and_municipalities_may_be_partners() -> None:
    for form in ("social_enterprise", "parish", "municipality", "joint_municipal_authority"):
        assert eligibility_problems(application(applicant_form=form)) == ()


def test_the_group_cannot_recommend_an_ineligible_application_but_may_decline_it() -> None:
    bad = application(applicant_form="for_profit_company")
    with pytest.raises(PartnerError, match="cannot recommend an ineligible application"):
        check_recommendation(bad, Recommendation(True, "Good idea", date(2026, 1, 1)))
    check_recommendation(bad, Recommendation(False, "Not eligible", date(2026, 1, 1)))


def test_portfolio_reviews_are_semi_annual() -> None:
    assert review_due(date(2026, 1, 15), []) == date(2026, 7, 15)
    assert review_due(date(2026, 1, 15), [date(2026, 7, 1), date(2026, 3, 1)]) == date(2027, 1, 1)


def test_organiser_eligibility_follows_yks_asetus_26_and_34() -> None:
    assert organiser_eligibility("activity_obligation_place", "foundation").eligible
    assert organiser_eligibility("service_place", "for_profit_social_enterprise").eligible
    assert not organiser_eligibility(
        "activity_obligation_place", "for_profit_social_enterprise"
    ).eligible
    assert not organiser_eligibility("service_place", "for_profit_company").eligible


def place(**overrides: Any) -> Place:
    data = {
        "name": "Kierrätyskeskus",
        "kind": "activity_obligation_place",
        "organiser_type": "non_profit",
        "address": "Ruosilantie 18",
        "municipality": "Helsinki",
        "lon": "24.88",
        "lat": "60.24",
        "opening_hours": "ma-pe 08:00-16:00; la 10:00-14:00",
        "contact_name": "Maija",
        "contact_phone": "+358 40 123 4567",
    }
    data.update(overrides)
    return Place.read(data)


def test_a_place_reads_a_csv_row_with_lon_lat_and_compact_opening_hours() -> None:
    p = place()
    assert p.geometry == {"type": "Point", "coordinates": [24.88, 60.24]}
    assert p.radius_m == 75
    assert [(h.weekday, h.opens, h.closes) for h in p.opening_hours][-1] == (5, time(10), time(14))


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"organiser_type": "for_profit_company"}, "organiser_type: a for-profit company"),
        ({"lon": None}, "geometry: is required"),
        (
            {"geometry": '{"type": "LineString", "coordinates": [[0, 0], [1, 1]]}'},
            "geometry: zone geometry must be Polygon",
        ),
        ({"lat": "91"}, "lat: must be between"),
        ({"contact_phone": None}, "contact_email: the place's contact person needs"),
        ({"opening_hours": "ma-pe 16:00-08:00"}, r"opening_hours\[0\].closes: must be after"),
        ({"opening_hours": "xx 08:00-16:00"}, "opening_hours: unknown weekday 'xx'"),
    ],
)
def test_bad_places_are_refused_naming_the_field(overrides: dict[str, Any], message: str) -> None:
    with pytest.raises(PartnerError, match=message):
        place(**overrides)


HOURS = read_opening_hours(
    [
        {"weekday": 0, "opens": "08:00", "closes": "16:00"},
        {"weekday": 2, "opens": "08:00", "closes": "12:00"},
    ]
)


def test_sessions_must_lie_within_the_opening_hours() -> None:
    check_sessions([Session(0, time(9), time(15))], HOURS, "P")
    with pytest.raises(PartnerError, match="P is closed on weekday 1"):
        check_sessions([Session(1, time(9), time(15))], HOURS, "P")
    with pytest.raises(PartnerError, match="11:00–13:00 is outside the opening hours 08:00–12:00"):
        check_sessions([Session(2, time(11), time(13))], HOURS, "P")
    with pytest.raises(PartnerError, match="weekday 0 is chosen twice"):
        check_sessions([Session(0, time(9), time(10)), Session(0, time(11), time(12))], HOURS, "P")


def test_windows_carry_the_place_with_travel_either_side() -> None:
    windows = windows_for([Session(0, time(9), time(15))], "place-1", 30)
    assert windows == [
        {"weekday": 0, "start": "08:30", "end": "09:00", "purpose": "travel"},
        {
            "weekday": 0,
            "start": "09:00",
            "end": "15:00",
            "purpose": "activity",
            "place_id": "place-1",
        },
        {"weekday": 0, "start": "15:00", "end": "15:30", "purpose": "travel"},
    ]
    assert windows_for([Session(0, time(9), time(15))], "place-1", 0) == [windows[1]]


def test_windows_merge_into_the_plan_refusing_overlaps_and_replacing_their_own() -> None:
    work = {"weekday": 0, "start": "16:00", "end": "20:00", "purpose": "personal"}
    new = windows_for([Session(0, time(9), time(15))], "place-1", 30)
    plan = merge_into_plan([work], new)
    assert len(plan) == 4
    clash = {"weekday": 0, "start": "14:00", "end": "18:00", "purpose": "personal"}
    with pytest.raises(PartnerError, match="overlaps the plan's personal window 14:00–18:00"):
        merge_into_plan([clash], new)
    later = windows_for([Session(0, time(10), time(14))], "place-1", 30)
    assert merge_into_plan(plan, later, new) == [work, *later]
    assert remove_from_plan(plan, new) == [work]


def test_a_place_is_cut_out_of_an_all_day_authorisation_and_the_rest_stays() -> None:
    all_day = [
        {"weekday": 0, "start": "00:00", "end": "12:00", "purpose": "activity"},
        {"weekday": 0, "start": "12:00", "end": "00:00", "purpose": "activity"},
        {"weekday": 1, "start": "00:00", "end": "12:00", "purpose": "activity"},
    ]
    new = windows_for([Session(0, time(10), time(14))], "place-1", 30)
    plan, originals, pieces = carve(all_day, new)
    assert originals == all_day[:2]
    assert [(w["start"], w["end"]) for w in pieces] == [("00:00", "09:30"), ("14:30", "00:00")]
    merged = merge_into_plan(plan, new)  # no overlap left
    assert all_day[2] in merged
    assert len(merged) == 1 + 2 + 3
    # When the place leaves the plan, the authorisation is whole again.
    assert sorted(map(str, remove_from_plan(merged, [*new, *pieces]) + originals)) == sorted(
        map(str, all_day)
    )
    personal = [{"weekday": 0, "start": "08:00", "end": "18:00", "purpose": "personal"}]
    assert carve(personal, new)[0] == personal  # other windows still clash
    with pytest.raises(PartnerError, match="overlaps"):
        merge_into_plan(personal, new)
