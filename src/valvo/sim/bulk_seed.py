"""Bulk registration of a large caseload (hundreds of thousands of people) for the simulator and
the benchmarks.

One template person is registered through the registry's use cases (so its zone geometries are
exactly what the use cases write); every other person gets rows shaped like the template's,
inserted with executemany in chunks of ``chunk`` people per transaction: a subject, an active
order, a home zone (presence only) and an exclusion zone around a protected address, a weekly
plan, and the devices ``devices(i)`` names, each assigned to the person. Devices of the Valvo
protocol can be given a key credential at the same time (``credential``).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import insert

from valvo.adapters.db import tables as t
from valvo.adapters.db import tables_gateway as tg
from valvo.bootstrap import Valvo
from valvo.domain.geo.projection import LocalProjection
from valvo.services import registry

HOME = (24.9384, 60.1699)  # Helsinki, lon/lat
# Monday 08:00-20:00 at an activity (the rest of the week at home, per the presence zone).
WEEKLY: list[dict[str, Any]] = [
    {"weekday": 0, "start": "08:00", "end": "20:00", "purpose": "activity"}
]


class BulkDevice(NamedTuple):
    identifier: str
    protocol: str
    kind: str
    model: str | None = None


# Person i -> the devices to register and assign to them.
DeviceNaming = Callable[[int], Sequence[BulkDevice]]
# A Valvo-protocol device identifier -> its credential row (device_credentials), or None.
CredentialMaker = Callable[[str, datetime], dict[str, Any] | None]


@dataclass(frozen=True, slots=True)
class BulkSeedReport:
    subjects: int  # people inserted by this call
    devices: int
    credentials: int


def _template_zones(valvo: Valvo, now: datetime) -> tuple[dict[str, Any], dict[str, Any]]:
    """Register the template person (one subject more, with no devices) and return its home and
    protected-address zones."""
    with valvo.uow() as uow:
        subject = registry.create_subject(uow, "bulk-seed", now, name="Template", region="Etelä")
        order = registry.create_order(
            uow,
            "bulk-seed",
            now,
            subject_id=subject["id"],
            type="monitoring_sentence",
            starts_at=now - timedelta(days=1),
            ends_at=now + timedelta(days=90),
            timezone="Europe/Helsinki",
        )
        home = registry.add_zone(
            uow,
            "bulk-seed",
            now,
            order_id=order["id"],
            name="Home",
            kind="inclusion",
            geometry={"type": "Point", "coordinates": list(HOME)},
            radius_m=100,
            presence_only=True,
        )
        victim = LocalProjection(*HOME).to_degrees(1000, 0)
        protected = registry.add_zone(
            uow,
            "bulk-seed",
            now,
            order_id=order["id"],
            name="Protected address",
            kind="exclusion",
            geometry={"type": "Point", "coordinates": list(victim)},
            radius_m=200,
        )
        uow.commit()
    return home, protected


_TABLES = (
    ("subjects", t.subjects),
    ("orders", t.orders),
    ("zones", t.zones),
    ("schedules", t.schedules),
    ("devices", t.devices),
    ("assignments", t.device_assignments),
    ("credentials", tg.device_credentials),
)


def seed_bulk(
    valvo: Valvo,
    people: range,
    now: datetime,
    devices: DeviceNaming,
    *,
    credential: CredentialMaker | None = None,
    chunk: int = 5_000,
    name_prefix: str = "Bulk",
) -> BulkSeedReport:
    """Insert persons ``people`` (indices into the naming scheme ``devices``); the caller makes
    sure none of their devices is registered yet (the identifiers are unique in the database,
    so a clash fails the chunk and nothing of it is written)."""
    if chunk < 1:
        raise ValueError("chunk must be at least 1")
    if not people:
        return BulkSeedReport(0, 0, 0)
    home, protected = _template_zones(valvo, now)
    rows: dict[str, list[dict[str, Any]]] = {key: [] for key, _ in _TABLES}
    counts = {"devices": 0, "credentials": 0}

    def flush() -> None:
        with valvo.db.begin() as conn:
            for key, table in _TABLES:
                if rows[key]:
                    conn.execute(insert(table), rows[key])
                    rows[key].clear()

    for i in people:
        sid, oid = str(uuid.uuid4()), str(uuid.uuid4())
        rows["subjects"].append(
            {"id": sid, "name": f"{name_prefix} {i}", "region": "Etelä", "created_at": now}
        )
        rows["orders"].append(
            {
                "id": oid,
                "subject_id": sid,
                "type": "monitoring_sentence",
                "timezone": "Europe/Helsinki",
                "starts_at": now - timedelta(days=1),
                "ends_at": now + timedelta(days=90),
                "status": "active",
                "created_at": now,
            }
        )
        for zone in (home, protected):
            rows["zones"].append(
                {
                    **{k: zone[k] for k in ("name", "kind", "geometry", "presence_only")},
                    "id": str(uuid.uuid4()),
                    "order_id": oid,
                    "place_id": None,
                    "created_at": now,
                }
            )
        rows["schedules"].append(
            {
                "id": str(uuid.uuid4()),
                "order_id": oid,
                "version": 1,
                "timezone": "Europe/Helsinki",
                "weekly": WEEKLY,
                "one_off": [],
                "reason": None,
                "created_at": now,
            }
        )
        for device in devices(i):
            did = str(uuid.uuid4())
            rows["devices"].append(
                {
                    "id": did,
                    "identifier": device.identifier,
                    "protocol": device.protocol,
                    "kind": device.kind,
                    "model": device.model,
                    "created_at": now,
                    "stock_state": "assigned",  # R47: with the person it is assigned to
                    "stock_since": now - timedelta(days=1),
                }
            )
            rows["assignments"].append(
                {
                    "id": str(uuid.uuid4()),
                    "device_id": did,
                    "subject_id": sid,
                    "assigned_at": now - timedelta(days=1),
                    "unassigned_at": None,
                }
            )
            counts["devices"] += 1
            row = credential(device.identifier, now) if credential is not None else None
            if device.protocol == "valvo" and row is not None:
                rows["credentials"].append(row)
                counts["credentials"] += 1
        if len(rows["subjects"]) >= chunk:
            flush()
    flush()
    return BulkSeedReport(len(people), counts["devices"], counts["credentials"])
