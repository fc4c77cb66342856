"""Tamper evidence over what a court relies on, on SQLite and PostgreSQL: ``valvo verify`` proves
the keyed audit chain and its head, the raw frames, the sealed positions, observations and alarm
trail against their writers' heads, and each alarm's status and cause against its trail; any
edit, removal (the newest rows too) or unreadable value gives exit 1 naming the place."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import delete, func, select, text, update
from typer.testing import CliRunner

from tests.conftest import FakeClock
from tests.integration.test_audit import write_records
from tests.integration.test_provenance import fix_frame
from tests.support.alarm_desk import exclusion_alarm, person
from valvo.adapters.db import tables as t
from valvo.adapters.db.audit_trail import record_content, record_hash
from valvo.adapters.db.tables_evidence import evidence_heads
from valvo.bootstrap import Valvo
from valvo.cli.main import app
from valvo.services import alarms


@pytest.fixture
def cli(valvo: Valvo, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("VALVO_DATABASE_URL", valvo.settings.resolved_database_url)
    monkeypatch.setenv("VALVO_DATA_DIR", str(valvo.settings.data_dir))
    return CliRunner()


def verify(cli: CliRunner) -> tuple[int, dict[str, object], str]:
    result = cli.invoke(app, ["verify"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, json.loads(result.output.strip().splitlines()[-1]), result.output


@pytest.fixture
def evidence(valvo: Valvo, clock: FakeClock) -> str:
    """A fix through the engine that raised an alarm an operator then resolved; raw frames."""
    who = person(valvo)
    alarm = exclusion_alarm(valvo, who, clock() - timedelta(minutes=5))
    with valvo.uow() as uow:
        alarms.resolve(uow, "op", clock.advance(minutes=1), alarm["id"], "duplicate", None)
        uow.commit()
    valvo.observation_log().append_frames([fix_frame(valvo, "A", n) for n in range(2)])
    return str(alarm["id"])


def newest(valvo: Valvo, column: object) -> int:
    with valvo.db.connect() as conn:
        found: object = conn.execute(select(func.max(column))).scalar_one()
        return int(str(found))


def test_verify_passes_over_untouched_evidence(cli: CliRunner, evidence: str) -> None:
    code, summary, output = verify(cli)
    assert code == 0, output
    assert summary["intact"] is True
    rows = summary["rows"]
    assert isinstance(rows, dict)
    assert rows["positions"] >= 1
    assert rows["observations"] >= 3
    assert rows["alarm_events"] >= 2


def test_an_edited_position_is_named(valvo: Valvo, cli: CliRunner, evidence: str) -> None:
    pid = newest(valvo, t.positions.c.id)
    with valvo.db.begin() as conn:
        conn.execute(update(t.positions).where(t.positions.c.id == pid).values(lat=61.0))
    code, _, output = verify(cli)
    assert code == 1
    assert f"BROKEN positions id {pid}: its content does not match its seal" in output


def test_removing_the_newest_position_is_caught_by_the_heads(
    valvo: Valvo, cli: CliRunner, evidence: str
) -> None:
    pid = newest(valvo, t.positions.c.id)
    with valvo.db.begin() as conn:
        conn.execute(delete(t.positions).where(t.positions.c.id == pid))
    code, _, output = verify(cli)
    assert code == 1
    assert "BROKEN positions (all rows): the writers' heads count" in output


def test_an_edited_observation_is_named(valvo: Valvo, cli: CliRunner, evidence: str) -> None:
    seq = newest(valvo, t.observations.c.seq)
    o = t.observations
    with valvo.db.begin() as conn:
        conn.execute(update(o).where(o.c.seq == seq).values(payload={"lat": 1.0, "lon": 2.0}))
    code, _, output = verify(cli)
    assert code == 1
    assert f"BROKEN observations seq {seq}: its content does not match its seal" in output


def test_a_rewritten_head_is_named(valvo: Valvo, cli: CliRunner, evidence: str) -> None:
    with valvo.db.begin() as conn:
        conn.execute(update(evidence_heads).values(tallies={}))
    code, _, output = verify(cli)
    assert code == 1
    assert "its seal does not match" in output


def test_an_alarm_status_or_cause_changed_outside_the_desk_is_named(
    valvo: Valvo, cli: CliRunner, evidence: str
) -> None:
    with valvo.db.begin() as conn:
        conn.execute(update(t.alarms).where(t.alarms.c.id == evidence).values(cause="false_alarm"))
    code, _, output = verify(cli)
    assert code == 1
    assert f"BROKEN alarms {evidence}: status 'resolved' and cause 'false_alarm' differ" in output


def test_an_audit_edit_with_recomputed_hashes_is_caught_by_the_key(
    valvo: Valvo, clock: FakeClock, cli: CliRunner
) -> None:
    ids = write_records(valvo, clock, 4)
    a = t.audit_records
    with valvo.db.begin() as conn:
        conn.execute(update(a).where(a.c.id == ids[1]).values(actor="mallory"))
        prev = conn.execute(select(a.c.hash).where(a.c.id == ids[0])).scalar_one()
        for row in conn.execute(select(a).where(a.c.id >= ids[1]).order_by(a.c.id)).mappings():
            digest = record_hash(prev, record_content(row))
            conn.execute(update(a).where(a.c.id == row["id"]).values(prev_hash=prev, hash=digest))
            prev = digest
    code, _, output = verify(cli)
    assert code == 1
    assert f"BROKEN audit record {ids[1]}: its key seal does not match" in output


def test_removing_the_newest_audit_record_is_caught_by_the_head(
    valvo: Valvo, clock: FakeClock, cli: CliRunner
) -> None:
    ids = write_records(valvo, clock, 3)
    with valvo.db.begin() as conn:
        conn.execute(delete(t.audit_records).where(t.audit_records.c.id == ids[-1]))
    code, _, output = verify(cli)
    assert code == 1
    assert f"BROKEN audit record {ids[-1]}: the head says" in output
    assert "audit" in cli.invoke(app, ["audit", "verify"]).output
    assert cli.invoke(app, ["audit", "verify"]).exit_code == 1


def test_a_raw_frame_stored_as_text_is_named_not_a_crash(
    valvo: Valvo, cli: CliRunner, database_url: str
) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("PostgreSQL's bytea column cannot hold TEXT")
    valvo.observation_log().append_frames([fix_frame(valvo, "A", n) for n in range(2)])
    from valvo.adapters.db.tables_gateway import device_frames

    frame = newest(valvo, device_frames.c.id)
    with valvo.db.begin() as conn:
        conn.execute(text("UPDATE device_frames SET raw = 'text' WHERE id = :i"), {"i": frame})
    result = cli.invoke(app, ["provenance", "verify"])
    assert result.exit_code == 1, result.output
    assert f"BROKEN device A: frame {frame}: an unreadable value" in result.output
    code, _, output = verify(cli)
    assert code == 1
    assert f"BROKEN provenance device A: frame {frame}" in output
