"""Commands of the monitoring sentence (the report, the judgment, the plan, devices,
interruptions, exemptions, the last day) and of its supervision (§9–§11)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from valvo.domain.cases.sentencing import SentencingGrounds
from valvo.services.bus.messages import Command
from valvo.services.cases.commands import CaseDecision, CaseStep, OpenCase


@dataclass(frozen=True, kw_only=True)
class RequestReport(OpenCase):
    """A prosecutor or a court requests the report; the case opens (R8)."""

    requester: str
    requested_on: date
    subject_id: str | None
    subject_name: str | None
    region: str | None
    timezone: str
    policy: str
    pilot: bool = False  # R143: the sentence belongs to the pilot followed up


@dataclass(frozen=True, kw_only=True)
class UpdateReport(CaseStep):
    values: Mapping[str, Any]


@dataclass(frozen=True, kw_only=True)
class AddCoResident(CaseStep):
    name: str
    birth_date: date
    written_consent: bool = False
    consent_document: str | None = None
    heard: bool = False
    heard_on: date | None = None
    views: str | None = None


@dataclass(frozen=True, kw_only=True)
class UpdateCoResident(CaseStep):
    co_resident_id: str
    values: Mapping[str, Any]


@dataclass(frozen=True, kw_only=True)
class RemoveCoResident(CaseStep):
    co_resident_id: str


@dataclass(frozen=True, kw_only=True)
class CompleteReport(CaseStep):
    on: date


@dataclass(frozen=True, kw_only=True)
class PassSentence(CaseDecision):
    """The court's judgment (RL 6:11a; R1–R7)."""

    length_days: int
    sentenced_on: date
    enforceable_on: date
    grounds: SentencingGrounds
    under_21: bool
    prison_within_lookback: bool
    final: bool
    written_consent_to_early_enforcement: bool
    accepted_judgment: bool


@dataclass(frozen=True, kw_only=True)
class SavePlan(CaseStep):
    """Confirm the plan, or amend it with a reason (§6; R19–R26)."""

    content: Mapping[str, Any]
    convict_heard_on: date
    reason: str | None = None


@dataclass(frozen=True, kw_only=True)
class InstallDevices(CaseStep):
    device_ids: Sequence[str]
    installed_at: datetime


@dataclass(frozen=True, kw_only=True)
class InterruptSentence(CaseStep):
    reason: str
    start: date
    cause: str


@dataclass(frozen=True, kw_only=True)
class ResumeSentence(CaseStep):
    on: date


@dataclass(frozen=True, kw_only=True)
class GrantExemption(CaseStep):
    start: str
    end: str
    reason: str


@dataclass(frozen=True, kw_only=True)
class CompleteSentence(CaseStep):
    on: date


@dataclass(frozen=True, kw_only=True)
class CreateSupervisor(Command):
    """A supervisor or an assistant (§9); answered with the supervisor."""

    name: str
    kind: str
    region: str
    username: str | None = None
    qualification: str | None = None
    consented: bool = False
    contract: str | None = None
    fee_per_visit_cents: int | None = None


@dataclass(frozen=True, kw_only=True)
class AssignSupervisor(CaseStep):
    supervisor_id: str


@dataclass(frozen=True, kw_only=True)
class PlanVisit(CaseStep):
    kind: str
    planned_at: datetime
    visitor_id: str | None = None


@dataclass(frozen=True, kw_only=True)
class RecordVisit(CaseStep):
    kind: str
    visited_at: datetime
    visit_id: str | None = None
    visitor_id: str | None = None
    present: bool | None = None
    sober: bool | None = None
    entry_refused: bool = False
    police_assistance: str | None = None
    intoxication_observations: str | None = None
    notes: str | None = None
    travel_km: float | None = None  # R137: distance driven for the visit
    travel_minutes: int | None = None  # R137: and the travel time


@dataclass(frozen=True, kw_only=True)
class RecordSubstanceTest(CaseStep):
    kind: str
    taken_at: datetime
    tester: str
    result: str
    location: str | None = None
    substance: str | None = None
    justified_suspicion: bool = False


@dataclass(frozen=True, kw_only=True)
class RecordLabResult(CaseStep):
    test_id: str
    result: str
    happened_at: datetime
    entitled_medicine: bool = False
    substance: str | None = None  # R65: what the laboratory found
