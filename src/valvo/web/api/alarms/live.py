"""GET /api/live: the live feed as server-sent events (new alarms, with their full content).

A user with a region gets only that region's events: an alarm event carries the committed alarm
with its person's region, and another region's is not sent, and any other event that
names a subject is sent only if that subject is in the region (``_visible``)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import StreamingResponse

from valvo.bootstrap import Valvo
from valvo.domain.security import Permission, Scope
from valvo.services.auth import Principal
from valvo.services.feed_events import encode_event
from valvo.web.access import scope_of, sees_location, without_location
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
        _events(request, valvo, scope_of(who), hide_location=not sees_location(who)),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


async def _events(
    request: Request, valvo: Valvo, scope: Scope, *, hide_location: bool = False
) -> AsyncGenerator[str, None]:
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
                alarm = _alarm_of(event, scope)
                if alarm is None:
                    continue
                if not scope.restricted and not await asyncio.to_thread(
                    _sees_person, valvo, alarm.get("subject_id"), scope
                ):
                    continue  # a restricted person's alarm (issue 15 item 5)
                payload = {
                    "type": "alarm",
                    "alarm": without_location(alarm) if hide_location else alarm,
                }
            elif (scope.region is not None or not scope.restricted) and not await asyncio.to_thread(
                _visible, valvo, event, scope
            ):
                continue
            yield f"event: {payload['type']}\ndata: {encode_event(payload)}\n\n"


def _visible(valvo: Valvo, event: Mapping[str, Any], scope: Scope) -> bool:
    """Whether a non-alarm event is for this scope: it names a subject of the region, or a
    region that is the user's. Events naming neither (a confirmed review) go to everyone."""
    inner = event.get("outcome")
    subject_id = event.get("subject_id") or (
        inner.get("subject_id") if isinstance(inner, Mapping) else None
    )
    if subject_id is not None:
        return _sees_person(valvo, subject_id, scope)
    region = event.get("region")
    return region is None or scope.covers(str(region))


def _sees_person(valvo: Valvo, subject_id: object, scope: Scope) -> bool:
    """Whether ``scope`` sees the person (their region, and not restricted unless it may)."""
    if subject_id is None:
        return True
    with valvo.uow(scope) as uow:
        return uow.registry.get("subjects", str(subject_id)) is not None


def _alarm_of(event: Mapping[str, Any], scope: Scope) -> dict[str, Any] | None:
    """The alarm an event carries (every publisher sends the committed alarm whole), if it is
    in ``scope``; an alarm event without one is not sent."""
    carried = event.get("alarm")
    if isinstance(carried, Mapping) and scope.covers(carried.get("region")):
        return dict(carried)
    return None
