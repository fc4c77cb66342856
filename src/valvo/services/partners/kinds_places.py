"""Record kinds of places, their national quality criteria and yearly evaluations (S53–S55)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from valvo.domain.partners import choices as c
from valvo.domain.partners.places import Place
from valvo.domain.partners.quality import Criterion, Evaluation
from valvo.services.errors import Conflict, InvalidInput
from valvo.services.partners.kinds_common import (
    ORGS,
    PLACES,
    UNITS,
    join_text,
    label_of,
    require_centre,
)
from valvo.services.partners.ports import PartnersUnitOfWork
from valvo.services.partners.records import Kind

# --- S53–S55: places -----------------------------------------------------------------------


def _check_place(uow: PartnersUnitOfWork, id: str, place: Place) -> None:
    require_centre(uow, "centre_id", place.centre_id)
    if place.framework_agreement_id:
        agreement = uow.partners.get("partner_agreements", place.framework_agreement_id)
        if agreement is not None and agreement["instrument"] != "framework_agreement":
            raise InvalidInput(
                "framework_agreement_id: that agreement is not a framework agreement (S55)"
            )


def _place_text(_: PartnersUnitOfWork, p: Place) -> tuple[str, str]:
    return (
        p.name,
        join_text(
            label_of(c.PLACE_KINDS, p.kind),
            p.address,
            p.municipality,
            p.services,
            p.support_measures,
            p.description,
            p.contact_name,
            label_of(c.ORGANISER_TYPES, p.organiser_type),
        ),
    )


PLACE = Kind(
    "places",
    PLACES,
    "place",
    (
        "name",
        "kind",
        "organiser_type",
        "organiser_id",
        "centre_id",
        "address",
        "municipality",
        "geometry",
        "lon",
        "lat",
        "radius_m",
        "opening_hours",
        "support_measures",
        "framework_agreement_id",
        "hard_to_place",
        "project_partner_id",
        "contact_name",
        "contact_email",
        "contact_phone",
        "services",
        "description",
        "active",
    ),
    lambda d, _: Place.read(d),
    lambda p: {
        "name": p.name,
        "kind": p.kind,
        "organiser_type": p.organiser_type,
        "centre_id": p.centre_id,
        "municipality": p.municipality,
        "active": p.active,
    },
    refs={
        "centre_id": UNITS,
        "organiser_id": ORGS,
        "project_partner_id": ORGS,
        "framework_agreement_id": "partner_agreements",
    },
    check=_check_place,
    search=_place_text,
    search_kind="place",
)


def _check_criterion(uow: PartnersUnitOfWork, id: str, criterion: Criterion) -> None:
    for row in uow.partners.find("partner_quality_criteria", code=criterion.code):
        if row["id"] != id:
            raise Conflict(f"code: criterion {criterion.code} already exists")


def _read_evaluation(data: Mapping[str, Any], uow: PartnersUnitOfWork) -> Evaluation:
    codes = [str(r["code"]) for r in uow.partners.find("partner_quality_criteria")]
    return Evaluation.read(data, codes)


def _check_evaluation(uow: PartnersUnitOfWork, id: str, evaluation: Evaluation) -> None:
    require_centre(uow, "centre_id", evaluation.centre_id)
    found = uow.partners.find(
        "partner_place_evaluations", centre_id=evaluation.centre_id, year=evaluation.year
    )
    if any(r["id"] != id for r in found):
        raise Conflict(f"year: this centre already evaluated {evaluation.year}")


CRITERION = Kind(
    "quality-criteria",
    "partner_quality_criteria",
    "quality_criterion",
    ("code", "text", "version"),
    lambda d, _: Criterion.read(d),
    lambda q: {"code": q.code},
    check=_check_criterion,
)
EVALUATION = Kind(
    "place-evaluations",
    "partner_place_evaluations",
    "place_evaluation",
    ("centre_id", "year", "fulfilment", "development_targets", "next_year_plan"),
    _read_evaluation,
    lambda e: {"centre_id": e.centre_id, "year": e.year},
    refs={"centre_id": UNITS},
    check=_check_evaluation,
)
