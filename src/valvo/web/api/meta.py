"""What the console needs to render: declared choices and client settings."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from valvo.bootstrap import Valvo
from valvo.domain.alarms import KIND_CHOICES, SEVERITY_CHOICES, STATUS_CHOICES
from valvo.services.alarms import CAUSES
from valvo.web.auth import get_valvo

router = APIRouter(prefix="/api", tags=["meta"])


@router.get("/meta")
def meta(valvo: Annotated[Valvo, Depends(get_valvo)]) -> dict[str, Any]:
    return {
        "alarm_statuses": [c.as_dict() for c in STATUS_CHOICES.values()],
        "alarm_kinds": [c.as_dict() for c in KIND_CHOICES.values()],
        "severities": [c.as_dict() for c in SEVERITY_CHOICES.values()],
        "causes": list(CAUSES),
        "tile_url": valvo.settings.tile_url,
    }


@router.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}
