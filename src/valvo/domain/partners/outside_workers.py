"""Outside persons working or volunteering in units, and the admission gate (S67, S68, S70, S71).

S67 (L2332-2346, L2915-2935): organisation, tasks, units, security clearance (type — e.g. Supo's
basic personnel security clearance —, date, result), induction (unit, date), confidentiality
pledge (date), an optional statement of the Rise security function, and the unit director's
admission decision. S68: nobody is admitted to a unit, and no partner activity is scheduled for
clients in a prison or community sanctions office, unless clearance, induction and pledge are
recorded and the director's decision is positive. S71 (L2320-2329): a partner's report about its
worker re-opens the decision and suspends admission until the director decides again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from valvo.domain.partners.choices import OUTSIDE_ROLES, SECURE_UNIT_TYPES, values
from valvo.domain.partners.crime_free import Sanction, read_sanctions
from valvo.domain.partners.fields import (
    PartnerError,
    choice,
    day,
    flag,
    required_choice,
    required_day,
    required_text,
    text,
    text_list,
)

CLEARANCE_TYPES = ("supo_basic", "supo_extended", "other")
CLEARANCE_RESULTS = ("no_remarks", "remarks", "refused")


@dataclass(frozen=True, slots=True)
class Clearance:
    type: str
    done_on: date
    result: str
    valid_until: date | None = None

    def valid_on(self, on: date) -> bool:
        in_time = self.valid_until is None or on <= self.valid_until
        return self.result != "refused" and self.done_on <= on and in_time


@dataclass(frozen=True, slots=True)
class Decision:
    unit_id: str
    admitted: bool
    decided_on: date
    decided_by: str
    crime_free_advice: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class OutsidePerson:
    name: str
    role: str
    organisation_id: str | None
    tasks: tuple[str, ...]
    unit_ids: tuple[str, ...]
    criminal_background: bool
    sanctions: tuple[Sanction, ...]
    open_cases: bool
    paired: bool

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> OutsidePerson:
        sanctions = read_sanctions(data.get("sanctions"))
        background = flag(data, "criminal_background", default=bool(sanctions))
        return cls(
            name=required_text(data, "name"),
            role=required_choice(data, "role", values(OUTSIDE_ROLES)),
            organisation_id=text(data, "organisation_id", required=False, max_len=36),
            tasks=text_list(data, "tasks"),
            unit_ids=text_list(data, "unit_ids"),
            criminal_background=background,
            sanctions=sanctions,
            open_cases=flag(data, "open_cases"),
            paired=flag(data, "paired"),
        )


def read_clearance(data: Mapping[str, Any]) -> Clearance:
    clearance = Clearance(
        type=required_choice(data, "type", CLEARANCE_TYPES),
        done_on=required_day(data, "done_on"),
        result=required_choice(data, "result", CLEARANCE_RESULTS),
        valid_until=day(data, "valid_until"),
    )
    if clearance.valid_until is not None and clearance.valid_until < clearance.done_on:
        raise PartnerError("valid_until", "must not be before done_on")
    return clearance


def read_decision(data: Mapping[str, Any], crime_free: Mapping[str, Any]) -> Decision:
    verdict = required_choice(data, "verdict", ("admit", "refuse"))
    return Decision(
        unit_id=required_text(data, "unit_id", 36),
        admitted=verdict == "admit",
        decided_on=required_day(data, "decided_on"),
        decided_by=required_text(data, "decided_by"),
        crime_free_advice=dict(crime_free),
    )


@dataclass(frozen=True, slots=True)
class Record:
    """What is recorded about one person beyond the profile (stored with it)."""

    clearance: Clearance | None = None
    inductions: Mapping[str, date] = field(default_factory=dict)  # unit id → date
    pledge_on: date | None = None
    decisions: tuple[Decision, ...] = ()
    incidents: tuple[date, ...] = ()  # S71: dates of partner incident reports


@dataclass(frozen=True, slots=True)
class AdmissionVerdict:
    admitted: bool
    missing: tuple[str, ...]


def admission(record: Record, unit_id: str, on: date) -> AdmissionVerdict:
    """S68: may this person enter ``unit_id`` on ``on``? Every missing condition is listed."""
    missing: list[str] = []
    if record.clearance is None:
        missing.append("no security clearance recorded")
    elif not record.clearance.valid_on(on):
        missing.append(f"security clearance not valid ({record.clearance.result})")
    inducted = record.inductions.get(unit_id)
    if inducted is None or inducted > on:
        missing.append("not inducted in this unit")
    if record.pledge_on is None or record.pledge_on > on:
        missing.append("no signed confidentiality pledge")
    decisions = [d for d in record.decisions if d.unit_id == unit_id and d.decided_on <= on]
    latest = max(decisions, key=lambda d: d.decided_on, default=None)
    if latest is None:
        missing.append("no unit director's decision")
    elif not latest.admitted:
        missing.append(f"unit director refused admission on {latest.decided_on}")
    else:
        reopened = [i for i in record.incidents if latest.decided_on <= i <= on]
        if reopened:
            missing.append(
                f"partner incident report of {max(reopened)} re-opened the decision (S71)"
            )
    return AdmissionVerdict(not missing, tuple(missing))


@dataclass(frozen=True, slots=True)
class ActivityRefusal:
    person_id: str
    missing: tuple[str, ...]


def check_partner_activity(
    unit_type: str,
    unit_id: str,
    people: Iterable[tuple[str, OutsidePerson, Record]],
    on: date,
    supervising_official: str | None,
) -> list[ActivityRefusal]:
    """S68 + S70: a partner activity in a prison or community sanctions office is scheduled
    only with admitted people; one led by a criminal-background expert records the supervising
    Rise official who is present."""
    if unit_type not in SECURE_UNIT_TYPES:
        return []
    refusals = []
    for person_id, person, record in people:
        verdict = admission(record, unit_id, on)
        missing = list(verdict.missing)
        if person.criminal_background and not supervising_official:
            missing.append(
                "a criminal-background expert's session needs the supervising "
                "official present (S70)"
            )
        if missing:
            refusals.append(ActivityRefusal(person_id, tuple(missing)))
    return refusals


def incident_kind(data: Mapping[str, Any]) -> str | None:
    return choice(data, "kind", ("suspected_crime", "substance_use", "other"), required=True)
