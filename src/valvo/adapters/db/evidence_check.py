"""Proving the sealed evidence: every row's seal, the writers' keyed heads against the rows
found, and each alarm's status and cause against its (sealed) trail. See ``evidence.py``."""

from __future__ import annotations

import hmac
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.engine import Connection

from valvo.adapters.db import tables as t
from valvo.adapters.db.evidence import (
    MODULUS,
    SEALED_TABLES,
    all_heads,
    evidence_key,
    head_mac,
    row_mac,
)
from valvo.adapters.db.tables_alarm_desk import alarm_events

UNREADABLE = (TypeError, ValueError, KeyError, AttributeError, AssertionError)


@dataclass(frozen=True, slots=True)
class Finding:
    part: str  # a table, or "heads"
    place: str  # the row, head or alarm named
    reason: str

    def __str__(self) -> str:
        return f"{self.part} {self.place}: {self.reason}"


@dataclass(slots=True)
class EvidenceReport:
    rows: dict[str, int] = field(default_factory=dict)
    unsealed: dict[str, int] = field(default_factory=dict)  # older than sealing (migration 0014)
    alarms: int = 0
    broken: list[Finding] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.broken


def check_evidence(conn: Connection) -> EvidenceReport:
    report = EvidenceReport()
    key = evidence_key(conn)
    expected: dict[str, list[int]] = {table: [0, 0] for table in SEALED_TABLES}
    heads_ok = True
    for head in all_heads(conn):
        if not str(head["name"]).startswith("rows:"):
            continue
        if not hmac.compare_digest(head["mac"], head_mac(key, head["name"], head["tallies"])):
            report.broken.append(Finding("heads", head["name"], "its seal does not match"))
            heads_ok = False
            continue
        for table, (count, total) in head["tallies"].items():
            if table in expected:
                expected[table][0] += int(count)
                expected[table][1] = (expected[table][1] + int(total, 16)) % MODULUS
    for table in SEALED_TABLES:
        found = _check_rows(conn, key, table, report)
        if found is None or not heads_ok:
            continue
        if found != (expected[table][0], expected[table][1]):
            report.broken.append(
                Finding(
                    table,
                    "(all rows)",
                    f"the writers' heads count {expected[table][0]} sealed rows, found "
                    f"{found[0]} or a different set (rows removed, added or copied)",
                )
            )
    _check_alarm_statuses(conn, report)
    return report


def _check_rows(
    conn: Connection, key: bytes, table: str, report: EvidenceReport
) -> tuple[int, int] | None:
    """Walk ``table`` in key order: (sealed rows, sum of seals), or None once a row is broken."""
    spec: Table = t.metadata.tables[table]
    pk = spec.primary_key.columns.values()[0]
    count = total = unsealed = 0
    last: Any = None
    rows = conn.execute(select(spec).order_by(pk).execution_options(yield_per=5000)).mappings()
    try:
        for row in rows:
            last = row[pk.name]
            place = f"{pk.name} {last}"
            if row["mac"] is None:
                if count:
                    report.broken.append(Finding(table, place, "a row without a seal"))
                    return None
                unsealed += 1
                continue
            try:
                mac = row_mac(key, table, dict(row))
            except UNREADABLE as exc:
                report.broken.append(Finding(table, place, f"an unreadable value ({exc})"))
                return None
            if not hmac.compare_digest(row["mac"], mac):
                report.broken.append(
                    Finding(table, place, "its content does not match its seal (edited)")
                )
                return None
            count += 1
            total += int(mac, 16)
    except UNREADABLE as exc:
        where = f"after {pk.name} {last}" if last is not None else "first row"
        report.broken.append(Finding(table, where, f"an unreadable value ({exc})"))
        return None
    report.rows[table] = count
    report.unsealed[table] = unsealed
    return count, total % MODULUS


def _check_alarm_statuses(conn: Connection, report: EvidenceReport) -> None:
    """An alarm's status is the last status its trail moved it to, and its cause the cause of
    that step when it resolved the alarm (none otherwise). Alarms without any trail (never
    made by Valvo's intake) are counted under ``unsealed``."""
    expected = dict(_trail_outcomes(conn))
    a = t.alarms
    query = select(a.c.id, a.c.status, a.c.cause).order_by(a.c.id)
    for alarm_id, status, cause in conn.execute(query):
        report.alarms += 1
        if alarm_id not in expected:  # only rows written around the desk: counted, shown
            report.unsealed["alarms"] = report.unsealed.get("alarms", 0) + 1
            continue
        want_status, want_cause = expected[alarm_id]
        if (status, cause) != (want_status, want_cause):
            report.broken.append(
                Finding(
                    "alarms",
                    alarm_id,
                    f"status {status!r} and cause {cause!r} differ from its trail "
                    f"({want_status!r}, {want_cause!r}): edited outside the desk",
                )
            )
            return


def _trail_outcomes(conn: Connection) -> Iterator[tuple[str, tuple[str, str | None]]]:
    e = alarm_events
    query = (
        select(e.c.alarm_id, e.c.to_status, e.c.details)
        .where(e.c.to_status.is_not(None))
        .order_by(e.c.alarm_id, e.c.id)
    )
    current: str | None = None
    outcome: tuple[str, str | None] = ("", None)
    for alarm_id, to_status, details in conn.execute(query.execution_options(yield_per=5000)):
        if alarm_id != current and current is not None:
            yield current, outcome
        current = alarm_id
        cause = _cause(details) if to_status == "resolved" else None
        outcome = (to_status, cause)
    if current is not None:
        yield current, outcome


def _cause(details: Any) -> str | None:
    if isinstance(details, Mapping):
        value = details.get("cause")
        return value if isinstance(value, str) else None
    return None
