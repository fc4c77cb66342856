"""Read everything a package holds from one unit of work (in the reader's region)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from valvo.domain.evidence.matching import MAX_TRACK_GAP
from valvo.services.errors import InvalidInput, NotFound
from valvo.services.evidence.package import (
    ALARM_MARGIN,
    MAX_MATCH_DESCRIPTION,
    MAX_PERIOD,
    MAX_SIGNATORY,
    EvidencePackage,
    FrameRecord,
    PackageRequest,
)

ALARM_FIELDS = (
    "id",
    "kind",
    "severity",
    "status",
    "occurred_at",
    "raised_at",
    "acknowledged_at",
    "acknowledged_by",
    "resolved_at",
    "resolved_by",
    "cause",
    "note",
    "explanation",
    "evidence_seqs",
)


def request_for_alarm(
    uow: Any, alarm_id: str, signatory: str, purpose: str | None
) -> PackageRequest:
    """An alarm's package: its person, from an hour before it occurred to an hour after it
    was resolved (or raised, while it is open)."""
    alarm = uow.alarms.get(alarm_id)
    if alarm is None:
        raise NotFound(f"alarm {alarm_id} does not exist")
    last = alarm.resolved_at or alarm.last_occurred_at or alarm.raised_at
    end = max(last, alarm.occurred_at) + ALARM_MARGIN
    start = alarm.occurred_at - ALARM_MARGIN
    if end - start > MAX_PERIOD:
        end = start + MAX_PERIOD
    return PackageRequest(
        subject_id=alarm.subject_id,
        start=start,
        end=end,
        alarm_id=alarm_id,
        signatory=signatory,
        purpose=purpose,
    )


def request_for_match(
    uow: Any, match_id: int, signatory: str
) -> tuple[PackageRequest, dict[str, Any]]:
    """A crime match's package: the matched person over exactly the fixes the run read for the
    crime (its window widened by the run's tolerance and by 30 minutes each side, the longest
    gap a track may bridge), no more: the police read matches, never a track at will. The
    match is described in the report; the run's purpose is the package's purpose."""
    match = uow.crimes.match(match_id)
    if match is None:
        raise NotFound(f"crime match {match_id} does not exist")
    widen = timedelta(seconds=match["tolerance_s"]) + MAX_TRACK_GAP
    request = PackageRequest(
        subject_id=match["subject_id"],
        start=match["crime_start"] - widen,
        end=match["crime_end"] + widen,
        match_description=match_description(match),
        signatory=signatory,
        purpose=match["purpose"],
        match_id=match_id,
    )
    about = {
        "match_id": match_id,
        "crime_run": match["run_id"],
        "crime_reference": match["reference"],
        "legal_basis": match["legal_basis"],
    }
    return request, about


def match_description(match: dict[str, Any]) -> str:
    """What the report prints of a match: the crime, the run's parameters and the result."""
    start, end = match["crime_start"].isoformat(), match["crime_end"].isoformat()
    text = (
        f"Crime {match['reference']} ({match['crime_type']}), {start} - {end}, "
        f"at {match['crime_lat']:.6f}, {match['crime_lon']:.6f} (WGS84). "
        f"Run {match['run_id']} ({match['algorithm_version']}) by {match['run_by']}: "
        f"radius {match['radius_m']:g} m, tolerance {match['tolerance_s'] // 60} min, "
        f"legal basis {match['legal_basis']}, purpose: {match['purpose']}. "
        f"Match {match['id']}: confidence {match['confidence']}, basis {match['basis']}, "
        f"nearest {match['distance_m']:.0f} m, {match['positions_total']} positions."
    )
    return text[:MAX_MATCH_DESCRIPTION]


def request_for_breach(
    uow: Any, breach_id: str, signatory: str
) -> tuple[PackageRequest, dict[str, Any]]:
    """A breach's package: its alarm's (when the breach came from one), else its person an
    hour either side of when it occurred."""
    breach = uow.cases.get("case_breaches", breach_id)
    if breach is None:
        raise NotFound(f"breach {breach_id} does not exist")
    case = uow.cases.get("cases", breach["case_id"])
    if case is None:
        raise NotFound(f"breach {breach_id} does not exist")
    purpose = f"evidence of breach {breach_id} (case {breach['case_id']})"
    about = {"breach_id": breach_id, "case_id": breach["case_id"]}
    if breach["alarm_id"] is not None and uow.alarms.get(breach["alarm_id"]) is not None:
        return request_for_alarm(uow, breach["alarm_id"], signatory, purpose), about
    occurred = breach["occurred_at"]
    request = PackageRequest(
        subject_id=case["subject_id"],
        start=occurred - ALARM_MARGIN,
        end=occurred + ALARM_MARGIN,
        signatory=signatory,
        purpose=purpose,
    )
    return request, about


