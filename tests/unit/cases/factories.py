"""Builders of cases in a given state, so each test states only what it is about."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from valvo.domain.cases.report import CoResident, Report, ReportItems, Requester
from valvo.domain.cases.sentence import MonitoringSentence, request_report
from valvo.domain.law.policy import DRAFT_2007

REQUESTED = date(2025, 1, 2)
REPORTED = date(2025, 1, 20)
SENTENCED = date(2025, 2, 3)
ENFORCEABLE = date(2025, 2, 17)
PLAN = date(2025, 2, 20)
INSTALLED = date(2025, 3, 3)

FULL_ITEMS = ReportItems(
    suspect_consents=True,
    dwelling_assessment="own flat, suitable",
    circumstances_assessment="employed, able to complete",
    activity_place="warehouse work 08–16",
    movement_needs="bus to work, 30 min",
)


def full_report(*co_residents: CoResident, consents: bool = True) -> Report:
    return Report(
        requester=Requester.PROSECUTOR,
        requested_on=REQUESTED,
        items=replace(FULL_ITEMS, suspect_consents=consents),
        statement_justified=True,
        suspect_heard_on=date(2025, 1, 10),
        co_residents=co_residents,
    )


def reported() -> MonitoringSentence:
    case = request_report(Requester.COURT, REQUESTED).update_report(full_report())
    return case.complete_report(REPORTED, DRAFT_2007)


def sentenced(length_days: int = 60) -> MonitoringSentence:
    return reported().sentence(
        length_days=length_days,
        sentenced_on=SENTENCED,
        enforceable_on=ENFORCEABLE,
        policy=DRAFT_2007,
    )


def enforcing(length_days: int = 60) -> MonitoringSentence:
    return sentenced(length_days).confirm_plan(PLAN).start_enforcement(INSTALLED, ("RF-1",))
