"""The monitored person's own page (issue 15 item 8; R48, R114).

A ``person`` account is linked to exactly one subject (``person_logins``); every person-side
function takes the account's user id and answers from that subject, never from an id in the
request: a message, instruction or report id is looked up among the person's own cases only,
so another person's row is simply not found. The staff side (login, instructions given or
refused, messages, handling a report) works on one case, guarded by the case's own rule in the
command handler (``services/cases/access.guard``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from valvo.domain.person import (
    LANGUAGES,
    Direction,
    InstructionOutcome,
    ReportKind,
    clean_text,
    week,
)
from valvo.domain.registry_choices import DeviceKind
from valvo.services import auth, sessions
from valvo.services.cases import breaches
from valvo.services.cases.common import (
    choice,
    instant_not_in_future,
    load_case,
    load_row,
    new_id,
    record_step,
    today,
)
from valvo.services.errors import Conflict, Forbidden, InvalidInput, NotFound
from valvo.services.ports import UnitOfWork
from valvo.services.registry import parse_schedule

ROLE = "person"
LOGINS = "person_logins"
INSTRUCTIONS = "case_device_instructions"
MESSAGES = "case_person_messages"
REPORTS = "case_person_reports"
# The states of a case whose person still lives under it (the page's current case).
INSTRUCTION_FIELDS = (
    "id",
    "device_kind",
    "language",
    "text_version",
    "given_at",
    "acknowledged_at",
)
ENDED = frozenset({"completed", "converted", "ended", "lapsed", "revoked", "closed"})


def _text(value: str, what: str) -> str:
    try:
        return clean_text(value, what)
    except ValueError as exc:
        raise InvalidInput(str(exc)) from None


# --- the staff side: one case ---------------------------------------------------------------


def login_of(uow: UnitOfWork, subject_id: str) -> dict[str, Any] | None:
    """The subject's newest login and its user row (active or not), if any."""
    links = uow.cases.find(LOGINS, subject_id=subject_id)
    if not links:
        return None
    link = links[-1]
    user = uow.users.get(link["user_id"])
    assert user is not None
    return {**link, "username": user["username"], "active": bool(user["active"])}


def create_login(
    uow: UnitOfWork,
    hasher: auth.PasswordHasher,
    actor: str,
    now: datetime,
    *,
    case_id: str,
    username: str,
    password: str,
) -> dict[str, Any]:
    """The person's own login, linked to the case's person; one active login a person."""
    case = load_case(uow, case_id)
    current = login_of(uow, case["subject_id"])
    if current is not None and current["active"]:
        raise Conflict(
            f"login_exists: this person already has the login {current['username']}; "
            "disable it first"
        )
    principal = auth.create_user(
        uow, hasher, actor, now, username=username, password=password, role=ROLE
    )
    uow.cases.insert(
        LOGINS,
        {
            "user_id": principal.user_id,
            "subject_id": case["subject_id"],
            "created_at": now,
            "created_by": actor,
        },
    )
    record_step(uow, case, actor, now, "person_login_created", {"username": username})
    return {"user_id": principal.user_id, "username": username}


def disable_login(uow: UnitOfWork, actor: str, now: datetime, *, case_id: str) -> None:
    """The person's login closed, and its sessions ended at once."""
    case = load_case(uow, case_id)
    current = login_of(uow, case["subject_id"])
    if current is None or not current["active"]:
        raise Conflict("no_login: this person has no active login")
    uow.users.update(current["user_id"], {"active": False})
    sessions.end_all(uow, current["user_id"], actor, now, "user_deactivated")  # type: ignore[arg-type]
    record_step(uow, case, actor, now, "person_login_disabled", {"username": current["username"]})


