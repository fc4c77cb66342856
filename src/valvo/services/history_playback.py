"""History playback: a person's track for a chosen period, a page of fixes at a time (never
silently cut: the answer says how many fixes the period holds and which page this is), each fix
with its source (GPS, LBS, RF), the gaps where no fix came for longer than a threshold, and the
period's events (alarms, the home unit's presence events) for the same timeline. The export of a
period (CSV, GeoJSON) reads every fix of it. Both are location reads, recorded in the audit
trail (who, whose, why, which period, how many); the purpose rule is checked by the caller."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final

from valvo.domain.clock import iso_utc, require_aware
from valvo.domain.history import DEFAULT_GAP, MAX_GAP, RF_KINDS, fix_source, gaps
from valvo.services.alarm_evidence import unit_event
from valvo.services.bus.messagebus import Handler
from valvo.services.bus.messages import Command
from valvo.services.errors import InvalidInput, NotFound

MAX_SPAN: Final = timedelta(days=31)
MAX_PAGE: Final = 5000
MAX_EVENTS: Final = 1000  # alarms and presence events each; more is said, not hidden
MAX_EXPORT: Final = 200_000


@dataclass(frozen=True, kw_only=True)
class ReadHistory(Command):
    subject_id: str
    start: datetime
    end: datetime
    page: int = 1
    page_size: int = 2000
    gap: timedelta = timedelta(minutes=10)
    peer: str | None = None
    purpose: str | None = None


@dataclass(frozen=True, kw_only=True)
class ExportHistory(Command):
    subject_id: str
    start: datetime
    end: datetime
    format: str
    peer: str | None = None
    purpose: str | None = None


def _check_period(start: datetime, end: datetime) -> None:
    require_aware(start, "from")
    require_aware(end, "to")
    if end <= start:
        raise InvalidInput("'to' must be after 'from'")
    if end - start > MAX_SPAN:
        raise InvalidInput("the period is longer than 31 days: choose a shorter one")


def _subject(uow: Any, subject_id: str) -> dict[str, Any]:
    subject: dict[str, Any] | None = uow.registry.get("subjects", subject_id)
    if subject is None:
        raise NotFound(f"subject {subject_id} does not exist")
    return subject


def _with_source(row: dict[str, Any]) -> dict[str, Any]:
    source = fix_source(row.get("device_kind"), row.get("satellites"), row.get("accuracy_m"))
    return {**row, "source": source.value}


def _events(uow: Any, subject_id: str, start: datetime, end: datetime) -> dict[str, Any]:
    alarms = uow.alarms.find(None, subject_id, MAX_EVENTS + 1, raised_from=start, raised_to=end)
    units = []
    for assignment in uow.registry.find("device_assignments", subject_id=subject_id):
        device = uow.registry.get("devices", assignment["device_id"])
        if device is not None and device["kind"] in RF_KINDS:
            units.append(device["identifier"])
    presence = uow.alarm_evidence.device_events(sorted(set(units)), start, end, MAX_EVENTS + 1)
    return {
        "alarms": [
            {
                "id": a["id"],
                "kind": a["kind"],
                "severity": a["severity"],
                "status": a["status"],
                "time": a["occurred_at"],
                "raised_at": a["raised_at"],
            }
            for a in sorted(alarms[:MAX_EVENTS], key=lambda a: a["raised_at"])
        ],
        "alarms_cut": len(alarms) > MAX_EVENTS,
        "presence": [unit_event(r) for r in presence[:MAX_EVENTS]],
        "presence_cut": len(presence) > MAX_EVENTS,
    }


def history_page(uow: Any, cmd: ReadHistory) -> dict[str, Any]:
    _check_period(cmd.start, cmd.end)
    if not 1 <= cmd.page_size <= MAX_PAGE:
        raise InvalidInput(f"a page holds 1 to {MAX_PAGE} fixes")
    if cmd.page < 1:
        raise InvalidInput("pages are numbered from 1")
    if not timedelta(0) < cmd.gap <= MAX_GAP:
        raise InvalidInput("the gap threshold must be more than 0 and at most 24 hours")
    subject = _subject(uow, cmd.subject_id)
    total = uow.history.count_fixes(cmd.subject_id, cmd.start, cmd.end)
    pages = max(1, -(-total // cmd.page_size))
    if cmd.page > pages:
        raise InvalidInput(f"the period has {pages} page(s) of fixes; page {cmd.page} is past it")
    offset = (cmd.page - 1) * cmd.page_size
    # One fix before the page too: a gap across the page boundary is still a gap.
    before = 1 if offset > 0 else 0
    rows = uow.history.fixes(
        cmd.subject_id, cmd.start, cmd.end, offset - before, cmd.page_size + before
    )
    breaks = gaps([r["time"] for r in rows], cmd.gap)
    fixes = [_with_source(r) for r in rows[before:]]
    uow.audit.record(
        at=cmd.at,
        actor=cmd.actor,
        action="read_location",
        target_type="subject",
        target_id=cmd.subject_id,
        purpose=cmd.purpose or "history playback",
        peer=cmd.peer,
        details={
            "from": cmd.start.isoformat(),
            "to": cmd.end.isoformat(),
            "page": cmd.page,
            "count": len(fixes),
            "total": total,
        },
    )
    return {
        "subject": subject,
        "from": cmd.start,
        "to": cmd.end,
        "total": total,
        "page": cmd.page,
        "pages": pages,
        "page_size": cmd.page_size,
        "gap_minutes": cmd.gap.total_seconds() / 60,
        "fixes": fixes,
        "gaps": [{"from": g.start, "to": g.end, "minutes": round(g.minutes, 1)} for g in breaks],
        "events": _events(uow, cmd.subject_id, cmd.start, cmd.end),
    }


def history_export(uow: Any, cmd: ExportHistory) -> dict[str, Any]:
    _check_period(cmd.start, cmd.end)
    if cmd.format not in ("csv", "geojson"):
        raise InvalidInput("the export format is csv or geojson")
    subject = _subject(uow, cmd.subject_id)
    total = uow.history.count_fixes(cmd.subject_id, cmd.start, cmd.end)
    if total > MAX_EXPORT:
        raise InvalidInput(
            f"the period holds {total} fixes, more than one export's {MAX_EXPORT}: "
            "export a shorter period"
        )
    fixes = [
        _with_source(r) for r in uow.history.fixes(cmd.subject_id, cmd.start, cmd.end, 0, total)
    ]
    uow.audit.record(
        at=cmd.at,
        actor=cmd.actor,
        action="read_location",  # an export is a location read, marked as one in details
        target_type="subject",
        target_id=cmd.subject_id,
        purpose=cmd.purpose,
        peer=cmd.peer,
        details={
            "from": cmd.start.isoformat(),
            "to": cmd.end.isoformat(),
            "export": cmd.format,
            "count": len(fixes),
        },
    )
    return {"subject": subject, "from": cmd.start, "to": cmd.end, "fixes": fixes}


def read_history(cmd: ReadHistory, uow: Any) -> dict[str, Any]:
    with uow:
        found = history_page(uow, cmd)
        uow.commit()
    return found


def export_history(cmd: ExportHistory, uow: Any) -> dict[str, Any]:
    with uow:
        found = history_export(uow, cmd)
        uow.commit()
    return found


HANDLERS: dict[type[Command], Handler] = {
    ReadHistory: read_history,
    ExportHistory: export_history,
}


CSV_COLUMNS: Final = ("time", "lat", "lon", "accuracy_m", "speed_kmh", "source", "device", "seq")


def csv_text(fixes: list[dict[str, Any]]) -> str:
    """The fixes as CSV, one a line, times in UTC (ISO 8601)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for f in fixes:
        writer.writerow(
            [iso_utc(f["time"]), *("" if f.get(c) is None else f[c] for c in CSV_COLUMNS[1:])]
        )
    return out.getvalue()


def geojson(
    subject_id: str, fixes: list[dict[str, Any]], gap: timedelta = DEFAULT_GAP
) -> dict[str, Any]:
    """A FeatureCollection: the track as a MultiLineString broken at its gaps, and every fix
    as a point with its time, accuracy, speed and source."""
    lines: list[list[list[float]]] = []
    previous: datetime | None = None
    for f in fixes:
        if previous is None or f["time"] - previous > gap:
            lines.append([])
        lines[-1].append([f["lon"], f["lat"]])
        previous = f["time"]
    track = {
        "type": "Feature",
        "geometry": {"type": "MultiLineString", "coordinates": lines},
        "properties": {"subject_id": subject_id, "kind": "track", "gap_minutes": gap.seconds / 60},
    }
    points = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [f["lon"], f["lat"]]},
            "properties": {
                "time": iso_utc(f["time"]),
                "accuracy_m": f.get("accuracy_m"),
                "speed_kmh": f.get("speed_kmh"),
                "source": f["source"],
                "device": f.get("device"),
                "seq": f["seq"],
            },
        }
        for f in fixes
    ]
    return {"type": "FeatureCollection", "features": [track, *points]}
