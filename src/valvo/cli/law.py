"""``valvo law ...``: the sentence calculator officers use (public contract in PRODUCT.md).

Each command prints one JSON object on stdout. Input the law does not allow (a 3-day sentence,
a malformed date, an unknown option) prints nothing on stdout, one line ``code: reason`` on
stderr, and exits 2. ``check-plan`` always prints its report (``valid`` and ``errors``) once it
could read the plan; an invalid plan (a 13-hour locality window, too little activity) also
prints its first error on stderr and exits 2, a valid one exits 0.
Options are read as text and parsed here, so every message names the option and the value.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer
from typer.core import TyperGroup

from valvo.domain.law.calendar import parse_date, parse_instant
from valvo.domain.law.combination import combine
from valvo.domain.law.conversion import convert_to_prison
from valvo.domain.law.errors import LawInputError
from valvo.domain.law.parole import compute_parole, fraction_text
from valvo.domain.law.plan_check import check_plan_data
from valvo.domain.law.policy import DEFAULT_POLICY_NAME, LawPolicy, get_policy
from valvo.domain.law.travel_ban import travel_ban_deadlines
from valvo.domain.schedule.local_time import DEFAULT_TIMEZONE, TimezoneError, zone

EXIT_INVALID = 2
T = TypeVar("T")

# Typer vendors Click; its UsageError is the base of the public BadParameter.
_USAGE_ERROR: type[Exception] = next(
    cls for cls in typer.BadParameter.__mro__ if cls.__name__ == "UsageError"
)


class LawGroup(TyperGroup):
    """Turns Click's usage errors (missing or unknown option, missing command) into the same
    one-line stderr and exit 2 as every other invalid input of ``valvo law``."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except _USAGE_ERROR as exc:
            _usage_failure(exc, ctx)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except _USAGE_ERROR as exc:
            _usage_failure(exc, ctx)


law_app = typer.Typer(
    cls=LawGroup,
    help="The sentence calculator officers use; each command prints one JSON object.",
)

PolicyOption = Annotated[
    str,
    typer.Option("--policy", help="Legal policy version: 2007-draft (default) or 2011-act."),
]


@law_app.command("parole")
def parole_command(
    length_days: Annotated[
        str | None, typer.Option("--length-days", help="Sentence length in days.")
    ] = None,
    start: Annotated[
        str | None, typer.Option("--start", help="First day served (YYYY-MM-DD).")
    ] = None,
    under_21: Annotated[
        str | None, typer.Option("--under-21", help="Offence committed under 21: yes or no.")
    ] = None,
    prison_within_3y: Annotated[
        str | None,
        typer.Option("--prison-within-3y", help="Prison served in the 3 years before: yes/no."),
    ] = None,
    interrupted_days: Annotated[
        str, typer.Option("--interrupted-days", help="Days of interruption so far.")
    ] = "0",
    policy: PolicyOption = DEFAULT_POLICY_NAME,
) -> None:
    """Parole date and end date of a monitoring sentence (RL 2c:5; R73–R75)."""
    law = _policy(policy)
    result = _run(
        lambda: compute_parole(
            length_days=_whole(_required(length_days, "--length-days"), "--length-days"),
            start=parse_date(_required(start, "--start"), "--start"),
            under_21=_yes_no(_required(under_21, "--under-21"), "--under-21"),
            prison_within_lookback=_yes_no(
                _required(prison_within_3y, "--prison-within-3y"), "--prison-within-3y"
            ),
            interrupted_days=_whole(interrupted_days, "--interrupted-days"),
            policy=law,
        )
    )
    _emit(
        {
            "fraction": fraction_text(result.fraction),
            "days_before_parole": result.days_before_parole,
            "parole_date": result.parole_date.isoformat(),
            "end_date": result.end_date.isoformat(),
        }
    )


@law_app.command("convert")
def convert_command(
    unserved_days: Annotated[
        str | None, typer.Option("--unserved-days", help="Unserved days of the sentence.")
    ] = None,
    policy: PolicyOption = DEFAULT_POLICY_NAME,
) -> None:
    """Prison days when the unserved part is converted (§17; R89): 1:1, at least 4."""
    law = _policy(policy)
    days = _run(
        lambda: convert_to_prison(
            _whole(_required(unserved_days, "--unserved-days"), "--unserved-days"), law
        )
    )
    _emit({"prison_days": days})


@law_app.command("combine")
def combine_command(
    start: Annotated[
        str | None, typer.Option("--start", help="Start of the combined enforcement.")
    ] = None,
    length_days: Annotated[
        list[str] | None,
        typer.Option("--length-days", help="Length of one sentence in days; repeat per sentence."),
    ] = None,
    policy: PolicyOption = DEFAULT_POLICY_NAME,
) -> None:
    """Sentences enforced together, capped at six months from the start (§20; R95)."""
    law = _policy(policy)
    result = _run(
        lambda: combine(
            parse_date(_required(start, "--start"), "--start"),
            [_whole(text, "--length-days") for text in length_days or []],
            law,
        )
    )
    _emit(
        {
            "total_days": result.total_days,
            "cap_days": result.cap_days,
            "combined_days": result.combined_days,
            "capped": result.capped,
        }
    )


