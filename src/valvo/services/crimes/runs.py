"""Matching runs: a batch's crimes against the monitored people's fixes
(``domain/evidence/matching.py``), the positions read through ``uow.crimes.positions`` and kept
to the runner's region. A run records its parameters, the algorithm version, its purpose and
legal basis and a digest of its matches, and is audited as a location read; reading a run's
matches is audited too. The police read matches, never tracks."""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from valvo.domain.evidence.crimes import LegalBasis
from valvo.domain.evidence.matching import (
    ALGORITHM_VERSION,
    Parameters,
    Site,
    match,
    reach_m,
    reach_window,
)
from valvo.domain.security import MAX_PURPOSE
from valvo.services.bus.messagebus import Handler
from valvo.services.bus.messages import Command
from valvo.services.crimes.intake import batch_view
from valvo.services.errors import InvalidInput, NotFound

MAX_BATCHES = 200


@dataclass(frozen=True, kw_only=True)
class StartRun(Command):
    unit = "crimes"
    batch_id: str
    radius_m: float
    tolerance_s: int
    purpose: str
    legal_basis: str
    peer: str | None = None


@dataclass(frozen=True, kw_only=True)
class RepeatRun(Command):
    """Run a stored run again over the same batch with its recorded parameters, purpose and
    legal basis; the answer says whether the matches are the same (their digest)."""

    unit = "crimes"
    run_id: str
    peer: str | None = None


@dataclass(frozen=True, kw_only=True)
class ReadRun(Command):
    unit = "crimes"
    run_id: str
    peer: str | None = None


@dataclass(frozen=True, kw_only=True)
class ReadBatch(Command):
    unit = "crimes"
    batch_id: str


@dataclass(frozen=True, kw_only=True)
class ListBatches(Command):
    unit = "crimes"


def _parameters(cmd: StartRun) -> tuple[Parameters, str, LegalBasis]:
    try:
        params = Parameters(float(cmd.radius_m), timedelta(seconds=int(cmd.tolerance_s)))
    except ValueError as exc:
        raise InvalidInput(str(exc)) from None
    purpose = cmd.purpose.strip()
    if not purpose:
        raise InvalidInput("purpose is required: say why these crimes are matched")
    if len(purpose) > MAX_PURPOSE:
        raise InvalidInput(f"purpose is longer than {MAX_PURPOSE} characters")
    try:
        basis = LegalBasis(cmd.legal_basis)
    except ValueError:
        raise InvalidInput(
            "legal_basis must be one of " + ", ".join(b.value for b in LegalBasis)
        ) from None
    return params, purpose, basis


def start_run(cmd: StartRun, uow: Any, repeat_of: str | None = None) -> dict[str, Any]:
    params, purpose, basis = _parameters(cmd)
    with uow:
        batch = uow.crimes.batch(cmd.batch_id)
        if batch is None:
            raise NotFound(f"crime batch {cmd.batch_id} does not exist")
        crimes = uow.crimes.batch_crimes(cmd.batch_id)
        if not crimes:
            raise InvalidInput("the batch has no accepted crimes to match")
        run_id = str(uuid.uuid4())
        found = [row for crime in crimes for row in _match_crime(uow, crime, params)]
        digest = result_digest(crimes, found)
        run = {
            "id": run_id,
            "scope_key": uow.scope.region or "",  # the runner's: matches keep to their scope
            "batch_id": cmd.batch_id,
            "run_by": cmd.actor,
            "run_at": cmd.at,
            "purpose": purpose,
            "legal_basis": basis.value,
            "radius_m": params.radius_m,
            "tolerance_s": int(params.tolerance.total_seconds()),
            "algorithm_version": ALGORITHM_VERSION,
            "parameters": {**params.as_dict(), "repeat_of": repeat_of},
            "crimes_count": len(crimes),
            "matches_count": len(found),
            "result_digest": digest,
        }
        uow.crimes.add_run(run)
        uow.crimes.add_matches({**row, "run_id": run_id} for row in found)
        uow.audit.record(
            at=cmd.at,
            actor=cmd.actor,
            action="crime_match",
            target_type="crime_run",
            target_id=run_id,
            purpose=purpose,
            peer=cmd.peer,
            details={
                "legal_basis": basis.value,
                "batch_id": cmd.batch_id,
                "parameters": params.as_dict(),
                "repeat_of": repeat_of,
                "crimes": len(crimes),
                "subjects": sorted({row["subject_id"] for row in found}),
            },
        )
        uow.commit()
    return run


