"""The monitoring sentence report (valvontarangaistusselvitys, §4; R8–R15).

Requested by a prosecutor or a court (R8), written before sentencing. It is complete only with
the five mandatory items (R10), KHL's statement (R11), the suspect heard (R13), the written
consent of every co-resident aged 18 or over (R14) and every co-resident aged 12–17 given the
opportunity to be heard (R15, their consent is not needed).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from valvo.domain.cases.errors import CaseError
from valvo.domain.law.calendar import add_years
from valvo.domain.law.policy import LawPolicy


class Requester(StrEnum):
    PROSECUTOR = "prosecutor"
    COURT = "court"


@dataclass(frozen=True, slots=True)
class CoResident:
    name: str
    birth_date: date
    written_consent: bool = False  # RL 6:11a, §4: required from adults (R14)
    heard: bool = False  # §4: the opportunity to be heard, ages 12–17 (R15)
    views: str | None = None

    def age_on(self, day: date) -> int:
        years = day.year - self.birth_date.year
        return years - 1 if add_years(self.birth_date, years) > day else years


@dataclass(frozen=True, slots=True)
class ReportItems:
    """R10: the five mandatory §4 items. ``suspect_consents`` must be recorded either way."""

    suspect_consents: bool | None = None  # 1. consent to a monitoring sentence
    dwelling_assessment: str | None = None  # 2. the dwelling or placement institution
    circumstances_assessment: str | None = None  # 3. personal circumstances, ability to complete
    activity_place: str | None = None  # 4. work, rehabilitation, education or other activity
    movement_needs: str | None = None  # 5. movement outside the dwelling that item 4 causes


@dataclass(frozen=True, slots=True)
class Report:
    requester: Requester
    requested_on: date
    items: ReportItems = ReportItems()
    statement_justified: bool | None = None  # R11: KHL's statement on social coping
    suspect_heard_on: date | None = None  # R13
    co_residents: tuple[CoResident, ...] = ()
    completed_on: date | None = None

    def problems(self, on: date, policy: LawPolicy) -> tuple[str, ...]:
        """What still stops the report being completed on ``on``; empty when nothing does."""
        found: list[str] = []
        labels = {
            "suspect_consents": "item 1, the suspect's consent",
            "dwelling_assessment": "item 2, the dwelling assessment",
            "circumstances_assessment": "item 3, the personal circumstances",
            "activity_place": "item 4, the activity place",
            "movement_needs": "item 5, the movement needs",
        }
        for field, label in labels.items():
            value = getattr(self.items, field)
            if value is None or (isinstance(value, str) and not value.strip()):
                found.append(f"{label} is missing (§4, R10)")
        if self.statement_justified is None:
            found.append("KHL's statement on social coping is missing (§4, R11)")
        if self.suspect_heard_on is None:
            found.append("the suspect has not been heard (§4, R13)")
        for person in self.co_residents:
            age = person.age_on(on)
            if age >= policy.adult_age and not person.written_consent:
                found.append(
                    f"co-resident {person.name} ({age}) has not consented in writing (R14)"
                )
            elif policy.hearing_min_age <= age < policy.adult_age and not person.heard:
                found.append(f"co-resident {person.name} ({age}) has not been heard (§4, R15)")
        return tuple(found)

    def complete(self, on: date, policy: LawPolicy) -> Report:
        if on < self.requested_on:
            raise CaseError(
                "report_before_request", f"completed {on} before requested {self.requested_on}"
            )
        problems = self.problems(on, policy)
        if problems:
            raise CaseError("report_incomplete", "; ".join(problems))
        return replace(self, completed_on=on)

    def sentencing_obstacles(self) -> tuple[str, ...]:
        """R3 (d, e): the offender's and every adult co-resident's consent, from the report."""
        if self.completed_on is None:
            return ("the report is not complete (§4, R9)",)
        if not self.items.suspect_consents:
            return ("the offender has not consented (RL 6:11a, R3)",)
        return ()