@law_app.command("travel-ban")
def travel_ban_command(
    decided_at: Annotated[
        str | None,
        typer.Option(
            "--decided-at",
            help="When the ban was decided: ISO 8601 with Z or an offset, or local time.",
        ),
    ] = None,
    provisional_locality: Annotated[
        str,
        typer.Option("--provisional-locality", help="Provisional locality obligation: yes/no."),
    ] = "no",
    timezone: Annotated[
        str,
        typer.Option("--timezone", help="Zone for a local --decided-at and for the output."),
    ] = DEFAULT_TIMEZONE,
    policy: PolicyOption = DEFAULT_POLICY_NAME,
) -> None:
    """Travel-ban deadlines (PKL 2:7, 2:14; R111, R118), in the zone's local time."""
    law = _policy(policy)
    try:
        tz = zone(timezone)
    except TimezoneError as exc:
        _fail("unknown_timezone", f"--timezone: {exc}")
    provisional = _run(lambda: _yes_no(provisional_locality, "--provisional-locality"))
    result = _run(
        lambda: travel_ban_deadlines(
            parse_instant(_required(decided_at, "--decided-at"), "--decided-at", tz),
            provisional_locality=provisional,
            policy=law,
        )
    )
    out = {"charges_deadline": result.charges_deadline.astimezone(tz).isoformat()}
    if result.court_referral_deadline is not None and result.court_hearing_deadline is not None:
        out["court_referral_deadline"] = result.court_referral_deadline.astimezone(tz).isoformat()
        out["court_hearing_deadline"] = result.court_hearing_deadline.astimezone(tz).isoformat()
    _emit(out)


@law_app.command("check-plan")
def check_plan_command(
    file: Annotated[
        str | None, typer.Argument(help="The plan as JSON (see docs/law.md); '-' for stdin.")
    ] = None,
    policy: PolicyOption = DEFAULT_POLICY_NAME,
) -> None:
    """Check a plan against the law: prints "valid" and "errors"; exits 2 if it is invalid."""
    law = _policy(policy)
    if file is None:
        _fail("missing_argument", "check-plan needs the plan FILE (or '-' for stdin)")
    data = _read_json(file)
    report = _run(lambda: check_plan_data(data, law))
    _emit(
        {
            "valid": report.valid,
            "errors": [{"code": e.code, "message": e.message} for e in report.errors],
        }
    )
    if not report.valid:
        first = report.errors[0]
        more = f" (and {len(report.errors) - 1} more)" if len(report.errors) > 1 else ""
        _fail(first.code, first.message + more)


def _read_json(file: str) -> object:
    try:
        text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
    except OSError as exc:
        _fail("unreadable_file", f"cannot read {file}: {exc.strerror or exc}")
    except UnicodeDecodeError:
        _fail("invalid_json", f"{file} is not UTF-8 text")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        _fail(
            "invalid_json", f"{file} is not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        )


def _run(compute: Callable[[], T]) -> T:
    try:
        return compute()
    except LawInputError as exc:
        _fail(exc.code, exc.message)


def _policy(name: str) -> LawPolicy:
    return _run(lambda: get_policy(name))


def _required(value: str | None, option: str) -> str:
    if value is None:
        raise LawInputError("missing_option", f"{option} is required")
    return value


_WHOLE = re.compile(r"[+-]?\d{1,9}")


def _whole(text: str, option: str) -> int:
    if not _WHOLE.fullmatch(text.strip()):
        raise LawInputError(
            "invalid_number", f"{option}: {text!r} is not a whole number of days (up to 9 digits)"
        )
    return int(text)


def _yes_no(text: str, option: str) -> bool:
    answer = text.strip().lower()
    if answer not in ("yes", "no"):
        raise LawInputError("invalid_choice", f"{option}: {text!r} must be yes or no")
    return answer == "yes"


def _emit(payload: Mapping[str, object]) -> None:
    typer.echo(json.dumps(payload, ensure_ascii=False))


def _fail(code: str, message: str) -> NoReturn:
    line = " ".join(message.split())
    print(f"{code}: {line}", file=sys.stderr)
    raise typer.Exit(code=EXIT_INVALID)


def _usage_failure(exc: Exception, group_ctx: Any) -> NoReturn:
    """One line naming the command: the error's own context, else the subcommand being run."""
    where = getattr(getattr(exc, "ctx", None), "command_path", None)
    if where is None or where == group_ctx.command_path:
        where = " ".join(filter(None, (group_ctx.command_path, group_ctx.invoked_subcommand)))
    format_message = getattr(exc, "format_message", None)
    reason = format_message() if callable(format_message) else str(exc)
    _fail("usage", f"{where}: {reason}")
