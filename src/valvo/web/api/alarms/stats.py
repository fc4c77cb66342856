"""GET /api/alarms/stats: time to acknowledge and to resolve (p50, p90), alarms per
subject-day, false-alarm rates by device model, rule, kind, cause and region, for a region and
a period. Registered before the alarm routes so that ``stats`` is not read as an alarm id."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import AwareDatetime

from valvo.bootstrap import Valvo
from valvo.domain.security import Permission
from valvo.services import alarm_desk
from valvo.services.auth import Principal
from valvo.web.access import scope_of
from valvo.web.auth import get_valvo, require

router = APIRouter(prefix="/api/alarms", tags=["alarms"])
DEFAULT_PERIOD = timedelta(days=7)


@router.get("/stats")
def stats(
    who: Annotated[Principal, Depends(require(Permission.READ_ALARMS))],
    valvo: Annotated[Valvo, Depends(get_valvo)],
    start: Annotated[AwareDatetime | None, Query(alias="from")] = None,
    end: Annotated[AwareDatetime | None, Query(alias="to")] = None,
    region: Annotated[str | None, Query(max_length=60)] = None,
    kind: Annotated[str | None, Query(max_length=60)] = None,
) -> dict[str, Any]:
    """Alarms raised in [from, to) (default: the last seven days)."""
    end = end or valvo.clock()
    start = start or end - DEFAULT_PERIOD
    # A user of one region gets that region's figures (the scoped unit of work counts nothing
    # else, so another region asked for by name comes out empty).
    with valvo.uow(scope_of(who)) as uow:
        return alarm_desk.statistics(uow, start, end, region or who.region, kind)
