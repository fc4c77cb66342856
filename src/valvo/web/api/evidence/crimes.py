"""Crime matching for the police (issue 16): crime batches by JSON or CSV, matching runs and
their matches, and the console page. Police and crime analysts submit (``crimes:submit``) and
match (``crimes:match``); a regional user's batches, runs and matches keep to the region. The
police read matches (the fixes that placed a person there), never a person's track."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import FileResponse, JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from valvo.bootstrap import Valvo
from valvo.domain.evidence.crimes import FIELDS, MAX_ROWS, CrimeType, LegalBasis, Problem
from valvo.domain.evidence.matching import (
    ALGORITHM_VERSION,
    MAX_RADIUS_M,
    MAX_TOLERANCE,
)
from valvo.domain.security import Permission
from valvo.services.auth import Principal
from valvo.services.crimes.intake import SubmitCrimes, error_csv, read_csv
from valvo.services.crimes.runs import ListBatches, ReadBatch, ReadRun, RepeatRun, StartRun
from valvo.services.errors import InvalidInput
from valvo.web.access import LOCATION_ROUTE, peer, scope_of
from valvo.web.auth import get_valvo, require
from valvo.web.pages import page

router = APIRouter(tags=["crime matching"])
App = Annotated[Valvo, Depends(get_valvo)]
Submitter = Annotated[Principal, Depends(require(Permission.SUBMIT_CRIMES))]
Matcher = Annotated[Principal, Depends(require(Permission.MATCH_CRIMES))]
MAX_CSV = 2 * 1024 * 1024
MAX_BODY = 4 * 1024 * 1024  # a JSON batch of MAX_ROWS crimes
Cell = str | float | int | None


class CrimesIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    crimes: list[dict[str, Cell]] = Field(
        min_length=1,
        max_length=MAX_ROWS,
        description="one object per crime with the fields " + ", ".join(FIELDS),
    )


class RunIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    radius_m: float = Field(gt=0, le=MAX_RADIUS_M)
    tolerance_minutes: int = Field(default=0, ge=0, le=int(MAX_TOLERANCE.total_seconds() // 60))
    purpose: str = Field(min_length=1, max_length=500)
    legal_basis: LegalBasis


@router.get("/crimes", include_in_schema=False)
def crimes_page() -> FileResponse:
    """The crime-matching console page (the main console's login is reused)."""
    return page("crimes.html")


@router.get("/api/crimes/meta")
def meta(who: Submitter, valvo: App) -> dict[str, Any]:
    """The declared choices: crime types, legal bases, row problems, the fields and limits."""
    return {
        "crime_types": [t.value for t in CrimeType],
        "legal_bases": [b.value for b in LegalBasis],
        "problems": [p.value for p in Problem],
        "fields": list(FIELDS),
        "max_window_hours": valvo.settings.crime_max_window_hours,
        "max_radius_m": MAX_RADIUS_M,
        "max_tolerance_minutes": int(MAX_TOLERANCE.total_seconds() // 60),
        "max_rows": MAX_ROWS,
        "algorithm_version": ALGORITHM_VERSION,
    }


def _submit(valvo: Valvo, who: Principal, rows: list[dict[str, Any]], source: str) -> Response:
    command = SubmitCrimes(actor=who.username, at=valvo.clock(), rows=rows, source=source)
    batch: dict[str, Any] = valvo.bus.handle(command, scope_of(who))
    if batch["outcome"] == "refused":
        return JSONResponse(
            {
                "detail": "no row was taken: correct the rows listed and send the batch again",
                **jsonable_encoder(batch),
            },
            status_code=422,
        )
    return JSONResponse(jsonable_encoder(batch), status_code=201)


@router.post("/api/crimes/batches", status_code=201)
def submit_json(body: CrimesIn, who: Submitter, valvo: App) -> Response:
    """A batch of crimes as JSON. 201 when every row or some rows were taken (``outcome``
    accepted or partial, the row errors listed); 422 with the row errors when none was."""
    return _submit(valvo, who, [dict(row) for row in body.crimes], "api")


@router.post("/api/crimes/batches/csv", status_code=201)
async def submit_csv(request: Request, who: Submitter, valvo: App) -> Response:
    """A batch of crimes as a CSV file (the request body, UTF-8, a header row naming the
    fields, comma or semicolon separated): answered as the JSON batch is."""
    raw = await request.body()
    if len(raw) > MAX_CSV:
        raise InvalidInput(f"the file is over {MAX_CSV // (1024 * 1024)} MB: split it")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"the file is not UTF-8 (byte {exc.start})") from None
    return _submit(valvo, who, read_csv(text), "csv")


@router.get("/api/crimes/batches")
def list_batches(who: Submitter, valvo: App) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = valvo.bus.handle(
        ListBatches(actor=who.username, at=valvo.clock()), scope_of(who)
    )
    return rows


@router.get("/api/crimes/batches/{batch_id}")
def read_batch(batch_id: str, who: Submitter, valvo: App) -> dict[str, Any]:
    """The batch: its outcome, row errors, crimes (with versions) and runs."""
    batch: dict[str, Any] = valvo.bus.handle(
        ReadBatch(actor=who.username, at=valvo.clock(), batch_id=batch_id), scope_of(who)
    )
    return batch


@router.get("/api/crimes/batches/{batch_id}/errors.csv")
def batch_errors(batch_id: str, who: Submitter, valvo: App) -> Response:
    """The batch's row errors as CSV: row, field, value, problem, what to do."""
    batch: dict[str, Any] = valvo.bus.handle(
        ReadBatch(actor=who.username, at=valvo.clock(), batch_id=batch_id), scope_of(who)
    )
    return Response(
        error_csv(batch["errors"]),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="crime-errors-{batch_id}.csv"'},
    )


@router.post("/api/crimes/batches/{batch_id}/runs", status_code=201)
def start_run(
    batch_id: str, body: RunIn, who: Matcher, valvo: App, request: Request
) -> dict[str, Any]:
    """Match the batch's crimes against the monitored people's fixes (in the caller's region):
    the run records its parameters, algorithm version, purpose and legal basis, and is
    audited."""
    command = StartRun(
        actor=who.username,
        at=valvo.clock(),
        batch_id=batch_id,
        radius_m=body.radius_m,
        tolerance_s=body.tolerance_minutes * 60,
        purpose=body.purpose,
        legal_basis=body.legal_basis.value,
        peer=peer(request),
    )
    run: dict[str, Any] = valvo.bus.handle(command, scope_of(who))
    return run


@router.post("/api/crimes/runs/{run_id}/repeat", status_code=201)
def repeat_run(run_id: str, who: Matcher, valvo: App, request: Request) -> dict[str, Any]:
    """Run a run again (a new run, same batch, parameters, purpose and legal basis, audited):
    ``same_result`` says whether the matches and the algorithm version are the same."""
    command = RepeatRun(actor=who.username, at=valvo.clock(), run_id=run_id, peer=peer(request))
    run: dict[str, Any] = valvo.bus.handle(command, scope_of(who))
    return run


@router.get("/api/crimes/runs/{run_id}", openapi_extra=LOCATION_ROUTE)
def read_run(run_id: str, who: Matcher, valvo: App, request: Request) -> dict[str, Any]:
    """A run: its parameters, the batch's crimes and each match with the positions that placed
    the person there (a location read, audited under the run's purpose)."""
    command = ReadRun(actor=who.username, at=valvo.clock(), run_id=run_id, peer=peer(request))
    run: dict[str, Any] = valvo.bus.handle(command, scope_of(who))
    return run
