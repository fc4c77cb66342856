"""R118 (PKL 2:14): the court extends a travel ban only on the official's request made within
the 60 × 24 h, and only after giving the person the opportunity to be heard; refused, or not
decided while the ban is in force, the ban lapses at the 60 days."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from valvo.domain.cases.errors import CaseError
from valvo.domain.cases.travel_ban import BanStatus, ExtensionHearing, TravelBan, impose
from valvo.domain.law.plan import LocalityWindow
from valvo.domain.law.policy import DRAFT_2007

T0 = datetime(2026, 10, 1, 7, 0, tzinfo=UTC)  # across the autumn change: elapsed time counts
H = timedelta(hours=1)
LAPSE = T0 + DRAFT_2007.charges_limit  # 60 × 24 h
HEARD = ExtensionHearing.HEARD


def requested(at: datetime = LAPSE - 10 * 24 * H) -> TravelBan:
    return impose(T0, device="GPS-8", policy=DRAFT_2007).request_extension(at, DRAFT_2007)


def code(step: object) -> str:
    with pytest.raises(CaseError) as caught:
        step()  # type: ignore[operator]
    return caught.value.code


def test_r118_the_request_is_made_within_the_60_days_once_and_before_charges() -> None:
    ban = impose(T0, device="GPS-8", policy=DRAFT_2007)
    assert code(lambda: ban.request_extension(LAPSE, DRAFT_2007)) == "extension_request_late"
    assert requested(LAPSE - H).extension_requested_at == LAPSE - H
    assert code(lambda: requested().request_extension(LAPSE - H, DRAFT_2007)) == (
        "extension_already_requested"
    )
    charged = ban.bring_charges(T0 + 24 * H, DRAFT_2007)
    assert code(lambda: charged.request_extension(T0 + 25 * H, DRAFT_2007)) == "charges_brought"


def test_r118_no_decision_without_the_persons_hearing() -> None:
    ban = requested()
    until = LAPSE + 30 * 24 * H
    assert code(lambda: ban.extend(LAPSE - H, until, DRAFT_2007)) == "extension_hearing_missing"
    assert code(lambda: ban.refuse_extension(LAPSE - H, DRAFT_2007)) == (
        "extension_hearing_missing"
    )
    plain = impose(T0, device="GPS-8", policy=DRAFT_2007)
    assert code(lambda: plain.hear_on_extension(T0 + H, HEARD)) == "no_extension_request"


def test_r118_the_hearing_comes_after_the_request_and_before_the_decision() -> None:
    ban = requested()
    asked = ban.extension_requested_at
    assert asked is not None
    assert code(lambda: ban.hear_on_extension(asked - H, HEARD)) == (
        "extension_heard_before_request"
    )
    heard = ban.hear_on_extension(asked + 5 * H, HEARD)
    assert (heard.extension_heard_at, heard.extension_hearing) == (asked + 5 * H, HEARD)
    assert code(lambda: heard.hear_on_extension(asked + 6 * H, HEARD)) == (
        "extension_hearing_recorded"
    )
    until = LAPSE + 30 * 24 * H
    assert code(lambda: heard.extend(asked + 4 * H, until, DRAFT_2007)) == (
        "extension_heard_after_decision"
    )


def test_r118_given_the_opportunity_unused_the_court_extends_and_the_lapse_moves() -> None:
    ban = requested().hear_on_extension(LAPSE - 9 * 24 * H, ExtensionHearing.OPPORTUNITY_NOT_USED)
    until = LAPSE + 30 * 24 * H
    assert code(lambda: ban.extend(LAPSE - H, LAPSE, DRAFT_2007)) == "extension_not_later"
    extended = ban.extend(LAPSE - H, until, DRAFT_2007)
    assert extended.lapses_at(DRAFT_2007) == until
    assert extended.status_at(LAPSE + H, DRAFT_2007) is BanStatus.EXTENDED
    assert extended.status_at(until, DRAFT_2007) is BanStatus.LAPSED
    assert not extended.extension_pending
    assert code(lambda: extended.refuse_extension(LAPSE, DRAFT_2007)) == "extension_decided"


def test_r118_refused_the_ban_lapses_at_the_60_days() -> None:
    ban = requested().hear_on_extension(LAPSE - 9 * 24 * H, HEARD)
    refused = ban.refuse_extension(LAPSE - 8 * 24 * H, DRAFT_2007)
    assert refused.extension_refused_at == LAPSE - 8 * 24 * H
    assert refused.lapses_at(DRAFT_2007) == LAPSE
    assert refused.status_at(LAPSE - H, DRAFT_2007) is BanStatus.IN_FORCE
    assert refused.status_at(LAPSE, DRAFT_2007) is BanStatus.LAPSED
    assert code(lambda: refused.extend(LAPSE - H, LAPSE + 9 * H, DRAFT_2007)) == (
        "extension_decided"
    )


def test_r118_a_request_not_decided_in_time_lapses_with_the_ban() -> None:
    ban = requested(LAPSE - 2 * H).hear_on_extension(LAPSE - H, HEARD)
    assert ban.status_at(LAPSE, DRAFT_2007) is BanStatus.LAPSED
    assert code(lambda: ban.extend(LAPSE + H, LAPSE + 30 * 24 * H, DRAFT_2007)) == (
        "ban_not_in_force"
    )
    lapsed = ban.lapse(LAPSE + H, DRAFT_2007)
    assert (lapsed.status, lapsed.ended_at) == (BanStatus.LAPSED, LAPSE)


def test_r111_only_a_provisional_locality_decision_has_the_court_deadlines() -> None:
    """PKL 2:7: the 72 h and 7 × 24 h run for the police's or the prosecutor's provisional
    decision; the court's own locality-obligation ban has neither."""
    night = LocalityWindow(time(22), time(6))
    court = impose(T0, device="GPS-8", policy=DRAFT_2007, locality_window=night)
    assert court.deadlines(DRAFT_2007).court_referral_deadline is None
    assert court.deadlines(DRAFT_2007).court_hearing_deadline is None
    police = impose(T0, device="GPS-8", policy=DRAFT_2007, locality_window=night, provisional=True)
    assert police.deadlines(DRAFT_2007).court_referral_deadline == T0 + 72 * H
    assert police.deadlines(DRAFT_2007).court_hearing_deadline == T0 + 7 * 24 * H
    assert police.missed_deadlines(T0 + 73 * H, DRAFT_2007) == ("court_referral_overdue",)
