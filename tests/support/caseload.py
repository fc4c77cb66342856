"""Register monitored people through the real use cases (as an officer would)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from tests.support.factories import HOME, offset
from valvo.bootstrap import Valvo
from valvo.services import registry

VICTIM = offset(HOME, 1000, 0)


@dataclass(frozen=True)
class Registered:
    subject_id: str
    order_id: str
    device_id: str
    device: str


def register_person(
    valvo: Valvo,
    device: str = "dev-1",
    *,
    weekly: list[dict[str, Any]] | None = None,
    exclusion: bool = True,
    region: str = "Etelä-Suomi",
    name: str | None = None,
    protocol: str = "osmand",
    **identity: Any,
) -> Registered:
    """``identity``: birth_date, identity_code, case_number (registry.create_subject)."""
    now = valvo.clock()
    with valvo.uow() as uow:
        subject = registry.create_subject(
            uow, "test", now, name=name or f"Person {device}", region=region, **identity
        )
        order = registry.create_order(
            uow,
            "test",
            now,
            subject_id=subject["id"],
            type="monitoring_sentence",
            starts_at=now - timedelta(days=1),
            ends_at=now + timedelta(days=30),
            timezone="Europe/Helsinki",
        )
        registry.add_zone(
            uow,
            "test",
            now,
            order_id=order["id"],
            name="Home",
            kind="inclusion",
            geometry={"type": "Point", "coordinates": list(HOME)},
            radius_m=100,
            presence_only=True,
        )
        if exclusion:
            registry.add_zone(
                uow,
                "test",
                now,
                order_id=order["id"],
                name="Protected address",
                kind="exclusion",
                geometry={"type": "Point", "coordinates": list(VICTIM)},
                radius_m=200,
            )
        registry.set_schedule(
            uow, "test", now, order_id=order["id"], weekly=weekly or [], one_off=[]
        )
        dev = registry.register_device(
            uow, "test", now, identifier=device, protocol=protocol, kind="gps_tracker"
        )
        registry.assign_device(uow, "test", now, device_id=dev["id"], subject_id=subject["id"])
        uow.commit()
    return Registered(subject["id"], order["id"], dev["id"], device)
