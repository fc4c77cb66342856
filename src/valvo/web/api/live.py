"""GET /api/live: the live feed as server-sent events (new alarms, with their full content)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import StreamingResponse

from valvo.adapters.db.alarm_repo import alarm_to_row
from valvo.bootstrap import Valvo
from valvo.domain.security import Permission
from valvo.services.auth import Principal
from valvo.web.auth import get_valvo, require

router = APIRouter(prefix="/api", tags=["live"])
KEEPALIVE_S = 15.0


@router.get("/live", response_class=StreamingResponse)
async def live(
    request: Request,
    who: Annotated[Principal, Depends(require(Permission.READ_ALARMS))],
    valvo: Annotated[Valvo, Depends(get_valvo)],
) -> StreamingResponse:
    return StreamingResponse(
        _events(request, valvo),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


async def _events(request: Request, valvo: Valvo) -> AsyncIterator[str]:
    async with valvo.feed.subscribe() as queue:
        yield ": connected\n\n"
        while not await request.is_disconnected():
            try:
                event = await asyncio.wait_for(queue.get(), KEEPALIVE_S)
            except TimeoutError:
                yield ": keep-alive\n\n"
                continue
            payload: dict[str, Any] = dict(event)
            if event.get("type") == "alarm":
                alarm = await asyncio.to_thread(_load_alarm, valvo, str(event["id"]))
                if alarm is None:
                    continue
                payload = {"type": "alarm", "alarm": alarm}
            yield f"event: {payload['type']}\ndata: {json.dumps(payload, default=str)}\n\n"


def _load_alarm(valvo: Valvo, alarm_id: str) -> dict[str, Any] | None:
    with valvo.uow() as uow:
        alarm = uow.alarms.get(alarm_id)
        if alarm is None:
            return None
        subject = uow.registry.get("subjects", alarm.subject_id)
    row = alarm_to_row(alarm)
    row["subject_name"] = subject["name"] if subject else None
    row["region"] = subject["region"] if subject else None
    return row
