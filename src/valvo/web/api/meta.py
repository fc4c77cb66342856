"""What the console needs to render: declared choices and client settings."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from valvo.bootstrap import Valvo
from valvo.domain.acting import calls as acting_calls
from valvo.domain.acting import commands as acting_commands
from valvo.domain.alarms import KIND_CHOICES, SEVERITY_CHOICES, STATUS_CHOICES, incidents
from valvo.domain.alarms.causes import CAUSES
from valvo.domain.alarms.policy import HANDLING_CHOICES
from valvo.domain.alarms.rule_labels import RULE_CHOICES
from valvo.domain.alarms.trail import ACTION_CHOICES, ROUTE_CHOICES
from valvo.domain.followup.figures import FIGURES
from valvo.web.auth import get_valvo

INCIDENT_STATES = incidents.STATE_CHOICES
router = APIRouter(prefix="/api", tags=["meta"])


@router.get("/meta")
def meta(valvo: Annotated[Valvo, Depends(get_valvo)]) -> dict[str, Any]:
    return {
        "alarm_statuses": [c.as_dict() for c in STATUS_CHOICES.values()],
        "alarm_kinds": [c.as_dict() for c in KIND_CHOICES.values()],
        "severities": [c.as_dict() for c in SEVERITY_CHOICES.values()],
        "causes": [c.as_dict() for c in CAUSES.values()],
        "trail_actions": [c.as_dict() for c in ACTION_CHOICES.values()],
        "incident_states": [c.as_dict() for c in INCIDENT_STATES.values()],
        "routes": [c.as_dict() for c in ROUTE_CHOICES.values()],
        "handlings": [c.as_dict() for c in HANDLING_CHOICES.values()],
        "rules": [c.as_dict() for c in RULE_CHOICES.values()],
        # Every figure of the statistics, the shift log and the reports, labelled once.
        "figures": [f.as_dict() for f in FIGURES.values()],
        # Acting on the person (issue 20 item 5): call outcomes, device commands, their states.
        "call_outcomes": [c.as_dict() for c in acting_calls.CALL_OUTCOMES.values()],
        "command_kinds": [c.as_dict() for c in acting_commands.KIND_CHOICES.values()],
        "command_statuses": [c.as_dict() for c in acting_commands.STATUS_CHOICES.values()],
        "command_protocols": {
            p: acting_commands.kinds_for(p) for p in acting_commands.COMMAND_TEXTS
        },
        # Faster reporting's interval in seconds, by protocol (each document's shortest).
        "command_intervals": dict(acting_commands.FAST_INTERVALS_S),
        "tile_url": valvo.settings.tile_url,
    }


@router.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}
