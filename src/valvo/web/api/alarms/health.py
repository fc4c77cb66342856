"""GET /api/desk/health: the pipeline's health on the operator's desk (issue 20 item 8): how
far the engine is behind the log, the newest frame per protocol, the assigned devices silent
by model, and whether the data is falling behind (the desk's pinned pipeline alarm; the
console asks every 30 s). No personal data: counts and times only; a regional user's silent
devices are their region's."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import BaseModel

from valvo.bootstrap import Valvo
from valvo.domain.pipeline_health import HealthBounds, PipelineHealth, assess
from valvo.domain.security import Permission
from valvo.services.auth import Principal
from valvo.web.auth import get_valvo, require

router = APIRouter(prefix="/api/desk", tags=["alarm desk"])
Reader = Annotated[Principal, Depends(require(Permission.READ_ALARMS))]
App = Annotated[Valvo, Depends(get_valvo)]


class LastFrame(BaseModel):
    protocol: str
    received_at: datetime


class SilentModelRead(BaseModel):
    model: str | None  # None: not recorded (the kind names the row)
    kind: str
    assigned: int
    silent: int


class PipelineHealthRead(BaseModel):
    checked_at: datetime
    backend: str  # database | jetstream
    behind: bool
    reasons: list[str]  # engine_lag | no_frames
    lag_seconds: float | None  # None: not known (the stream did not answer)
    log_head: int
    engine_position: int | None
    messages_behind: int | None
    last_frame_at: datetime | None
    last_frames: list[LastFrame]
    assigned_devices: int
    silent_devices: int
    silent_by_model: list[SilentModelRead]
    lag_alarm_seconds: float
    no_frame_alarm_seconds: float


def health_read(health: PipelineHealth, bounds: HealthBounds) -> PipelineHealthRead:
    s = health.snapshot
    return PipelineHealthRead(
        checked_at=health.checked_at,
        backend=s.backend,
        behind=health.behind,
        reasons=[r.value for r in health.reasons],
        lag_seconds=None if health.lag is None else health.lag.total_seconds(),
        log_head=s.log_head,
        engine_position=s.engine_position,
        messages_behind=s.messages_behind,
        last_frame_at=health.last_frame_at,
        last_frames=[
            LastFrame(protocol=p, received_at=at)
            for p, at in sorted(s.last_frames.items(), key=lambda i: i[1], reverse=True)
        ],
        assigned_devices=s.assigned_devices,
        silent_devices=sum(m.silent for m in s.silent_by_model),
        silent_by_model=[
            SilentModelRead(model=m.model, kind=m.kind, assigned=m.assigned, silent=m.silent)
            for m in s.silent_by_model
        ],
        lag_alarm_seconds=bounds.lag_alarm.total_seconds(),
        no_frame_alarm_seconds=bounds.no_frame_alarm.total_seconds(),
    )


@router.get("/health", response_model=PipelineHealthRead)
def pipeline_health(who: Reader, valvo: App) -> PipelineHealthRead:
    """Is the data keeping up? Engine lag, newest frame per protocol, silent devices by model."""
    now = valvo.clock()
    bounds = valvo.pipeline_bounds
    return health_read(assess(valvo.pipeline_snapshot(now, who.region), now, bounds), bounds)
