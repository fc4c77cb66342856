"""GET /api/desk/board: the caseload board, every person under monitoring with live status,
searched by name, personal identity code, device id or case number, filtered, sorted and paged
(services/caseload_board.py). Personal data: every read is audited."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel

from valvo.bootstrap import Valvo
from valvo.domain.security import Permission
from valvo.services.auth import Principal
from valvo.services.caseload_board import (
    MAX_PAGE,
    MAX_SEARCH,
    BoardPage,
    BoardQuery,
    BoardSort,
    ReadCaseloadBoard,
)
from valvo.web.access import peer, scope_of
from valvo.web.auth import get_valvo, require

router = APIRouter(prefix="/api/desk", tags=["alarm desk"])


class BoardDevice(BaseModel):
    id: str
    identifier: str
    kind: str
    model: str | None
    last_heard: datetime | None
    connection: str  # ok | silent | never_heard
    battery_pct: float | None
    low_battery: bool


class BoardRow(BaseModel):
    id: str
    name: str
    region: str
    birth_date: date | None
    identity_code: str | None  # masked: date part and century sign only
    case_number: str | None
    namesakes: int
    order_types: list[str]
    last_seen: datetime | None
    in_breach: bool
    breaches: list[str]
    silent_devices: int
    low_battery: bool
    battery_pct: float | None
    open_alarms: int
    presence_required: bool | None
    devices: list[BoardDevice]
    has_fix: bool


class BoardRead(BaseModel):
    total: int
    limit: int
    offset: int
    rows: list[BoardRow]


@router.get("/board", response_model=BoardRead)
def caseload_board(
    who: Annotated[Principal, Depends(require(Permission.READ_REGISTRY))],
    valvo: Annotated[Valvo, Depends(get_valvo)],
    request: Request,
    q: Annotated[str | None, Query(max_length=MAX_SEARCH)] = None,
    region: Annotated[str | None, Query(max_length=60)] = None,
    in_breach: bool | None = None,
    open_alarms: bool | None = None,
    silent: bool | None = None,
    low_battery: bool | None = None,
    everyone: bool = False,
    sort: BoardSort = BoardSort.ATTENTION,
    desc: bool = False,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, object]:
    """``everyone``: also people with no order in force now."""
    query = BoardQuery(
        search=q,
        region=region,
        in_breach=in_breach,
        open_alarms=open_alarms,
        silent=silent,
        low_battery=low_battery,
        monitored_only=not everyone,
        sort=sort,
        descending=desc,
        limit=limit,
        offset=offset,
    )
    command = ReadCaseloadBoard(
        actor=who.username, at=valvo.clock(), query=query, peer=peer(request)
    )
    page: BoardPage = valvo.bus.handle(command, scope_of(who))
    return {"total": page.total, "limit": limit, "offset": offset, "rows": page.rows}
