"""Events with invitations and registration, the yearly event check, and the client feedback
channel (S76, S84, S85).

S84 (L2835-2896): events with a type, format (the partnership seminar is in person, with
workshops), audiences, invitations, registration and materials. S85 (L2884-2886): every centre
holds a yearly webinar or discussion on experts by experience and relative/family work. S76
(L2268-2295, L2833): a feedback channel for clients that also takes feedback from relatives and
children, on accessibility, functionality and quality.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from valvo.domain.partners.choices import (
    EVENT_AUDIENCES,
    EVENT_TYPES,
    FEEDBACK_SENDERS,
    FEEDBACK_TOPICS,
    values,
)
from valvo.domain.partners.fields import (
    PartnerError,
    email,
    instant,
    integer,
    required_choice,
    required_text,
    text,
    text_list,
)

FORMATS = ("in_person", "online", "hybrid")
REGISTRATION = ("invited", "registered", "declined", "cancelled")


@dataclass(frozen=True, slots=True)
class Event:
    title: str
    type: str
    format: str
    audiences: tuple[str, ...]
    starts_at: datetime
    ends_at: datetime
    centre_id: str | None
    capacity: int | None
    location: str | None
    materials: tuple[str, ...]

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> Event:
        event_type = required_choice(data, "type", values(EVENT_TYPES))
        fmt = required_choice(data, "format", FORMATS)
        if event_type == "partnership_seminar" and fmt != "in_person":
            raise PartnerError("format", "the project partnership seminar is in person (L2851)")
        starts, ends = instant(data, "starts_at", required=True), instant(data, "ends_at")
        assert starts is not None
        ends = ends or starts
        if ends < starts:
            raise PartnerError("ends_at", "must not be before starts_at")
        audiences = text_list(data, "audiences", allowed=values(EVENT_AUDIENCES))
        if not audiences:
            raise PartnerError("audiences", "name at least one audience")
        centre_id = text(data, "centre_id", required=False, max_len=36)
        if event_type in ("experts_relatives_event", "regional_stakeholder_meeting") and not (
            centre_id
        ):
            raise PartnerError("centre_id", f"a {event_type.replace('_', ' ')} is per centre")
        return cls(
            title=required_text(data, "title", 300),
            type=event_type,
            format=fmt,
            audiences=audiences,
            starts_at=starts,
            ends_at=ends,
            centre_id=centre_id,
            capacity=integer(data, "capacity", minimum=1, maximum=100000),
            location=text(data, "location", required=False, max_len=300),
            materials=text_list(data, "materials"),
        )


@dataclass(frozen=True, slots=True)
class Invitation:
    name: str
    email: str
    organisation: str | None
    status: str

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> Invitation:
        address = email(data, "email", required=True)
        assert address is not None
        return cls(
            name=required_text(data, "name"),
            email=address,
            organisation=text(data, "organisation", required=False),
            status="invited",
        )


def check_registration(event: Event, registered: int, now: datetime) -> None:
    """Registration closes when the event starts and when it is full."""
    if now >= event.starts_at:
        raise PartnerError("status", "registration closed: the event has started")
    if event.capacity is not None and registered >= event.capacity:
        raise PartnerError("status", f"the event is full ({event.capacity} places)")


def centres_without_yearly_event(
    centre_ids: Iterable[str], events: Iterable[Event], year: int
) -> list[str]:
    """S85: centres with no experts-by-experience / family-work event in ``year``."""
    held = {
        e.centre_id
        for e in events
        if e.type == "experts_relatives_event" and e.starts_at.year == year
    }
    return sorted(c for c in centre_ids if c not in held)


@dataclass(frozen=True, slots=True)
class Feedback:
    sender: str
    topic: str
    message: str
    unit_id: str | None
    rating: int | None
    contact: str | None

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> Feedback:
        return cls(
            sender=required_choice(data, "sender", values(FEEDBACK_SENDERS)),
            topic=required_choice(data, "topic", values(FEEDBACK_TOPICS)),
            message=required_text(data, "message", 5000),
            unit_id=text(data, "unit_id", required=False, max_len=36),
            rating=integer(data, "rating", minimum=1, maximum=5),
            contact=text(data, "contact", required=False),
        )
