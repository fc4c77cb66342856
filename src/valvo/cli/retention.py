"""``valvo retention policy | run``: what the retention policy keeps, and applying it."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from valvo.cli.audit import parse_instant

retention_app = typer.Typer(help="Retention by order type, legal holds.", no_args_is_help=True)


@retention_app.command("policy")
def policy(
    name: Annotated[str | None, typer.Option("--policy", help="Policy version.")] = None,
) -> None:
    """Print the retention policy (periods per order type and category, with their reasons)."""
    from valvo.domain.retention.policy import RetentionError, get_policy

    try:
        chosen = get_policy(name) if name else get_policy()
    except RetentionError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from exc
    typer.echo(json.dumps(chosen.as_dict(), indent=2))


@retention_app.command("run")
def run(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Report only; delete nothing.")
    ] = False,
    now: Annotated[
        str | None, typer.Option("--now", help="Evaluate as of this instant (ISO 8601).")
    ] = None,
    batch_size: Annotated[
        int, typer.Option(min=1, max=100_000, help="Rows per delete transaction.")
    ] = 5000,
    pause_ms: Annotated[
        int, typer.Option(min=0, max=10_000, help="Pause after each delete transaction (ms).")
    ] = 50,
    name: Annotated[str | None, typer.Option("--policy", help="Policy version.")] = None,
) -> None:
    """Report per category and per order what the policy lets go and what legal holds keep;
    without --dry-run, write the anonymised statistics, delete in bounded batches and record
    what went in the audit trail. Prints JSON."""
    from valvo.adapters.db.retention_plan import make_plan
    from valvo.adapters.db.retention_run import execute
    from valvo.bootstrap import build
    from valvo.domain.retention.policy import RetentionError, get_policy

    try:
        chosen = get_policy(name) if name else get_policy()
    except RetentionError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from exc
    valvo = build()
    at = parse_instant(now, "--now") if now else valvo.clock()
    if not dry_run and at > valvo.clock():
        typer.echo("--now may not be in the future for a real run", err=True)
        raise typer.Exit(2)
    valvo.prepare_database()
    with valvo.db.connect() as conn:
        plan = make_plan(conn, chosen, at)
    report = {"dry_run": dry_run, **plan.as_dict()}
    if not dry_run:
        report["result"] = execute(valvo.db, plan, "cli", batch_size, pause_ms / 1000).as_dict()
    typer.echo(json.dumps(report, indent=2))
