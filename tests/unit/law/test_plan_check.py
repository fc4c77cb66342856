"""check-plan rules: R24, R25 (activity), R105 (locality window), R107 (travel ban), R31."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from valvo.domain.law.errors import LawInputError
from valvo.domain.law.plan_check import PlanReport, check_plan_data
from valvo.domain.law.policy import ACT_2011, DRAFT_2007, LawPolicy

MONDAY = date(2025, 3, 3)  # a week with no clock change


def activity(
    day: date,
    start: str,
    end: str,
    justification: str | None = None,
    end_day: date | None = None,
    purpose: str = "activity",
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "purpose": purpose,
        "start": f"{day.isoformat()}T{start}",
        "end": f"{(end_day or day).isoformat()}T{end}",
    }
    if justification is not None:
        out["justification"] = justification
    return out


def workdays(monday: date, hours: int, days: int = 5) -> list[dict[str, Any]]:
    """``hours`` a day from 08:00 on ``days`` weekdays."""
    return [
        activity(monday + timedelta(days=d), "08:00", f"{8 + hours:02d}:00") for d in range(days)
    ]


def sentence(
    start: date, end: date, intervals: list[dict[str, Any]], **extra: Any
) -> dict[str, Any]:
    return {
        "kind": "monitoring_sentence",
        "timezone": "Europe/Helsinki",
        "start": start.isoformat(),
        "end": end.isoformat(),
        "intervals": intervals,
        **extra,
    }


def ban(
    start: date,
    end: date,
    window: dict[str, Any] | None,
    intervals: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    plan: dict[str, Any] = {
        "kind": "travel_ban",
        "start": start.isoformat(),
        "end": end.isoformat(),
        "intervals": intervals or [],
    }
    if window is not None:
        plan["locality_window"] = window
    return plan


def check(plan: dict[str, Any], policy: LawPolicy = DRAFT_2007) -> PlanReport:
    return check_plan_data(plan, policy)


def codes(plan: dict[str, Any], policy: LawPolicy = DRAFT_2007) -> list[str]:
    return [error.code for error in check(plan, policy).errors]


ONE_WEEK = (MONDAY, MONDAY + timedelta(days=6))


# --- R24: 10–40 h of activity in every full Mon–Sun week ----------------------------------


def test_r24_a_week_of_forty_hours_is_valid() -> None:
    report = check(sentence(*ONE_WEEK, workdays(MONDAY, 8)))
    assert report.valid
    assert report.errors == ()


def test_r24_ten_hours_is_enough_and_nine_is_not() -> None:
    assert codes(sentence(*ONE_WEEK, workdays(MONDAY, 2))) == []
    short = sentence(
        *ONE_WEEK, [*workdays(MONDAY, 2, days=4), activity(date(2025, 3, 7), "08:00", "09:00")]
    )
    report = check(short)
    assert [e.code for e in report.errors] == ["activity_below_minimum"]
    assert "9 h of activity" in report.errors[0].message
    assert "2025-W10 (2025-03-03 – 2025-03-09)" in report.errors[0].message


def test_r24_more_than_forty_hours_is_refused() -> None:
    plan = sentence(*ONE_WEEK, [*workdays(MONDAY, 8), activity(date(2025, 3, 8), "10:00", "10:30")])
    report = check(plan)
    assert [e.code for e in report.errors] == ["activity_above_maximum"]
    assert "40 h 30 min" in report.errors[0].message


def test_r24_every_full_week_is_checked_and_partial_weeks_only_for_the_maximum() -> None:
    """Plan Wed 5 March – Sun 23 March: weeks 11 and 12 are full, week 10 is partial."""
    plan = sentence(
        date(2025, 3, 5),
        date(2025, 3, 23),
        [
            activity(date(2025, 3, 5), "08:00", "10:00"),  # partial week: 2 h, not a minimum breach
            *workdays(date(2025, 3, 10), 2),  # week 11: 10 h
            *workdays(date(2025, 3, 17), 1),  # week 12: 5 h
        ],
    )
    report = check(plan)
    assert [e.code for e in report.errors] == ["activity_below_minimum"]
    assert "2025-W12" in report.errors[0].message


def test_r24_a_partial_week_still_may_not_exceed_the_maximum() -> None:
    plan = sentence(
        date(2025, 3, 6),
        date(2025, 3, 9),
        [
            activity(date(2025, 3, 6), "06:00", "18:00"),
            activity(date(2025, 3, 7), "06:00", "18:00"),
            activity(date(2025, 3, 8), "06:00", "18:00"),
            activity(date(2025, 3, 9), "06:00", "11:00"),
        ],
    )
    assert codes(plan) == ["activity_above_maximum"]


def test_r24_2011_act_allows_up_to_50_hours_with_a_special_reason() -> None:
    """330/2011 §3.2: more than 40 h (at most 50) needs a recorded special reason."""
    nine_hours = workdays(MONDAY, 9)
    assert codes(sentence(*ONE_WEEK, nine_hours), ACT_2011) == ["activity_above_maximum"]
    hint = check(sentence(*ONE_WEEK, nine_hours), ACT_2011).errors[0].message
    assert "up to 50 h with a special reason" in hint
    justified = sentence(*ONE_WEEK, nine_hours, activity_hours_justification="travel time")
    assert codes(justified, ACT_2011) == []
    assert codes(justified, DRAFT_2007) == ["activity_above_maximum"]
    eleven = sentence(*ONE_WEEK, workdays(MONDAY, 11), activity_hours_justification="shifts")
    assert codes(eleven, ACT_2011) == ["activity_above_maximum"]


def test_r24_dst_week_with_a_23_hour_day_counts_real_hours() -> None:
    """Week 24–30 March 2025: Sunday the 30th has 23 hours. A justified night shift
    Sat 22:00 – Sun 08:00 is 10 hours on the clock but 9 real hours."""
    monday = date(2025, 3, 24)
    night = activity(date(2025, 3, 29), "22:00", "08:00", "night shift", end_day=date(2025, 3, 30))
    report = check(sentence(monday, monday + timedelta(days=6), [night]))
    assert [e.code for e in report.errors] == ["activity_below_minimum"]
    assert "9 h of activity" in report.errors[0].message


def test_r24_dst_week_with_a_25_hour_day_counts_real_hours() -> None:
    """Week 20–26 October 2025: Sunday the 26th has 25 hours. The same shift is 11 real
    hours, so with 29 more hours the week holds 40 h: at the maximum, not over it."""
    monday = date(2025, 10, 20)
    night = activity(
        date(2025, 10, 25), "22:00", "08:00", "night shift", end_day=date(2025, 10, 26)
    )
    plan = sentence(
        monday,
        monday + timedelta(days=6),
        [night, *workdays(monday, 6, days=4), activity(date(2025, 10, 24), "08:00", "13:00")],
    )
    assert codes(plan) == []
    plan["intervals"].append(activity(date(2025, 10, 24), "13:00", "13:30"))
    assert codes(plan) == ["activity_above_maximum"]


def test_r24_overlapping_activity_is_counted_once() -> None:
    plan = sentence(*ONE_WEEK, [*workdays(MONDAY, 2), activity(MONDAY, "09:00", "10:00")])
    assert codes(plan) == ["intervals_overlap"]


# --- R25: no activity 18:00–06:00 without a justification ---------------------------------


@pytest.mark.parametrize(
    ("start", "end"),
    [("17:00", "18:01"), ("05:59", "10:00"), ("19:00", "20:00"), ("00:00", "01:00")],
)
def test_r25_activity_at_night_needs_a_justification(start: str, end: str) -> None:
    night = activity(date(2025, 3, 8), start, end)
    plan = sentence(*ONE_WEEK, [*workdays(MONDAY, 2), night])
    report = check(plan)
    assert [e.code for e in report.errors] == ["activity_at_night_unjustified"]
    assert "18:00–06:00" in report.errors[0].message
    night["justification"] = "the bakery's shift starts at 05:00"
    assert codes(plan) == []


def test_r25_the_day_runs_from_06_00_to_18_00_inclusive_of_its_edges() -> None:
    plan = sentence(*ONE_WEEK, [activity(MONDAY, "06:00", "18:00")])
    assert codes(plan) == []


def test_r25_blank_justification_is_no_justification() -> None:
    plan = sentence(*ONE_WEEK, [*workdays(MONDAY, 2), activity(MONDAY, "18:00", "19:00", "  ")])
    assert codes(plan) == ["activity_at_night_unjustified"]


def test_r25_other_purposes_may_be_at_night() -> None:
    plan = sentence(
        *ONE_WEEK, [*workdays(MONDAY, 2), activity(MONDAY, "19:00", "21:00", purpose="personal")]
    )
    assert codes(plan) == []


def test_r25_2011_act_night_starts_at_21() -> None:
    evening = activity(date(2025, 3, 8), "18:30", "20:30")
    plan = sentence(*ONE_WEEK, [*workdays(MONDAY, 2), evening])
    assert codes(plan, ACT_2011) == []
    assert codes(plan, DRAFT_2007) == ["activity_at_night_unjustified"]
    evening["end"] = "2025-03-08T21:30"
    assert codes(plan, ACT_2011) == ["activity_at_night_unjustified"]


# --- R107: a travel ban carries no activity -----------------------------------------------


def test_r107_travel_ban_with_activity_is_refused() -> None:
    plan = ban(*ONE_WEEK, None, [activity(MONDAY, "08:00", "16:00")])
    report = check(plan)
    assert [e.code for e in report.errors] == ["activity_in_travel_ban"]
    assert "R107" in report.errors[0].message


def test_travel_ban_with_travel_and_no_window_is_valid() -> None:
    """A locality obligation is optional (PKL 2:3.2); travel exits are allowed."""
    plan = ban(*ONE_WEEK, None, [activity(MONDAY, "08:00", "16:00", purpose="travel")])
    assert codes(plan) == []


def test_travel_ban_has_no_weekly_activity_minimum() -> None:
    assert codes(ban(*ONE_WEEK, {"start": "20:00", "end": "06:00"})) == []


# --- R105: one continuous 8–12 h window inside 18:00–06:00 unless justified ---------------


@pytest.mark.parametrize(
    ("start", "end"),
    [("22:00", "06:00"), ("18:00", "06:00"), ("18:00", "02:00"), ("20:30", "06:00")],
)
def test_r105_windows_of_8_to_12_hours_in_the_night_are_valid(start: str, end: str) -> None:
    assert codes(ban(*ONE_WEEK, {"start": start, "end": end})) == []


def test_r105_a_13_hour_window_is_too_long() -> None:
    report = check(ban(*ONE_WEEK, {"start": "18:00", "end": "07:00", "justification": "work"}))
    assert [e.code for e in report.errors] == ["locality_window_too_long"]
    assert "lasts 13 h" in report.errors[0].message
    assert "the maximum is 12 h" in report.errors[0].message


def test_r105_a_window_under_8_hours_is_too_short() -> None:
    report = check(ban(*ONE_WEEK, {"start": "22:01", "end": "06:00"}))
    assert [e.code for e in report.errors] == ["locality_window_too_short"]
    assert "7 h 59 min" in report.errors[0].message
    assert codes(ban(*ONE_WEEK, {"start": "22:00", "end": "22:00"})) == [
        "locality_window_too_short"
    ]


def test_r105_window_outside_the_night_needs_a_justification() -> None:
    daytime = {"start": "09:00", "end": "17:00"}
    assert codes(ban(*ONE_WEEK, daytime)) == ["locality_window_outside_night_unjustified"]
    daytime["justification"] = "works nights at the port"
    assert codes(ban(*ONE_WEEK, daytime)) == []
    assert codes(ban(*ONE_WEEK, {"start": "17:59", "end": "02:00"})) == [
        "locality_window_outside_night_unjustified"
    ]
    assert codes(ban(*ONE_WEEK, {"start": "22:00", "end": "06:01"})) == [
        "locality_window_outside_night_unjustified"
    ]


def test_r105_dst_the_autumn_night_makes_a_12_hour_window_13_hours() -> None:
    """On the night of 25–26 October 2025 clocks go back: 18:00–06:00 lasts 13 hours."""
    report = check(ban(date(2025, 10, 20), date(2025, 10, 31), {"start": "18:00", "end": "06:00"}))
    assert [e.code for e in report.errors] == ["locality_window_too_long"]
    assert "night starting 2025-10-25" in report.errors[0].message
    assert (
        codes(ban(date(2025, 10, 20), date(2025, 10, 31), {"start": "18:00", "end": "05:00"})) == []
    )


def test_r105_dst_the_spring_night_makes_an_8_hour_window_7_hours() -> None:
    report = check(ban(date(2025, 3, 24), date(2025, 4, 6), {"start": "22:00", "end": "06:00"}))
    assert [e.code for e in report.errors] == ["locality_window_too_short"]
    assert "lasts 7 h on the night starting 2025-03-29" in report.errors[0].message
    assert codes(ban(date(2025, 3, 24), date(2025, 4, 6), {"start": "21:00", "end": "06:00"})) == []


def test_r105_window_on_a_monitoring_sentence_is_not_a_travel_ban_rule() -> None:
    plan = sentence(
        *ONE_WEEK, workdays(MONDAY, 2), locality_window={"start": "09:00", "end": "23:00"}
    )
    assert codes(plan) == []


# --- The plan period and its intervals -----------------------------------------------------


def test_interval_outside_the_plan_period() -> None:
    plan = sentence(
        *ONE_WEEK, [*workdays(MONDAY, 2), activity(date(2025, 3, 10), "08:00", "09:00")]
    )
    assert codes(plan) == ["interval_outside_plan"]
    last_evening = activity(date(2025, 3, 9), "16:00", "17:00", purpose="personal")
    assert codes(sentence(*ONE_WEEK, [*workdays(MONDAY, 2), last_evening])) == []


def test_interval_ending_before_it_starts_is_reported_and_the_rest_checked() -> None:
    plan = sentence(*ONE_WEEK, [*workdays(MONDAY, 2), activity(MONDAY, "12:00", "11:00")])
    report = check(plan)
    assert [e.code for e in report.errors] == ["interval_ends_before_start"]
    assert "intervals[5]" in report.errors[0].message


def test_plan_ending_before_it_starts() -> None:
    assert codes(sentence(date(2025, 3, 9), date(2025, 3, 3), [])) == ["plan_ends_before_start"]


@pytest.mark.parametrize(
    "purpose", ["activity", "travel", "personal", "rehabilitation", "exemption"]
)
def test_r31_every_declared_purpose_is_accepted(purpose: str) -> None:
    plan = sentence(
        *ONE_WEEK, [*workdays(MONDAY, 2), activity(MONDAY, "17:00", "17:30", purpose=purpose)]
    )
    assert check(plan).valid


# --- Data that is not a plan ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("mutate", "fragment"),
    [
        (lambda p: p.pop("kind"), "missing key 'kind'"),
        (lambda p: p.pop("intervals"), "missing key 'intervals'"),
        (lambda p: p.update(kind="probation"), "'probation' is not one of"),
        (lambda p: p.update(timezone="Mars/Olympus"), "unknown timezone"),
        (lambda p: p.update(start="3.3.2025"), "is not a date"),
        (lambda p: p.update(intervals={}), "must be a list"),
        (lambda p: p.update(extra=1), "unknown key 'extra'"),
        (
            lambda p: p["intervals"].append(
                {"purpose": "shopping", "start": "2025-03-03T08:00", "end": "2025-03-03T09:00"}
            ),
            "(R31)",
        ),
        (
            lambda p: p["intervals"].append({"purpose": "travel", "start": "2025-03-03T08:00"}),
            "intervals[0]: missing key 'end'",
        ),
        (
            lambda p: p["intervals"].append(
                {"purpose": "travel", "start": "2025-03-03T08:00Z", "end": "2025-03-03T09:00"}
            ),
            "carries an offset",
        ),
        (lambda p: p.update(locality_window={"start": "18:00", "end": "6"}), "HH:MM"),
        (lambda p: p.update(locality_window=[]), "must be a JSON object"),
        (lambda p: p.update(start=20250303), "must be a string, got a number"),
        (lambda p: p.update(end="2099-01-01"), "at most ten years"),
    ],
)
def test_data_that_is_not_a_plan_is_refused_precisely(mutate: Any, fragment: str) -> None:
    plan = sentence(*ONE_WEEK, [])
    mutate(plan)
    with pytest.raises(LawInputError) as caught:
        check(plan)
    assert fragment in caught.value.message
    assert "\n" not in caught.value.message


def test_top_level_must_be_an_object() -> None:
    with pytest.raises(LawInputError) as caught:
        check_plan_data([], DRAFT_2007)
    assert caught.value.code == "invalid_plan"
