"""API schemas of the alarm desk: what clients send and receive. Not the tables."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

NOTE = Field(default=None, max_length=2000)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AlarmDeskRead(BaseModel):
    id: str
    subject_id: str
    subject_name: str | None = None
    region: str | None = None
    kind: str
    severity: str
    status: str
    handling: str
    order_type: str | None
    condition_key: str
    occurred_at: datetime
    raised_at: datetime
    explanation: dict[str, Any]
    evidence_seqs: list[int]
    ruleset_version: int
    threshold_revision: int | None = None
    occurrences: int
    last_occurred_at: datetime | None
    condition_ended_at: datetime | None
    acknowledged_at: datetime | None
    acknowledged_by: str | None
    investigating_at: datetime | None
    investigating_by: str | None
    resolved_at: datetime | None
    resolved_by: str | None
    cause: str | None
    note: str | None
    escalation_level: int
    escalated_at: datetime | None
    escalation_route: str | None
    reopened_at: datetime | None
    reopened_by: str | None
    reopen_count: int
    incident_id: str | None = None


class TrailEntryRead(BaseModel):
    id: int
    alarm_id: str
    at: datetime
    actor: str
    action: str
    from_status: str | None
    to_status: str | None
    note: str | None
    details: dict[str, Any]


class InvestigateBody(Strict):
    note: str | None = NOTE


class ResolveBody(Strict):
    cause: str = Field(min_length=1, max_length=60)
    note: str | None = NOTE


class NoteBody(Strict):
    note: str = Field(min_length=1, max_length=2000)


class EscalateBody(Strict):
    route: str = Field(min_length=1, max_length=60)
    note: str | None = NOTE


class ReopenBody(Strict):
    note: str = Field(min_length=1, max_length=2000)


class ReviewConfirm(Strict):
    until: AwareDatetime = Field(description="When the queue was loaded: what the reviewer saw")
    note: str | None = NOTE


class ReviewRead(BaseModel):
    id: str
    covered_from: datetime
    covered_until: datetime
    alarm_count: int
    reviewed_at: datetime
    reviewed_by: str
    note: str | None


class ReviewQueueRead(BaseModel):
    handling: str
    last_review: ReviewRead | None
    since: datetime
    until: datetime
    due_at: datetime | None
    overdue: bool
    interval_minutes: float
    alarms: list[AlarmDeskRead]


class ShiftNoteCreate(Strict):
    text: str = Field(min_length=1, max_length=4000)
    region: str | None = Field(default=None, max_length=60)


class ShiftNoteRead(BaseModel):
    id: int
    at: datetime
    author: str
    shift: str
    shift_start: datetime
    region: str | None
    text: str


class ShiftRead(BaseModel):
    name: str
    starts_at: datetime
    ends_at: datetime
    notes: list[ShiftNoteRead]
    steps: dict[str, int]
    # Figures by their id (domain/followup/figures.py), the same as the desk statistics'.
    figures: dict[str, int]


class HandoverRead(BaseModel):
    shifts: list[ShiftRead]
    open: dict[str, int]


class IncidentRead(BaseModel):
    """A person's related alarms as one unit of work (domain/alarms/incidents.py)."""

    id: str
    subject_id: str
    subject_name: str | None = None
    region: str | None = None
    state: str  # open | working | closed
    owner: str | None
    owned_at: datetime | None
    title_kind: str
    severity: str
    first_at: datetime
    last_at: datetime
    alarm_ids: list[str]
    alarm_count: int
    open_alarms: int
    unattended: int
    occurrences: int


class IncidentDetailRead(IncidentRead):
    alarms: list[AlarmDeskRead]


class IncidentResolveBody(Strict):
    """A shared ``cause`` for every open alarm, or a cause per alarm in ``causes`` (alarm id →
    cause), or both (each alarm's own first)."""

    cause: str | None = Field(default=None, min_length=1, max_length=60)
    causes: dict[str, str] = Field(default_factory=dict, max_length=200)
    note: str | None = NOTE
