"""A record's resend key stays what every earlier gateway computed (the keys already in the
logs recognise resends across an upgrade): the SHA-256 of the record's canonical JSON, sorted
keys, no spaces, anything else as its text (valvo.gateway.ingest)."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta, timezone

from valvo.gateway.ingest import record_identity
from valvo.protocols.base import DecodedRecord


def test_the_resend_key_is_the_sha256_of_the_record_s_canonical_json() -> None:
    at = datetime(2027, 3, 28, 0, 59, 59, 123456, tzinfo=timezone(timedelta(hours=3)))
    record = DecodedRecord(
        type="position",
        device="352093081452251",
        time=at,
        lat=60.17,
        lon=24.94,
        valid=True,
        speed_kmh=5.5,
        satellites=9,
        alarms=("sos", "power_cut"),
        attributes={"zeta": 1, "alpha": "kotona ä", "when": datetime(2027, 1, 1, tzinfo=UTC)},
    )
    content = {
        "device": "dev-1",
        "type": "position",
        "time": at.isoformat(),
        "lat": 60.17,
        "lon": 24.94,
        "valid": True,
        "speed_kmh": 5.5,
        "course": None,
        "altitude_m": None,
        "accuracy_m": None,
        "satellites": 9,
        "battery_pct": None,
        "alarms": ["power_cut", "sos"],
        "attributes": record.attributes,
    }
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), default=str)
    assert record_identity("dev-1", record) == hashlib.sha256(canonical.encode()).hexdigest()
