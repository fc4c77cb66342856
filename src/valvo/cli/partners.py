"""``valvo partners``: the partner registry's initial load from CSV, its dashboards, and one
attendance reconciliation round.

The heavy imports (database, services) happen inside the commands, so ``valvo law`` and
``valvo decode`` stay fast.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

partners_app = typer.Typer(
    help="The partner registry (stakeholders, places).", no_args_is_help=True
)


@partners_app.command("import")
def import_command(
    kind: Annotated[str, typer.Argument(help="What the file holds, e.g. units, partners, places.")],
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)],
    actor: Annotated[str, typer.Option(help="Who is loading (for the audit trail).")] = "cli",
) -> None:
    """Load a CSV file (UTF-8, comma or semicolon): every row, or none if any row is wrong."""
    from valvo.bootstrap import build
    from valvo.services.errors import ServiceError
    from valvo.services.partners.record_commands import ImportRecords

    try:
        content = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        typer.echo(f"{file}: not UTF-8 (byte {exc.start})", err=True)
        raise typer.Exit(2) from exc
    valvo = build()
    valvo.prepare_database()
    try:
        command = ImportRecords(actor=actor, at=valvo.clock(), kind=kind, content=content)
        result = valvo.bus.handle(command)
    except ServiceError as exc:
        typer.echo(str(exc).replace(" | ", "\n  "), err=True)
        raise typer.Exit(2) from exc
    finally:
        valvo.db.dispose()
    typer.echo(f"{result['imported']} {kind} imported")


@partners_app.command("dashboards")
def dashboards_command() -> None:
    """Print what is missing, overdue or stale today, as JSON."""
    from valvo.bootstrap import build
    from valvo.services.partners import dashboards, follow_up_dashboard

    valvo = build()
    valvo.prepare_database()
    today = valvo.clock().date()
    with valvo.partners_uow() as uow:
        out = {
            "agreements": dashboards.missing_agreements(uow, today),
            "meetings": dashboards.overdue_meetings(uow, today),
            "contacts": dashboards.stale(uow, today),
            "other": dashboards.other_gaps(uow, today),
            "follow_up": follow_up_dashboard.follow_up(uow, today),
        }
    valvo.db.dispose()
    typer.echo(json.dumps(out, default=str, ensure_ascii=False, indent=1))


@partners_app.command("reconcile")
def reconcile_command(
    days: Annotated[int, typer.Option(min=0, max=31, help="How many days back.")] = 7,
) -> None:
    """One attendance round (what ``valvo serve`` runs every VALVO_PARTNERS_RECONCILE_EVERY_S):
    ended sessions reconciled with the GPS record; a no-show or mismatch raises an alarm."""
    from valvo.bootstrap import build

    valvo = build()
    valvo.prepare_database()
    try:
        changed = valvo.attendance_reconciler(days).tick(valvo.clock())
    finally:
        valvo.db.dispose()
    alarms = sum(len(o.get("alarms_raised") or ()) for o in changed)
    typer.echo(f"{len(changed)} outcome(s) changed, {alarms} alarm(s) raised")
