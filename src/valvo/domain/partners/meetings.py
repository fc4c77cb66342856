"""Meetings and recurring meeting obligations (S19, S20, S22).

S19: meetings of any network, group or bilateral cooperation with date, participants, agenda
(national agenda templates, e.g. for the annual prosecutor meetings), minutes, decisions, action
items and joint trainings. S20: required recurring meetings flagged when overdue — yearly per
centre with local prosecution offices (national agenda; L741-747) and with courts (L748-754),
yearly centrally with KRP (L912-914), "regular" with the others (frequency configurable).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from valvo.domain.partners.fields import (
    PartnerError,
    day,
    integer,
    json_value,
    required_day,
    required_text,
    text,
    text_list,
)

# L741-747: the national agenda used at the annual meetings with local prosecution offices.
NATIONAL_PROSECUTOR_AGENDA = (
    "Current issues",
    "Sanction reports for community sanctions",
    "Criminal-process matters",
)


@dataclass(frozen=True, slots=True)
class Action:
    what: str
    who: str | None
    due: date | None
    done: bool


@dataclass(frozen=True, slots=True)
class Meeting:
    title: str
    held_on: date
    network_id: str | None
    obligation_id: str | None
    participants: tuple[str, ...]
    agenda: tuple[str, ...]
    minutes: str | None
    decisions: tuple[str, ...]
    actions: tuple[Action, ...]
    trainings: tuple[str, ...]

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> Meeting:
        network_id = text(data, "network_id", required=False, max_len=36)
        obligation_id = text(data, "obligation_id", required=False, max_len=36)
        if network_id is None and obligation_id is None:
            raise PartnerError("network_id", "a meeting belongs to a network or an obligation")
        return cls(
            title=required_text(data, "title", 300),
            held_on=required_day(data, "held_on"),
            network_id=network_id,
            obligation_id=obligation_id,
            participants=text_list(data, "participants"),
            agenda=text_list(data, "agenda"),
            minutes=text(data, "minutes", required=False, max_len=20000),
            decisions=text_list(data, "decisions"),
            actions=_actions(data),
            trainings=text_list(data, "trainings"),
        )


def _actions(data: Mapping[str, Any]) -> tuple[Action, ...]:
    raw = json_value(data, "actions")
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(a, Mapping) for a in raw):
        raise PartnerError("actions", "must be a list of {what, who, due, done}")
    out = []
    for index, item in enumerate(raw):
        try:
            out.append(
                Action(
                    what=required_text(item, "what", 500),
                    who=text(item, "who", required=False),
                    due=day(item, "due"),
                    done=bool(item.get("done", False)),
                )
            )
        except PartnerError as exc:
            raise PartnerError(f"actions[{index}].{exc.field}", exc.message) from None
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Obligation:
    """A required recurring meeting (S20): with whom, for which centre, how often."""

    title: str
    counterpart: str
    centre_id: str | None  # None: a national (central) obligation
    frequency_months: int
    starts_on: date
    agenda_template: tuple[str, ...]

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> Obligation:
        frequency = integer(data, "frequency_months", minimum=1, maximum=36, default=12)
        assert frequency is not None
        return cls(
            title=required_text(data, "title", 300),
            counterpart=required_text(data, "counterpart"),
            centre_id=text(data, "centre_id", required=False, max_len=36),
            frequency_months=frequency,
            starts_on=required_day(data, "starts_on"),
            agenda_template=text_list(data, "agenda_template"),
        )


def add_months(day_: date, months: int) -> date:
    month0 = day_.month - 1 + months
    year, month = day_.year + month0 // 12, month0 % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day_.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


@dataclass(frozen=True, slots=True)
class ObligationStatus:
    last_held: date | None
    due_on: date
    overdue: bool
    days_overdue: int


def obligation_status(
    obligation: Obligation, meetings: Iterable[Meeting], today: date
) -> ObligationStatus:
    """Due one interval after the last meeting held (or after the obligation started)."""
    held = [m.held_on for m in meetings if m.held_on <= today]
    last = max(held) if held else None
    due = add_months(last or obligation.starts_on, obligation.frequency_months)
    overdue = today > due
    return ObligationStatus(last, due, overdue, (today - due).days if overdue else 0)


def overdue_actions(meetings: Mapping[str, Meeting], today: date) -> list[tuple[str, Action]]:
    """Action items past their due date and not done: (meeting id, action)."""
    return [
        (meeting_id, action)
        for meeting_id, meeting in meetings.items()
        for action in meeting.actions
        if not action.done and action.due is not None and action.due < today
    ]
