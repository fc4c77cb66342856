"""The case work over HTTP: caseload, one case, its documents, the deadline list, the plan
check, and the supervisors' console page. The lifecycle routes live in ``cases_sentences``,
``cases_breaches``, ``cases_supervision`` and ``cases_bans``; this router includes them."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, HTTPException, Query, Request, status
from fastapi.responses import FileResponse, Response

from valvo.domain.law.errors import LawInputError
from valvo.domain.law.policy import DEFAULT_POLICY_NAME, POLICIES, LawPolicy, get_policy
from valvo.domain.network.choices import PHASES, values
from valvo.domain.network.context import matches
from valvo.services.cases import labels, plans
from valvo.services.cases.commands import (
    MakeCaseDocument,
    ReadCase,
    ReadCaseload,
    ReadDeadlines,
    ReadQueue,
)
from valvo.services.cases.document_model import (
    Document,
    DocumentRenderError,
    Letterhead,
    Signatory,
)
from valvo.services.partners.network import client_contexts
from valvo.settings import Settings
from valvo.web.access import peer, scope_of
from valvo.web.api.cases import adjudication as cases_adjudication
from valvo.web.api.cases import ban_monitoring as cases_ban_monitoring
from valvo.web.api.cases import bans as cases_bans
from valvo.web.api.cases import breaches as cases_breaches
from valvo.web.api.cases import checks as cases_checks
from valvo.web.api.cases import enforcement as cases_enforcement
from valvo.web.api.cases import lawcases as cases_law
from valvo.web.api.cases import sentences as cases_sentences
from valvo.web.api.cases import supervision as cases_supervision
from valvo.web.api.cases import victims as cases_victims
from valvo.web.api.cases.access import App, CaseReader, Decider, readable_types, run
from valvo.web.api.cases.schemas import (
    CaseDetailRead,
    CaseRead,
    DeadlineRead,
    PlanCheckRead,
    QueueItemRead,
)
from valvo.web.pages import page

router = APIRouter()
api = APIRouter(prefix="/api", tags=["cases"])


@api.get("/cases/meta")
def cases_meta(who: CaseReader) -> dict[str, Any]:
    return {
        **labels.meta(),
        "policies": sorted(POLICIES),
        "types": readable_types(who),
        "locality_rules": {name: locality_rules(policy) for name, policy in POLICIES.items()},
    }


def locality_rules(policy: LawPolicy) -> dict[str, Any]:
    """The policy's travel-ban numbers the console checks a locality window against and
    reckons the deadlines with as the user types (R105, R111, R118); the API decides."""
    return {
        "min_hours": policy.locality_min_hours,
        "max_hours": policy.locality_max_hours,
        "night_start": f"{policy.locality_night_start:%H:%M}",
        "night_end": f"{policy.locality_night_end:%H:%M}",
        "court_referral_hours": policy.court_referral_limit.total_seconds() / 3600,
        "court_hearing_hours": policy.court_hearing_limit.total_seconds() / 3600,
        "charges_hours": policy.charges_limit.total_seconds() / 3600,
    }


@api.get("/cases", response_model=list[CaseRead])
def list_cases(
    who: CaseReader,
    valvo: App,
    type: str | None = None,
    status_filter: str | None = Query(default=None, alias="status"),
    phase: str | None = None,
    home_municipality: str | None = None,
    wellbeing_county: str | None = None,
    sanction_type: str | None = None,
) -> list[dict[str, Any]]:
    """The caseload: the cases this user may see (police: travel bans only, R131); filtered
    by the person's phase, home municipality, wellbeing county or sanction type (S26)."""
    types = [t for t in readable_types(who) if type is None or t == type]
    command = ReadCaseload(
        actor=who.username,
        at=valvo.clock(),
        case_types=types,
        status=status_filter,
        region=who.region,
    )
    rows: list[dict[str, Any]] = valvo.bus.handle(command, scope_of(who))
    wanted = {
        "phase": phase,
        "home_municipality": home_municipality,
        "wellbeing_county": wellbeing_county,
        "sanction_type": sanction_type,
    }
    if phase is not None and phase not in values(PHASES):
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT, f"phase: one of {', '.join(values(PHASES))}"
        )
    if any(v is not None for v in wanted.values()):
        with valvo.partners_uow(scope_of(who)) as work:
            contexts = client_contexts(work)
        rows = [r for r in rows if matches(contexts.get(r["subject_id"]), **wanted)]
    return rows


