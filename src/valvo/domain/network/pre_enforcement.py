"""S43: the fine-defaulter / short-term pre-enforcement case (L212-224, L1745-1786).

Before a fine's conversion sentence or a short prison sentence is enforced, the Prison and
Probation Service (Rise) prepares it with the home municipality or wellbeing county, the
health services (VTH), the enforcement authority (Ulosotto) and a substance rehabilitation
unit. The case is opened by Rise or on a stakeholder's initiative (a contact from municipal
social or health services: the participation request, S33, is linked when there is one).

Its steps, in order, are the ones the text names (Fig. 5 of the source is not available):
the service-need assessment, planning the sanction's content, starting detoxification or
withdrawal treatment, preparing the outside rehabilitation placement, arriving by
self-reporting, the network meeting during rehabilitation, and the path after the placement,
which the home municipality owns (L1779-1782). Each step has a status, a date, who and a note;
a step is taken only when every earlier one is done or skipped, and skipped only with a
reason; done and skipped are final. The case closes with an outcome; a closed case changes no
more.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from valvo.domain.network.choices import (
    PRE_INITIATIVES,
    PRE_OUTCOMES,
    PRE_PARTICIPANT_ROLES,
    PRE_SANCTIONS,
    PRE_STEP_OWNERS,
    PRE_STEPS,
    values,
)
from valvo.domain.partners.fields import (
    PartnerError,
    day,
    json_value,
    required_choice,
    required_day,
    required_text,
    text,
)

STEP_ORDER: tuple[str, ...] = values(PRE_STEPS)
SETTLED = ("done", "skipped")
MUNICIPAL = ("home_municipality", "wellbeing_county")


@dataclass(frozen=True, slots=True)
class PreParticipant:
    """A party of the case: a registry partner (``partner_id``) where it exists, else named."""

    role: str
    partner_id: str | None
    name: str | None
    contact: str | None


@dataclass(frozen=True, slots=True)
class PreEnforcementCase:
    subject_id: str
    opened_on: date
    sanction: str
    initiative: str
    initiator: str | None
    participation_request_id: str | None
    enforcement_due_on: date | None
    participants: tuple[PreParticipant, ...]
    notes: str | None

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> PreEnforcementCase:
        initiative = required_choice(data, "initiative", values(PRE_INITIATIVES))
        initiator = text(data, "initiator", required=False)
        if initiative == "stakeholder" and initiator is None:
            raise PartnerError("initiator", "name the organisation whose contact opened the case")
        opened = required_day(data, "opened_on")
        due = day(data, "enforcement_due_on")
        if due is not None and due < opened:
            raise PartnerError("enforcement_due_on", "cannot be before the case was opened")
        participants = _participants(json_value(data, "participants"))
        if not any(p.role in MUNICIPAL for p in participants):
            raise PartnerError(
                "participants",
                "name the home municipality or wellbeing county: it takes part in the "
                "assessment and owns the path after the placement",
            )
        return cls(
            subject_id=required_text(data, "subject_id", 36),
            opened_on=opened,
            sanction=required_choice(data, "sanction", values(PRE_SANCTIONS)),
            initiative=initiative,
            initiator=initiator,
            participation_request_id=text(data, "participation_request_id", required=False),
            enforcement_due_on=due,
            participants=participants,
            notes=text(data, "notes", required=False, max_len=2000),
        )


def _participants(raw: Any) -> tuple[PreParticipant, ...]:
    if not isinstance(raw, list) or not raw:
        raise PartnerError("participants", "name the parties taking part")
    out = []
    for n, item in enumerate(raw):
        if not isinstance(item, Mapping):
            raise PartnerError(
                f"participants[{n}]", "is an object {role, partner_id or name, contact}"
            )
        try:
            role = required_choice(item, "role", values(PRE_PARTICIPANT_ROLES))
            partner_id = text(item, "partner_id", required=False, max_len=36)
            name = text(item, "name", required=False)
            if partner_id is None and name is None:
                raise PartnerError("name", "name the party or choose it from the registry")
            contact = text(item, "contact", required=False)
        except PartnerError as exc:
            raise PartnerError(f"participants[{n}]", str(exc)) from None
        out.append(PreParticipant(role, partner_id, name, contact))
    return tuple(out)


class StepRefused(ValueError):
    """A step or a closing the case's state does not allow (a conflict, not bad input)."""


