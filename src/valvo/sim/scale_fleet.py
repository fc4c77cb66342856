"""The simulator's large fleet: who carries what, under which identifier, with which key.

Person ``i`` (0 <= i < N) carries a Teltonika GPS tracker with IMEI ``35 7000000000000+i``; a
share of the people (``rf_share``, spread evenly over the indices by a golden-ratio sequence) also
have an RF home unit ``sim-rf-iiiiii`` watching the ankle tag ``sim-tag-iiiiii``. Everything is a
function of ``i`` and the share, so a second run without ``--seed`` drives the same fleet.

The home units' keys are derived as the gateway derives them (HMAC of the server's device-key
master, the identifier and the credential's salt); the salt of a simulated unit is a function of
its identifier, so the simulator, holding the same master secret as the gateway, knows every key
without reading the database. That is for simulated units only: real keys get a random salt
(``valvo.services.device_credentials.issue_credential``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from valvo.adapters.db import tables as t
from valvo.bootstrap import Valvo
from valvo.gateway.listeners import device_master_key
from valvo.services.device_credentials import derive_key, key_fingerprint
from valvo.sim.bulk_seed import (
    BulkDevice,
    BulkSeedReport,
    CredentialMaker,
    DeviceNaming,
    seed_bulk,
)

_IMEI_BASE = 7_000_000_000_000
_GOLDEN = 0.6180339887498949
GPS_MODEL = "Teltonika FMB920 (simulated)"
RF_MODEL = "Valvo RF home unit (simulated)"
MAX_SUBJECTS = 1_000_000


def gps_identifier(i: int) -> str:
    return f"35{_IMEI_BASE + i:013d}"


def rf_identifier(i: int) -> str:
    return f"sim-rf-{i:06d}"


def tag_of(i: int) -> str:
    return f"sim-tag-{i:06d}"


def has_rf(i: int, rf_share: float) -> bool:
    """Whether person ``i`` has a home unit: a low-discrepancy choice, so any run of indices
    holds very nearly ``rf_share`` of them."""
    return ((i + 1) * _GOLDEN) % 1.0 < rf_share


def fleet_devices(rf_share: float) -> DeviceNaming:
    """The bulk seeder's naming for this fleet (person i -> their devices)."""

    def devices(i: int) -> tuple[BulkDevice, ...]:
        gps = BulkDevice(gps_identifier(i), "teltonika", "gps_tracker", GPS_MODEL)
        if not has_rf(i, rf_share):
            return (gps,)
        return (gps, BulkDevice(rf_identifier(i), "valvo", "rf_home_unit", RF_MODEL))

    return devices


def simulated_salt(identifier: str) -> str:
    return f"simulated:{identifier}"


def unit_key(master: bytes, identifier: str) -> bytes:
    return derive_key(master, identifier, simulated_salt(identifier))


def credential_maker(master: bytes) -> CredentialMaker:
    """The bulk seeder's credential rows for the simulated home units."""

    def credential(identifier: str, now: datetime) -> dict[str, Any]:
        return {
            "device_identifier": identifier,
            "key_version": 1,
            "salt": simulated_salt(identifier),
            "key_fingerprint": key_fingerprint(unit_key(master, identifier)),
            "issued_at": now,
            "issued_by": "simulate",
            "revoked_at": None,
            "last_sequence": 0,
        }

    return credential


def registered(valvo: Valvo, subjects: int, rf_share: float) -> tuple[int, int]:
    """(GPS trackers, home units) of persons 0..subjects-1 already in the registry (the
    identifiers are fixed-width, so each kind is a range)."""
    with valvo.db.connect() as conn:
        counts = []
        for first, last in (
            (gps_identifier(0), gps_identifier(subjects - 1)),
            (rf_identifier(0), rf_identifier(subjects - 1)),
        ):
            query = (
                select(func.count())
                .select_from(t.devices)
                .where(t.devices.c.identifier.between(first, last))
            )
            counts.append(int(conn.execute(query).scalar_one()))
    return counts[0], counts[1]


def expected_units(subjects: int, rf_share: float) -> int:
    return sum(1 for i in range(subjects) if has_rf(i, rf_share))


def seed_fleet(valvo: Valvo, subjects: int, rf_share: float, now: datetime) -> BulkSeedReport:
    """Register persons 0..subjects-1 with their devices and home-unit keys, continuing after
    those an earlier run registered (persons are seeded in index order, chunk by chunk)."""
    gps, _ = registered(valvo, subjects, rf_share)
    return seed_bulk(
        valvo,
        range(gps, subjects),
        now,
        fleet_devices(rf_share),
        credential=credential_maker(device_master_key(valvo.settings)),
        name_prefix="Simulated",
    )


def check_registered(valvo: Valvo, subjects: int, rf_share: float) -> None:
    """Raise ValueError, saying what to do, when the registry does not hold this fleet."""
    gps, units = registered(valvo, subjects, rf_share)
    want = expected_units(subjects, rf_share)
    if gps < subjects:
        raise ValueError(
            f"only {gps} of the {subjects} simulated trackers are registered in the database; "
            "run with --seed first (it registers what is missing)"
        )
    if units != want:
        raise ValueError(
            f"{units} simulated home units are registered for these {subjects} people but "
            f"--rf-share {rf_share} means {want}: use the --rf-share of the seeding run"
        )
