"""The partner-facing doors that need no staff account: the client feedback channel (S76, also
for relatives and children), a partner's own contact details through its personal link (S17),
and event registration through an invitation's link (S84)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body
from pydantic import BaseModel, ConfigDict

from valvo.domain.security import EVERYTHING
from valvo.services.partners import engagement
from valvo.services.partners.record_commands import (
    AnswerInvitation,
    GiveFeedback,
    UpdateContactByToken,
)
from valvo.web.api.partners.common import App

router = APIRouter(prefix="/api/partners/public", tags=["partners: public"])
Json = Annotated[dict[str, Any], Body()]


class Answer(BaseModel):
    model_config = ConfigDict(extra="forbid")
    status: Literal["registered", "declined", "cancelled"]


@router.post("/feedback", status_code=201)
def give_feedback(body: Json, valvo: App) -> dict[str, str]:
    """S76: feedback from a client, a relative or a child; answered only with a receipt."""
    row: dict[str, Any] = valvo.bus.handle(GiveFeedback(at=valvo.clock(), body=body), EVERYTHING)
    return {"id": row["id"], "received": "thank you / kiitos"}


@router.get("/contacts/{token}")
def my_contact(token: str, valvo: App) -> dict[str, Any]:
    with valvo.partners_uow(EVERYTHING) as work:
        return engagement.contact_by_token(work, token)


@router.put("/contacts/{token}")
def update_my_contact(token: str, body: Json, valvo: App) -> dict[str, Any]:
    command = UpdateContactByToken(at=valvo.clock(), token=token, body=body)
    row: dict[str, Any] = valvo.bus.handle(command, EVERYTHING)
    return row


@router.post("/invitations/{token}")
def answer_invitation(token: str, body: Answer, valvo: App) -> dict[str, Any]:
    command = AnswerInvitation(at=valvo.clock(), token=token, status=body.status)
    row: dict[str, Any] = valvo.bus.handle(command, EVERYTHING)
    return row
