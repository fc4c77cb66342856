"""The monitoring-sentence report (§4; R8–R17): requested by a prosecutor or a court, written by
KHL with the five mandatory items, consents and hearings, then completed."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from valvo.domain.cases.report import Requester
from valvo.domain.cases.sentence import Status
from valvo.domain.cases.sentence import request_report as open_sentence
from valvo.domain.law.policy import DEFAULT_POLICY_NAME, get_policy
from valvo.domain.schedule.local_time import DEFAULT_TIMEZONE, TimezoneError, zone
from valvo.services import registry
from valvo.services.cases.common import (
    SENTENCE,
    TRAVEL_BAN,
    lawful,
    load_row,
    new_id,
    not_in_future,
    policy_of,
    record_step,
)
from valvo.services.cases.sentence_state import load_sentence
from valvo.services.errors import InvalidInput, NotFound
from valvo.services.ports import UnitOfWork

FORM_VERSION = "KHL valvontarangaistusselvitys 2007-1"  # R12: the confirmed form's version

REPORT_FIELDS = (
    "suspect_consents",
    "dwelling_assessment",
    "circumstances_assessment",
    "activity_place",
    "movement_needs",
    "existing_work_or_study",
    "statement_justified",
    "statement",
    "suspect_heard_on",
    "substance_assessment",
    "home_visit_on",
    "home_visit_by",
)


def open_case(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    case_type: str,
    status: str,
    subject_id: str | None,
    subject_name: str | None,
    region: str | None,
    timezone: str,
    policy: str,
    pilot: bool = False,
) -> dict[str, Any]:
    """The case row, for an existing person or a new one (registered through the registry)."""
    try:
        zone(timezone)
    except TimezoneError as exc:
        raise InvalidInput(f"unknown_timezone: {exc}") from exc
    lawful(lambda: get_policy(policy))
    if subject_id is not None:
        subject = uow.registry.get("subjects", subject_id)
        if subject is None:
            raise NotFound(f"subject {subject_id} does not exist")
    elif subject_name is not None and region is not None:
        subject = registry.create_subject(uow, actor, now, name=subject_name, region=region)
    else:
        raise InvalidInput("subject_missing: give subject_id, or subject_name and region")
    case: dict[str, Any] = {
        "id": new_id(),
        "type": case_type,
        "subject_id": subject["id"],
        "order_id": None,
        "status": status,
        "policy": policy,
        "timezone": timezone,
        "region": subject["region"],
        "pilot": pilot,
        "updated_at": now,
        "created_at": now,
        "created_by": actor,
        "number": case_number(uow, case_type, now.astimezone(zone(timezone)).year),
    }
    uow.cases.insert("cases", case)
    return case


_NUMBER_PREFIX = {SENTENCE: "VR", TRAVEL_BAN: "MK"}  # valvontarangaistus, matkustuskielto


def case_number(uow: UnitOfWork, case_type: str, year: int) -> str:
    """The next case number of its type and year, e.g. ``VR-2026-00017`` (national)."""
    prefix = f"{_NUMBER_PREFIX.get(case_type, 'AS')}-{year}-"
    last = uow.cases.last_case_number(prefix)
    return f"{prefix}{int(last[len(prefix) :]) + 1 if last else 1:05d}"


def request_report(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    requester: str,
    requested_on: date,
    subject_id: str | None = None,
    subject_name: str | None = None,
    region: str | None = None,
    timezone: str = DEFAULT_TIMEZONE,
    policy: str = DEFAULT_POLICY_NAME,
    pilot: bool = False,
) -> dict[str, Any]:
    """R8: only a prosecutor or a court requests a report; it opens the sentence case (R143:
    ``pilot`` when it belongs to the pilot followed up)."""
    if requester not in {r.value for r in Requester}:
        raise InvalidInput(
            "requester_not_allowed: a report is requested by a prosecutor or a court (§4, R8)"
        )
    domain = open_sentence(Requester(requester), requested_on)
    case = open_case(
        uow,
        actor,
        now,
        case_type=SENTENCE,
        status=domain.status.value,
        subject_id=subject_id,
        subject_name=subject_name,
        region=region,
        timezone=timezone,
        policy=policy,
        pilot=pilot,
    )
    not_in_future(case, now, requested_on, "requested_on")
    uow.cases.insert(
        "sentences", {"case_id": case["id"], "devices": [], "early_enforcement": False}
    )
    uow.cases.insert(
        "case_reports",
        {
            "case_id": case["id"],
            "requester": requester,
            "requested_on": requested_on,
            "form_version": FORM_VERSION,
        },
    )
    record_step(
        uow,
        case,
        actor,
        now,
        "report_requested",
        {"requester": requester, "requested_on": requested_on},
    )
    return case


def update_report(
    uow: UnitOfWork, actor: str, now: datetime, *, case_id: str, values: Mapping[str, Any]
) -> dict[str, Any]:
    """KHL writes the report's items while it is open (R10, R11, R13, R16, R17, R27)."""
    case, sentence = load_sentence(uow, case_id)
    lawful(lambda: sentence.update_report(sentence.report))  # only while requested
    unknown = set(values) - set(REPORT_FIELDS)
    if unknown:
        raise InvalidInput(f"unknown report field {', '.join(sorted(unknown))}")
    for name in ("suspect_heard_on", "home_visit_on"):
        if values.get(name) is not None:
            not_in_future(case, now, values[name], name)
    if values:
        uow.cases.update("case_reports", case_id, dict(values))
    record_step(uow, case, actor, now, "report_updated", {"fields": sorted(values)})
    row = uow.cases.get("case_reports", case_id)
    assert row is not None
    return row


