"""Trainings, research, international relations and restorative justice (S89, S91, S92, S97,
S101)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from valvo.domain.partners.choices import values
from valvo.domain.partners.choices_follow_up import (
    INTERNATIONAL_TYPES,
    PERMIT_STATUSES,
    REQUEST_STATUSES,
    RESTORATIVE_TYPES,
    TRAINING_AUDIENCES,
    TRAINING_DIRECTIONS,
)
from valvo.domain.partners.fields import (
    PartnerError,
    day,
    integer,
    json_value,
    number,
    required_choice,
    required_day,
    required_text,
    text,
    text_list,
)

NORDIC_INTERVAL = timedelta(days=366)  # S97: Nordic topic meetings at least yearly


@dataclass(frozen=True, slots=True)
class Training:
    """S89: a joint training, either way, with its participants (L725-764, L1340-1355)."""

    title: str
    direction: str
    audiences: tuple[str, ...]
    theme: str | None
    competence_need: str | None
    held_on: date
    organiser_id: str | None
    participants: tuple[str, ...]
    participant_count: int | None

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> Training:
        audiences = text_list(data, "audiences", allowed=values(TRAINING_AUDIENCES))
        if not audiences:
            raise PartnerError("audiences", "name at least one audience")
        direction = required_choice(data, "direction", values(TRAINING_DIRECTIONS))
        need = text(data, "competence_need", required=False, max_len=500)
        if direction == "partners_for_rise" and need is None:
            raise PartnerError("competence_need", "a training for Rise staff names the need")
        return cls(
            title=required_text(data, "title", 300),
            direction=direction,
            audiences=audiences,
            theme=text(data, "theme", required=False),
            competence_need=need,
            held_on=required_day(data, "held_on"),
            organiser_id=text(data, "organiser_id", required=False, max_len=36),
            participants=text_list(data, "participants"),
            participant_count=integer(data, "participant_count", minimum=0, maximum=100_000),
        )


@dataclass(frozen=True, slots=True)
class ResearchPermit:
    """S91: a research permit application for confidential data (JulkL 28 §)."""

    title: str
    applicant: str
    institution: str | None
    received_on: date
    status: str
    decided_on: date | None
    conditions: str | None
    data_delivered: tuple[str, ...]
    delivered_on: date | None
    contract_ref: str | None
    financial_commitment_eur: float | None
    financial_commitment: str | None

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> ResearchPermit:
        status = required_choice(data, "status", values(PERMIT_STATUSES))
        received = required_day(data, "received_on")
        decided = day(data, "decided_on")
        if status in ("granted", "refused") and decided is None:
            raise PartnerError("decided_on", f"a {status} permit gives the decision date")
        if decided is not None and decided < received:
            raise PartnerError("decided_on", "must not be before received_on")
        delivered = text_list(data, "data_delivered")
        if delivered and status != "granted":
            raise PartnerError("data_delivered", "data is delivered only under a granted permit")
        conditions = text(data, "conditions", required=False, max_len=4000)
        if status == "granted" and conditions is None:
            raise PartnerError("conditions", "a granted permit states its conditions")
        return cls(
            title=required_text(data, "title", 300),
            applicant=required_text(data, "applicant"),
            institution=text(data, "institution", required=False),
            received_on=received,
            status=status,
            decided_on=decided,
            conditions=conditions,
            data_delivered=delivered,
            delivered_on=day(data, "delivered_on"),
            contract_ref=text(data, "contract_ref", required=False, max_len=100),
            financial_commitment_eur=number(
                data, "financial_commitment_eur", minimum=0, maximum=10_000_000
            ),
            financial_commitment=text(data, "financial_commitment", required=False, max_len=1000),
        )


@dataclass(frozen=True, slots=True)
class DataRequest:
    """S92: a data request of the Institute of Criminology and Legal Policy (its Act, 4 a §)."""

    title: str
    requester: str
    legal_basis: str
    received_on: date
    status: str
    deliveries: tuple[Mapping[str, str], ...]

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> DataRequest:
        status = required_choice(data, "status", values(REQUEST_STATUSES))
        received = required_day(data, "received_on")
        raw = json_value(data, "deliveries") or []
        if not isinstance(raw, list):
            raise PartnerError("deliveries", "must be a list of {delivered_on, description}")
        deliveries = []
        for index, item in enumerate(raw):
            if not isinstance(item, Mapping):
                raise PartnerError("deliveries", f"item {index + 1} must be an object")
            try:
                on = required_day(item, "delivered_on")
                what = required_text(item, "description", 500)
            except PartnerError as exc:
                raise PartnerError("deliveries", f"item {index + 1}: {exc}") from None
            if on < received:
                raise PartnerError("deliveries", f"item {index + 1}: before the request")
            deliveries.append({"delivered_on": on.isoformat(), "description": what})
        if status == "delivered" and not deliveries:
            raise PartnerError("deliveries", "a delivered request lists what was delivered")
        return cls(
            title=required_text(data, "title", 300),
            requester=text(data, "requester", required=False)
            or "Institute of Criminology and Legal Policy",
            legal_basis=text(data, "legal_basis", required=False) or "Act 4 a §",
            received_on=received,
            status=status,
            deliveries=tuple(deliveries),
        )


@dataclass(frozen=True, slots=True)
class InternationalRelation:
    """S97: memberships, working groups, Nordic meetings, bilateral relations, projects,
    visits and embassy contacts (L2527-2602)."""

    name: str
    type: str
    organisation: str | None
    country: str | None
    topic: str | None
    contact_person: str | None
    starts_on: date | None
    ends_on: date | None
    last_met_on: date | None

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> InternationalRelation:
        kind = required_choice(data, "type", values(INTERNATIONAL_TYPES))
        topic = text(data, "topic", required=False)
        if kind == "nordic_meeting" and topic is None:
            raise PartnerError("topic", "a Nordic topic meeting names its topic")
        return cls(
            name=required_text(data, "name", 300),
            type=kind,
            organisation=text(data, "organisation", required=False),
            country=text(data, "country", required=False, max_len=80),
            topic=topic,
            contact_person=text(data, "contact_person", required=False),
            starts_on=day(data, "starts_on"),
            ends_on=day(data, "ends_on"),
            last_met_on=day(data, "last_met_on"),
        )

    def active(self, on: date) -> bool:
        return self.ends_on is None or on <= self.ends_on


def nordic_overdue(
    relations: Iterable[tuple[str, InternationalRelation]], on: date
) -> list[tuple[str, InternationalRelation]]:
    """S97: active Nordic topics without a meeting in the last year."""
    return [
        (id, r)
        for id, r in relations
        if r.type == "nordic_meeting"
        and r.active(on)
        and (r.last_met_on is None or on - r.last_met_on > NORDIC_INTERVAL)
    ]


@dataclass(frozen=True, slots=True)
class RestorativeCooperation:
    """S101: mediation, post-sentence mediation of serious crime, COSA-type circles
    (L842-849; the processes themselves are not described)."""

    name: str
    type: str
    partner_id: str | None
    centre_id: str | None
    description: str | None
    contact_person: str | None
    starts_on: date | None
    ends_on: date | None

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> RestorativeCooperation:
        starts, ends = day(data, "starts_on"), day(data, "ends_on")
        if starts is not None and ends is not None and ends < starts:
            raise PartnerError("ends_on", "must not be before starts_on")
        return cls(
            name=required_text(data, "name", 300),
            type=required_choice(data, "type", values(RESTORATIVE_TYPES)),
            partner_id=text(data, "partner_id", required=False, max_len=36),
            centre_id=text(data, "centre_id", required=False, max_len=36),
            description=text(data, "description", required=False, max_len=4000),
            contact_person=text(data, "contact_person", required=False),
            starts_on=starts,
            ends_on=ends,
        )
