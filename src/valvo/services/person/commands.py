"""The monitored person's page as commands for the message bus: the staff's steps on one case
(guarded by the case's rule: the work permission of its type, within the user's scope), and the
person's own steps (answered from the subject their account is linked to). Each handler owns its
transaction and answers with what the caller's page shows next."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any

from valvo.services.auth import PasswordHasher
from valvo.services.bus.messagebus import Handler
from valvo.services.bus.messages import Command
from valvo.services.cases.access import guard
from valvo.services.person import page


@dataclass(frozen=True, kw_only=True)
class PersonCaseStep(Command):
    """A staff step on the person's page of case ``case_id`` by a user of ``role``."""

    role: str
    case_id: str


@dataclass(frozen=True, kw_only=True)
class CreatePersonLogin(PersonCaseStep):
    username: str
    password: str = field(repr=False)


@dataclass(frozen=True, kw_only=True)
class DisablePersonLogin(PersonCaseStep):
    pass


@dataclass(frozen=True, kw_only=True)
class RecordInstructions(PersonCaseStep):
    device_kind: str
    language: str
    text_version: str
    outcome: str
    given_by: str
    given_at: datetime


@dataclass(frozen=True, kw_only=True)
class WriteToPerson(PersonCaseStep):
    body: str


@dataclass(frozen=True, kw_only=True)
class MarkReplyRead(PersonCaseStep):
    message_id: str


@dataclass(frozen=True, kw_only=True)
class HandleReport(PersonCaseStep):
    report_id: str
    note: str | None = None


@dataclass(frozen=True, kw_only=True)
class PersonStep(Command):
    """A step of the person themself: ``user_id`` is their account, linked to one subject."""

    user_id: str


@dataclass(frozen=True, kw_only=True)
class ReadMessage(PersonStep):
    message_id: str


@dataclass(frozen=True, kw_only=True)
class Reply(PersonStep):
    body: str


@dataclass(frozen=True, kw_only=True)
class Acknowledge(PersonStep):
    instruction_id: str


@dataclass(frozen=True, kw_only=True)
class ReportProblem(PersonStep):
    kind: str
    text: str


def _args(command: Command, skip: frozenset[str]) -> dict[str, Any]:
    return {f.name: getattr(command, f.name) for f in fields(command) if f.name not in skip}


_STAFF_SKIP = frozenset({"actor", "at", "role"})


def staff(service: Any) -> Handler:
    def handle(command: PersonCaseStep, uow: Any) -> dict[str, Any]:
        with uow:
            guard(uow, command.role, command.case_id, work=True)
            service(uow, command.actor, command.at, **_args(command, _STAFF_SKIP))
            section = page.case_section(uow, command.case_id)
            uow.commit()
        return section

    return handle


def create_login(command: CreatePersonLogin, uow: Any, *, hasher: PasswordHasher) -> dict[str, Any]:
    with uow:
        guard(uow, command.role, command.case_id, work=True)
        page.create_login(
            uow,
            hasher,
            command.actor,
            command.at,
            case_id=command.case_id,
            username=command.username,
            password=command.password,
        )
        section = page.case_section(uow, command.case_id)
        uow.commit()
    return section


_PERSON_SKIP = frozenset({"actor", "at", "user_id"})


def own(service: Any, with_actor: bool = True) -> Handler:
    def handle(command: PersonStep, uow: Any) -> dict[str, Any]:
        with uow:
            who = (command.actor,) if with_actor else ()
            service(uow, command.user_id, *who, command.at, **_args(command, _PERSON_SKIP))
            answer = page.my_page(uow, command.user_id, command.at)
            uow.commit()
        return answer

    return handle


HANDLERS: dict[type[Command], Handler] = {
    CreatePersonLogin: create_login,
    DisablePersonLogin: staff(page.disable_login),
    RecordInstructions: staff(page.record_instructions),
    WriteToPerson: staff(page.write_message),
    MarkReplyRead: staff(page.mark_reply_read),
    HandleReport: staff(page.handle_report),
    ReadMessage: own(page.read_message, with_actor=False),
    Reply: own(page.reply),
    Acknowledge: own(page.acknowledge),
    ReportProblem: own(page.report_problem),
}
