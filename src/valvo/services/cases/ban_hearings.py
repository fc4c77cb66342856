"""The main hearing of a travel-ban case (PKL 2:15; R119): the court sets its time once charges
are brought; on cancelling or postponing it the court decides whether the ban continues, and
a ban not continued ends then."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from valvo.domain.cases.main_hearing import HearingChange, check_change, check_setting
from valvo.services.cases import ban_steps
from valvo.services.cases.ban_state import load_ban
from valvo.services.cases.common import choice, instant_not_in_future, lawful, record_decision
from valvo.services.errors import Conflict, InvalidInput
from valvo.services.ports import UnitOfWork

SET = "main_hearing_set"
CHANGED = "main_hearing_changed"


def set_main_hearing(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    case_id: str,
    at: datetime,
    hearing_at: datetime,
    court: str,
) -> dict[str, Any]:
    """R119: the ban stays valid until this hearing unless it ends earlier."""
    instant_not_in_future(now, at, "at")
    if not court.strip():
        raise InvalidInput("court_missing: name the court")
    case, ban = load_ban(uow, case_id)
    _open(case)
    hearing = lawful(lambda: check_setting(at=at, hearing_at=hearing_at, charges_at=ban.charges_at))
    record_decision(
        uow,
        case,
        actor,
        now,
        breach_id=None,
        kind=SET,
        decided_by="court",
        decided_at=at,
        court=court.strip(),
        details={"hearing_at": hearing.isoformat()},
    )
    return case


def change_main_hearing(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    case_id: str,
    at: datetime,
    change: str,
    ban_continues: bool | None,
    court: str,
    new_hearing_at: datetime | None = None,
) -> dict[str, Any]:
    """R119 (PKL 2:15): cancelled or postponed, with the court's decision on continuation."""
    instant_not_in_future(now, at, "at")
    if not court.strip():
        raise InvalidInput("court_missing: name the court")
    kind = choice(HearingChange, change, "change")
    case, _ = load_ban(uow, case_id)
    _open(case)
    current = main_hearing_at(uow, case_id)
    new = lawful(
        lambda: check_change(
            at=at,
            change=kind,
            hearing_at=current,
            new_hearing_at=new_hearing_at,
            ban_continues=ban_continues,
        )
    )
    record_decision(
        uow,
        case,
        actor,
        now,
        breach_id=None,
        kind=CHANGED,
        decided_by="court",
        decided_at=at,
        court=court.strip(),
        details={
            "change": kind.value,
            "new_hearing_at": None if new is None else new.isoformat(),
            "ban_continues": ban_continues,
        },
    )
    if not ban_continues:
        reason = (
            f"the court did not continue the ban when the main hearing was {kind.value} (PKL 2:15)"
        )
        return ban_steps.revoke(
            uow, actor, now, case_id=case_id, at=at, decided_by="court", reason=reason
        )
    return case


def main_hearing_at(uow: UnitOfWork, case_id: str) -> datetime | None:
    """R119: the main hearing's time as the court last set it (None: not set, or cancelled)."""
    hearing: datetime | None = None
    rows = uow.cases.find("case_decisions", case_id=case_id)
    for row in sorted(rows, key=lambda r: (r["created_at"], r["decided_at"])):
        if row["kind"] == SET:
            hearing = datetime.fromisoformat(row["details"]["hearing_at"])
        elif row["kind"] == CHANGED:
            value = row["details"]["new_hearing_at"]
            hearing = None if value is None else datetime.fromisoformat(value)
    return hearing


def _open(case: dict[str, Any]) -> None:
    if case["status"] not in ("provisional", "in_force", "extended"):
        raise Conflict(f"wrong_state: the ban is {case['status']}")
