"""The web application: REST API, live feed and the operators' console."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from valvo import __version__
from valvo.bootstrap import Valvo
from valvo.services.errors import Conflict, Forbidden, InvalidInput, NotFound, ServiceError
from valvo.web import hardening
from valvo.web.api import meta, person
from valvo.web.api.accounts import auth, users, whoami
from valvo.web.api.alarms import acting as alarm_acting
from valvo.web.api.alarms import desk as alarm_desk
from valvo.web.api.alarms import evidence as alarm_evidence
from valvo.web.api.alarms import health as pipeline_health
from valvo.web.api.alarms import incidents as alarm_incidents
from valvo.web.api.alarms import live
from valvo.web.api.alarms import routes as alarms
from valvo.web.api.alarms import stats as alarm_stats
from valvo.web.api.cases import routes as cases
from valvo.web.api.evidence import crimes
from valvo.web.api.evidence import packages as evidence
from valvo.web.api.monitoring import board as caseload_board
from valvo.web.api.monitoring import (
    history,
    phones,
    positions,
    quarantine,
    registry,
    registry_changes,
    restrictions,
    stock,
    subject_page,
    thresholds,
)
from valvo.web.api.partners import routes as partners
from valvo.web.api.partners.dashboards import MAX_CSV
from valvo.web.api.records import audit, followup, retention
from valvo.web.pages import UI
from valvo.web.request_guard import RequestGuard

_STATUS = {NotFound: 404, Conflict: 409, InvalidInput: 422, Forbidden: 403}


def create_app(valvo: Valvo) -> FastAPI:
    app = FastAPI(
        title="Valvo",
        version=__version__,
        description="Electronic monitoring: devices, rules, alarms, cases.",
    )
    app.state.valvo = valvo
    for module in (
        auth,
        whoami,
        quarantine,
        registry,
        registry_changes,
        stock,
        phones,
        alarms,
        positions,
        live,
        meta,
    ):
        if module is alarms:  # before the alarm routes: /api/alarms/stats is not an alarm id
            app.include_router(alarm_stats.router)
        app.include_router(module.router)
    for module in (
        alarm_incidents,  # before the desk's routes (none of them clash; kept together)
        alarm_desk,
        alarm_acting,
        subject_page,
        history,
        caseload_board,
        alarm_evidence,
        pipeline_health,
    ):  # the alarm desk (issues 5, 20)
        app.include_router(module.router)
    app.include_router(restrictions.router)  # restricted people and cases (issue 15)
    app.include_router(thresholds.router)  # versioned thresholds per order type (issue 20)
    app.include_router(cases.router)  # the case work and its console page (issue 6)
    app.include_router(partners.router)  # the partner registry and its console page (issue 7)
    app.include_router(person.router)  # the monitored person's own page (issue 15 item 8)
    app.include_router(users.router)  # user administration (issue 8)
    app.include_router(audit.router)  # reading the audit trail (issue 8)
    app.include_router(retention.router)  # retention policy, legal holds, statistics
    app.include_router(followup.router)  # pilot follow-up and cost per day (issue 17)
    app.include_router(crimes.router)  # crime matching for the police (issue 16)
    app.include_router(evidence.router)  # evidence packages (issue 16)

    @app.exception_handler(ServiceError)
    async def service_error(_: Request, exc: ServiceError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=_STATUS.get(type(exc), 400))

    # Body limits per route and no unpaired surrogate or control character in JSON strings,
    # inside the hardening middleware (rate limits first).
    app.add_middleware(
        RequestGuard,
        limits=[
            ("/api/partners/import/", MAX_CSV + 1024),
            ("/api/crimes/batches", crimes.MAX_BODY),
        ],
    )
    # Security headers, the cross-origin check and the rate limits (docs/hardening.md).
    hardening.install(app, valvo)

    app.mount("/static", StaticFiles(directory=UI / "static"), name="static")

    @app.get("/", include_in_schema=False)
    def console() -> FileResponse:
        return FileResponse(UI / "index.html")

    return app
