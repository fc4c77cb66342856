"""``valvo partners``: the partner registry's initial load from CSV, and its dashboards.

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
    from valvo.adapters.db.partners_uow import SqlPartnersUnitOfWork
    from valvo.bootstrap import build
    from valvo.services.errors import ServiceError
    from valvo.services.partners.imports import import_csv

    try:
        content = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        typer.echo(f"{file}: not UTF-8 (byte {exc.start})", err=True)
        raise typer.Exit(2) from exc
    valvo = build()
    valvo.prepare_database()
    try:
        with SqlPartnersUnitOfWork(valvo.db) as uow:
            result = import_csv(uow, actor, valvo.clock(), kind, content)
            uow.commit()
    except ServiceError as exc:
        typer.echo(str(exc).replace(" | ", "\n  "), err=True)
        raise typer.Exit(2) from exc
    finally:
        valvo.db.dispose()
    typer.echo(f"{result['imported']} {kind} imported")


@partners_app.command("dashboards")
def dashboards_command() -> None:
    """Print what is missing, overdue or stale today, as JSON."""
    from valvo.adapters.db.partners_uow import SqlPartnersUnitOfWork
    from valvo.bootstrap import build
    from valvo.services.partners import dashboards

    valvo = build()
    valvo.prepare_database()
    today = valvo.clock().date()
    with SqlPartnersUnitOfWork(valvo.db) as uow:
        out = {
            "agreements": dashboards.missing_agreements(uow, today),
            "meetings": dashboards.overdue_meetings(uow, today),
            "contacts": dashboards.stale(uow, today),
        }
    valvo.db.dispose()
    typer.echo(json.dumps(out, default=str, ensure_ascii=False, indent=1))