def record_instructions(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    case_id: str,
    device_kind: str,
    language: str,
    text_version: str,
    outcome: str,
    given_by: str,
    given_at: datetime,
) -> dict[str, Any]:
    """R48, R114: the device's usage instructions were given to the person (in ``language``,
    version ``text_version`` of the text), or the person refused the device: a refusal opens a
    breach on the case (for a travel ban the police then record it as a ``refusal``
    violation, PKL 2:18 item 2; for a sentence a §8 duty breach)."""
    case = load_case(uow, case_id)
    kind = choice(DeviceKind, device_kind, "device_kind")
    result = choice(InstructionOutcome, outcome, "outcome")
    if language not in LANGUAGES:
        raise InvalidInput(f"language: {language!r} is not one of {', '.join(LANGUAGES)}")
    version = text_version.strip()
    if not version or len(version) > 60:
        raise InvalidInput(
            "text_version: name the version of the instruction text (1–60 characters)"
        )
    giver = given_by.strip()
    if not giver or len(giver) > 200:
        raise InvalidInput("given_by: name who gave the instructions (1–200 characters)")
    instant_not_in_future(now, given_at, "given_at")
    breach_id = None
    if result is InstructionOutcome.REFUSED:
        breach = breaches.open_breach(
            uow,
            actor,
            now,
            case_id=case_id,
            occurred_at=given_at,
            source="supervisor",
            description=f"refused to accept the device ({kind.value}) (R114; PKL 2:18, §8)",
        )
        breach_id = breach["id"]
    row: dict[str, Any] = {
        "id": new_id(),
        "case_id": case_id,
        "device_kind": kind.value,
        "language": language,
        "text_version": version,
        "outcome": result.value,
        "given_by": giver,
        "given_at": given_at,
        "acknowledged_at": None,
        "breach_id": breach_id,
        "created_at": now,
        "created_by": actor,
    }
    uow.cases.insert(INSTRUCTIONS, row)
    step = "device_refused" if breach_id else "device_instructions_given"
    record_step(uow, case, actor, now, step, {"instruction_id": row["id"], "device": kind.value})
    return row


def write_message(
    uow: UnitOfWork, actor: str, now: datetime, *, case_id: str, body: str
) -> dict[str, Any]:
    load_case(uow, case_id)
    row = {
        "id": new_id(),
        "case_id": case_id,
        "direction": Direction.TO_PERSON.value,
        "body": _text(body, "message"),
        "read_at": None,
        "created_at": now,
        "created_by": actor,
    }
    uow.cases.insert(MESSAGES, row)
    _audit(uow, actor, now, "message_to_person", "case", case_id, {"message_id": row["id"]})
    return row


def mark_reply_read(
    uow: UnitOfWork, actor: str, now: datetime, *, case_id: str, message_id: str
) -> None:
    """The supervisor has read the person's reply."""
    row = load_row(uow, MESSAGES, message_id, case_id, "message")
    if row["direction"] != Direction.FROM_PERSON.value:
        raise Conflict("not_a_reply: the person reads the supervisor's messages")
    if row["read_at"] is None:
        uow.cases.update(MESSAGES, message_id, {"read_at": now})


def handle_report(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    case_id: str,
    report_id: str,
    note: str | None = None,
) -> None:
    row = load_row(uow, REPORTS, report_id, case_id, "problem report")
    if row["handled_at"] is not None:
        raise Conflict(f"already_handled: report {report_id} was handled")
    values = {
        "handled_at": now,
        "handled_by": actor,
        "handled_note": None if note is None or not note.strip() else _text(note, "note"),
    }
    uow.cases.update(REPORTS, report_id, values)
    _audit(uow, actor, now, "person_report_handled", "case", case_id, {"report_id": report_id})


def case_section(uow: UnitOfWork, case_id: str) -> dict[str, Any]:
    """What the case page shows of the person's own page: their login, the instructions given
    or refused (and acknowledged), the messages both ways and the problem reports."""
    case = load_case(uow, case_id)
    login = login_of(uow, case["subject_id"])
    return {
        "case_id": case_id,
        "login": None
        if login is None
        else {k: login[k] for k in ("username", "active", "created_at", "created_by")},
        "instructions": uow.cases.find(INSTRUCTIONS, case_id=case_id),
        "messages": uow.cases.find(MESSAGES, case_id=case_id),
        "reports": uow.cases.find(REPORTS, case_id=case_id),
    }


