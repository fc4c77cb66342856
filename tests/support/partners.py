"""Partner-side records for tests, made through the real use cases."""

from __future__ import annotations

from typing import Any

from tests.support.factories import HOME, offset
from valvo.adapters.db.partners_uow import SqlPartnersUnitOfWork
from valvo.bootstrap import Valvo
from valvo.services.partners import records
from valvo.services.partners.kinds import KINDS

PLACE_LONLAT = offset(HOME, 2000, 0)  # 2 km east of the person's home


def puow(valvo: Valvo) -> SqlPartnersUnitOfWork:
    return SqlPartnersUnitOfWork(valvo.db)


def make(valvo: Valvo, kind_name: str, **data: Any) -> dict[str, Any]:
    with puow(valvo) as uow:
        row = records.create(uow, "test", valvo.clock(), KINDS[kind_name], data)
        uow.commit()
    return row


def make_place(valvo: Valvo, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "Kierrätyskeskus Ruosilantie",
        "kind": "activity_obligation_place",
        "organiser_type": "non_profit",
        "address": "Ruosilantie 18, Helsinki",
        "municipality": "Helsinki",
        "geometry": {"type": "Point", "coordinates": list(PLACE_LONLAT)},
        "radius_m": 100,
        "opening_hours": "ma-pe 08:00-17:00",
        "contact_name": "Maija Mäkelä",
        "contact_email": "maija@kierratys.example",
        "services": ["työtoiminta", "kierrätys"],
    }
    data.update(overrides)
    return make(valvo, "places", **data)
