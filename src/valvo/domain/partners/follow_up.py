"""Follow-up records of the cooperation (S12, S14, S15, S58).

S12 official placements in another authority's premises; S14 managers' periodic checks that
units act as agreed, with findings and follow-up actions; S15 each centre's agreed referral
practices with social, health and employment services; S58 each centre's service map with its
owner and review date.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from valvo.domain.partners.choices import values
from valvo.domain.partners.choices_follow_up import (
    COMPLIANCE_RESULTS,
    REFERRAL_SERVICES,
    REQUIRED_REFERRALS,
)
from valvo.domain.partners.dated import Validity
from valvo.domain.partners.fields import (
    PartnerError,
    day,
    flag,
    json_value,
    required_choice,
    required_day,
    required_text,
    text,
)


@dataclass(frozen=True, slots=True)
class Placement:
    """S12: a Rise official placed in another authority's premises (L892-910, L931-933)."""

    official: str
    host_id: str | None
    host_name: str | None
    location: str
    purpose: str
    unit_id: str | None
    starts_on: date
    ends_on: date | None

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> Placement:
        host_id = text(data, "host_id", required=False, max_len=36)
        host_name = text(data, "host_name", required=False)
        if host_id is None and host_name is None:
            raise PartnerError("host_id", "name the host authority (host_id or host_name)")
        starts, ends = required_day(data, "starts_on"), day(data, "ends_on")
        if ends is not None and ends < starts:
            raise PartnerError("ends_on", "must not be before starts_on")
        return cls(
            official=required_text(data, "official"),
            host_id=host_id,
            host_name=host_name,
            location=required_text(data, "location", 300),
            purpose=required_text(data, "purpose", 1000),
            unit_id=text(data, "unit_id", required=False, max_len=36),
            starts_on=starts,
            ends_on=ends,
        )

    def current(self, on: date) -> bool:
        return self.starts_on <= on and (self.ends_on is None or on <= self.ends_on)


@dataclass(frozen=True, slots=True)
class FollowUpAction:
    text: str
    owner: str
    due_on: date
    done_on: date | None

    def overdue(self, on: date) -> bool:
        return self.done_on is None and self.due_on < on


def _actions(data: Mapping[str, Any]) -> tuple[FollowUpAction, ...]:
    raw = json_value(data, "actions")
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise PartnerError("actions", "must be a list of {text, owner, due_on, done_on}")
    out = []
    for index, item in enumerate(raw):
        if not isinstance(item, Mapping):
            raise PartnerError("actions", f"item {index + 1} must be an object")
        try:
            out.append(
                FollowUpAction(
                    required_text(item, "text", 500),
                    required_text(item, "owner"),
                    required_day(item, "due_on"),
                    day(item, "done_on"),
                )
            )
        except PartnerError as exc:
            raise PartnerError("actions", f"item {index + 1}: {exc}") from None
    return tuple(out)


@dataclass(frozen=True, slots=True)
class ComplianceCheck:
    """S14: a manager's check that a unit acts as agreed in a process or agreement (L1026-1028)."""

    title: str
    agreement_id: str | None
    process: str | None
    unit_id: str | None
    centre_id: str | None
    checked_on: date
    checked_by: str
    result: str
    findings: str | None
    actions: tuple[FollowUpAction, ...]
    next_check_on: date | None

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> ComplianceCheck:
        agreement_id = text(data, "agreement_id", required=False, max_len=36)
        process = text(data, "process", required=False, max_len=300)
        if agreement_id is None and process is None:
            raise PartnerError("agreement_id", "name the agreement or the process checked")
        checked = required_day(data, "checked_on")
        next_check = day(data, "next_check_on")
        if next_check is not None and next_check <= checked:
            raise PartnerError("next_check_on", "must be after checked_on")
        result = required_choice(data, "result", values(COMPLIANCE_RESULTS))
        actions = _actions(data)
        if result != "as_agreed" and not actions:
            raise PartnerError("actions", f"a check with the result {result} needs an action")
        return cls(
            title=required_text(data, "title", 300),
            agreement_id=agreement_id,
            process=process,
            unit_id=text(data, "unit_id", required=False, max_len=36),
            centre_id=text(data, "centre_id", required=False, max_len=36),
            checked_on=checked,
            checked_by=required_text(data, "checked_by"),
            result=result,
            findings=text(data, "findings", required=False, max_len=4000),
            actions=actions,
            next_check_on=next_check,
        )

    def overdue_actions(self, on: date) -> tuple[FollowUpAction, ...]:
        return tuple(a for a in self.actions if a.overdue(on))

    def check_overdue(self, on: date) -> bool:
        return self.next_check_on is not None and self.next_check_on < on


@dataclass(frozen=True, slots=True)
class ReferralPractice:
    """S15: a centre's agreed client/service-referral practice (L1362-1372, L1396-1398)."""

    name: str
    centre_id: str
    service: str
    counterpart_id: str | None
    counterpart_name: str | None
    area: str | None
    practice: str
    contact_person: str | None
    agreed_on: date | None
    review_on: date | None
    validity: Validity

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> ReferralPractice:
        counterpart_id = text(data, "counterpart_id", required=False, max_len=36)
        counterpart_name = text(data, "counterpart_name", required=False)
        if counterpart_id is None and counterpart_name is None:
            raise PartnerError("counterpart_id", "name the service provider (id or name)")
        return cls(
            name=required_text(data, "name", 300),
            centre_id=required_text(data, "centre_id", 36),
            service=required_choice(data, "service", values(REFERRAL_SERVICES)),
            counterpart_id=counterpart_id,
            counterpart_name=counterpart_name,
            area=text(data, "area", required=False),
            practice=required_text(data, "practice", 4000),
            contact_person=text(data, "contact_person", required=False),
            agreed_on=day(data, "agreed_on"),
            review_on=day(data, "review_on"),
            validity=Validity.read(data),
        )

    def in_force(self, on: date) -> bool:
        return self.validity.holds_on(on)


def missing_referrals(practices: Iterable[ReferralPractice], centre_id: str, on: date) -> list[str]:
    """S15: the service groups (social and health; employment) a centre has no practice with,
    as 'a or b' labels of the group."""
    have = {p.service for p in practices if p.centre_id == centre_id and p.in_force(on)}
    return [" or ".join(group) for group in REQUIRED_REFERRALS if not have & set(group)]


@dataclass(frozen=True, slots=True)
class ServiceMap:
    """S58: a centre's service map, kept current by its owner (L1255-1269, L2735-2738)."""

    name: str
    centre_id: str
    owner: str
    review_on: date
    reviewed_by_partners_on: date | None
    published: bool
    ref: str | None
    version: str | None

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> ServiceMap:
        return cls(
            name=required_text(data, "name", 300),
            centre_id=required_text(data, "centre_id", 36),
            owner=required_text(data, "owner"),
            review_on=required_day(data, "review_on"),
            reviewed_by_partners_on=day(data, "reviewed_by_partners_on"),
            published=flag(data, "published"),
            ref=text(data, "ref", required=False, max_len=500),
            version=text(data, "version", required=False, max_len=40),
        )

    def overdue(self, on: date) -> bool:
        return self.review_on < on
