"""``valvo cases deadlines``: the deadline monitor from the command line, on the real database
the settings name (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import FakeClock, make_valvo
from valvo.cli.main import app
from valvo.domain.cases.ban_content import BanContent, Ground
from valvo.services.cases import travel_bans

DECIDED = datetime(2027, 3, 26, 8, 0, tzinfo=UTC)
runner = CliRunner()


@pytest.fixture
def database(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A database holding one ordinary travel ban (its only deadline: 60 days to charges)."""
    valvo = make_valvo(database_url, tmp_path, FakeClock(DECIDED + timedelta(minutes=5)))
    content = BanContent(
        offence="fraud",
        max_penalty_months=24,
        grounds=(Ground.CONTINUED_CRIME,),
        probable_cause=True,
        instead_of_arrest_or_remand=True,
        area="Helsinki",
    )
    with valvo.uow() as uow:
        case = travel_bans.impose(
            uow,
            "police",
            valvo.clock(),
            decided_by="prosecutor",
            decided_at=DECIDED,
            content=content,
            provisional=False,
            prosecutor_notified_at=None,
            court=None,
            heard_in_person_at=DECIDED,
            copy_delivery="post",
            device_identifier="cli-gps",
            device_protocol="osmand",
            passport_status="none_held",
            subject_name="Cli Person",
            region="Etelä-Suomi",
        )
        uow.commit()
    valvo.db.dispose()
    monkeypatch.setenv("VALVO_DATABASE_URL", database_url)
    monkeypatch.setenv("VALVO_DATA_DIR", str(tmp_path))
    return str(case["id"])


def run(*args: str) -> tuple[int, list[dict[str, object]]]:
    result = runner.invoke(app, ["cases", "deadlines", "--json", *args])
    return result.exit_code, [json.loads(line) for line in result.stdout.splitlines()]


def test_warns_before_and_escalates_after_the_60_days(database: str) -> None:
    code, tasks = run("--now", "2027-04-01T12:00+03:00")
    assert code == 0
    assert [(t["case_id"], t["kind"], t["stage"]) for t in tasks] == [
        (database, "charges", "pending")
    ]
    assert tasks[0]["due_at"] == "2027-05-25T11:00:00+03:00"
    assert tasks[0]["rule"] == "PKL 2:14, R118"
    assert run("--now", "2027-05-20T12:00+03:00")[1][0]["stage"] == "warning"
    code, tasks = run("--now", "2027-05-25T11:00+03:00", "--fail-on-overdue")
    assert tasks[0]["stage"] == "overdue"
    assert code == 3
    result = runner.invoke(app, ["cases", "deadlines", "--now", "2027-05-20T12:00+03:00"])
    assert result.exit_code == 0
    assert result.stdout.startswith("WARNING  2027-05-25 11:00+0300  Charges within 60 days")


def test_a_malformed_instant_exits_2(database: str) -> None:
    result = runner.invoke(app, ["cases", "deadlines", "--now", "tomorrow"])
    assert result.exit_code == 2
    assert "invalid_datetime" in result.stderr
