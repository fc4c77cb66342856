"""The phone numbers of a person and of those around them (a co-resident, a contact person),
entered and changed where the person is edited: each number checked and kept as E.164
(``domain.acting.phones``); a change ends the old row and adds the new one in one transaction
(who ended it, which row replaced it), so the rows are the number's history; nothing is
deleted. Reads and writes keep to the user's region and the restricted-case rule (the unit of
work's scope); each is audited, reads as ``subject_contacts`` like the desk's contact reads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from valvo.domain.acting import phones
from valvo.services.acting import phone_row, store_phone
from valvo.services.bus.messagebus import Handler
from valvo.services.bus.messages import Command
from valvo.services.errors import Conflict, InvalidInput, NotFound


@dataclass(frozen=True, kw_only=True)
class AddPhone(Command):
    subject_id: str
    label: str
    number: str
    holder: str = "person"
    holder_name: str | None = None


@dataclass(frozen=True, kw_only=True)
class ChangePhone(Command):
    """Only the fields given change (None: as it is)."""

    subject_id: str
    phone_id: str
    label: str | None = None
    number: str | None = None
    holder: str | None = None
    holder_name: str | None = None


@dataclass(frozen=True, kw_only=True)
class EndPhone(Command):
    subject_id: str
    phone_id: str


@dataclass(frozen=True, kw_only=True)
class ReadPhones(Command):
    subject_id: str
    history: bool = False
    peer: str | None = None


def _checked(label: str, number: str, holder: str, name: str | None) -> tuple[str, str, str | None]:
    try:
        return phones.label(label), phones.normalise(number), phones.holder_name(holder, name)
    except phones.PhoneError as exc:
        raise InvalidInput(str(exc)) from exc


def _subject(uow: Any, subject_id: str) -> None:
    if uow.registry.get("subjects", subject_id) is None:
        raise NotFound(f"subject {subject_id} does not exist")


def _current(uow: Any, subject_id: str, phone_id: str) -> dict[str, Any]:
    _subject(uow, subject_id)
    row: dict[str, Any] | None = uow.acting.phone(subject_id, phone_id)
    if row is None:
        raise NotFound(f"phone {phone_id} does not exist")
    if row["ended_at"] is not None:
        raise Conflict("this number has already ended or been replaced")
    return row


def _audit(uow: Any, cmd: Command, action: str, subject_id: str, details: dict[str, Any]) -> None:
    uow.audit.record(
        at=cmd.at,
        actor=cmd.actor,
        action=action,
        target_type="subject",
        target_id=subject_id,
        details=details,
    )


def add_phone(cmd: AddPhone, uow: Any) -> dict[str, Any]:
    label, number, name = _checked(cmd.label, cmd.number, cmd.holder, cmd.holder_name)
    with uow:
        _subject(uow, cmd.subject_id)
        row = store_phone(uow, cmd.actor, cmd.at, cmd.subject_id, label, number, cmd.holder, name)
        _audit(
            uow,
            cmd,
            "add_phone",
            cmd.subject_id,
            {"phone_id": row["id"], "label": label, "holder": cmd.holder},
        )
        uow.commit()
    return phone_row(row)


def change_phone(cmd: ChangePhone, uow: Any) -> dict[str, Any]:
    with uow:
        old = _current(uow, cmd.subject_id, cmd.phone_id)
        holder = cmd.holder if cmd.holder is not None else old["holder"]
        name = cmd.holder_name if cmd.holder_name is not None else old["holder_name"]
        label, number, name = _checked(
            cmd.label if cmd.label is not None else old["label"],
            cmd.number if cmd.number is not None else old["number"],
            holder,
            name,
        )
        new = {"label": label, "number": number, "holder": holder, "holder_name": name}
        changed = sorted(k for k, v in new.items() if v != old[k])
        if not changed:
            raise InvalidInput("nothing to change: the number is already so")
        row = store_phone(uow, cmd.actor, cmd.at, cmd.subject_id, label, number, holder, name)
        uow.acting.end_phone(
            old["id"], {"ended_at": cmd.at, "ended_by": cmd.actor, "replaced_by": row["id"]}
        )
        _audit(
            uow,
            cmd,
            "change_phone",
            cmd.subject_id,
            {"phone_id": old["id"], "replaced_by": row["id"], "fields": changed},
        )
        uow.commit()
    return phone_row(row)


def end_phone(cmd: EndPhone, uow: Any) -> dict[str, Any]:
    with uow:
        old = _current(uow, cmd.subject_id, cmd.phone_id)
        uow.acting.end_phone(old["id"], {"ended_at": cmd.at, "ended_by": cmd.actor})
        _audit(uow, cmd, "end_phone", cmd.subject_id, {"phone_id": old["id"]})
        uow.commit()
    return {**_history_row(old), "ended_at": cmd.at, "ended_by": cmd.actor}


def _history_row(p: dict[str, Any]) -> dict[str, Any]:
    return {
        **phone_row(p),
        "added_at": p["added_at"],
        "added_by": p["added_by"],
        "ended_at": p["ended_at"],
        "ended_by": p["ended_by"],
        "replaced_by": p["replaced_by"],
    }


def read_phones(cmd: ReadPhones, uow: Any) -> list[dict[str, Any]]:
    """The numbers in use (``history``: every number ever, ended ones with who ended them)."""
    with uow:
        _subject(uow, cmd.subject_id)
        rows = (
            uow.acting.phone_history(cmd.subject_id)
            if cmd.history
            else uow.acting.phones(cmd.subject_id)
        )
        uow.audit.record(
            at=cmd.at,
            actor=cmd.actor,
            action="read",
            target_type="subject_contacts",
            target_id=cmd.subject_id,
            peer=cmd.peer,
            details={"history": cmd.history, "count": len(rows)},
        )
        uow.commit()
    return [_history_row(r) for r in rows]


HANDLERS: dict[type[Command], Handler] = {
    AddPhone: add_phone,
    ChangePhone: change_phone,
    EndPhone: end_phone,
    ReadPhones: read_phones,
}