def check_request(request: PackageRequest) -> None:
    if request.start.tzinfo is None or request.end.tzinfo is None:
        raise InvalidInput("'from' and 'to' need a time zone")
    if request.end <= request.start:
        raise InvalidInput("'to' must be after 'from'")
    if request.end - request.start > MAX_PERIOD:
        raise InvalidInput("a package covers at most 7 days")
    name = request.signatory.strip()
    if not name:
        raise InvalidInput("signatory: name the person who signs the witness statement")
    if len(name) > MAX_SIGNATORY:
        raise InvalidInput(f"signatory: at most {MAX_SIGNATORY} characters")
    if request.match_description and len(request.match_description) > MAX_MATCH_DESCRIPTION:
        raise InvalidInput(f"match description: at most {MAX_MATCH_DESCRIPTION} characters")


def gather(uow: Any, request: PackageRequest, actor: str, now: datetime) -> EvidencePackage:
    check_request(request)
    reg = uow.registry
    subject = reg.get("subjects", request.subject_id)
    if subject is None:
        raise NotFound(f"subject {request.subject_id} does not exist")
    start, end = request.start, request.end
    orders = reg.find("orders", subject_id=subject["id"])
    zones = [z for order in orders for z in reg.find("zones", order_id=order["id"])]
    police = request.match_id is not None
    positions = reg.positions(subject["id"], start, end)
    assignments = [
        a
        for a in reg.find("device_assignments", subject_id=subject["id"])
        if a["assigned_at"] < end and (a["unassigned_at"] is None or a["unassigned_at"] > start)
    ]
    devices: dict[str, dict[str, Any]] = {}
    frames: list[FrameRecord] = []
    for assignment in assignments:
        device = reg.get("devices", assignment["device_id"])
        if device is None:
            continue
        devices[device["id"]] = device
        # Only the frames sent while the device was this person's: before or after, they are
        # someone else's data.
        since = max(start, assignment["assigned_at"])
        until = min(end, assignment["unassigned_at"] or end)
        frames += uow.evidence.frames([device["identifier"]], since, until)
    seqs = sorted({s for f in frames for s in f.content["observation_seqs"] if s is not None})
    return EvidencePackage(
        request=request,
        built_at=now,
        built_by=actor,
        subject={k: subject[k] for k in ("id", "name", "region")},
        orders=orders,
        zones=[] if police else zones,
        positions=positions,
        alarms=[] if police else _alarms(uow, subject["id"], request, start, end),
        devices=list(devices.values()),
        assignments=assignments,
        installations=_installations(uow, subject["id"]),
        frames=frames,
        observations=uow.evidence.observations(seqs),
        chain=uow.evidence.chain_checks(sorted(d["identifier"] for d in devices.values())),
    )


def _alarms(
    uow: Any, subject_id: str, request: PackageRequest, start: datetime, end: datetime
) -> list[dict[str, Any]]:
    rows = [
        a
        for a in uow.alarms.find(None, subject_id, 1000)
        if start <= a["occurred_at"] < end or a["id"] == request.alarm_id
    ]
    out = []
    for row in sorted(rows, key=lambda a: (a["occurred_at"], a["id"])):
        alarm = {k: row.get(k) for k in ALARM_FIELDS}
        alarm["trail"] = uow.alarms.trail(row["id"])
        out.append(alarm)
    return out


def _installations(uow: Any, subject_id: str) -> list[dict[str, Any]]:
    """When the devices were installed on the person (the monitoring sentence's record)."""
    out = []
    for case in uow.cases.find("cases", subject_id=subject_id):
        sentence = uow.cases.get("sentences", case["id"])
        if sentence is not None and sentence.get("installed_at") is not None:
            out.append(
                {
                    "case_id": case["id"],
                    "installed_at": sentence["installed_at"],
                    "devices": sentence.get("devices") or [],
                }
            )
    return out