def open_reports(uow: UnitOfWork, case_ids: Sequence[str]) -> dict[str, int]:
    """Unhandled problem reports per case (the caseload's badge)."""
    out: dict[str, int] = {}
    for case_id in case_ids:
        count = sum(1 for r in uow.cases.find(REPORTS, case_id=case_id) if r["handled_at"] is None)
        if count:
            out[case_id] = count
    return out


# --- the person's side: their own subject only ----------------------------------------------


def subject_of(uow: UnitOfWork, user_id: str) -> str:
    """The one person this account is linked to; refused if it is linked to none."""
    link = uow.cases.get(LOGINS, user_id)
    if link is None:
        raise Forbidden("this account is not linked to a monitored person")
    return str(link["subject_id"])


def _cases(uow: UnitOfWork, subject_id: str) -> list[dict[str, Any]]:
    """The person's cases, the current one (not ended, newest) first."""
    cases = uow.cases.find("cases", subject_id=subject_id)
    return sorted(cases, key=lambda c: (c["status"] in ENDED, -c["created_at"].timestamp()))


def _current_case(uow: UnitOfWork, subject_id: str) -> dict[str, Any]:
    cases = _cases(uow, subject_id)
    if not cases:
        raise Conflict("no_case: you have no case to write to; call your supervisor")
    return cases[0]


def _own(uow: UnitOfWork, subject_id: str, table: str, id: str, what: str) -> dict[str, Any]:
    row = uow.cases.get(table, id)
    case = None if row is None else uow.cases.get("cases", row["case_id"])
    if row is None or case is None or case["subject_id"] != subject_id:
        raise NotFound(f"{what} {id} does not exist")
    return row


def my_page(uow: UnitOfWork, user_id: str, now: datetime) -> dict[str, Any]:
    """Everything the person's page shows, from their own subject: their week (required
    presence at home and authorised absences, from the weekly plan in force), the orders to
    attend for a sample still ahead, messages from their supervisor (and their replies), the
    device instructions to acknowledge, and their problem reports. Never their locations,
    alarms, or the supervisor's unannounced visits (R51)."""
    subject_id = subject_of(uow, user_id)
    subject = uow.registry.get("subjects", subject_id)
    assert subject is not None
    cases = _cases(uow, subject_id)
    case_ids = [c["id"] for c in cases]
    rows = {
        table: sorted(
            (r for cid in case_ids for r in uow.cases.find(table, case_id=cid)),
            key=lambda r: r["created_at"],
        )
        for table in (INSTRUCTIONS, MESSAGES, REPORTS)
    }
    appointments = []
    for case in cases:
        for order in uow.cases.find("case_sample_orders", case_id=case["id"]):
            if order["attended"] is None and order["attend_on"] >= today(case, now):
                appointments.append(
                    {
                        "kind": "sample",
                        "on": order["attend_on"],
                        "place_kind": order["place_kind"],
                        "place": order["place_name"],
                    }
                )
    appointments.sort(key=lambda a: a["on"])
    return {
        "name": subject["name"],
        "case_number": cases[0]["number"] if cases else None,
        "timezone": _timezone(uow, subject_id),
        "week": _week(uow, subject_id, now),
        "appointments": appointments,
        "messages": [_message_view(m) for m in rows[MESSAGES]],
        "instructions": [
            {k: i[k] for k in INSTRUCTION_FIELDS}
            for i in rows[INSTRUCTIONS]
            if i["outcome"] == InstructionOutcome.GIVEN.value
        ],
        "reports": [
            {k: r[k] for k in ("id", "kind", "text", "created_at", "handled_at", "handled_note")}
            for r in rows[REPORTS]
        ],
    }


def _message_view(m: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "id": m["id"],
        "direction": m["direction"],
        "body": m["body"],
        "written_at": m["created_at"],
        "read_at": m["read_at"],
    }


