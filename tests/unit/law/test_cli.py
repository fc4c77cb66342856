"""``valvo law ...`` through the real command: JSON keys and values, exit 2 with one line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from valvo.cli.main import app

runner = CliRunner()
VALVO = Path(sys.executable).parent / "valvo"

PAROLE = ["law", "parole", "--start", "2025-01-01", "--under-21", "no", "--prison-within-3y", "no"]


def ok(args: list[str]) -> dict[str, Any]:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    payload: dict[str, Any] = json.loads(lines[0])
    return payload


def refused(args: list[str]) -> str:
    """Exit 2, nothing on stdout, one line on stderr; returns that line."""
    result = runner.invoke(app, args)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


# --- parole -----------------------------------------------------------------------------


def test_parole_prints_the_contract_keys() -> None:
    out = ok([*PAROLE, "--length-days", "90", "--interrupted-days", "5"])
    assert out == {
        "fraction": "1/2",
        "days_before_parole": 45,
        "parole_date": "2025-02-20",
        "end_date": "2025-04-06",
    }


def test_parole_fractions_through_the_cli() -> None:
    base = ["law", "parole", "--start", "2025-01-01", "--length-days", "120"]
    young = ok([*base, "--under-21", "yes", "--prison-within-3y", "no"])
    assert (young["fraction"], young["days_before_parole"]) == ("1/3", 40)
    again = ok([*base, "--under-21", "no", "--prison-within-3y", "yes"])
    assert (again["fraction"], again["days_before_parole"]) == ("2/3", 80)
    both = ok([*base, "--under-21", "YES", "--prison-within-3y", "yes"])
    assert (both["fraction"], both["days_before_parole"]) == ("1/2", 60)


def test_parole_minimum_14_days_served() -> None:
    out = ok(
        [
            "law",
            "parole",
            "--length-days",
            "20",
            "--start",
            "2025-01-01",
            "--under-21",
            "yes",
            "--prison-within-3y",
            "no",
        ]
    )
    assert out["days_before_parole"] == 14
    assert out["parole_date"] == "2025-01-15"


def test_a_3_day_sentence_is_refused() -> None:
    line = refused([*PAROLE, "--length-days", "3"])
    assert line.startswith("length_below_minimum: --length-days 3")
    assert "at least 14 days" in line


def test_a_sentence_over_4_months_is_refused_unless_the_2011_act() -> None:
    line = refused([*PAROLE, "--length-days", "150"])
    assert line.startswith("length_above_maximum:")
    out = ok([*PAROLE, "--length-days", "150", "--policy", "2011-act"])
    assert out["days_before_parole"] == 75


def test_a_malformed_date_is_refused() -> None:
    line = refused(
        [
            "law",
            "parole",
            "--length-days",
            "30",
            "--start",
            "2025-02-30",
            "--under-21",
            "no",
            "--prison-within-3y",
            "no",
        ]
    )
    assert line.startswith("invalid_date: --start: '2025-02-30'")


@pytest.mark.parametrize(
    ("args", "start"),
    [
        (["--length-days", "thirty"], "invalid_number: --length-days: 'thirty'"),
        (["--length-days", "30", "--interrupted-days", "-2"], "interrupted_days_negative:"),
        (["--length-days", "30", "--policy", "1889"], "unknown_policy: no policy '1889'"),
    ],
)
def test_parole_bad_values(args: list[str], start: str) -> None:
    assert refused([*PAROLE, *args]).startswith(start)


def test_yes_no_must_be_yes_or_no() -> None:
    line = refused(
        [
            "law",
            "parole",
            "--length-days",
            "30",
            "--start",
            "2025-01-01",
            "--under-21",
            "maybe",
            "--prison-within-3y",
            "no",
        ]
    )
    assert line == "invalid_choice: --under-21: 'maybe' must be yes or no"


def test_missing_option_is_one_line() -> None:
    line = refused(
        ["law", "parole", "--length-days", "30", "--under-21", "no", "--prison-within-3y", "no"]
    )
    assert line == "missing_option: --start is required"


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        ([*PAROLE, "--length-days", "30", "--bogus"], "No such option: --bogus"),
        ([*PAROLE, "--length-days"], "requires an argument"),
        (["law"], "Missing command"),
        (["law", "parol"], "No such command 'parol'"),
        (["law", "--bogus"], "No such option: --bogus"),
        (["law", "convert", "--unserved-days", "5", "extra"], "unexpected extra argument"),
    ],
)
def test_usage_errors_exit_2_with_one_line(args: list[str], fragment: str) -> None:
    line = refused(args)
    assert line.startswith("usage: valvo law")
    assert fragment in line


def test_help_still_works() -> None:
    result = runner.invoke(app, ["law", "parole", "--help"])
    assert result.exit_code == 0
    assert "--length-days" in result.stdout


# --- convert ------------------------------------------------------------------------------


def test_convert() -> None:
    assert ok(["law", "convert", "--unserved-days", "2"]) == {"prison_days": 4}
    assert ok(["law", "convert", "--unserved-days", "37"]) == {"prison_days": 37}
    assert refused(["law", "convert", "--unserved-days", "-1"]).startswith(
        "unserved_days_negative:"
    )
    assert refused(["law", "convert"]) == "missing_option: --unserved-days is required"


# --- combine ------------------------------------------------------------------------------


def test_combine() -> None:
    out = ok(
        ["law", "combine", "--start", "2025-01-01", "--length-days", "100", "--length-days", "100"]
    )
    assert out == {"total_days": 200, "cap_days": 181, "combined_days": 181, "capped": True}
    out = ok(
        [
            "law",
            "combine",
            "--start",
            "2025-01-01",
            "--length-days",
            "30",
            "--length-days",
            "40",
            "--length-days",
            "50",
        ]
    )
    assert out == {"total_days": 120, "cap_days": 181, "combined_days": 120, "capped": False}


def test_combine_bad_input() -> None:
    assert refused(["law", "combine", "--start", "2025-01-01"]).startswith("no_sentences:")
    assert refused(["law", "combine", "--start", "2025-01-01", "--length-days", "3"]).startswith(
        "length_below_minimum:"
    )
    assert refused(["law", "combine", "--start", "01/01/2025", "--length-days", "30"]).startswith(
        "invalid_date:"
    )


# --- travel-ban ---------------------------------------------------------------------------


def test_travel_ban_with_provisional_locality() -> None:
    out = ok(
        [
            "law",
            "travel-ban",
            "--decided-at",
            "2025-03-28T10:00:00+02:00",
            "--provisional-locality",
            "yes",
        ]
    )
    assert out == {
        "charges_deadline": "2025-05-27T11:00:00+03:00",
        "court_referral_deadline": "2025-03-31T11:00:00+03:00",
        "court_hearing_deadline": "2025-04-04T11:00:00+03:00",
    }


def test_travel_ban_without_locality_has_only_the_charges_deadline() -> None:
    out = ok(["law", "travel-ban", "--decided-at", "2025-06-02T08:00:00Z"])
    assert out == {"charges_deadline": "2025-08-01T11:00:00+03:00"}
    assert (
        ok(
            [
                "law",
                "travel-ban",
                "--decided-at",
                "2025-06-02T11:00",
                "--provisional-locality",
                "no",
            ]
        )
        == out
    )


def test_travel_ban_bad_input() -> None:
    assert refused(["law", "travel-ban", "--decided-at", "2025-06-31T08:00Z"]).startswith(
        "invalid_datetime: --decided-at"
    )
    assert refused(["law", "travel-ban", "--decided-at", "yesterday"]).startswith(
        "invalid_datetime:"
    )
    assert refused(
        [
            "law",
            "travel-ban",
            "--decided-at",
            "2025-06-02T08:00Z",
            "--provisional-locality",
            "perhaps",
        ]
    ).startswith("invalid_choice:")
    assert refused(
        ["law", "travel-ban", "--decided-at", "2025-06-02T08:00Z", "--timezone", "Nowhere/City"]
    ).startswith("unknown_timezone:")


# --- check-plan ---------------------------------------------------------------------------


def write(tmp_path: Path, plan: object) -> str:
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan), encoding="utf-8")
    return str(path)


def test_check_plan_valid(tmp_path: Path) -> None:
    plan = {
        "kind": "monitoring_sentence",
        "timezone": "Europe/Helsinki",
        "start": "2025-03-03",
        "end": "2025-03-09",
        "intervals": [
            {"purpose": "activity", "start": f"2025-03-0{d}T08:00", "end": f"2025-03-0{d}T16:00"}
            for d in range(3, 8)
        ],
    }
    assert ok(["law", "check-plan", write(tmp_path, plan)]) == {"valid": True, "errors": []}


def invalid_plan(args: list[str]) -> tuple[dict[str, Any], str]:
    """An invalid plan: the JSON report on stdout, its first error on stderr, exit 2."""
    result = runner.invoke(app, args)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    (line,) = result.stdout.splitlines()
    (reason,) = result.stderr.splitlines()
    payload: dict[str, Any] = json.loads(line)
    return payload, reason


def test_check_plan_13_hour_locality_window_is_an_invalid_plan(tmp_path: Path) -> None:
    """The report names every error; the exit code says the input is not what the law allows."""
    plan = {
        "kind": "travel_ban",
        "timezone": "Europe/Helsinki",
        "start": "2025-03-03",
        "end": "2025-03-09",
        "intervals": [],
        "locality_window": {"start": "17:00", "end": "06:00"},
    }
    out, reason = invalid_plan(["law", "check-plan", write(tmp_path, plan)])
    assert reason.startswith("locality_window_too_long: ")
    assert reason.endswith("(and 1 more)")
    assert out["valid"] is False
    assert [e["code"] for e in out["errors"]] == [
        "locality_window_too_long",
        "locality_window_outside_night_unjustified",
    ]
    assert all(set(e) == {"code", "message"} for e in out["errors"])


def test_check_plan_policy_option(tmp_path: Path) -> None:
    plan = {
        "kind": "monitoring_sentence",
        "start": "2025-03-03",
        "end": "2025-03-09",
        "intervals": [
            {
                "purpose": "activity",
                "start": "2025-03-03T19:00",
                "end": "2025-03-04T05:00",
                "justification": "night shift",
            }
        ],
    }
    path = write(tmp_path, plan)
    assert ok(["law", "check-plan", path])["valid"] is True
    out = ok(["law", "check-plan", path, "--policy", "2011-act"])
    assert out["valid"] is True


def test_check_plan_from_stdin() -> None:
    plan = {"kind": "travel_ban", "start": "2025-03-03", "end": "2025-03-09", "intervals": []}
    result = runner.invoke(app, ["law", "check-plan", "-"], input=json.dumps(plan))
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"valid": True, "errors": []}


def test_check_plan_not_a_plan(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"kind": "travel_ban",', encoding="utf-8")
    assert refused(["law", "check-plan", str(broken)]).startswith(
        f"invalid_json: {broken} is not JSON:"
    )
    missing = write(tmp_path, {"kind": "travel_ban", "start": "2025-03-03"})
    assert refused(["law", "check-plan", missing]) == (
        "invalid_plan: the plan: missing key 'end', 'intervals'"
    )
    assert refused(["law", "check-plan", str(tmp_path / "none.json")]).startswith(
        "unreadable_file: cannot read"
    )
    assert refused(["law", "check-plan"]).startswith("missing_argument:")
    bad_date = write(
        tmp_path,
        {"kind": "travel_ban", "start": "2025-03-32", "end": "2025-04-01", "intervals": []},
    )
    assert refused(["law", "check-plan", bad_date]).startswith("invalid_date: start: '2025-03-32'")


# --- the installed command, as other tools run it -----------------------------------------


def run_valvo(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(VALVO), "law", *args], capture_output=True, text=True, timeout=60, check=False
    )


def test_subprocess_parole_and_a_3_day_sentence() -> None:
    done = run_valvo(
        "parole",
        "--length-days",
        "60",
        "--start",
        "2025-01-01",
        "--under-21",
        "no",
        "--prison-within-3y",
        "yes",
        "--interrupted-days",
        "2",
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "fraction": "2/3",
        "days_before_parole": 40,
        "parole_date": "2025-02-12",
        "end_date": "2025-03-04",
    }
    done = run_valvo(
        "parole",
        "--length-days",
        "3",
        "--start",
        "2025-01-01",
        "--under-21",
        "no",
        "--prison-within-3y",
        "no",
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.splitlines()) == 1
    assert done.stderr.startswith("length_below_minimum:")
    assert "Traceback" not in done.stderr


def test_subprocess_usage_error_is_one_line() -> None:
    done = run_valvo("travel-ban", "--decided-at")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        "usage: valvo law travel-ban: Option '--decided-at' requires an argument."
    ]
