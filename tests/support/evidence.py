"""An evidence scenario: a person walks from home into the exclusion zone; each fix arrives as
a raw frame (provenance chain), the engine turns them into positions and raises the alarm."""

from __future__ import annotations

import io
import uuid
import zipfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import insert

from tests.conftest import FakeClock
from tests.support.alarm_desk import INTO_EXCLUSION_M, person
from tests.support.caseload import Registered
from tests.support.factories import HOME, offset
from valvo.adapters.db import tables_cases as tc
from valvo.bootstrap import Valvo
from valvo.gateway.ingest import to_frame
from valvo.protocols.base import DecodedRecord
from valvo.services.evidence.commands import BuildEvidencePackage
from valvo.services.evidence.package import PackedEvidence

STEPS = 8
SIGNATORY = "Tarkastaja Liisa Mäkinen"


@dataclass(frozen=True)
class Walk:
    who: Registered
    alarm_id: str
    first_fix_minutes_ago: int


def walk_into_exclusion(valvo: Valvo, clock: FakeClock, device: str = "ev-1") -> Walk:
    """STEPS+1 fixes a minute apart from home to the protected address, one frame each."""
    who = person(valvo, device)
    clock.advance(minutes=STEPS + 2)  # the device is the person's before the walk starts
    start = clock() - timedelta(minutes=STEPS)
    frames = []
    for n in range(STEPS + 1):
        at = start + timedelta(minutes=n)
        lon, lat = offset(HOME, INTO_EXCLUSION_M * n / STEPS, 40.0 * (n % 2))
        record = DecodedRecord(
            "position", device, at, lat=lat, lon=lon, valid=True, speed_kmh=7.5, accuracy_m=25.0
        )
        frames.append(
            to_frame(
                (record,),
                protocol="osmand",
                raw=f"id={device}&lat={lat:.6f}&lon={lon:.6f}&n={n}".encode(),
                peer="127.0.0.1:5055",
                received_at=at + timedelta(seconds=2),
            )
        )
    valvo.observation_log().append_frames(frames)
    valvo.engine_worker().step(clock())
    with valvo.uow() as uow:
        found = uow.alarms.find(None, who.subject_id, 10, kinds=["exclusion_zone_entered"])
    assert len(found) == 1, found
    return Walk(who, str(found[0]["id"]), STEPS)


def build(valvo: Valvo, clock: FakeClock, **fields: Any) -> PackedEvidence:
    fields.setdefault("signatory", SIGNATORY)
    command = BuildEvidencePackage(actor="operator-1", at=clock(), **fields)
    packed: PackedEvidence = valvo.bus.handle(command)
    return packed


def members(bundle: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rezip(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def add_breach(
    valvo: Valvo, subject_id: str, region: str, at: datetime, alarm_id: str | None = None
) -> str:
    """A breach on a new monitoring-sentence case of the person (stored as the case service
    stores it), from ``alarm_id`` when given."""
    case_id, breach_id = str(uuid.uuid4()), str(uuid.uuid4())
    now = valvo.clock()
    with valvo.db.begin() as conn:
        conn.execute(
            insert(tc.cases),
            [
                {
                    "id": case_id,
                    "type": "monitoring_sentence",
                    "subject_id": subject_id,
                    "status": "serving",
                    "policy": "fi-2026",
                    "timezone": "Europe/Helsinki",
                    "region": region,
                    "updated_at": now,
                    "created_at": now,
                    "created_by": "test",
                }
            ],
        )
        conn.execute(
            insert(tc.case_breaches),
            [
                {
                    "id": breach_id,
                    "case_id": case_id,
                    "occurred_at": at,
                    "source": "alarm" if alarm_id else "supervisor",
                    "alarm_id": alarm_id,
                    "description": "home 40 min late",
                    "status": "open",
                    "created_at": now,
                    "created_by": "test",
                }
            ],
        )
    return breach_id
