"""Dashboards (what is missing, overdue or stale), keyword search, CSV import and the declared
choices the console reads."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from valvo.domain.partners import choices as c
from valvo.domain.partners import choices_follow_up as cm
from valvo.domain.partners.checklists import LOCAL, NATIONAL
from valvo.services.auth import Principal
from valvo.services.errors import InvalidInput
from valvo.services.partners import dashboards, follow_up_dashboard
from valvo.services.partners.kinds import IMPORTABLE, KINDS
from valvo.services.partners.record_commands import ImportRecords
from valvo.web.access import scope_of
from valvo.web.api.partners.common import App, Reader, Writer
from valvo.web.api.partners.records import filters_of

router = APIRouter(prefix="/api/partners", tags=["partners: dashboards and search"])
SEARCH_KINDS = ("organisation", "person", "place", "service")
MAX_CSV = 5 * 1024 * 1024


@router.get("/dashboards")
def all_dashboards(who: Reader, valvo: App, on: date | None = None) -> dict[str, Any]:
    today = on or valvo.clock().date()
    with valvo.partners_uow(scope_of(who)) as work:
        return {
            "on": today,
            "agreements": dashboards.missing_agreements(work, today),
            "meetings": dashboards.overdue_meetings(work, today),
            "contacts": dashboards.stale(work, today),
            "other": dashboards.other_gaps(work, today),
            "follow_up": follow_up_dashboard.follow_up(work, today),
        }


@router.get("/dashboards/follow-up")
def follow_up(who: Reader, valvo: App, on: date | None = None) -> dict[str, Any]:
    """Compliance actions and checks, referral practices, service maps, criteria and
    instruction versions, programmes, goals and Nordic meetings that need attention."""
    with valvo.partners_uow(scope_of(who)) as work:
        return follow_up_dashboard.follow_up(work, on or valvo.clock().date())


@router.get("/dashboards/agreements")
def missing_agreements(who: Reader, valvo: App, on: date | None = None) -> dict[str, Any]:
    with valvo.partners_uow(scope_of(who)) as work:
        return dashboards.missing_agreements(work, on or valvo.clock().date())


@router.get("/dashboards/meetings")
def overdue_meetings(who: Reader, valvo: App, on: date | None = None) -> dict[str, Any]:
    with valvo.partners_uow(scope_of(who)) as work:
        return dashboards.overdue_meetings(work, on or valvo.clock().date())


@router.get("/dashboards/contacts")
def stale_contacts(
    who: Reader,
    valvo: App,
    on: date | None = None,
    stale_after_days: Annotated[int, Query(ge=1, le=3650)] = 365,
) -> dict[str, Any]:
    with valvo.partners_uow(scope_of(who)) as work:
        return dashboards.stale(work, on or valvo.clock().date(), stale_after_days)


@router.get("/search")
def search(
    who: Reader,
    valvo: App,
    q: Annotated[str, Query(min_length=1, max_length=200)],
    kinds: Annotated[list[str] | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> list[dict[str, Any]]:
    """Keyword search across people, organisations, places and services (Finnish-aware)."""
    wanted = kinds or []
    bad = [k for k in wanted if k not in SEARCH_KINDS]
    if bad:
        raise InvalidInput(f"kinds: {bad[0]} is not one of {', '.join(SEARCH_KINDS)}")
    with valvo.partners_uow(scope_of(who)) as work:
        hits = work.search.search(q, wanted, limit)
    return [
        {"kind": h.kind, "id": h.id, "title": h.title, "snippet": h.snippet, "score": h.score}
        for h in hits
    ]


@router.post("/import/{kind}", status_code=201)
async def import_csv(kind: str, request: Request, who: Writer, valvo: App) -> dict[str, Any]:
    """The initial load from CSV (the request body is the file, UTF-8): every row or none."""
    raw = await request.body()
    if len(raw) > MAX_CSV:
        raise InvalidInput(f"the file is over {MAX_CSV // (1024 * 1024)} MB: split it")
    try:
        content = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"the file is not UTF-8 (byte {exc.start})") from None
    return _import(valvo, who, kind, content)


def _import(valvo: App, who: Principal, kind: str, content: str) -> dict[str, Any]:
    command = ImportRecords(actor=who.username, at=valvo.clock(), kind=kind, content=content)
    result: dict[str, Any] = valvo.bus.handle(command, scope_of(who))
    return result


@router.get("/meta")
def meta(who: Reader) -> dict[str, Any]:
    """The declared choices, checklists and record kinds (with their fields and filters)."""
    sets = {
        "unit_types": c.UNIT_TYPES,
        "area_kinds": c.AREA_KINDS,
        "partner_types": c.PARTNER_TYPES,
        "agreement_levels": c.AGREEMENT_LEVELS,
        "instrument_types": c.INSTRUMENT_TYPES,
        "agreement_statuses": c.AGREEMENT_STATUSES,
        "network_kinds": c.NETWORK_KINDS,
        "network_themes": c.NETWORK_THEMES,
        "place_kinds": c.PLACE_KINDS,
        "organiser_types": c.ORGANISER_TYPES,
        "outside_roles": c.OUTSIDE_ROLES,
        "consent_purposes": c.CONSENT_PURPOSES,
        "event_types": c.EVENT_TYPES,
        "event_audiences": c.EVENT_AUDIENCES,
        "feedback_senders": c.FEEDBACK_SENDERS,
        "feedback_topics": c.FEEDBACK_TOPICS,
        "project_stages": c.PROJECT_STAGES,
        "compliance_results": cm.COMPLIANCE_RESULTS,
        "referral_services": cm.REFERRAL_SERVICES,
        "instruction_documents": cm.INSTRUCTION_DOCUMENTS,
        "delivery_recipients": cm.DELIVERY_RECIPIENTS,
        "client_phases": cm.CLIENT_PHASES,
        "paired_with": cm.PAIRED_WITH,
        "fee_kinds": cm.FEE_KINDS,
        "training_directions": cm.TRAINING_DIRECTIONS,
        "training_audiences": cm.TRAINING_AUDIENCES,
        "permit_statuses": cm.PERMIT_STATUSES,
        "request_statuses": cm.REQUEST_STATUSES,
        "international_types": cm.INTERNATIONAL_TYPES,
        "accreditation": cm.ACCREDITATION,
        "programme_statuses": cm.PROGRAMME_STATUSES,
        "goal_levels": cm.GOAL_LEVELS,
        "restorative_types": cm.RESTORATIVE_TYPES,
    }
    return {
        "choices": {name: [x.as_dict() for x in values] for name, values in sets.items()},
        "national_checklist": [vars_of(i) for i in NATIONAL],
        "local_checklist": [vars_of(i) for i in LOCAL],
        "kinds": {
            k.name: {
                "label": k.label,
                "fields": list(k.fields),
                "filters": list(filters_of(k)),
                "importable": k.name in IMPORTABLE,
                "refs": _refs(k.refs),
            }
            for k in KINDS.values()
        },
        "search_kinds": list(SEARCH_KINDS),
    }


def _refs(refs: dict[str, str] | Any) -> dict[str, str]:
    """Each reference field and the kind of record it names (the console shows the record's
    name, not its id); references outside the registry are left out."""
    by_table = {k.table: k.name for k in KINDS.values()}
    return {key: by_table[table] for key, table in refs.items() if table in by_table}


def vars_of(item: Any) -> dict[str, Any]:
    return {
        "code": item.code,
        "partner": item.partner,
        "partner_fi": item.partner_fi,
        "document_status": item.document_status,
    }
