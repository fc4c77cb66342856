"""``valvo export person ID --out FILE`` and ``valvo import FILE``: a person's whole monitoring
record as one vendor-neutral package, and loading it into another Valvo (docs/exchange.md).

Exit codes as elsewhere: 0 done; 1 the database refused (no such person, the record is already
there); 2 a bad invocation or a bad package (nothing stored)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

export_app = typer.Typer(help="Export a monitoring record.", no_args_is_help=True)

NOT_FOUND = 1
REFUSED = 2


@export_app.command("person")
def export_person(
    subject_id: Annotated[str, typer.Argument(help="The person's id.")],
    out: Annotated[Path, typer.Option("--out", help="The ZIP file to write.")],
) -> None:
    """Write the person's whole record (orders, plans, zones, devices, positions, observations
    with their raw frames, alarms with their trails, the case work of their cases) to one
    package. Audited as a location read by 'cli'."""
    from valvo.adapters.db.audit_trail import SqlAuditTrail
    from valvo.adapters.db.exchange_rows import read_record
    from valvo.adapters.exchange.package import build_package
    from valvo.bootstrap import build

    if not out.parent.is_dir():
        typer.echo(f"--out: directory {out.parent} does not exist", err=True)
        raise typer.Exit(2)
    valvo = build()
    valvo.prepare_database()
    now = valvo.clock()
    with valvo.db.begin() as conn:
        record = read_record(conn, subject_id, now)
        if record is None:
            typer.echo(f"person {subject_id} does not exist", err=True)
            raise typer.Exit(NOT_FOUND)
        package = build_package(record, now, "cli")
        SqlAuditTrail(conn).record(
            at=now,
            actor="cli",
            action="read_location",
            target_type="subject",
            target_id=subject_id,
            purpose="monitoring record export",
            details={"export": "monitoring record", "positions": len(record["positions"])},
        )
    out.write_bytes(package)
    counts = {k: len(v) for k, v in record.items()}
    typer.echo(json.dumps({"out": str(out), "subject_id": subject_id, "counts": counts}))


def import_record(
    package: Annotated[Path, typer.Argument(help="A package written by 'valvo export person'.")],
) -> None:
    """Load a person's record from a package, all of it or nothing: a bad package or one whose
    record is already here is refused with one error and nothing stored. The sealed rows are
    sealed with this Valvo's key; raw frames keep their chain (docs/exchange.md)."""
    from sqlalchemy.exc import IntegrityError

    from valvo.adapters.db.audit_trail import SqlAuditTrail
    from valvo.adapters.db.exchange_rows import RecordConflict, write_record
    from valvo.adapters.exchange.package import read_package
    from valvo.adapters.exchange.values import BadPackage
    from valvo.bootstrap import build

    if not package.is_file():
        typer.echo(f"{package}: no such file", err=True)
        raise typer.Exit(REFUSED)
    try:
        record = read_package(package.read_bytes())
    except BadPackage as exc:
        typer.echo(f"refused: {exc}", err=True)
        raise typer.Exit(REFUSED) from exc
    valvo = build()
    valvo.prepare_database()
    now = valvo.clock()
    subject_id = record["subjects"][0]["id"]
    try:
        with valvo.db.begin() as conn:
            written = write_record(conn, record, now)
            SqlAuditTrail(conn).record(
                at=now,
                actor="cli",
                action="import_record",
                target_type="subject",
                target_id=subject_id,
                details={"package": package.name, "rows": written},
            )
    except RecordConflict as exc:
        typer.echo(f"refused: {exc}", err=True)
        raise typer.Exit(NOT_FOUND) from exc
    except IntegrityError as exc:
        reason = str(exc.orig).splitlines()[0]
        typer.echo(f"refused: the database refused the record, nothing stored ({reason})", err=True)
        raise typer.Exit(NOT_FOUND) from exc
    typer.echo(json.dumps({"subject_id": subject_id, "rows": written}))


def import_positions(
    csv_file: Annotated[Path, typer.Argument(help="The supplier's CSV export of positions.")],
    person: Annotated[str, typer.Option("--person", help="The person's id in this Valvo.")],
    device: Annotated[
        str, typer.Option("--device", help="The identifier of the device, registered here.")
    ],
    mapping: Annotated[
        Path, typer.Option("--mapping", help="The column mapping (JSON, docs/exchange.md).")
    ],
) -> None:
    """Load a person's positions from another supplier's CSV, all rows or none: every row is
    read first and the first bad one named with its line; the file is kept as a raw frame on
    the device's chain. Audited as 'import_positions'."""
    from valvo.adapters.db.audit_trail import SqlAuditTrail
    from valvo.adapters.db.exchange_rows import RecordConflict
    from valvo.adapters.db.supplier_positions import write_supplier_positions
    from valvo.adapters.exchange.supplier_csv import BadCsv, read_mapping, read_positions
    from valvo.bootstrap import build

    for path in (csv_file, mapping):
        if not path.is_file():
            typer.echo(f"{path}: no such file", err=True)
            raise typer.Exit(REFUSED)
    data = csv_file.read_bytes()
    try:
        fixes = read_positions(data, read_mapping(mapping.read_bytes()))
    except BadCsv as exc:
        typer.echo(f"refused: {exc}; nothing stored", err=True)
        raise typer.Exit(REFUSED) from exc
    valvo = build()
    valvo.prepare_database()
    now = valvo.clock()
    try:
        with valvo.db.begin() as conn:
            written = write_supplier_positions(
                conn,
                subject_id=person,
                device_identifier=device,
                fixes=fixes,
                file_bytes=data,
                source=csv_file.name,
                now=now,
            )
            SqlAuditTrail(conn).record(
                at=now,
                actor="cli",
                action="import_positions",
                target_type="subject",
                target_id=person,
                details={"file": csv_file.name, "device": device, "rows": written},
            )
    except RecordConflict as exc:
        typer.echo(f"refused: {exc}; nothing stored", err=True)
        raise typer.Exit(NOT_FOUND) from exc
    first, last = min(f.time for f in fixes), max(f.time for f in fixes)
    typer.echo(
        json.dumps(
            {
                "subject_id": person,
                "device": device,
                "rows": written,
                "from": first.isoformat(),
                "to": last.isoformat(),
            }
        )
    )
