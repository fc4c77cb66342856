"""The pilot follow-up over HTTP (issue 17): the statistics and cost per day as JSON for the
console's charts, as CSV, as a spreadsheet (.xlsx) and as the PDF follow-up report in Finnish
or English. Aggregates
only: no person, case or device is named. A user of one region gets that region; asking for
another region is refused."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, status
from fastapi.responses import FileResponse, Response
from pydantic import BaseModel, Field

from valvo.bootstrap import Valvo
from valvo.domain.schedule.local_time import DEFAULT_TIMEZONE, zone
from valvo.domain.security import Permission
from valvo.services import followup, followup_pilot, followup_report
from valvo.services.auth import Principal
from valvo.services.cases.document_model import DocumentRenderError
from valvo.web.access import scope_of
from valvo.web.auth import get_valvo, require
from valvo.web.pages import page

router = APIRouter()
api = APIRouter(prefix="/api/followup", tags=["followup"])
Reader = Annotated[Principal, Depends(require(Permission.READ_STATISTICS))]
PilotManager = Annotated[Principal, Depends(require(Permission.MANAGE_PILOT))]
App = Annotated[Valvo, Depends(get_valvo)]
DEFAULT_DAYS = 30


def _today(valvo: Valvo) -> date:
    return valvo.clock().astimezone(zone(DEFAULT_TIMEZONE)).date()


def _stats(
    who: Principal,
    valvo: Valvo,
    start: date | None,
    end: date | None,
    region: str | None,
    pilot: bool | None,
) -> dict[str, Any]:
    if region is not None and who.region is not None and region != who.region:
        raise HTTPException(status.HTTP_403_FORBIDDEN, f"region {region!r} is outside your region")
    today = _today(valvo)
    end = end or today + timedelta(days=1)
    start = start or end - timedelta(days=DEFAULT_DAYS)
    query = followup.Query(start, end, region or who.region, pilot)
    with valvo.uow(scope_of(who)) as uow:
        return followup.statistics(
            uow, query, today=today, prison_day_cents=valvo.settings.prison_day_cost_cents
        )


From = Annotated[date | None, Query(alias="from", description="first day (local)")]
To = Annotated[date | None, Query(alias="to", description="the day after the last")]
Region = Annotated[str | None, Query(max_length=60)]
Lang = Annotated[Literal["fi", "en"], Query()]


@api.get("/stats")
def stats(
    who: Reader,
    valvo: App,
    start: From = None,
    end: To = None,
    region: Region = None,
    pilot: bool | None = None,
) -> dict[str, Any]:
    """Every follow-up figure of [from, to) (default: the last 30 days)."""
    return _stats(who, valvo, start, end, region, pilot)


@api.get("/stats.csv")
def stats_csv(
    who: Reader,
    valvo: App,
    start: From = None,
    end: To = None,
    region: Region = None,
    pilot: bool | None = None,
    lang: Lang = "fi",
) -> Response:
    """The same figures as CSV (UTF-8 with a byte-order mark, so spreadsheets read ä and ö)."""
    s = _stats(who, valvo, start, end, region, pilot)
    name = f"followup-{s['from']}-{s['to']}-{lang}.csv"
    return Response(
        "\ufeff" + followup.csv_text(s, lang),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@api.get("/stats.xlsx")
def stats_xlsx(
    who: Reader,
    valvo: App,
    start: From = None,
    end: To = None,
    region: Region = None,
    pilot: bool | None = None,
    lang: Lang = "fi",
) -> Response:
    """The same figures as a spreadsheet (.xlsx): a sheet each for the figures, the daily
    population and the regions; numbers as numbers, days as dates."""
    s = _stats(who, valvo, start, end, region, pilot)
    name = f"followup-{s['from']}-{s['to']}-{lang}.xlsx"
    return Response(
        valvo.spreadsheet(followup.tables(s, lang)),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@api.get("/report.pdf")
def report_pdf(
    who: Reader,
    valvo: App,
    start: From = None,
    end: To = None,
    region: Region = None,
    pilot: bool | None = None,
    lang: Lang = "fi",
) -> Response:
    """The follow-up report as a PDF in Finnish or English."""
    s = _stats(who, valvo, start, end, region, pilot)
    document = followup_report.build(s, lang, _today(valvo))
    try:
        pdf = valvo.document_pdf(document)
    except DocumentRenderError as exc:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, str(exc)) from exc
    name = f"followup-{s['from']}-{s['to']}-{lang}.pdf"
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{name}"'},
    )


@api.get("/pilot-units")
def pilot_units(who: Reader, valvo: App) -> dict[str, Any]:
    """The units (regions) of your scope: in the pilot today or not, since when, and the
    history of changes (R143)."""
    with valvo.uow(scope_of(who)) as uow:
        return followup_pilot.units(uow, _today(valvo))


class PilotChangeIn(BaseModel):
    region: str = Field(min_length=1, max_length=60)
    pilot: bool
    valid_from: date = Field(alias="from")
    reason: str | None = Field(default=None, max_length=500)


@api.post("/pilot-units", status_code=status.HTTP_201_CREATED)
def set_pilot_unit(body: PilotChangeIn, who: PilotManager, valvo: App) -> dict[str, Any]:
    """Put a unit (a region) into the pilot from a date, or take it out: a new version of its
    flag; the follow-up counts its cases as pilot cases on the days it is in (R143)."""
    with valvo.uow(scope_of(who)) as uow:
        return followup_pilot.set_unit_pilot(
            uow,
            who.username,
            valvo.clock(),
            _today(valvo),
            region=body.region,
            pilot=body.pilot,
            valid_from=body.valid_from,
            reason=body.reason,
        )


@router.get("/followup", include_in_schema=False)
def followup_page() -> FileResponse:
    """The console's follow-up page (charts, CSV, PDF); the data routes check the role."""
    return page("followup.html")


router.include_router(api)
