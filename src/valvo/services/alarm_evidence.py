"""Why an alarm fired, for its map: the fixes the rule used (the alarm's evidence, numbered in
time order), the person's track leading in and out, the zone the rule judged (with its name),
and for a home-unit alarm the unit's events on a timeline. The track is location history, so
the read is recorded in the audit trail (who, whose, why, which span)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from valvo.domain.alarms import AlarmKind
from valvo.domain.registry_choices import DeviceKind
from valvo.domain.telemetry import vocabulary as v
from valvo.services.bus.messagebus import Handler
from valvo.services.bus.messages import Command
from valvo.services.errors import InvalidInput, NotFound

MAX_AROUND = timedelta(hours=6)
# Alarms the home unit decides (RF presence, its strap, case and power): their evidence is the
# unit's events, shown on a timeline.
RF_KINDS = frozenset(
    {
        AlarmKind.LEFT_DURING_PRESENCE,
        AlarmKind.NOT_BACK_AFTER_ABSENCE,
        AlarmKind.LATE_ARRIVAL,
        AlarmKind.HOME_UNIT_POWER_LOST,
        AlarmKind.TAG_MISMATCH,
    }
)
HOME_UNIT = DeviceKind.RF_HOME_UNIT.value


class EvidenceReader(Protocol):
    def device_events(
        self, identifiers: Sequence[str], start: datetime, end: datetime, limit: int
    ) -> list[dict[str, Any]]:
        """The devices' non-position observations in [start, end), oldest first."""
        ...


def _numbered(
    track: Sequence[Mapping[str, Any]], seqs: Sequence[int], subject_fixes: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    wanted = set(seqs)
    used = sorted(
        (p for p in [*track, *subject_fixes] if p.get("seq") in wanted),
        key=lambda p: (p["time"], p["seq"]),
    )
    seen: set[int] = set()
    out: list[dict[str, Any]] = []
    for p in used:
        if p["seq"] in seen:
            continue
        seen.add(p["seq"])
        out.append({"n": len(out) + 1, **p})
    return out


def unit_event(row: Mapping[str, Any]) -> dict[str, Any]:
    attributes: Mapping[str, Any] = (row.get("payload") or {}).get("attributes") or {}
    event = attributes.get(v.EVENT)
    in_range = attributes.get(v.IN_RANGE)
    if event is None and isinstance(in_range, bool):
        event = v.TAG_IN_RANGE if in_range else v.TAG_OUT_OF_RANGE
    return {
        "seq": row["seq"],
        "time": row["device_time"],
        "device": row["device_identifier"],
        "kind": row["kind"],
        "event": event,
        "in_range": in_range if isinstance(in_range, bool) else None,
    }


def alarm_evidence(
    uow: Any,
    actor: str,
    now: datetime,
    alarm_id: str,
    around: timedelta,
    peer: str | None,
    purpose: str,
) -> dict[str, Any]:
    if not timedelta(0) < around <= MAX_AROUND:
        raise InvalidInput("the span around the alarm must be more than 0 and at most 6 hours")
    alarm = uow.alarms.get(alarm_id)
    if alarm is None:
        raise NotFound(f"alarm {alarm_id} does not exist")
    subject_id = alarm.subject_id
    began = alarm.occurred_at
    ended = alarm.condition_ended_at or alarm.last_occurred_at or began
    start, end = began - around, max(ended, began) + around
    track = uow.registry.positions(subject_id, start, end)
    seqs = list(alarm.evidence_seqs)
    outside = [s for s in seqs if s not in {p["seq"] for p in track}]
    earlier = uow.registry.positions_by_seq(subject_id, outside) if outside else []
    details: Mapping[str, Any] = alarm.explanation.details or {}
    zones = []
    for order in uow.registry.find("orders", subject_id=subject_id):
        zones += uow.registry.find("zones", order_id=order["id"])
    zone = next((z for z in zones if z["id"] == details.get("zone_id")), None)
    events: list[dict[str, Any]] = []
    rf = AlarmKind(alarm.kind) in RF_KINDS
    if rf:
        units = [
            d["identifier"]
            for d in _devices(uow, subject_id)
            if d["kind"] == HOME_UNIT or d["identifier"] == details.get("device")
        ]
        events = [unit_event(r) for r in uow.alarm_evidence.device_events(units, start, end, 500)]
    fixes = _numbered(track, seqs, earlier)
    uow.audit.record(
        at=now,
        actor=actor,
        action="read_location",
        target_type="subject",
        target_id=subject_id,
        purpose=purpose,
        peer=peer,
        details={
            "alarm_id": alarm_id,
            "from": start.isoformat(),
            "to": end.isoformat(),
            "count": len(track) + len(earlier),
        },
    )
    return {
        "alarm_id": alarm_id,
        "subject_id": subject_id,
        "kind": alarm.kind,
        "rule": alarm.explanation.rule,
        "occurred_at": began,
        "from": start,
        "to": end,
        "evidence": fixes,
        "track": track,
        "zone": zone,
        "zones": zones,
        "rf": rf,
        "events": events,
    }


def _devices(uow: Any, subject_id: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for assignment in uow.registry.find("device_assignments", subject_id=subject_id):
        device = uow.registry.get("devices", assignment["device_id"])
        if device is not None:
            out.append(device)
    return out


@dataclass(frozen=True, kw_only=True)
class ReadAlarmEvidence(Command):
    alarm_id: str
    around: timedelta
    purpose: str
    peer: str | None = None


def read_alarm_evidence(cmd: ReadAlarmEvidence, uow: Any) -> dict[str, Any]:
    with uow:
        found = alarm_evidence(
            uow, cmd.actor, cmd.at, cmd.alarm_id, cmd.around, cmd.peer, cmd.purpose
        )
        uow.commit()
    return found


HANDLERS: dict[type[Command], Handler] = {ReadAlarmEvidence: read_alarm_evidence}
