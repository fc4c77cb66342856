"""The travel ban's law completed (issue 22): the court hears the suspect (PKL 2:8, R112), a
convicted person's ban (PKL 2:16, R120), the person's petitions for review and change (PKL
2:12, 2:13; R116, R117) and travel-ban time not credited by default (RL 6:13, R125)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from valvo.domain.cases.ban_content import Decider, SentenceKind
from valvo.domain.cases.ban_petition import (
    BanFacts,
    PetitionKind,
    PetitionOutcome,
    check_decision,
    check_filing,
    decides,
)
from valvo.domain.cases.errors import CaseError
from valvo.domain.cases.travel_ban import (
    BanStatus,
    ConvictionEnd,
    CourtHearing,
    TravelBan,
    impose,
)
from valvo.domain.law.plan import LocalityWindow
from valvo.domain.law.policy import ACT_2011, DRAFT_2007

DECIDED = datetime(2027, 5, 3, 8, 0, tzinfo=UTC)


def code_of(step: object, *args: object, **kwargs: object) -> str:
    with pytest.raises(CaseError) as caught:
        step(*args, **kwargs)  # type: ignore[operator]
    return caught.value.code


def provisional() -> TravelBan:

    window = LocalityWindow(time(22), time(6))
    ban = impose(
        DECIDED, device="gps-1", policy=DRAFT_2007, locality_window=window, provisional=True
    )
    return ban.refer_to_court(DECIDED + timedelta(hours=5))


def charged() -> TravelBan:
    ban = impose(DECIDED, device="gps-1", policy=DRAFT_2007)
    return ban.bring_charges(DECIDED + timedelta(days=20), DRAFT_2007)


def test_r112_the_court_decides_only_with_the_suspects_hearing_recorded() -> None:
    ban = provisional()
    at = DECIDED + timedelta(days=2)
    assert code_of(ban.court_decides, at, confirmed=True) == "suspect_not_heard"
    heard = ban.court_decides(at, confirmed=True, suspect_heard=CourtHearing.OPPORTUNITY_GIVEN)
    assert heard.status is BanStatus.IN_FORCE


def test_r120_kept_in_force_at_the_judgment_until_enforcement_begins() -> None:
    judged_at = DECIDED + timedelta(days=90)
    ban = charged().convict(
        judged_at, DRAFT_2007, sentence=SentenceKind.UNCONDITIONAL_PRISON, continues=True
    )
    assert ban.convicted_at == judged_at
    # No 60-day lapse and no term any more: until enforcement or a higher court (PKL 2:16).
    assert ban.lapses_at(DRAFT_2007) is None
    assert ban.status_at(judged_at + timedelta(days=400), DRAFT_2007) is BanStatus.IN_FORCE
    started = judged_at + timedelta(days=30)
    ended = ban.end_after_conviction(started, ConvictionEnd.ENFORCEMENT_STARTED)
    assert (ended.status, ended.ended_at) == (BanStatus.LAPSED, started)
    lifted = ban.end_after_conviction(started, ConvictionEnd.HIGHER_COURT_ORDER)
    assert lifted.status is BanStatus.REVOKED


@pytest.mark.parametrize(
    "sentence",
    [
        SentenceKind.CONDITIONAL_PRISON,
        SentenceKind.MONITORING_SENTENCE,
        SentenceKind.COMMUNITY_SERVICE,
        SentenceKind.FINE,
        SentenceKind.ACQUITTED,
    ],
)
def test_r120_no_convicted_persons_ban_without_unconditional_prison(
    sentence: SentenceKind,
) -> None:
    at = DECIDED + timedelta(days=90)
    ban = charged()
    code = code_of(ban.convict, at, DRAFT_2007, sentence=sentence, continues=True)
    assert code == "conviction_ban_needs_prison"
    ended = ban.convict(at, DRAFT_2007, sentence=sentence, continues=False)
    assert (ended.status, ended.ended_at) == (BanStatus.REVOKED, at)


def test_r120_the_judgment_follows_charges_and_ends_only_a_conviction_ban() -> None:
    ban = impose(DECIDED, device="gps-1", policy=DRAFT_2007)
    at = DECIDED + timedelta(days=10)
    kind = SentenceKind.UNCONDITIONAL_PRISON
    assert code_of(ban.convict, at, DRAFT_2007, sentence=kind, continues=True) == "no_charges"
    assert (
        code_of(ban.end_after_conviction, at, ConvictionEnd.ENFORCEMENT_STARTED)
        == "not_a_conviction_ban"
    )


def test_r125_travel_ban_time_is_not_credited_by_default() -> None:
    assert DRAFT_2007.ban_time_credited is False
    assert ACT_2011.ban_time_credited is False


def facts(**changes: object) -> BanFacts:
    values: dict[str, object] = {
        "decided_at": DECIDED,
        "decider": Decider.POLICE,
        "locality": False,
        "charges_at": None,
        "open": True,
        "pending": (),
    }
    values.update(changes)
    return BanFacts(**values)  # type: ignore[arg-type]


AT = DECIDED + timedelta(days=3)


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({}, None),
        ({"decider": Decider.PROSECUTOR}, None),
        ({"locality": True}, "review_with_locality"),  # PKL 2:13.2: not with a locality duty
        ({"decider": Decider.COURT}, "review_of_court_ban"),
        ({"charges_at": DECIDED + timedelta(days=1)}, "review_after_charges"),
        ({"open": False}, "ban_not_in_force"),
        ({"pending": (PetitionKind.REVIEW,)}, "petition_pending"),
    ],
)
def test_r117_who_may_bring_the_ban_to_court(changes: dict[str, object], code: str | None) -> None:
    ban = facts(**changes)
    if code is None:
        assert check_filing(PetitionKind.REVIEW, ban, at=AT, grounds="new job in Tampere") == AT
    else:
        assert code_of(check_filing, PetitionKind.REVIEW, ban, at=AT, grounds="x") == code


def test_r116_a_change_petition_goes_to_the_decider_or_the_court() -> None:
    with_locality = facts(locality=True, decider=Decider.POLICE)
    assert check_filing(PetitionKind.CHANGE, with_locality, at=AT, grounds="shift work") == AT
    assert decides(PetitionKind.CHANGE, Decider.POLICE, locality=False) is Decider.POLICE
    assert decides(PetitionKind.CHANGE, Decider.POLICE, locality=True) is Decider.COURT
    assert decides(PetitionKind.REVIEW, Decider.PROSECUTOR, locality=False) is Decider.COURT
    assert code_of(check_filing, PetitionKind.CHANGE, facts(), at=AT, grounds=" ") == (
        "grounds_missing"
    )


@pytest.mark.parametrize(
    ("kind", "outcome", "heard", "details", "code"),
    [
        (PetitionKind.REVIEW, PetitionOutcome.REVOKED, True, None, None),
        (PetitionKind.REVIEW, PetitionOutcome.REVOKED, False, None, "official_not_heard"),
        (PetitionKind.REVIEW, PetitionOutcome.PARTLY_REVOKED, True, None, "partly_what"),
        (PetitionKind.REVIEW, PetitionOutcome.PARTLY_REVOKED, True, "reporting lifted", None),
        (PetitionKind.REVIEW, PetitionOutcome.DECLINED, True, None, "outcome_for_kind"),
        (PetitionKind.CHANGE, PetitionOutcome.DECLINED, False, None, None),
        (PetitionKind.CHANGE, PetitionOutcome.REVOKED, False, None, "outcome_for_kind"),
        (PetitionKind.CHANGE, PetitionOutcome.GRANTED, False, None, "change_not_recorded"),
    ],
)
def test_r117_the_court_hears_the_official_before_deciding(
    kind: PetitionKind,
    outcome: PetitionOutcome,
    heard: bool,
    details: str | None,
    code: str | None,
) -> None:
    kwargs = {
        "filed_at": AT,
        "at": AT + timedelta(days=1),
        "official_heard": heard,
        "details": details,
        "change_recorded": False,
    }
    if code is None:
        assert check_decision(kind, outcome, **kwargs) == AT + timedelta(days=1)  # type: ignore[arg-type]
    else:
        assert code_of(check_decision, kind, outcome, **kwargs) == code
