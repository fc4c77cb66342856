"""The alarm queue: list, read, acknowledge, resolve."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, status

from valvo.adapters.db.alarm_repo import alarm_to_row
from valvo.bootstrap import Valvo
from valvo.domain.alarms import Alarm
from valvo.domain.security import Permission
from valvo.services import alarms
from valvo.services.auth import Principal
from valvo.web.auth import get_valvo, require
from valvo.web.schemas import AlarmRead, AlarmResolve

router = APIRouter(prefix="/api/alarms", tags=["alarms"])
Reader = Annotated[Principal, Depends(require(Permission.READ_ALARMS))]
Worker = Annotated[Principal, Depends(require(Permission.WORK_ALARMS))]
App = Annotated[Valvo, Depends(get_valvo)]


@router.get("", response_model=list[AlarmRead])
def list_alarms(
    who: Reader,
    valvo: App,
    status_: Annotated[
        str | None, Query(alias="status", pattern="^(raised|acknowledged|resolved)$")
    ] = None,
    subject_id: str | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> list[dict[str, Any]]:
    with valvo.uow() as uow:
        return uow.alarms.find(status_, subject_id, limit)


@router.get("/{alarm_id}", response_model=AlarmRead)
def get_alarm(alarm_id: str, who: Reader, valvo: App) -> dict[str, Any]:
    with valvo.uow() as uow:
        alarm = uow.alarms.get(alarm_id)
    if alarm is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"alarm {alarm_id} does not exist")
    return _read(alarm)


@router.post("/{alarm_id}/acknowledge", response_model=AlarmRead)
def acknowledge(alarm_id: str, who: Worker, valvo: App) -> dict[str, Any]:
    with valvo.uow() as uow:
        alarm = alarms.acknowledge(uow, who.username, valvo.clock(), alarm_id)
        uow.commit()
    return _read(alarm)


@router.post("/{alarm_id}/resolve", response_model=AlarmRead)
def resolve(alarm_id: str, body: AlarmResolve, who: Worker, valvo: App) -> dict[str, Any]:
    with valvo.uow() as uow:
        alarm = alarms.resolve(uow, who.username, valvo.clock(), alarm_id, body.cause, body.note)
        uow.commit()
    return _read(alarm)


def _read(alarm: Alarm) -> dict[str, Any]:
    return alarm_to_row(alarm)