CO_RESIDENT_FIELDS = (
    "name",
    "birth_date",
    "written_consent",
    "consent_document",
    "heard",
    "heard_on",
    "views",
)
REQUIRED_CO_RESIDENT_FIELDS = ("name", "birth_date", "written_consent", "heard")


def add_co_resident(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    case_id: str,
    name: str,
    birth_date: date,
    written_consent: bool = False,
    consent_document: str | None = None,
    heard: bool = False,
    heard_on: date | None = None,
    views: str | None = None,
) -> dict[str, Any]:
    """R14, R15: every co-resident with date of birth; consent from adults, hearing at 12–17."""
    case, sentence = load_sentence(uow, case_id)
    lawful(lambda: sentence.update_report(sentence.report))
    values = _co_resident(
        case,
        now,
        {
            "name": name,
            "birth_date": birth_date,
            "written_consent": written_consent,
            "consent_document": consent_document,
            "heard": heard,
            "heard_on": heard_on,
            "views": views,
        },
    )
    row: dict[str, Any] = {
        "id": new_id(),
        "case_id": case_id,
        **values,
        "created_at": now,
        "created_by": actor,
    }
    uow.cases.insert("case_co_residents", row)
    record_step(uow, case, actor, now, "co_resident_added", {"co_resident_id": row["id"]})
    return row


def update_co_resident(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    case_id: str,
    co_resident_id: str,
    values: Mapping[str, Any],
) -> dict[str, Any]:
    """Correct a co-resident while the report is written (a consent given after the first
    entry, a wrong birth date): the fields given replace the old ones, checked as when added."""
    case, sentence = load_sentence(uow, case_id)
    lawful(lambda: sentence.update_report(sentence.report))
    row = load_row(uow, "case_co_residents", co_resident_id, case_id, "co-resident")
    unknown = set(values) - set(CO_RESIDENT_FIELDS)
    if unknown:
        raise InvalidInput(f"unknown co-resident field {', '.join(sorted(unknown))}")
    for name in REQUIRED_CO_RESIDENT_FIELDS:
        if name in values and values[name] is None:
            raise InvalidInput(f"{name}_missing: a co-resident's {name} cannot be emptied")
    merged = _co_resident(case, now, {**{k: row[k] for k in CO_RESIDENT_FIELDS}, **values})
    changed = sorted(k for k in CO_RESIDENT_FIELDS if merged[k] != row[k])
    if changed:
        uow.cases.update("case_co_residents", co_resident_id, merged)
    record_step(
        uow, case, actor, now, "co_resident_updated",
        {"co_resident_id": co_resident_id, "fields": changed},
    )  # fmt: skip
    return {**row, **merged}


def remove_co_resident(
    uow: UnitOfWork, actor: str, now: datetime, *, case_id: str, co_resident_id: str
) -> None:
    """Remove a co-resident entered by mistake (or who moved out) while the report is written;
    the case's timeline keeps that it was removed."""
    case, sentence = load_sentence(uow, case_id)
    lawful(lambda: sentence.update_report(sentence.report))
    load_row(uow, "case_co_residents", co_resident_id, case_id, "co-resident")
    uow.cases.delete("case_co_residents", co_resident_id)
    record_step(uow, case, actor, now, "co_resident_removed", {"co_resident_id": co_resident_id})


def _co_resident(
    case: Mapping[str, Any], now: datetime, values: Mapping[str, Any]
) -> dict[str, Any]:
    """The checked columns of a co-resident (R14, R15), or InvalidInput naming what is wrong."""
    name = str(values["name"] or "").strip()
    if not name:
        raise InvalidInput("name_missing: the co-resident's name is missing")
    if values["birth_date"] is None:
        raise InvalidInput("birth_date_missing: the co-resident's date of birth is missing")
    not_in_future(case, now, values["birth_date"], "birth_date")
    if values["written_consent"] and not (values["consent_document"] or "").strip():
        raise InvalidInput(
            "consent_document_missing: a written consent is attached as a scan or a signature "
            "record (R14)"
        )
    if values["heard"] and values["heard_on"] is None:
        raise InvalidInput("heard_on_missing: record the day the co-resident was heard (R15)")
    if values["heard_on"] is not None:
        not_in_future(case, now, values["heard_on"], "heard_on")
    return {
        "name": name,
        "birth_date": values["birth_date"],
        "written_consent": bool(values["written_consent"]),
        "consent_document": values["consent_document"],
        "heard": bool(values["heard"]),
        "heard_on": values["heard_on"],
        "views": values["views"],
    }


def complete_report(
    uow: UnitOfWork, actor: str, now: datetime, *, case_id: str, on: date
) -> dict[str, Any]:
    """R10–R15: complete only with every item, consent and hearing."""
    case, sentence = load_sentence(uow, case_id)
    not_in_future(case, now, on, "completed_on")
    done = lawful(lambda: sentence.complete_report(on, policy_of(case)))
    uow.cases.update("case_reports", case_id, {"completed_on": on})
    record_step(uow, case, actor, now, "report_completed", {"on": on}, status=Status.REPORTED.value)
    return {**case, "status": done.status.value}
