"""Routes of the monitoring sentence's remaining law (issue 22): the abode (§2, §4; R29)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter
from pydantic import Field

from valvo.services.cases.lawcase_commands import RecordAbode
from valvo.web.api.cases.access import App, SentenceWorker, run
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
