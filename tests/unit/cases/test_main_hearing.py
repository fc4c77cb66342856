"""PKL 2:15 (R119): the main hearing follows charges; a change needs a decision on the ban."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from valvo.domain.cases.errors import CaseError
from valvo.domain.cases.main_hearing import HearingChange, check_change, check_setting

AT = datetime(2027, 5, 3, 9, 0, tzinfo=UTC)
LATER = AT + timedelta(days=20)


def test_r119_set_only_after_charges_and_for_later() -> None:
    assert check_setting(at=AT, hearing_at=LATER, charges_at=AT) == LATER
    with pytest.raises(CaseError, match="charges"):
        check_setting(at=AT, hearing_at=LATER, charges_at=None)
    with pytest.raises(CaseError, match="later"):
        check_setting(at=AT, hearing_at=AT, charges_at=AT)


@pytest.mark.parametrize(
    ("change", "hearing", "new", "continues", "code"),
    [
        (HearingChange.POSTPONED, None, LATER, True, "no_hearing"),
        (HearingChange.POSTPONED, LATER, LATER, None, "continuation_required"),
        (HearingChange.CANCELLED, LATER, LATER, False, "new_time_for_cancelled"),
        (HearingChange.POSTPONED, LATER, None, True, "new_time_missing"),
        (HearingChange.POSTPONED, LATER, AT, True, "hearing_not_later"),
    ],
)
def test_r119_a_change_needs_the_decision_on_the_ban(
    change: HearingChange,
    hearing: datetime | None,
    new: datetime | None,
    continues: bool | None,
    code: str,
) -> None:
    with pytest.raises(CaseError) as err:
        check_change(
            at=AT, change=change, hearing_at=hearing, new_hearing_at=new, ban_continues=continues
        )
    assert err.value.code == code


def test_r119_postponed_and_cancelled() -> None:
    kwargs = {"at": AT, "hearing_at": LATER, "ban_continues": False}
    assert check_change(change=HearingChange.POSTPONED, new_hearing_at=LATER, **kwargs) == LATER  # type: ignore[arg-type]
    assert check_change(change=HearingChange.CANCELLED, new_hearing_at=None, **kwargs) is None  # type: ignore[arg-type]
