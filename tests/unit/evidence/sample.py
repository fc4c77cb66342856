"""A package built in memory (no database): a short walk with a chained raw frame per fix."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta

from valvo.adapters.evidence.bundle import ZipEvidencePacker
from valvo.adapters.evidence.layout import chain_hash
from valvo.adapters.evidence.signing import SigningKey, derived_key
from valvo.services.evidence.package import (
    ChainCheck,
    EvidencePackage,
    FrameRecord,
    PackageRequest,
    PackedEvidence,
)

KEY = derived_key(b"unit-test-audit-key-of-32-bytes!")
OTHER_KEY = derived_key(b"someone-else's-key-of-32-bytes!!")
BUILT = datetime(2026, 3, 28, 23, 30, tzinfo=UTC)  # the night Helsinki moves to summer time


def sample_package(frames_count: int = 4) -> EvidencePackage:
    start = BUILT - timedelta(hours=2)
    frames, positions, prev = [], [], "a" * 64
    for n in range(frames_count):
        at = start + timedelta(minutes=10 * n)
        raw = f"id=dev-7&lat=60.17&lon={24.94 + n / 1000:.3f}&n={n}".encode()
        content = {
            "device": "dev-7",
            "protocol": "osmand",
            "received_at": at.isoformat(),
            "peer": "127.0.0.1:5055",
            "raw": base64.b64encode(raw).decode("ascii"),
            "observation_seqs": [100 + n],
            "quarantined": False,
        }
        hash_ = chain_hash(prev, content)
        frames.append(FrameRecord(10 + n, "dev-7", prev, hash_, content, raw))
        prev = hash_
        positions.append(
            {
                "time": at,
                "lat": 60.17 + n / 2000,
                "lon": 24.94 + n / 1000,
                "accuracy_m": 20.0,
                "speed_kmh": 5.0,
                "seq": 100 + n,
            }
        )
    return EvidencePackage(
        request=PackageRequest(
            subject_id="subject-1",
            start=start,
            end=BUILT,
            signatory="Tarkastaja Liisa Mäkinen",
        ),
        built_at=BUILT,
        built_by="operator-1",
        subject={"id": "subject-1", "name": "Matti Meikäläinen", "region": "Etelä-Suomi"},
        orders=[],
        zones=[
            {
                "name": "Home",
                "kind": "inclusion",
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [
                        [[24.939, 60.169], [24.941, 60.169], [24.941, 60.171], [24.939, 60.169]]
                    ],
                },
            }
        ],
        positions=positions,
        alarms=[],
        devices=[{"id": "d1", "identifier": "dev-7", "protocol": "osmand", "model": None}],
        assignments=[
            {"device_id": "d1", "assigned_at": start - timedelta(days=3), "unassigned_at": None}
        ],
        installations=[],
        frames=frames,
        observations=[],
        chain=[ChainCheck("dev-7", True, frames_count)],
    )


def fake_render(package: EvidencePackage, lang: str, fingerprint: str) -> bytes:
    return f"%PDF-1.4 {lang} {package.subject['name']} {fingerprint}".encode()


def packed(package: EvidencePackage | None = None, key: SigningKey = KEY) -> PackedEvidence:
    return ZipEvidencePacker(key, fake_render).pack(package or sample_package())
