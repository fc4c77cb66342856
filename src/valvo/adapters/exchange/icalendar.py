"""The plans as iCalendar (RFC 5545), for a calendar a person or another system reads: each
order's current plan version, every weekly window as a weekly recurring event and every one-off
interval as an event, in the order's time zone (a TZID naming the IANA zone). Written beside
``orders.json``, which stays the record the import reads."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from valvo.domain.schedule.local_time import zone
from valvo.services.errors import InvalidInput
from valvo.services.registry import parse_schedule

_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def plans_calendar(
    orders: Sequence[Mapping[str, Any]],
    schedules: Sequence[Mapping[str, Any]],
    stamp: datetime,
) -> str:
    current: dict[str, Mapping[str, Any]] = {}
    for row in schedules:
        if row["order_id"] not in current or row["version"] > current[row["order_id"]]["version"]:
            current[row["order_id"]] = row
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Valvo//monitoring record//EN"]
    for order in orders:
        plan = current.get(order["id"])
        if plan is not None:
            lines += _order_events(order, plan, _utc(stamp))
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def _order_events(order: Mapping[str, Any], plan: Mapping[str, Any], stamp: str) -> list[str]:
    try:
        schedule = parse_schedule(
            plan["timezone"], plan["weekly"], plan["one_off"], plan["version"]
        )
    except InvalidInput:
        return []  # a plan older than today's reader: orders.json still carries it as stored
    tz = schedule.timezone
    first: date = order["starts_at"].astimezone(zone(tz)).date()
    until = f";UNTIL={_utc(order['ends_at'])}" if order.get("ends_at") else ""
    out: list[str] = []
    for i, window in enumerate(schedule.weekly):
        day = first + timedelta(days=(window.weekday - first.weekday()) % 7)
        start = datetime.combine(day, window.start)
        end_day = day if window.end > window.start else day + timedelta(days=1)
        rule = f"RRULE:FREQ=WEEKLY;BYDAY={_DAYS[window.weekday]}{until}"
        uid = f"{plan['id']}-weekly-{i}@valvo"
        out += _event(uid, stamp, tz, start, datetime.combine(end_day, window.end), window, rule)
    for i, interval in enumerate(schedule.one_off):
        uid = f"{plan['id']}-once-{i}@valvo"
        out += _event(uid, stamp, tz, interval.start, interval.end, interval, None)
    return out


def _event(
    uid: str, stamp: str, tz: str, start: datetime, end: datetime, entry: Any, rule: str | None
) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;TZID={tz}:{start:%Y%m%dT%H%M%S}",
        f"DTEND;TZID={tz}:{end:%Y%m%dT%H%M%S}",
        f"SUMMARY:{_text(str(entry.purpose))}",
        f"CATEGORIES:{_text(str(entry.purpose).upper())}",
    ]
    if rule:
        lines.append(rule)
    if entry.justification:
        lines.append(f"DESCRIPTION:{_text(entry.justification)}")
    if entry.place_id:
        lines.append(f"X-VALVO-PLACE-ID:{_text(entry.place_id)}")
    return [*lines, "END:VEVENT"]


def _utc(instant: datetime) -> str:
    return instant.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _text(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return escaped.replace("\r\n", "\\n").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 3.1)."""
    data = line.encode()
    if len(data) <= 75:
        return line
    parts, start = [], 0
    while start < len(data):
        size = 75 if start == 0 else 74
        end = min(start + size, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:
            end -= 1  # never split a UTF-8 character
        parts.append(data[start:end].decode())
        start = end
    return "\r\n ".join(parts)
