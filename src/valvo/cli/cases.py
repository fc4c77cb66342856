"""``valvo cases ...``: the case work from the command line (the deadline monitor for cron).

Heavy imports (database, services) happen inside the commands, so ``valvo law`` and ``valvo
decode`` stay fast.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

cases_app = typer.Typer(help="Monitoring sentences and travel bans.", no_args_is_help=True)

EXIT_OVERDUE = 3


@cases_app.command("deadlines")
def deadlines_command(
    now: Annotated[
        str | None,
        typer.Option("--now", help="Assess at this instant (ISO 8601); default: now."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
    fail_on_overdue: Annotated[
        bool,
        typer.Option("--fail-on-overdue", help=f"Exit {EXIT_OVERDUE} if a deadline was missed."),
    ] = False,
    timezone: Annotated[str, typer.Option(help="Zone the times are shown in.")] = (
        "Europe/Helsinki"
    ),
) -> None:
    """Open legal deadlines (72 h, 7 d, 60 d, one month, one year): the missed ones first
    (escalate), then those due soon (warning), then the rest."""
    from valvo.bootstrap import build
    from valvo.domain.law.calendar import parse_instant
    from valvo.domain.law.errors import LawInputError
    from valvo.domain.schedule.local_time import TimezoneError, zone
    from valvo.services.cases.commands import ReadDeadlines
    from valvo.services.cases.common import CASE_TYPES

    try:
        tz = zone(timezone)
        valvo = build()
        at = valvo.clock() if now is None else parse_instant(now, "--now", tz)
    except (LawInputError, TimezoneError) as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from exc
    valvo.prepare_database()
    command = ReadDeadlines(actor="cli", at=valvo.clock(), case_types=CASE_TYPES, as_of=at)
    tasks: list[dict[str, Any]] = valvo.bus.handle(command)
    for task in tasks:
        due = task["due_at"].astimezone(tz)
        if as_json:
            keys = ("case_id", "case_type", "kind", "rule", "stage", "escalation")
            out = {key: task[key] for key in keys}
            typer.echo(json.dumps({**out, "due_at": due.isoformat()}, ensure_ascii=False))
        else:
            typer.echo(
                f"{task['stage'].upper():8} {due:%Y-%m-%d %H:%M%z}  {task['label_en']} "
                f"({task['rule']})  {task['subject_name']}  {task['case_id']}"
            )
    if fail_on_overdue and any(task["stage"] == "overdue" for task in tasks):
        raise typer.Exit(EXIT_OVERDUE)
