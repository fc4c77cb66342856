"""The phone numbers of a person and of those around them (a co-resident, a contact person),
entered and changed where the person is edited: read (``registry:read``, audited), added,
changed (the old row ends, a new one replaces it) and ended (``registry:write``, audited); all
kept to the user's region and the restricted-case rule (services/phones.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, status
from pydantic import Field

from valvo.bootstrap import Valvo
from valvo.domain.security import Permission
from valvo.services.auth import Principal
from valvo.services.phones import AddPhone, ChangePhone, EndPhone, ReadPhones
from valvo.web.access import peer, scope_of
from valvo.web.api.alarms.acting import PhoneRead
from valvo.web.auth import get_valvo, require
from valvo.web.schemas import Strict

router = APIRouter(prefix="/api", tags=["registry"])
Reader = Annotated[Principal, Depends(require(Permission.READ_REGISTRY))]
Writer = Annotated[Principal, Depends(require(Permission.WRITE_REGISTRY))]
App = Annotated[Valvo, Depends(get_valvo)]
LABEL = "^(mobile|home|work|other)$"
HOLDER = "^(person|co_resident|contact_person)$"


class PhoneBody(Strict):
    label: str = Field(pattern=LABEL)
    number: str = Field(
        min_length=1, max_length=40, description="+358 40 123 4567, 040 123 4567, 0046 …"
    )
    holder: str = Field(default="person", pattern=HOLDER)
    holder_name: str | None = Field(default=None, max_length=200)


class PhoneChange(Strict):
    label: str | None = Field(default=None, pattern=LABEL)
    number: str | None = Field(default=None, min_length=1, max_length=40)
    holder: str | None = Field(default=None, pattern=HOLDER)
    holder_name: str | None = Field(default=None, max_length=200)


class PhoneHistoryRead(PhoneRead):
    added_at: datetime
    added_by: str
    ended_at: datetime | None
    ended_by: str | None
    replaced_by: str | None


@router.get("/subjects/{subject_id}/phones", response_model=list[PhoneHistoryRead])
def read_phones(
    subject_id: str,
    who: Reader,
    valvo: App,
    request: Request,
    history: Annotated[bool, Query(description="also the ended and replaced numbers")] = False,
) -> list[dict[str, Any]]:
    command = ReadPhones(
        actor=who.username,
        at=valvo.clock(),
        subject_id=subject_id,
        history=history,
        peer=peer(request),
    )
    result: list[dict[str, Any]] = valvo.bus.handle(command, scope_of(who))
    return result


@router.post(
    "/subjects/{subject_id}/phones", response_model=PhoneRead, status_code=status.HTTP_201_CREATED
)
def add_phone(subject_id: str, body: PhoneBody, who: Writer, valvo: App) -> dict[str, Any]:
    """A number the desk calls: the person's, a co-resident's or a contact person's."""
    command = AddPhone(
        actor=who.username, at=valvo.clock(), subject_id=subject_id, **body.model_dump()
    )
    result: dict[str, Any] = valvo.bus.handle(command, scope_of(who))
    return result


@router.patch(
    "/subjects/{subject_id}/phones/{phone_id}",
    response_model=PhoneRead,
    status_code=status.HTTP_201_CREATED,
)
def change_phone(
    subject_id: str, phone_id: str, body: PhoneChange, who: Writer, valvo: App
) -> dict[str, Any]:
    """The number changed: the old row ends and the new row that replaces it is returned."""
    command = ChangePhone(
        actor=who.username,
        at=valvo.clock(),
        subject_id=subject_id,
        phone_id=phone_id,
        **body.model_dump(),
    )
    result: dict[str, Any] = valvo.bus.handle(command, scope_of(who))
    return result


@router.post("/subjects/{subject_id}/phones/{phone_id}/end", response_model=PhoneHistoryRead)
def end_phone(subject_id: str, phone_id: str, who: Writer, valvo: App) -> dict[str, Any]:
    """The number is no longer in use (kept in the history)."""
    command = EndPhone(
        actor=who.username, at=valvo.clock(), subject_id=subject_id, phone_id=phone_id
    )
    result: dict[str, Any] = valvo.bus.handle(command, scope_of(who))
    return result
