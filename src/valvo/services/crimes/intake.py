"""Crime intake: a batch of crimes by CSV or JSON, checked row by row
(``domain/evidence/crimes.py``). A batch is accepted whole, partially (the rows with errors
left out, listed in an error CSV) or refused; every batch is stored with its row errors. A
crime given again under a reference already stored becomes that reference's next version, with
the fields that changed named."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from valvo.domain.evidence.crimes import (
    FIELDS,
    MAX_ROWS,
    Checked,
    Crime,
    ToWgs84,
    changed_fields,
    check_rows,
)
from valvo.services.bus.messagebus import Handler
from valvo.services.bus.messages import Command
from valvo.services.errors import InvalidInput

SOURCES = ("csv", "api")
ERROR_COLUMNS = ("row", "field", "value", "problem", "hint")


@dataclass(frozen=True, kw_only=True)
class SubmitCrimes(Command):
    unit = "crimes"
    rows: Sequence[Mapping[str, object]] = field(default_factory=tuple)
    source: str = "api"


def read_csv(text: str) -> list[dict[str, object]]:
    """The rows of a CSV file (a header row naming the fields; comma or semicolon separated);
    an empty file or one without a header is refused."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise InvalidInput("the file is empty: give a header row and one row per crime")
    first = text.splitlines()[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter, restkey="_extra")
    names = [(n or "").strip().lower() for n in reader.fieldnames or []]
    if not any(n in FIELDS for n in names):
        raise InvalidInput(
            "the first row must name the columns: "
            + ", ".join(FIELDS)
            + f" (found {first[:200]!r})"
        )
    rows: list[dict[str, object]] = []
    try:
        for raw in reader:
            row: dict[str, object] = {}
            for key, value in raw.items():
                if key == "_extra":
                    row["_extra"] = ",".join(value) if isinstance(value, list) else value
                elif key is not None:
                    row[key.strip().lower()] = value
            rows.append(row)
    except csv.Error as exc:
        raise InvalidInput(f"the file is not readable as CSV: {exc}") from None
    return rows


def submit(
    cmd: SubmitCrimes, uow: Any, *, to_wgs84: ToWgs84, crime_max_window: timedelta
) -> dict[str, Any]:
    if cmd.source not in SOURCES:
        raise InvalidInput(f"source must be one of {', '.join(SOURCES)}")
    if not cmd.rows:
        raise InvalidInput("the batch has no rows: give one row per crime")
    if len(cmd.rows) > MAX_ROWS:
        raise InvalidInput(f"a batch holds at most {MAX_ROWS} crimes: split it")
    checked = check_rows(cmd.rows, cmd.at, crime_max_window, to_wgs84)
    errors = [e.as_dict() for e in checked.errors]
    if checked.outcome == "refused":  # nothing is stored
        return batch_view(_batch(cmd, None, "", checked, errors), [])
    with uow:
        key = uow.scope.region or ""
        batch = _batch(cmd, str(uuid.uuid4()), key, checked, errors)
        uow.crimes.add_batch(batch)
        stored = [_version(uow, key, batch["id"], c) for c in checked.crimes]
        uow.crimes.add_crimes(stored)
        uow.audit.record(
            at=cmd.at,
            actor=cmd.actor,
            action="submit_crimes",
            target_type="crime_batch",
            target_id=batch["id"],
            details={
                "outcome": checked.outcome,
                "rows": checked.rows,
                "accepted": len(checked.crimes),
                "references": [c.reference for c in checked.crimes],
            },
        )
        uow.commit()
    return batch_view(batch, stored)


def _batch(
    cmd: SubmitCrimes, batch_id: str | None, key: str, checked: Checked, errors: list[Any]
) -> dict[str, Any]:
    return {
        "id": batch_id,
        "scope_key": key,
        "submitted_by": cmd.actor,
        "submitted_at": cmd.at,
        "source": cmd.source,
        "outcome": checked.outcome,
        "rows_total": checked.rows,
        "rows_accepted": len(checked.crimes),
        "errors": errors,
    }


def _version(uow: Any, key: str, batch_id: str, crime: Crime) -> dict[str, Any]:
    previous = uow.crimes.latest(key, crime.reference)
    content = crime.content()
    if previous is None:
        version, changed = 1, []
    else:
        before = {
            "reporting_unit": previous["reporting_unit"],
            "crime_type": previous["crime_type"],
            "start": previous["start"].isoformat(),
            "end": previous["end"].isoformat(),
            "lat": round(previous["lat"], 7),
            "lon": round(previous["lon"], 7),
            "description": previous["description"],
        }
        version, changed = previous["version"] + 1, changed_fields(before, content)
    return {
        "id": str(uuid.uuid4()),
        "scope_key": key,
        "reference": crime.reference,
        "version": version,
        "batch_id": batch_id,
        "row": crime.row,
        "reporting_unit": crime.reporting_unit,
        "crime_type": crime.crime_type.value,
        "start": crime.start,
        "end": crime.end,
        "lat": crime.lat,
        "lon": crime.lon,
        "crs": crime.crs.value,
        "given_x": crime.given_x,
        "given_y": crime.given_y,
        "description": crime.description,
        "changed": changed,
    }


def batch_view(batch: Mapping[str, Any], crimes: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    return {
        "id": batch["id"],
        "submitted_by": batch["submitted_by"],
        "submitted_at": batch["submitted_at"],
        "source": batch["source"],
        "outcome": batch["outcome"],
        "rows_total": batch["rows_total"],
        "rows_accepted": batch["rows_accepted"],
        "errors": list(batch["errors"]),
        "crimes": [dict(c) for c in crimes],
    }


def error_csv(errors: Sequence[Mapping[str, Any]]) -> str:
    """The row errors as CSV (row, field, value, problem, what to do)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(ERROR_COLUMNS)
    for e in errors:
        writer.writerow([_safe(e.get(c)) for c in ERROR_COLUMNS])
    return out.getvalue()


def _safe(value: object) -> str:
    """A cell a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


HANDLERS: dict[type[Command], Handler] = {SubmitCrimes: submit}
