"""The travel-ban lifecycle (PKL ch. 2; R100, R105, R109, R111, R117–R119)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from valvo.domain.cases.errors import CaseError
from valvo.domain.cases.travel_ban import (
    BanStatus,
    CourtHearing,
    ExtensionHearing,
    TravelBan,
    impose,
)
from valvo.domain.law.plan import LocalityWindow
from valvo.domain.law.policy import DRAFT_2007

HEARD = CourtHearing.IN_PERSON  # PKL 2:8.2 (R112): how the court heard the suspect

HELSINKI = ZoneInfo("Europe/Helsinki")
DECIDED = datetime(2025, 3, 28, 10, 0, tzinfo=HELSINKI)  # the Friday before the spring change
# Real elapsed time is added in UTC: aware datetimes in a ZoneInfo add wall-clock time.
T0 = DECIDED.astimezone(UTC)
H = timedelta(hours=1)
NIGHT = LocalityWindow(time(22), time(6))


def provisional() -> TravelBan:
    return impose(
        DECIDED, device="GPS-7", policy=DRAFT_2007, locality_window=NIGHT, provisional=True
    )


def test_r100_every_ban_has_a_device() -> None:
    with pytest.raises(CaseError) as caught:
        impose(DECIDED, device=" ", policy=DRAFT_2007)
    assert caught.value.code == "no_device"
    assert impose(DECIDED, device="GPS-7", policy=DRAFT_2007).status is BanStatus.IN_FORCE


def test_r109_only_a_locality_obligation_ban_is_provisional() -> None:
    with pytest.raises(CaseError) as caught:
        impose(DECIDED, device="GPS-7", policy=DRAFT_2007, provisional=True)
    assert caught.value.code == "provisional_without_locality"
    assert provisional().status is BanStatus.PROVISIONAL


def test_r105_a_13_hour_locality_window_is_refused() -> None:
    with pytest.raises(CaseError) as caught:
        impose(
            DECIDED,
            device="GPS-7",
            policy=DRAFT_2007,
            locality_window=LocalityWindow(time(18), time(7), "work"),
        )
    assert caught.value.code == "locality_window_too_long"


def test_r105_window_outside_the_night_needs_a_reason() -> None:
    with pytest.raises(CaseError) as caught:
        impose(
            DECIDED,
            device="GPS-7",
            policy=DRAFT_2007,
            locality_window=LocalityWindow(time(8), time(16)),
        )
    assert caught.value.code == "locality_window_outside_night_unjustified"


def test_r111_referral_within_72_real_hours_across_the_clock_change() -> None:
    """72 h after Friday 10:00 EET is Monday 11:00 EEST; 10:59 is in time, 11:01 is late."""
    ban = provisional()
    in_time = datetime(2025, 3, 31, 10, 59, tzinfo=HELSINKI)
    assert ban.refer_to_court(in_time).missed_deadlines(in_time, DRAFT_2007) == ()
    late = datetime(2025, 3, 31, 11, 1, tzinfo=HELSINKI)
    assert ban.missed_deadlines(late, DRAFT_2007) == ("court_referral_overdue",)
    assert ban.refer_to_court(late).missed_deadlines(late, DRAFT_2007) == (
        "court_referral_overdue",
    )


def test_r111_court_takes_it_up_within_7_days() -> None:
    ban = provisional().refer_to_court(T0 + 24 * H)
    assert ban.missed_deadlines(T0 + 168 * H, DRAFT_2007) == ()
    assert ban.missed_deadlines(T0 + 169 * H, DRAFT_2007) == ("court_hearing_overdue",)
    confirmed = ban.court_decides(T0 + 100 * H, confirmed=True, suspect_heard=HEARD)
    assert confirmed.status is BanStatus.IN_FORCE
    assert confirmed.missed_deadlines(T0 + 500 * H, DRAFT_2007) == ()


def test_r119_provisional_until_the_court_decides_and_revoked_if_it_refuses() -> None:
    with pytest.raises(CaseError) as caught:
        provisional().court_decides(T0 + H, confirmed=True, suspect_heard=HEARD)
    assert caught.value.code == "not_referred"
    refused = (
        provisional()
        .refer_to_court(T0 + H)
        .court_decides(T0 + 2 * H, confirmed=False, suspect_heard=HEARD)
    )
    assert (refused.status, refused.ended_at) == (BanStatus.REVOKED, T0 + 2 * H)


def test_r118_lapses_60_days_after_imposition_without_charges() -> None:
    ban = impose(DECIDED, device="GPS-7", policy=DRAFT_2007)
    lapse = T0 + 60 * 24 * H
    assert ban.status_at(lapse - timedelta(seconds=1), DRAFT_2007) is BanStatus.IN_FORCE
    assert ban.status_at(lapse, DRAFT_2007) is BanStatus.LAPSED
    charged = ban.bring_charges(T0 + 30 * 24 * H, DRAFT_2007)
    assert charged.status_at(lapse + 100 * H, DRAFT_2007) is BanStatus.IN_FORCE


def test_r118_no_charges_on_a_lapsed_ban() -> None:
    ban = impose(DECIDED, device="GPS-7", policy=DRAFT_2007)
    with pytest.raises(CaseError) as caught:
        ban.bring_charges(T0 + 61 * 24 * H, DRAFT_2007)
    assert caught.value.code == "ban_not_in_force"


def test_r118_extension_only_on_a_request_within_the_60_days() -> None:
    ban = impose(DECIDED, device="GPS-7", policy=DRAFT_2007)
    lapse = T0 + 60 * 24 * H
    with pytest.raises(CaseError) as caught:
        ban.request_extension(lapse, DRAFT_2007)
    assert caught.value.code == "extension_request_late"
    with pytest.raises(CaseError) as caught:
        ban.extend(lapse, lapse + 30 * 24 * H, DRAFT_2007)
    assert caught.value.code == "no_extension_request"
    requested = ban.request_extension(lapse - 3 * H, DRAFT_2007)
    heard = requested.hear_on_extension(lapse - 2 * H, ExtensionHearing.HEARD)
    extended = heard.extend(lapse - H, lapse + 30 * 24 * H, DRAFT_2007)
    assert extended.status_at(lapse + 29 * 24 * H, DRAFT_2007) is BanStatus.EXTENDED
    assert extended.status_at(lapse + 30 * 24 * H, DRAFT_2007) is BanStatus.LAPSED


def test_r117_revoked_immediately_and_only_once() -> None:
    ban = impose(DECIDED, device="GPS-7", policy=DRAFT_2007)
    revoked = ban.revoke(T0 + 5 * H)
    assert (revoked.status, revoked.ended_at) == (BanStatus.REVOKED, T0 + 5 * H)
    assert revoked.status_at(T0 + 90 * 24 * H, DRAFT_2007) is BanStatus.REVOKED
    with pytest.raises(CaseError) as caught:
        revoked.revoke(T0 + 6 * H)
    assert caught.value.code == "ban_already_ended"


def test_nothing_happens_before_the_decision() -> None:
    with pytest.raises(CaseError) as caught:
        provisional().refer_to_court(T0 - H)
    assert caught.value.code == "before_decision"
