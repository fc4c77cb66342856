"""PKL 2:17 (R121, R142): a complaint against the court's ban decision, no time limit, urgent."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from valvo.domain.cases.complaints import check_filing, check_outcome, urgent_pending
from valvo.domain.cases.errors import CaseError

DECIDED = datetime(2027, 3, 26, 8, 0, tzinfo=UTC)
DECISION = {"kind": "court_confirms_ban", "decided_at": DECIDED}


def test_r121_no_time_limit() -> None:
    years_later = DECIDED + timedelta(days=3 * 365)
    assert check_filing(filed_at=years_later, decision=DECISION, grounds="x") == years_later


@pytest.mark.parametrize(
    ("decision", "filed", "grounds", "code"),
    [
        ({"kind": "charges_brought", "decided_at": DECIDED}, DECIDED, "x", "not_complainable"),
        (DECISION, DECIDED - timedelta(seconds=1), "x", "before_decision"),
        (DECISION, DECIDED, " ", "grounds_missing"),
    ],
)
def test_r121_refusals(decision: dict[str, Any], filed: datetime, grounds: str, code: str) -> None:
    with pytest.raises(CaseError) as err:
        check_filing(filed_at=filed, decision=decision, grounds=grounds)
    assert err.value.code == code


def test_r121_decided_once_after_filing() -> None:
    complaint = {"filed_at": DECIDED, "outcome": None}
    assert check_outcome(complaint, DECIDED) == DECIDED
    with pytest.raises(CaseError, match="after it was filed"):
        check_outcome(complaint, DECIDED - timedelta(minutes=1))
    with pytest.raises(CaseError, match="already"):
        check_outcome({**complaint, "outcome": "rejected"}, DECIDED)


def test_r142_pending_complaints_are_urgent() -> None:
    rows: list[dict[str, object]] = [
        {"urgent": True, "outcome": None},
        {"urgent": True, "outcome": "rejected"},
        {"urgent": True, "outcome": None},
    ]
    assert urgent_pending(rows) == 2