def steps_of(stored: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """Every step in order with its owner and state (a step never touched is pending)."""
    stored = stored or {}
    out = []
    for step in STEP_ORDER:
        state = dict(stored.get(step) or {})
        out.append(
            {
                "step": step,
                "owner": PRE_STEP_OWNERS[step],
                "status": state.get("status", "pending"),
                "on": state.get("on"),
                "who": state.get("who"),
                "note": state.get("note"),
                "skip_reason": state.get("skip_reason"),
            }
        )
    return out


def next_step(stored: Mapping[str, Any] | None) -> str | None:
    """The first step not done or skipped (None when every step is settled)."""
    return next((s["step"] for s in steps_of(stored) if s["status"] not in SETTLED), None)


def advance(
    stored: Mapping[str, Any] | None,
    step: str,
    change: Mapping[str, Any],
    opened_on: date,
    closed: bool,
) -> dict[str, Any]:
    """The case's steps with ``step`` set to ``change`` ({status, on, who, note, skip_reason}).
    Bad input is a ``PartnerError``; a step the case's state refuses is ``StepRefused``."""
    if step not in STEP_ORDER:
        raise PartnerError("step", f"must be one of {', '.join(STEP_ORDER)}, not {step!r}")
    unknown = sorted(set(change) - {"status", "on", "who", "note", "skip_reason"})
    if unknown:
        raise PartnerError(
            unknown[0], "is not a field of a step (status, on, who, note, skip_reason)"
        )
    status = required_choice(change, "status", ("in_progress", "done", "skipped"))
    on = required_day(change, "on")
    if on < opened_on:
        raise PartnerError("on", "cannot be before the case was opened")
    who = text(change, "who", required=status != "skipped")
    note = text(change, "note", required=False, max_len=2000)
    reason = text(change, "skip_reason", required=status == "skipped", max_len=2000)
    if status != "skipped" and reason is not None:
        raise PartnerError("skip_reason", "is given only when the step is skipped")
    if closed:
        raise StepRefused("the case is closed: its steps no longer change")
    steps = {s["step"]: s for s in steps_of(stored)}
    current = steps[step]["status"]
    if current in SETTLED:
        raise StepRefused(f"step {step} is already {current}")
    for earlier in STEP_ORDER[: STEP_ORDER.index(step)]:
        if steps[earlier]["status"] not in SETTLED:
            raise StepRefused(
                f"step {step} comes after {earlier}, which is not done or skipped yet"
            )
    out = {k: dict(v) for k, v in (stored or {}).items()}
    out[step] = {"status": status, "on": on.isoformat(), "who": who, "note": note}
    if reason is not None:
        out[step]["skip_reason"] = reason
    return out


@dataclass(frozen=True, slots=True)
class Closing:
    outcome: str
    closed_on: date
    note: str | None


def close(data: Mapping[str, Any], opened_on: date, closed: bool) -> Closing:
    """The case's closing: an outcome, the day (not before the opening) and a note, which
    ``other`` needs."""
    unknown = sorted(set(data) - {"outcome", "closed_on", "note"})
    if unknown:
        raise PartnerError(unknown[0], "is not a field of a closing (outcome, closed_on, note)")
    outcome = required_choice(data, "outcome", values(PRE_OUTCOMES))
    closed_on = required_day(data, "closed_on")
    if closed_on < opened_on:
        raise PartnerError("closed_on", "cannot be before the case was opened")
    note = text(data, "note", required=outcome == "other", max_len=2000)
    if closed:
        raise StepRefused("the case is already closed")
    return Closing(outcome, closed_on, note)
