"""CSV import for the initial load of the registry: all rows or none.

Each row goes through the same use case as the API (validation, references, search index,
audit), in one transaction. Any refused row refuses the file: every error is reported with its
row number and field, and nothing is stored (the caller commits only on success). Cells: UTF-8
(a BOM is fine), comma- or semicolon-separated, lists ``a; b``, JSON for nested values, an
optional ``id`` column so rows can refer to each other (parents before children).
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any

from valvo.services.errors import InvalidInput, NotFound, ServiceError
from valvo.services.partners.kinds import IMPORTABLE, KINDS
from valvo.services.partners.ports import PartnersUnitOfWork
from valvo.services.partners.records import create

MAX_ROWS = 10_000
MAX_ERRORS = 50


def import_csv(
    uow: PartnersUnitOfWork, actor: str, now: datetime, kind_name: str, content: str
) -> dict[str, Any]:
    if kind_name not in IMPORTABLE:
        raise NotFound(f"no CSV import for {kind_name!r} (importable: {', '.join(IMPORTABLE)})")
    kind = KINDS[kind_name]
    content = content.removeprefix("\ufeff")
    first_line = content.split("\n", 1)[0]
    if not first_line.strip():
        raise InvalidInput("the file is empty: the first line names the columns")
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(content), delimiter=delimiter, restkey="__extra__")
    header = [h.strip() for h in reader.fieldnames or []]
    reader.fieldnames = header
    unknown = [h for h in header if h not in kind.fields and h != "id"]
    if unknown or len(set(header)) != len(header):
        problem = f"unknown column {unknown[0]!r}" if unknown else "a column is named twice"
        raise InvalidInput(f"header: {problem} (columns of {kind_name}: {', '.join(kind.fields)})")
    errors: list[str] = []
    ids: list[str] = []
    for number, row in enumerate(reader, start=2):
        if number - 1 > MAX_ROWS:
            raise InvalidInput(f"the file has more than {MAX_ROWS} rows: split it")
        if "__extra__" in row:
            errors.append(f"row {number}: more cells than columns")
            continue
        if any(v is None for v in row.values()):
            errors.append(f"row {number}: fewer cells than columns")
            continue
        if not any(str(v).strip() for v in row.values()):
            continue  # a blank line
        try:
            ids.append(str(create(uow, actor, now, kind, row)["id"]))
        except ServiceError as exc:
            errors.append(f"row {number}: {exc}")
        if len(errors) >= MAX_ERRORS:
            break
    if errors:
        raise InvalidInput(f"{len(errors)} row(s) refused, nothing imported: " + " | ".join(errors))
    if not ids:
        raise InvalidInput("the file has no rows to import")
    uow.audit.record(
        at=now,
        actor=actor,
        action="import",
        target_type=f"partner_{kind.label}"[:40],
        target_id=None,
        details={"rows": len(ids)},
    )
    return {"kind": kind_name, "imported": len(ids), "ids": ids}
