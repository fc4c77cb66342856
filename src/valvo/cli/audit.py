"""``valvo audit verify | export | verify-export``: prove the audit chain and hand a slice of it
to an oversight body that can check it without Valvo's database."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

audit_app = typer.Typer(help="The hash-chained audit trail.", no_args_is_help=True)


def parse_instant(value: str, option: str) -> datetime:
    """An ISO 8601 instant with a UTC offset, or exit 2 saying what is wrong."""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        typer.echo(f"{option}: {exc}", err=True)
        raise typer.Exit(2) from exc
    if parsed.tzinfo is None:
        typer.echo(f"{option}: {value!r} needs a UTC offset (e.g. +00:00 or Z)", err=True)
        raise typer.Exit(2)
    return parsed


@audit_app.command("verify")
def verify() -> None:
    """Walk the whole chain from the genesis hash. Exit 0 and the count when intact; exit 1
    naming the first broken record and what is wrong with it."""
    from valvo.adapters.db.audit_export import verify_stored
    from valvo.bootstrap import build

    valvo = build()
    valvo.prepare_database()
    with valvo.db.connect() as conn:
        check = verify_stored(conn)
    if not check.intact:
        typer.echo(f"BROKEN audit record {check.broken_id}: {check.reason}")
    typer.echo(
        json.dumps(
            {
                "records": check.checked,
                "intact": check.intact,
                "broken_id": check.broken_id,
                "reason": check.reason,
                "last_hash": check.last_hash,
            }
        )
    )
    if not check.intact:
        raise typer.Exit(1)


@audit_app.command("export")
def export(
    start: Annotated[str, typer.Option("--from", help="First instant (inclusive), ISO 8601.")],
    end: Annotated[str, typer.Option("--to", help="Last instant (exclusive), ISO 8601.")],
    out: Annotated[Path, typer.Option("--out", help="JSON-lines file; FILE.manifest.json too.")],
) -> None:
    """Export the records between --from and --to (contiguous in the chain) as JSON lines and a
    manifest (count, first previous hash, last hash, SHA-256 of the lines). Exit 1 without
    writing if the stored chain up to the slice is broken. The export is itself audited."""
    from valvo.adapters.db.audit_export import export_slice
    from valvo.bootstrap import build
    from valvo.services.audit_commands import RecordAuditExport

    since, until = parse_instant(start, "--from"), parse_instant(end, "--to")
    if until <= since:
        typer.echo("--to must be after --from", err=True)
        raise typer.Exit(2)
    if not out.parent.is_dir():
        typer.echo(f"--out: directory {out.parent} does not exist", err=True)
        raise typer.Exit(2)
    valvo = build()
    valvo.prepare_database()
    with valvo.db.connect() as conn:
        result = export_slice(conn, since, until, out, valvo.clock())
    if not result.chain.intact:
        typer.echo(f"BROKEN audit record {result.chain.broken_id}: {result.chain.reason}")
        raise typer.Exit(1)
    valvo.bus.handle(RecordAuditExport(actor="cli", at=valvo.clock(), manifest=result.manifest))
    typer.echo(json.dumps(result.manifest))


@audit_app.command("verify-export")
def verify_export_command(
    file: Annotated[Path, typer.Argument(help="The exported JSON-lines file.")],
) -> None:
    """Check an export with only its two files (no database): exit 0 when every hash, the
    count, the ends and the digest agree; exit 1 listing what does not."""
    from valvo.adapters.db.audit_export import manifest_path, verify_export

    if not file.is_file() or not manifest_path(file).is_file():
        typer.echo(f"{file} or its manifest {manifest_path(file).name} does not exist", err=True)
        raise typer.Exit(2)
    try:
        check = verify_export(file)
    except (ValueError, KeyError) as exc:
        typer.echo(f"{file}: not a Valvo audit export ({exc})", err=True)
        raise typer.Exit(2) from exc
    for problem in check.problems:
        typer.echo(f"BROKEN {problem}")
    typer.echo(json.dumps({"records": check.records, "intact": check.intact}))
    if not check.intact:
        raise typer.Exit(1)
