"""Commands of a breach (§14, §16, §17): open, hear, warn, interrupt provisionally, refer,
clear; the prosecutor's and the court's decisions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from valvo.services.cases.commands import CaseDecision, CaseStep


@dataclass(frozen=True, kw_only=True)
class OpenBreach(CaseStep):
    occurred_at: datetime
    source: str
    description: str | None = None


@dataclass(frozen=True, kw_only=True)
class RecordBreachHearing(CaseStep):
    breach_id: str
    heard_on: date
    statement: str | None = None


@dataclass(frozen=True, kw_only=True)
class WarnOfBreach(CaseStep):
    breach_id: str
    on: date


@dataclass(frozen=True, kw_only=True)
class InterruptProvisionally(CaseStep):
    breach_id: str
    start: date


@dataclass(frozen=True, kw_only=True)
class ReferBreach(CaseStep):
    breach_id: str
    kind: str
    on: date


@dataclass(frozen=True, kw_only=True)
class ClearBreach(CaseStep):
    breach_id: str
    note: str


@dataclass(frozen=True, kw_only=True)
class ProsecutorDecidesBreach(CaseDecision):
    breach_id: str
    decided_at: datetime
    bring_to_court: bool
    court: str | None = None


@dataclass(frozen=True, kw_only=True)
class CourtDecidesBreach(CaseDecision):
    breach_id: str
    decided_at: datetime
    convert: bool
    court: str
    in_absence: bool = False
    convict_heard: bool | None = None  # §16, R85: heard in person
    convict_representative: str | None = None
    khl_representative: str | None = None
