"""PKL 2:12 (R116): a travel ban's content or duration changed by the deciding authority."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time, timedelta

import pytest

from valvo.domain.cases.ban_change import BanChange, ChangeReason, change_ban
from valvo.domain.cases.ban_content import BanContent, Decider, Ground, Obligation
from valvo.domain.cases.errors import CaseError
from valvo.domain.cases.travel_ban import BanStatus, TravelBan, impose
from valvo.domain.law.plan import LocalityWindow
from valvo.domain.law.policy import DRAFT_2007

DECIDED = datetime(2027, 3, 1, 8, 0, tzinfo=UTC)
AT = DECIDED + timedelta(days=10)
NIGHT = LocalityWindow(time(22), time(6))
CONTENT = BanContent(
    offence="Fraud",
    max_penalty_months=24,
    grounds=(Ground.FLIGHT,),
    probable_cause=True,
    instead_of_arrest_or_remand=True,
    area="Helsinki",
    obligations=(Obligation.REPORTING,),
    obligation_details="Mondays at 10",
)
WITH_LOCALITY = replace(
    CONTENT, obligations=(Obligation.LOCALITY, Obligation.REPORTING), locality_window=NIGHT
)


def ban(window: LocalityWindow | None = None) -> TravelBan:
    return impose(DECIDED, device="gps-1", policy=DRAFT_2007, locality_window=window)


def change(decider: Decider = Decider.POLICE, **kw: object) -> BanChange:
    values: dict[str, object] = {
        "at": AT,
        "decider": decider,
        "reason_kind": ChangeReason.CHANGED_CIRCUMSTANCES,
        "reason": "new job in Espoo",
        "demanded_by_suspect": True,
        "heard_at": AT - timedelta(hours=1),
    }
    values.update(kw)
    return BanChange(**values)  # type: ignore[arg-type]


def test_the_deciding_body_changes_the_content() -> None:
    after = replace(CONTENT, permitted_exits=("work in Espoo",))
    changed = change_ban(
        ban(), CONTENT, after, change(), original_decider=Decider.POLICE, policy=DRAFT_2007
    )
    assert changed.status is BanStatus.IN_FORCE


def test_another_body_may_not_change_it() -> None:
    after = replace(CONTENT, permitted_exits=("work in Espoo",))
    with pytest.raises(CaseError) as err:
        change_ban(
            ban(),
            CONTENT,
            after,
            change(Decider.PROSECUTOR),
            original_decider=Decider.POLICE,
            policy=DRAFT_2007,
        )
    assert err.value.code == "decision_right"


def test_a_locality_obligation_is_changed_by_the_court_only() -> None:
    with pytest.raises(CaseError) as err:
        change_ban(
            ban(), CONTENT, WITH_LOCALITY, change(), original_decider=Decider.POLICE,
            policy=DRAFT_2007,
        )  # fmt: skip
    assert err.value.code == "decision_right"
    changed = change_ban(
        ban(), CONTENT, WITH_LOCALITY, change(Decider.COURT), original_decider=Decider.POLICE,
        policy=DRAFT_2007,
    )  # fmt: skip
    assert changed.locality_window == NIGHT


@pytest.mark.parametrize(
    ("window", "code"),
    [
        (LocalityWindow(time(20), time(10)), "locality_window_too_long"),
        (LocalityWindow(time(0), time(6)), "locality_window_too_short"),
        (LocalityWindow(time(8), time(18)), "locality_window_outside_night_unjustified"),
    ],
)
def test_a_changed_window_is_checked_like_the_decision(window: LocalityWindow, code: str) -> None:
    after = replace(WITH_LOCALITY, locality_window=window)
    with pytest.raises(CaseError) as err:
        change_ban(
            ban(NIGHT), WITH_LOCALITY, after, change(Decider.COURT),
            original_decider=Decider.COURT, policy=DRAFT_2007,
        )  # fmt: skip
    assert err.value.code == code


def test_a_window_outside_the_night_with_a_justification_is_lawful() -> None:
    window = LocalityWindow(time(20), time(4), "night shifts end at 04:30")
    after = replace(WITH_LOCALITY, locality_window=window)
    changed = change_ban(
        ban(NIGHT), WITH_LOCALITY, after, change(Decider.COURT),
        original_decider=Decider.COURT, policy=DRAFT_2007,
    )  # fmt: skip
    assert changed.locality_window == window


@pytest.mark.parametrize(
    ("kw", "code"),
    [
        ({"reason": "  "}, "reason_missing"),
        ({"heard_at": None}, "hearing_missing"),
        ({"heard_at": AT + timedelta(minutes=1)}, "hearing_after_change"),
        ({"at": DECIDED - timedelta(days=1)}, "before_decision"),
    ],
)
def test_reason_and_hearing_are_required(kw: dict[str, object], code: str) -> None:
    after = replace(CONTENT, permitted_exits=("work",))
    with pytest.raises(CaseError) as err:
        change_ban(
            ban(), CONTENT, after, change(Decider.POLICE, **kw), original_decider=Decider.POLICE,
            policy=DRAFT_2007,
        )  # fmt: skip
    assert err.value.code == code


def test_the_duration_moves_the_lapse() -> None:
    term = AT + timedelta(days=5)
    changed = change_ban(
        ban(), CONTENT, CONTENT, change(), original_decider=Decider.POLICE,
        new_term=(term,), policy=DRAFT_2007,
    )  # fmt: skip
    assert changed.term_ends_at == term
    assert changed.lapses_at(DRAFT_2007) == term
    indefinite = change_ban(
        changed, CONTENT, CONTENT, change(), original_decider=Decider.POLICE,
        new_term=(None,), policy=DRAFT_2007,
    )  # fmt: skip
    assert indefinite.lapses_at(DRAFT_2007) == DECIDED + timedelta(days=60)


def test_a_term_in_the_past_a_nothing_change_and_an_ended_ban_are_refused() -> None:
    with pytest.raises(CaseError, match="term_in_past"):
        change_ban(
            ban(), CONTENT, CONTENT, change(), original_decider=Decider.POLICE,
            new_term=(AT,), policy=DRAFT_2007,
        )  # fmt: skip
    with pytest.raises(CaseError) as err:
        change_ban(
            ban(), CONTENT, CONTENT, change(), original_decider=Decider.POLICE, policy=DRAFT_2007
        )
    assert err.value.code == "no_change"
    lapsed = change(at=DECIDED + timedelta(days=61), heard_at=DECIDED + timedelta(days=61))
    with pytest.raises(CaseError) as err:
        change_ban(
            ban(), CONTENT, replace(CONTENT, permitted_exits=("x",)), lapsed,
            original_decider=Decider.POLICE, policy=DRAFT_2007,
        )  # fmt: skip
    assert err.value.code == "wrong_state"
