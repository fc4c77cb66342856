"""The monitored person's own page over HTTP (issue 15 item 8; R48, R114).

``/api/me/…``: the person (``own_page:use``); every answer comes from the one person the
account is linked to, never from an id in the request (a message or instruction id is looked
up among their own cases only). ``/api/cases/{case_id}/person/…``: the case's supervisor (the
work permission of the case's type; creating and closing the login also needs
``registry:write``). ``/me``: the person's page."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends
from fastapi.responses import FileResponse
from pydantic import AwareDatetime, Field

from valvo.domain.person import LANGUAGES, MAX_TEXT
from valvo.domain.registry_choices import DeviceKind
from valvo.domain.security import EVERYTHING, Permission
from valvo.services.auth import Principal
from valvo.services.cases.access import guard
from valvo.services.person import commands as c
from valvo.services.person import page as person_page
from valvo.web.access import scope_of
from valvo.web.api.cases.access import App, CaseWorker, require_any
from valvo.web.pages import page
from valvo.web.schemas import Strict

router = APIRouter()
api = APIRouter(prefix="/api", tags=["person"])
Person = Annotated[Principal, Depends(require_any(Permission.OWN_PAGE))]
LoginManager = Annotated[Principal, Depends(require_any(Permission.WRITE_REGISTRY))]


@router.get("/me", include_in_schema=False)
def me_page() -> FileResponse:
    """The person's own page (phone-sized; its own login form)."""
    return page("me.html")


# --- the person ------------------------------------------------------------------------------


@api.get("/me/page")
def my_page(who: Person, valvo: App) -> dict[str, Any]:
    """The person's week, next appointments, messages, instructions and problem reports."""
    with valvo.uow(EVERYTHING) as uow:
        return person_page.my_page(uow, who.user_id, valvo.clock())


def _own(valvo: Any, who: Principal, command: type[c.PersonStep], **fields: Any) -> Any:
    asked = command(actor=who.username, at=valvo.clock(), user_id=who.user_id, **fields)
    return valvo.bus.handle(asked, EVERYTHING)


@api.post("/me/messages/{message_id}/read")
def read_message(message_id: str, who: Person, valvo: App) -> dict[str, Any]:
    """The read receipt of a message from the supervisor."""
    answer: dict[str, Any] = _own(valvo, who, c.ReadMessage, message_id=message_id)
    return answer


class ReplyCreate(Strict):
    body: str = Field(max_length=MAX_TEXT)


@api.post("/me/messages", status_code=201)
def reply(body: ReplyCreate, who: Person, valvo: App) -> dict[str, Any]:
    """A message from the person to their supervisor."""
    answer: dict[str, Any] = _own(valvo, who, c.Reply, body=body.body)
    return answer


@api.post("/me/instructions/{instruction_id}/acknowledge")
def acknowledge(instruction_id: str, who: Person, valvo: App) -> dict[str, Any]:
    """R48, R114: the person confirms they received the device's instructions."""
    answer: dict[str, Any] = _own(valvo, who, c.Acknowledge, instruction_id=instruction_id)
    return answer


class ReportCreate(Strict):
    kind: Literal["device", "schedule", "other"]
    text: str = Field(max_length=MAX_TEXT)


@api.post("/me/reports", status_code=201)
def report_problem(body: ReportCreate, who: Person, valvo: App) -> dict[str, Any]:
    """A problem with the device, the schedule or something else, for the supervisor."""
    answer: dict[str, Any] = _own(valvo, who, c.ReportProblem, kind=body.kind, text=body.text)
    return answer


# --- the case's supervisor -------------------------------------------------------------------


def _step(valvo: Any, who: Principal, command: type[c.PersonCaseStep], **fields: Any) -> Any:
    asked = command(actor=who.username, at=valvo.clock(), role=who.role, **fields)
    return valvo.bus.handle(asked, scope_of(who))


@api.get("/cases/{case_id}/person")
def case_person(case_id: str, who: CaseWorker, valvo: App) -> dict[str, Any]:
    """The person's page as the case shows it: login, instructions, messages, reports."""
    with valvo.uow(scope_of(who)) as uow:
        guard(uow, who.role, case_id, work=True)
        return person_page.case_section(uow, case_id)


class LoginCreate(Strict):
    username: str = Field(min_length=1, max_length=100)
    password: str = Field(max_length=200)


@api.post("/cases/{case_id}/person/login", status_code=201)
def create_login(case_id: str, body: LoginCreate, who: LoginManager, valvo: App) -> dict[str, Any]:
    """The person's own login, linked to the case's person (their page only)."""
    answer: dict[str, Any] = _step(
        valvo, who, c.CreatePersonLogin, case_id=case_id, **body.model_dump()
    )
    return answer


@api.post("/cases/{case_id}/person/login/disable")
def disable_login(case_id: str, who: LoginManager, valvo: App) -> dict[str, Any]:
    """Close the person's login; their sessions end at once."""
    answer: dict[str, Any] = _step(valvo, who, c.DisablePersonLogin, case_id=case_id)
    return answer


class InstructionsCreate(Strict):
    """R48, R114: ``outcome`` given (the person received the instructions) or refused (the
    person refused the device: a breach opens on the case)."""

    device_kind: DeviceKind
    language: str = Field(max_length=5, description=f"one of {', '.join(LANGUAGES)}")
    text_version: str = Field(max_length=60)
    outcome: Literal["given", "refused"]
    given_by: str = Field(max_length=200)
    given_at: AwareDatetime


@api.post("/cases/{case_id}/person/instructions", status_code=201)
def record_instructions(
    case_id: str, body: InstructionsCreate, who: CaseWorker, valvo: App
) -> dict[str, Any]:
    answer: dict[str, Any] = _step(
        valvo, who, c.RecordInstructions, case_id=case_id, **body.model_dump()
    )
    return answer


class MessageCreate(Strict):
    body: str = Field(max_length=MAX_TEXT)


@api.post("/cases/{case_id}/person/messages", status_code=201)
def write_message(case_id: str, body: MessageCreate, who: CaseWorker, valvo: App) -> dict[str, Any]:
    """A message to the person, shown on their page (its read receipt comes back)."""
    answer: dict[str, Any] = _step(valvo, who, c.WriteToPerson, case_id=case_id, body=body.body)
    return answer


@api.post("/cases/{case_id}/person/messages/{message_id}/read")
def read_reply(case_id: str, message_id: str, who: CaseWorker, valvo: App) -> dict[str, Any]:
    answer: dict[str, Any] = _step(
        valvo, who, c.MarkReplyRead, case_id=case_id, message_id=message_id
    )
    return answer


class ReportHandled(Strict):
    note: str | None = Field(default=None, max_length=MAX_TEXT)


@api.post("/cases/{case_id}/person/reports/{report_id}/handled")
def handle_report(
    case_id: str, report_id: str, body: ReportHandled, who: CaseWorker, valvo: App
) -> dict[str, Any]:
    """The person's problem report handled (with an optional note the person sees)."""
    answer: dict[str, Any] = _step(
        valvo, who, c.HandleReport, case_id=case_id, report_id=report_id, note=body.note
    )
    return answer


router.include_router(api)
