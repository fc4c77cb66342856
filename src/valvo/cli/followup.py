"""``valvo followup report``: the pilot follow-up report for a cron job (issue 17): the PDF in
Finnish or English, the CSV, or the JSON the console reads, for a region and a period (default:
the last whole calendar month)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated, Literal

import typer

followup_app = typer.Typer(
    help="Pilot follow-up statistics and cost per day.", no_args_is_help=True
)


def _day(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        typer.echo(f"invalid_date: {option} must be YYYY-MM-DD, got {text!r}", err=True)
        raise typer.Exit(2) from exc


def last_month(today: date) -> tuple[date, date]:
    first = date(today.year, today.month, 1)
    previous = date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1)
    return previous, first


@followup_app.command("report")
def report(
    out: Annotated[Path, typer.Option("--out", help="File to write.")],
    start: Annotated[
        str | None, typer.Option("--from", help="First day (default: last month's first).")
    ] = None,
    end: Annotated[
        str | None,
        typer.Option("--to", help="The day after the last (default: this month's first)."),
    ] = None,
    region: Annotated[str | None, typer.Option(help="One region (default: all).")] = None,
    pilot: Annotated[
        bool | None, typer.Option("--pilot/--not-pilot", help="Pilot cases, or the others.")
    ] = None,
    lang: Annotated[Literal["fi", "en"], typer.Option(help="Language.")] = "fi",
    fmt: Annotated[Literal["pdf", "csv", "json"], typer.Option("--format")] = "pdf",
    today: Annotated[str | None, typer.Option(help="Report as of this day.")] = None,
) -> None:
    """Write the follow-up report of the period to --out."""
    from valvo.bootstrap import build
    from valvo.domain.schedule.local_time import DEFAULT_TIMEZONE, zone
    from valvo.services import followup, followup_report
    from valvo.services.cases.document_model import DocumentRenderError
    from valvo.services.errors import ServiceError

    valvo = build()
    on = _day(today, "--today") or valvo.clock().astimezone(zone(DEFAULT_TIMEZONE)).date()
    default_start, default_end = last_month(on)
    query = followup.Query(
        _day(start, "--from") or default_start, _day(end, "--to") or default_end, region, pilot
    )
    try:
        with valvo.uow() as uow:
            stats = followup.statistics(
                uow, query, today=on, prison_day_cents=valvo.settings.prison_day_cost_cents
            )
        if fmt == "json":
            out.write_text(json.dumps(stats, default=str, indent=2), encoding="utf-8")
        elif fmt == "csv":
            out.write_text(followup.csv_text(stats, lang), encoding="utf-8-sig")
        else:
            out.write_bytes(valvo.document_pdf(followup_report.build(stats, lang, on)))
    except (ServiceError, DocumentRenderError) as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from exc
    finally:
        valvo.db.dispose()
    typer.echo(f"{out} ({stats['from']} – {stats['to']}, {fmt}, {lang})")
