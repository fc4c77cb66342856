"""The partner records' commands and their handlers: create and change a record of any kind,
the audited reads of personal records, the CSV import, and the public doors (feedback, a
contact's own details, an invitation's answer). Each handler decides with ``records``,
``imports`` or ``engagement`` in its own transaction and commits."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from valvo.services.bus.messagebus import Handler
from valvo.services.bus.messages import Command
from valvo.services.partners import engagement, imports, records
from valvo.services.partners.command_base import AuditedRead, PartnersCommand, record_read
from valvo.services.partners.kinds import FEEDBACK, KINDS, PERSONAL


@dataclass(frozen=True, kw_only=True)
class CreateRecord(PartnersCommand):
    kind: str
    body: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class UpdateRecord(PartnersCommand):
    kind: str
    record_id: str
    body: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class ListRecords(AuditedRead):
    """A kind's records by its indexed columns (``filters``) and ``q`` on the name; a list of
    personal records is audited."""

    kind: str
    filters: Mapping[str, Any] = field(default_factory=dict)
    q: str | None = None


@dataclass(frozen=True, kw_only=True)
class ReadRecord(AuditedRead):
    kind: str
    record_id: str


@dataclass(frozen=True, kw_only=True)
class ImportRecords(PartnersCommand):
    """The initial load from CSV: every row, or none if any row is wrong."""

    kind: str
    content: str


@dataclass(frozen=True, kw_only=True)
class GiveFeedback(PartnersCommand):
    """S76: feedback from a client, a relative or a child (no account: ``actor`` is the
    channel)."""

    actor: str = "feedback-channel"
    body: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class UpdateContactByToken(PartnersCommand):
    """S17: a partner's contact person keeps the details current through the personal link
    (no account: the change is recorded as the partner contact's)."""

    actor: str = "partner-contact"
    token: str
    body: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class AnswerInvitation(PartnersCommand):
    """S84: registration (or declining, cancelling) through an invitation's link (no account:
    the answer is recorded under the invitee's e-mail)."""

    actor: str = "invitee"
    token: str
    status: str


def create(cmd: CreateRecord, uow: Any) -> dict[str, Any]:
    with uow:
        row = records.create(uow, cmd.actor, cmd.at, KINDS[cmd.kind], dict(cmd.body))
        uow.commit()
    return row


def update(cmd: UpdateRecord, uow: Any) -> dict[str, Any]:
    with uow:
        row = records.update(uow, cmd.actor, cmd.at, KINDS[cmd.kind], cmd.record_id, dict(cmd.body))
        uow.commit()
    return row


def listing(cmd: ListRecords, uow: Any) -> list[dict[str, Any]]:
    kind = KINDS[cmd.kind]
    with uow:
        rows = records.listing(uow, kind, dict(cmd.filters), cmd.q)
        if kind.name in PERSONAL:
            record_read(
                uow, cmd, target_type=f"partner_{kind.label}s"[:40], details={"count": len(rows)}
            )
            uow.commit()
    return rows


def read(cmd: ReadRecord, uow: Any) -> dict[str, Any]:
    kind = KINDS[cmd.kind]
    with uow:
        row = records.get(uow, kind, cmd.record_id)
        if kind.name in PERSONAL:
            record_read(uow, cmd, target_type=f"partner_{kind.label}"[:40], target_id=cmd.record_id)
            uow.commit()
    return row


def import_records(cmd: ImportRecords, uow: Any) -> dict[str, Any]:
    with uow:
        result = imports.import_csv(uow, cmd.actor, cmd.at, cmd.kind, cmd.content)
        uow.commit()
    return result


def give_feedback(cmd: GiveFeedback, uow: Any) -> dict[str, Any]:
    with uow:
        row = records.create(uow, cmd.actor, cmd.at, FEEDBACK, dict(cmd.body))
        uow.commit()
    return row


def update_contact(cmd: UpdateContactByToken, uow: Any) -> dict[str, Any]:
    with uow:
        row = engagement.update_contact_by_token(uow, cmd.at, cmd.token, dict(cmd.body))
        uow.commit()
    return row


def answer_invitation(cmd: AnswerInvitation, uow: Any) -> dict[str, Any]:
    with uow:
        row = engagement.respond(uow, cmd.at, cmd.token, cmd.status)
        uow.commit()
    return row


HANDLERS: dict[type[Command], Handler] = {
    CreateRecord: create,
    UpdateRecord: update,
    ListRecords: listing,
    ReadRecord: read,
    ImportRecords: import_records,
    GiveFeedback: give_feedback,
    UpdateContactByToken: update_contact,
    AnswerInvitation: answer_invitation,
}
