"""Commands of the rest of the monitoring sentence: the wanted notice (§13), the court's
decisions after an impediment, a new prison sentence and crediting (§15.3, §18.2, §19),
combining sentences (§20), travel costs (§22), supervision contacts and the
intoxication-observation form (§10, §11.2), the police's assistance (§21)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from valvo.services.cases.commands import CaseDecision, CaseStep


@dataclass(frozen=True, kw_only=True)
class IssueWantedNotice(CaseStep):
    not_found_since: date
    search_steps: str
    issued_on: date
    issued_by: str
    contact_by: date


@dataclass(frozen=True, kw_only=True)
class RecordWantedContact(CaseStep):
    notice_id: str
    on: date


@dataclass(frozen=True, kw_only=True)
class RecordWantedDeadlineMissed(CaseStep):
    notice_id: str


@dataclass(frozen=True, kw_only=True)
class ProhibitForNewPrison(CaseDecision):
    decided_at: datetime
    court: str
    new_prison_days: int
    appealed: bool = False


@dataclass(frozen=True, kw_only=True)
class DecideAfterImpediment(CaseDecision):
    decided_at: datetime
    court: str
    outcome: str
    special_reason: str | None = None


@dataclass(frozen=True, kw_only=True)
class CreditAppeal(CaseDecision):
    decided_at: datetime
    court: str
    new_sentence_days: int


@dataclass(frozen=True, kw_only=True)
class CombineSentence(CaseStep):
    length_days: int
    sentenced_on: date
    court: str


@dataclass(frozen=True, kw_only=True)
class ClaimTravelCosts(CaseStep):
    trip_on: date
    purpose: str
    route: str
    fare_basis: str
    cheapest_fare_cents: int
    claimed_cents: int
    ground: str | None = None
    justification: str | None = None


@dataclass(frozen=True, kw_only=True)
class RecordContact(CaseStep):
    kind: str
    channel: str
    contacted_at: datetime
    counterpart: str
    announced: bool
    outcome: str
    notes: str | None = None


@dataclass(frozen=True, kw_only=True)
class RecordIntoxication(CaseStep):
    observed_at: datetime
    occasion: str
    place: str
    observer: str
    signs: Sequence[str]
    description: str
    test_ordered: str = "none"
    convict_statement: str | None = None
    visit_id: str | None = None


@dataclass(frozen=True, kw_only=True)
class RequestPoliceAssistance(CaseStep):
    visit_id: str
    requested_at: datetime
    requested_by: str
    police_unit: str
    details: str | None = None


@dataclass(frozen=True, kw_only=True)
class RecordPoliceResponse(CaseStep):
    request_id: str
    responded_at: datetime
    response: str
    entry_gained: bool
    details: str
    officer: str | None = None
