"""Routes of the monitoring sentence's remaining law (issue 22): the abode (§2, §4; R29), visit
targets and the report of visits against them (R53)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter
from pydantic import Field

from valvo.services.cases import views, visit_frequency
from valvo.services.cases.lawcase_commands import (
    AddPrescription,
    AddRepresentative,
    OrderSample,
    RecordAbode,
    RecordSampleAttendance,
    SetVisitTarget,
)
from valvo.web.access import scope_of
from valvo.web.api.cases.access import App, BanWorker, SentenceWorker, run
from valvo.web.api.cases.schemas import CaseDetailRead
from valvo.web.schemas import Strict

router = APIRouter()


class AbodeCreate(Strict):
    """R29: ``kind`` dwelling or institution; an institution needs its name, a contact person
    and the contact's phone number."""

    kind: str = Field(max_length=20)
    address: str = Field(max_length=400)
    valid_from: date | None = None
    institution_name: str | None = Field(default=None, max_length=200)
    contact_name: str | None = Field(default=None, max_length=200)
    contact_phone: str | None = Field(default=None, max_length=40)
    contact_email: str | None = Field(default=None, max_length=200)
    notes: str | None = Field(default=None, max_length=2000)


@router.post("/cases/{case_id}/abodes", response_model=CaseDetailRead, status_code=201)
def record_abode(
    case_id: str, body: AbodeCreate, who: SentenceWorker, valvo: App
) -> dict[str, Any]:
    """§2, §4 (R29): the abode, replacing the one before from ``valid_from`` (default today)."""
    return run(valvo, who, RecordAbode, case_id=case_id, **body.model_dump())


class VisitTargetSet(Strict):
    visits_per_week: int = Field(ge=0, le=14)
    reason: str | None = Field(default=None, max_length=2000)


@router.put("/cases/{case_id}/visit-target", response_model=CaseDetailRead)
def set_visit_target(
    case_id: str, body: VisitTargetSet, who: SentenceWorker, valvo: App
) -> dict[str, Any]:
    """R53: this case's visits a week, replacing the default (two a week), with the reason."""
    return run(valvo, who, SetVisitTarget, case_id=case_id, **body.model_dump())


@router.get("/visit-frequency")
def visit_report(who: SentenceWorker, valvo: App) -> list[dict[str, Any]]:
    """R53: each serving sentence's visits against its target, the furthest below first."""
    with valvo.uow(scope_of(who)) as uow:
        return visit_frequency.report(uow, valvo.clock(), who.region)


class RepresentativeCreate(Strict):
    """R57: ``kind`` guardian, trustee, legal_representative or co_resident; a name and at
    least one of phone, e-mail and address."""

    kind: str = Field(max_length=30)
    name: str = Field(max_length=200)
    phone: str | None = Field(default=None, max_length=40)
    email: str | None = Field(default=None, max_length=200)
    address: str | None = Field(default=None, max_length=400)
    notes: str | None = Field(default=None, max_length=2000)


@router.post("/cases/{case_id}/representatives", response_model=CaseDetailRead, status_code=201)
def add_representative(
    case_id: str, body: RepresentativeCreate, who: SentenceWorker, valvo: App
) -> dict[str, Any]:
    """§10.4 (R57): the register of the people KHL keeps in touch with."""
    return run(valvo, who, AddRepresentative, case_id=case_id, **body.model_dump())


class PrescriptionCreate(Strict):
    """R65: the medicine, and the days it is valid (``valid_until`` inclusive; none: on)."""

    substance: str = Field(max_length=100)
    valid_from: date
    valid_until: date | None = None
    prescribed_by: str | None = Field(default=None, max_length=200)
    document: str | None = Field(default=None, max_length=200)


@router.post("/cases/{case_id}/prescriptions", response_model=CaseDetailRead, status_code=201)
def add_prescription(
    case_id: str, body: PrescriptionCreate, who: SentenceWorker, valvo: App
) -> dict[str, Any]:
    """§11.3 (R65): a positive laboratory result it covers is not a breach."""
    return run(valvo, who, AddPrescription, case_id=case_id, **body.model_dump())


class SampleOrderCreate(Strict):
    """R61: ``place_kind`` prison, khl_office, health_centre or substance_care_unit."""

    place_kind: str = Field(max_length=30)
    place_name: str = Field(max_length=200)
    attend_on: date


class SampleAttendance(Strict):
    attended: bool


@router.post("/cases/{case_id}/sample-orders", response_model=CaseDetailRead, status_code=201)
def order_sample(
    case_id: str, body: SampleOrderCreate, who: SentenceWorker, valvo: App
) -> dict[str, Any]:
    """§11.1 (R61): an order to attend a place for a urine sample."""
    return run(valvo, who, OrderSample, case_id=case_id, **body.model_dump())


@router.post("/cases/{case_id}/sample-orders/{order_id}/attendance", response_model=CaseDetailRead)
def sample_attendance(
    case_id: str, order_id: str, body: SampleAttendance, who: SentenceWorker, valvo: App
) -> dict[str, Any]:
    """§11.1 (R61): attended, or not (a breach, §8.7)."""
    return run(
        valvo,
        who,
        RecordSampleAttendance,
        case_id=case_id,
        order_id=order_id,
        attended=body.attended,
    )


@router.get("/passport-bars")
def passport_bars(who: BanWorker, valvo: App) -> list[dict[str, Any]]:
    """PKL 2:4 (R108): who may not be issued a passport now (a travel ban in force); audited."""
    with valvo.uow(scope_of(who)) as uow:
        rows = views.passport_bars(uow, who.username, valvo.clock(), who.region)
        uow.commit()
    return rows
