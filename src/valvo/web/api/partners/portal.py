"""The partner contact's API: one place, the sessions expected there, and the confirmation.

Every route needs ``attendance:confirm`` and the account's place scope; the answers hold the
place and, per session, the person's name and times — nothing else about anyone.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field

from valvo.domain.security import EVERYTHING
from valvo.services.partners import portal
from valvo.services.partners.attendance_commands import ConfirmAttendance, ReadMySessions
from valvo.web.access import peer
from valvo.web.api.partners.common import App, PartnerContact

router = APIRouter(prefix="/api/partner", tags=["partner contact"])
SESSION_FIELDS = ("assignment_id", "date", "person", "starts_at", "ends_at", "statement", "note")


class Confirmation(BaseModel):
    model_config = ConfigDict(extra="forbid")
    statement: Literal["attended", "late", "left_early", "absent"]
    note: str | None = Field(default=None, max_length=1000)


@router.get("/place")
def my_place(who: PartnerContact, valvo: App) -> dict[str, Any]:
    with valvo.partners_uow(EVERYTHING) as work:
        place_id = portal.place_of(work, who.user_id)
        place = work.partners.get("partner_places", place_id)
    assert place is not None
    return portal.place_view(place)


@router.get("/sessions")
def my_sessions(
    who: PartnerContact, valvo: App, request: Request, day: date | None = None
) -> list[dict[str, Any]]:
    now = valvo.clock()
    command = ReadMySessions(
        actor=who.username, at=now, peer=peer(request), user_id=who.user_id, day=day or now.date()
    )
    rows: list[dict[str, Any]] = valvo.bus.handle(command, EVERYTHING)
    return [{k: r[k] for k in SESSION_FIELDS} for r in rows]


@router.post("/sessions/{assignment_id}/{day}")
def confirm(
    assignment_id: str, day: date, body: Confirmation, who: PartnerContact, valvo: App
) -> dict[str, Any]:
    """Confirm attendance; a session already ended is reconciled with the GPS record at once
    (the outcome is not shown to the partner)."""
    command = ConfirmAttendance(
        actor=who.username,
        at=valvo.clock(),
        user_id=who.user_id,
        assignment_id=assignment_id,
        day=day,
        statement=body.statement,
        note=body.note,
    )
    answer: dict[str, Any] = valvo.bus.handle(command, EVERYTHING)
    return answer