def repeat_run(cmd: RepeatRun, uow: Any) -> dict[str, Any]:
    with uow:
        original = uow.crimes.run(cmd.run_id)
    if original is None:
        raise NotFound(f"matching run {cmd.run_id} does not exist")
    again = StartRun(
        actor=cmd.actor,
        at=cmd.at,
        batch_id=original["batch_id"],
        radius_m=original["radius_m"],
        tolerance_s=original["tolerance_s"],
        purpose=original["purpose"],
        legal_basis=original["legal_basis"],
        peer=cmd.peer,
    )
    run = start_run(again, uow, repeat_of=cmd.run_id)
    same = (
        run["result_digest"] == original["result_digest"]
        and run["algorithm_version"] == original["algorithm_version"]
    )
    return {**run, "repeat_of": cmd.run_id, "same_result": same}


def _match_crime(uow: Any, crime: dict[str, Any], params: Parameters) -> list[dict[str, Any]]:
    site = Site(crime["lat"], crime["lon"], crime["start"], crime["end"])
    start, end = reach_window(site, params)
    positions = uow.crimes.positions
    candidates = positions.candidates(site.lat, site.lon, reach_m(params), start, end)
    fixes = positions.fixes(candidates, start, end)
    out: list[dict[str, Any]] = []
    for subject_id in candidates:
        found = match(site, fixes.get(subject_id, []), params)
        if found is None:
            continue
        view = found.as_dict(site)
        out.append(
            {
                "crime_id": crime["id"],
                "subject_id": subject_id,
                "confidence": view["confidence"],
                "basis": view["basis"],
                "distance_m": view["distance_m"],
                "positions": view["positions"],
                "positions_total": view["positions_total"],
                "gap": view["gap"],
            }
        )
    return out


def result_digest(crimes: list[dict[str, Any]], found: list[dict[str, Any]]) -> str:
    """SHA-256 of the matches in a canonical form (crime reference and version, person, what
    was found): a repeated run over the same rows has the same digest."""
    by_id = {c["id"]: (c["reference"], c["version"]) for c in crimes}
    canonical = sorted(
        (
            {**{k: v for k, v in row.items() if k != "crime_id"}, "crime": by_id[row["crime_id"]]}
            for row in found
        ),
        key=lambda r: (r["crime"], r["subject_id"]),
    )
    text = json.dumps(canonical, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def read_run(cmd: ReadRun, uow: Any) -> dict[str, Any]:
    with uow:
        run = uow.crimes.run(cmd.run_id)
        if run is None:
            raise NotFound(f"matching run {cmd.run_id} does not exist")
        crimes = uow.crimes.batch_crimes(run["batch_id"])
        matches = uow.crimes.matches(cmd.run_id)
        uow.audit.record(
            at=cmd.at,
            actor=cmd.actor,
            action="read_location",
            target_type="crime_run",
            target_id=cmd.run_id,
            purpose=run["purpose"],
            peer=cmd.peer,
            details={
                "legal_basis": run["legal_basis"],
                "subjects": sorted({m["subject_id"] for m in matches}),
            },
        )
        uow.commit()
    return {**run, "crimes": [_crime_view(c) for c in crimes], "matches": matches}


def _crime_view(crime: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in crime.items() if k != "scope_key"}


def read_batch(cmd: ReadBatch, uow: Any) -> dict[str, Any]:
    with uow:
        batch = uow.crimes.batch(cmd.batch_id)
        if batch is None:
            raise NotFound(f"crime batch {cmd.batch_id} does not exist")
        crimes = [_crime_view(c) for c in uow.crimes.batch_crimes(cmd.batch_id)]
        runs = uow.crimes.runs(cmd.batch_id)
    return {**batch_view(batch, crimes), "runs": [_run_summary(r) for r in runs]}


def _run_summary(run: dict[str, Any]) -> dict[str, Any]:
    keys = (
        "id",
        "run_by",
        "run_at",
        "purpose",
        "legal_basis",
        "radius_m",
        "tolerance_s",
        "algorithm_version",
        "crimes_count",
        "matches_count",
        "result_digest",
    )
    return {**{k: run[k] for k in keys}, "repeat_of": (run["parameters"] or {}).get("repeat_of")}


def list_batches(cmd: ListBatches, uow: Any) -> list[dict[str, Any]]:
    with uow:
        rows = uow.crimes.batches(MAX_BATCHES)
    return [{k: v for k, v in r.items() if k not in ("scope_key", "errors")} for r in rows]


HANDLERS: dict[type[Command], Handler] = {
    StartRun: start_run,
    RepeatRun: repeat_run,
    ReadRun: read_run,
    ReadBatch: read_batch,
    ListBatches: list_batches,
}