def _active_order(uow: UnitOfWork, subject_id: str) -> dict[str, Any] | None:
    orders = [o for o in uow.registry.find("orders", subject_id=subject_id) if o["ends_at"] is None]
    orders = orders or uow.registry.find("orders", subject_id=subject_id)
    return max(orders, key=lambda o: o["starts_at"]) if orders else None


def _timezone(uow: UnitOfWork, subject_id: str) -> str:
    order = _active_order(uow, subject_id)
    return "Europe/Helsinki" if order is None else str(order["timezone"])


def _week(uow: UnitOfWork, subject_id: str, now: datetime) -> list[dict[str, Any]]:
    order = _active_order(uow, subject_id)
    if order is None:
        return []
    versions = uow.registry.find("schedules", order_id=order["id"])
    if not versions:
        return []
    row = max(versions, key=lambda s: s["version"])
    schedule = parse_schedule(row["timezone"], row["weekly"], row["one_off"], row["version"])
    return [
        {
            "date": day.day,
            "spans": [
                {
                    "start": s.start,
                    "end": s.end,
                    "at_home": s.purpose is None,
                    "purpose": None if s.purpose is None else s.purpose.value,
                }
                for s in day.spans
            ],
        }
        for day in week(schedule, now)
    ]


def read_message(uow: UnitOfWork, user_id: str, now: datetime, *, message_id: str) -> None:
    """The person's read receipt of a message from their supervisor."""
    subject_id = subject_of(uow, user_id)
    row = _own(uow, subject_id, MESSAGES, message_id, "message")
    if row["direction"] != Direction.TO_PERSON.value:
        raise Conflict("own_message: this is your own message")
    if row["read_at"] is None:
        uow.cases.update(MESSAGES, message_id, {"read_at": now})


def reply(uow: UnitOfWork, user_id: str, actor: str, now: datetime, *, body: str) -> None:
    case = _current_case(uow, subject_of(uow, user_id))
    uow.cases.insert(
        MESSAGES,
        {
            "id": new_id(),
            "case_id": case["id"],
            "direction": Direction.FROM_PERSON.value,
            "body": _text(body, "message"),
            "read_at": None,
            "created_at": now,
            "created_by": actor,
        },
    )


def acknowledge(
    uow: UnitOfWork, user_id: str, actor: str, now: datetime, *, instruction_id: str
) -> None:
    """R48, R114: the person confirms they received and read the device's instructions."""
    row = _own(uow, subject_of(uow, user_id), INSTRUCTIONS, instruction_id, "instruction")
    if row["outcome"] != InstructionOutcome.GIVEN.value:
        raise NotFound(f"instruction {instruction_id} does not exist")
    if row["acknowledged_at"] is not None:
        raise Conflict("already_acknowledged: you have already acknowledged these instructions")
    uow.cases.update(INSTRUCTIONS, instruction_id, {"acknowledged_at": now})
    details = {"instruction_id": instruction_id}
    _audit(uow, actor, now, "instructions_acknowledged", "case", row["case_id"], details)


def report_problem(
    uow: UnitOfWork, user_id: str, actor: str, now: datetime, *, kind: str, text: str
) -> dict[str, Any]:
    case = _current_case(uow, subject_of(uow, user_id))
    row = {
        "id": new_id(),
        "case_id": case["id"],
        "kind": choice(ReportKind, kind, "kind").value,
        "text": _text(text, "report"),
        "handled_at": None,
        "handled_by": None,
        "handled_note": None,
        "created_at": now,
        "created_by": actor,
    }
    uow.cases.insert(REPORTS, row)
    details = {"report_id": row["id"], "kind": row["kind"]}
    _audit(uow, actor, now, "person_report", "case", case["id"], details)
    return row


def _audit(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    action: str,
    target_type: str,
    target_id: str,
    details: Mapping[str, Any],
) -> None:
    uow.audit.record(
        at=now,
        actor=actor,
        action=action,
        target_type=target_type,
        target_id=target_id,
        details=dict(details),
    )