@api.get("/cases/{case_id}", response_model=CaseDetailRead)
def get_case(case_id: str, who: CaseReader, valvo: App) -> dict[str, Any]:
    return run(valvo, who, ReadCase, case_id=case_id)


@api.get("/cases/{case_id}/documents/{kind}", response_class=Response)
def get_document(
    case_id: str,
    kind: str,
    who: CaseReader,
    valvo: App,
    lang: str = "fi",
    breach_id: str | None = None,
    observation_id: str | None = None,
) -> Response:
    """The document as PDF, in Finnish (default) or English."""
    command = MakeCaseDocument(
        actor=who.username,
        at=valvo.clock(),
        role=who.role,
        case_id=case_id,
        kind=kind,
        lang=lang,
        breach_id=breach_id,
        item_id=observation_id,
        letterhead=letterhead(valvo.settings, lang),
    )
    document: Document = valvo.bus.handle(command, scope_of(who))
    try:
        pdf = valvo.document_pdf(document)
    except DocumentRenderError as exc:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, str(exc)) from exc
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{document.filename}"'},
    )


def letterhead(settings: Settings, lang: str) -> Letterhead:
    """The issuer and the signatory register in ``lang``, from the settings."""

    def said(values: dict[str, str]) -> str:
        return values.get(lang) or values.get("fi") or ""

    register = tuple(
        Signatory(username, entry.get("name", username), said(entry))
        for username, entry in settings.document_signatories.items()
    )
    return Letterhead(
        said(settings.document_organisation),
        said(settings.document_unit),
        register,
        said(settings.document_ban_organisation),
        said(settings.document_ban_unit),
    )


@api.post("/cases/plan-check", response_model=PlanCheckRead)
def plan_check(
    who: CaseReader,
    plan: dict[str, Any] = Body(...),
    policy: str = DEFAULT_POLICY_NAME,
) -> dict[str, Any]:
    """The plan editor's live check (§6, R20, R24, R25, R31): the same rules as confirming."""
    try:
        law = get_policy(policy)
    except LawInputError as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, exc.message) from exc
    errors = plans.check(plan, law)
    return {"valid": not errors, "errors": [{"code": e.code, "message": e.message} for e in errors]}


@api.get("/deadlines", response_model=list[DeadlineRead])
def list_deadlines(who: CaseReader, valvo: App, request: Request) -> list[dict[str, Any]]:
    """Open legal deadlines of the cases this user may see: due soon warns, missed escalates."""
    now = valvo.clock()
    command = ReadDeadlines(
        actor=who.username,
        at=now,
        case_types=readable_types(who),
        as_of=now,
        peer=peer(request),
    )
    rows: list[dict[str, Any]] = valvo.bus.handle(command, scope_of(who))
    return rows


@api.get("/queue", response_model=list[QueueItemRead])
def list_queue(who: Decider, valvo: App, request: Request) -> list[dict[str, Any]]:
    """The prosecutor's and the court's queue: report requests and where they stand, breaches
    waiting for their decision, the open legal deadlines; missed first, then the soonest.
    Scoped to the user's region and the restricted rule; a prosecutor or a court sees the
    items for that body, an administrator everyone's."""
    now = valvo.clock()
    command = ReadQueue(
        actor=who.username,
        at=now,
        case_types=readable_types(who),
        as_of=now,
        body=who.role if who.role in ("prosecutor", "court") else None,
        peer=peer(request),
    )
    rows: list[dict[str, Any]] = valvo.bus.handle(command, scope_of(who))
    return rows


@router.get("/cases", include_in_schema=False)
def cases_page() -> FileResponse:
    return page("cases.html")


for module in (
    cases_sentences,
    cases_breaches,
    cases_supervision,
    cases_bans,
    cases_ban_monitoring,
    cases_enforcement,
    cases_law,
    cases_victims,
    cases_adjudication,
    cases_checks,
):
    api.include_router(module.router)
router.include_router(api)
