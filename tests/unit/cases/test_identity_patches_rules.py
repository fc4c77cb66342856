"""The pure rules of R38 (identity checks of phone monitoring, 7.1.3) and R67 (sweat patches,
5.2): the plan of a day's checks is reproducible from its seed, inside required presence and
the calling hours, DST-safe; an outcome is refused where the report says it cannot stand; a
passed check verifies presence for a while; a patch's change falls at the same local time a
week later across a clock change; the laboratory draw is reproducible and honours the share."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from valvo.domain.cases import identity_checks as idc
from valvo.domain.cases import sweat_patches as patches
from valvo.domain.cases.errors import CaseError
from valvo.domain.schedule import zone
from valvo.domain.schedule.local_time import local_day_start

HKI = zone("Europe/Helsinki")


def config(**changes: object) -> idc.IdentityConfig:
    values: dict[str, object] = {
        "methods": ["questions"],
        "random_per_day": 3,
        "at_presence_start": True,
        "seed": "seed-1",
    }
    values.update(changes)
    return idc.check_config(**values)  # type: ignore[arg-type]


def test_r38_random_checks_are_reproducible_inside_presence_and_calling_hours() -> None:
    day = date(2027, 3, 28)  # the spring-forward day: 23 hours
    start = local_day_start(day, HKI)
    # At home but for 10:00–16:00 (local): presence 00:00–10:00 and 16:00–24:00.
    away_from = datetime(2027, 3, 28, 7, tzinfo=UTC)  # 10:00 EEST
    away_to = datetime(2027, 3, 28, 13, tzinfo=UTC)  # 16:00 EEST
    presence = [(start, away_from), (away_to, local_day_start(day + timedelta(days=1), HKI))]
    plan = idc.plan_day(config(), day, HKI, presence, start)
    again = idc.plan_day(config(), day, HKI, presence, start)
    assert plan == again
    randoms = [p for p in plan if p.trigger is idc.Trigger.RANDOM]
    starts = [p for p in plan if p.trigger is idc.Trigger.PRESENCE_START]
    assert len(randoms) == 3
    assert [p.due_at for p in starts] == [away_to + timedelta(minutes=15)]  # not midnight's
    for p in randoms:
        local = p.due_at.astimezone(HKI)
        assert idc.CALL_HOURS[0] <= local.time() < idc.CALL_HOURS[1]
        assert not (away_from <= p.due_at < away_to)
        assert p.due_at.second == 0
    other = idc.plan_day(config(seed="seed-2"), day, HKI, presence, start)
    assert [p.due_at for p in other] != [p.due_at for p in plan]


def test_r38_no_presence_within_the_calling_hours_means_no_random_checks() -> None:
    day = date(2027, 1, 4)
    start = local_day_start(day, HKI)
    night = [(start, start + timedelta(hours=7))]  # 00:00–07:00 only
    plan = idc.plan_day(config(at_presence_start=False), day, HKI, night, start)
    assert plan == []


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"methods": []}, "methods_missing"),
        ({"methods": ["telepathy"]}, "unknown_method"),
        ({"methods": ["video", "video"]}, "method_repeated"),
        ({"random_per_day": 7}, "random_per_day_out_of_range"),
        ({"random_per_day": -1}, "random_per_day_out_of_range"),
        ({"random_per_day": 0, "at_presence_start": False}, "no_occasion"),
        ({"seed": " "}, "seed_missing"),
    ],
)
def test_r38_a_configuration_the_centre_cannot_work_is_refused(
    changes: dict[str, object], code: str
) -> None:
    with pytest.raises(CaseError) as refused:
        config(**changes)
    assert refused.value.code == code


NOW = datetime(2027, 1, 4, 14, tzinfo=UTC)


def outcome(**changes: object) -> tuple[idc.Method, idc.Outcome, str | None]:
    values: dict[str, object] = {
        "method": "questions",
        "outcome": "passed",
        "knows_voice": False,
        "note": None,
        "due_at": NOW,
        "now": NOW,
    }
    values.update(changes)
    return idc.check_outcome(config(methods=["questions", "voice"]), **values)  # type: ignore[arg-type]


def test_r38_outcomes_the_report_does_not_allow_are_refused() -> None:
    assert outcome() == (idc.Method.QUESTIONS, idc.Outcome.PASSED, None)
    assert outcome(method="voice", knows_voice=True)[0] is idc.Method.VOICE
    # Voice recognition "edellyttää, että valvoja tuntee valvottavan" (7.1.3).
    for changes, code in (
        ({"method": "voice"}, "voice_not_known"),
        ({"method": "video"}, "method_not_configured"),
        ({"outcome": "failed"}, "note_missing"),
        ({"outcome": "maybe"}, "unknown_outcome"),
        ({"due_at": NOW + timedelta(minutes=31)}, "not_due"),
    ):
        with pytest.raises(CaseError) as refused:
            outcome(**changes)
        assert refused.value.code == code
    # No answer by voice is an attempt, not an identification: no need to know the voice.
    assert outcome(method="voice", outcome="no_answer")[1] is idc.Outcome.NO_ANSWER
    assert {idc.Outcome.FAILED, idc.Outcome.NO_ANSWER} == idc.ALARMING


def test_r38_a_passed_check_verifies_presence_for_four_hours_and_nothing_else_does() -> None:
    checks = [(NOW - timedelta(hours=1), "passed"), (NOW - timedelta(minutes=5), "no_answer")]
    assert idc.verified_at(checks, NOW) == NOW - timedelta(hours=1)
    assert idc.verified_at(checks, NOW + timedelta(hours=3, minutes=1)) is None
    assert idc.verified_at([(NOW, "failed")], NOW) is None
    assert idc.verified_at([], NOW) is None


def test_r67_the_weekly_change_falls_at_the_same_local_time_across_the_clock_change() -> None:
    applied = datetime(2027, 3, 25, 8, tzinfo=UTC)  # Thursday 10:00 EET
    due = patches.change_due(applied, 7, HKI)
    assert due == datetime(2027, 4, 1, 7, tzinfo=UTC)  # 10:00 EEST
    assert due - applied == timedelta(days=7) - timedelta(hours=1)  # the spring hour
    assert patches.overdue(due, None, due + timedelta(minutes=1))
    assert not patches.overdue(due, due + timedelta(hours=1), due + timedelta(hours=2))


def test_r67_the_laboratory_draw_is_reproducible_and_honours_the_share() -> None:
    cfg = patches.check_config(7, 25, "seed-x")
    day = date(2027, 1, 4)
    draws = [patches.draw(cfg, f"HP-{n}", day) for n in range(2000)]
    assert draws == [patches.draw(cfg, f"HP-{n}", day) for n in range(2000)]
    share = sum(d.selected for d in draws) / len(draws)
    assert 0.21 < share < 0.29
    every = patches.check_config(7, 100, "seed-x")
    assert all(patches.draw(every, f"HP-{n}", day).selected for n in range(100))
    for days, pct, code in ((0, 25, "change_days"), (15, 25, "change_days"), (7, 0, "lab_percent")):
        with pytest.raises(CaseError) as refused:
            patches.check_config(days, pct, "s")
        assert refused.value.code.startswith(code)


def test_r67_a_patch_at_a_time_removed_after_it_was_applied() -> None:
    applied = datetime(2027, 1, 4, 8, tzinfo=UTC)
    with pytest.raises(CaseError) as worn:
        patches.check_application(True, applied, applied)
    assert worn.value.code == "patch_worn"
    with pytest.raises(CaseError) as early:
        patches.check_removal(applied, applied - timedelta(minutes=1), applied)
    assert early.value.code == "removed_before_applied"
    assert patches.check_code("  HP-1 ") == "HP-1"
    with pytest.raises(CaseError):
        patches.check_code(" ")
