"""Contact self-service, event invitations and registration, consent withdrawal (S17, S31, S84).

S17: partners keep their own contact details current. A supervisor issues a personal link for a
network member's contact person; the link's token (only its SHA-256 is stored) lets that person
update the details and marks them verified today, without an account. S84: an invitation
carries its own token for registering or declining. S31: a consent is withdrawn, never deleted.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from valvo.domain.partners.engagement import Event, Invitation, check_registration
from valvo.domain.partners.fields import PartnerError, required_day, text
from valvo.domain.partners.people import Consent, check_withdrawal
from valvo.services.errors import Conflict, InvalidInput, NotFound
from valvo.services.partners.kinds import CONSENT, EVENT, MEMBER
from valvo.services.partners.ports import PartnersUnitOfWork
from valvo.services.partners.records import get, set_managed, update
from valvo.services.registry import new_id

MEMBERS, INVITATIONS = "partner_network_members", "partner_event_invitations"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_contact_link(uow: PartnersUnitOfWork, actor: str, now: datetime, member_id: str) -> str:
    """A new self-service token for the member's contact person (the old one stops working)."""
    get(uow, MEMBER, member_id)
    token = secrets.token_urlsafe(24)
    uow.partners.update(MEMBERS, member_id, {"token_hash": token_hash(token), "updated_at": now})
    uow.audit.record(
        at=now,
        actor=actor,
        action="issue_contact_link",
        target_type="partner_network_member",
        target_id=member_id,
    )
    return token


def _member_by_token(uow: PartnersUnitOfWork, token: str) -> dict[str, Any]:
    found = uow.partners.find(MEMBERS, token_hash=token_hash(token)) if token else []
    if not found:
        raise NotFound("this link is not valid (ask the service for a new one)")
    return found[0]


def contact_by_token(uow: PartnersUnitOfWork, token: str) -> dict[str, Any]:
    member = _member_by_token(uow, token)
    network = uow.partners.get("partner_networks", member["network_id"])
    return {
        "network": network["name"] if network else "",
        "contact_name": member.get("contact_name"),
        "contact_email": member.get("contact_email"),
        "contact_phone": member.get("contact_phone"),
        "last_verified_on": member.get("last_verified_on"),
    }


def update_contact_by_token(
    uow: PartnersUnitOfWork, now: datetime, token: str, data: Mapping[str, Any]
) -> dict[str, Any]:
    """The partner's own update: name, e-mail and phone; verified today (S17)."""
    member = _member_by_token(uow, token)
    allowed = {"contact_name", "contact_email", "contact_phone"}
    extra = sorted(set(data) - allowed)
    if extra:
        raise InvalidInput(f"{extra[0]}: only contact_name, contact_email and contact_phone")
    changes = {
        **{k: data[k] for k in allowed if k in data},
        "last_verified_on": now.date().isoformat(),
    }
    update(uow, "partner-contact", now, MEMBER, member["id"], changes)
    return contact_by_token(uow, token)


def invite(
    uow: PartnersUnitOfWork, actor: str, now: datetime, event_id: str, data: Mapping[str, Any]
) -> tuple[dict[str, Any], str]:
    get(uow, EVENT, event_id)
    try:
        invitation = Invitation.read(data)
    except PartnerError as exc:
        raise InvalidInput(str(exc)) from None
    if uow.partners.find(INVITATIONS, event_id=event_id, email=invitation.email):
        raise Conflict(f"email: {invitation.email} is already invited")
    token, row_id = secrets.token_urlsafe(24), new_id()
    uow.partners.insert(
        INVITATIONS,
        {
            "id": row_id,
            "event_id": event_id,
            "email": invitation.email,
            "status": "invited",
            "token_hash": token_hash(token),
            "data": {"name": invitation.name, "organisation": invitation.organisation},
            "created_at": now,
            "updated_at": now,
        },
    )
    uow.audit.record(
        at=now,
        actor=actor,
        action="invite",
        target_type="partner_event",
        target_id=event_id,
        details={"invitation": row_id},
    )
    found = uow.partners.get(INVITATIONS, row_id)
    assert found is not None
    return {k: v for k, v in found.items() if k != "token_hash"}, token


def respond(uow: PartnersUnitOfWork, now: datetime, token: str, answer: str) -> dict[str, Any]:
    """The invitee registers, declines or cancels through the invitation's link."""
    if answer not in ("registered", "declined", "cancelled"):
        raise InvalidInput("status: registered, declined or cancelled")
    found = uow.partners.find(INVITATIONS, token_hash=token_hash(token)) if token else []
    if not found:
        raise NotFound("this invitation link is not valid")
    invitation = found[0]
    event_row = get(uow, EVENT, invitation["event_id"])
    event = Event.read({k: event_row[k] for k in EVENT.fields if k in event_row})
    if answer == "registered" and invitation["status"] != "registered":
        taken = len(
            uow.partners.find(INVITATIONS, event_id=invitation["event_id"], status="registered")
        )
        try:
            check_registration(event, taken, now)
        except PartnerError as exc:
            raise Conflict(str(exc)) from None
    uow.partners.update(INVITATIONS, invitation["id"], {"status": answer, "updated_at": now})
    uow.audit.record(
        at=now,
        actor=invitation["email"],
        action=answer,
        target_type="partner_event",
        target_id=invitation["event_id"],
    )
    return {"event": event.title, "starts_at": event.starts_at, "status": answer}


def withdraw_consent(
    uow: PartnersUnitOfWork, actor: str, now: datetime, consent_id: str, data: Mapping[str, Any]
) -> dict[str, Any]:
    row = get(uow, CONSENT, consent_id)
    consent = Consent.read({k: row[k] for k in CONSENT.fields if k in row})
    if row.get("withdrawn_on"):
        raise Conflict(f"consent already withdrawn on {row['withdrawn_on']}")
    try:
        on = required_day(data, "withdrawn_on")
        check_withdrawal(consent, on)
        channel = text(data, "channel", required=False, max_len=40)
    except PartnerError as exc:
        raise InvalidInput(str(exc)) from None
    out = set_managed(
        uow,
        CONSENT,
        consent_id,
        now,
        {"withdrawn_on": on.isoformat(), "withdrawal_channel": channel},
        columns={"withdrawn_on": on},
    )
    uow.audit.record(
        at=now, actor=actor, action="withdraw", target_type="partner_consent", target_id=consent_id
    )
    return out
