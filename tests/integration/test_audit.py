"""The audit trail on SQLite and PostgreSQL: ``valvo audit verify`` proves the chain and names
the first broken record after an edit, a removal or a reorder; an export is verified from its
two files alone and any change to it is caught; reading the trail through the API is audited."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete, select, update
from typer.testing import CliRunner

from tests.conftest import FakeClock
from valvo.adapters.db.audit_trail import SqlAuditTrail
from valvo.adapters.db.tables import audit_records
from valvo.bootstrap import Valvo
from valvo.cli.main import app
from valvo.web.app import create_app


@pytest.fixture
def cli(valvo: Valvo, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("VALVO_DATABASE_URL", valvo.settings.resolved_database_url)
    monkeypatch.setenv("VALVO_DATA_DIR", str(valvo.settings.data_dir))
    return CliRunner()


def write_records(valvo: Valvo, clock: FakeClock, n: int, actor: str = "alice") -> list[int]:
    with valvo.db.begin() as conn:
        trail = SqlAuditTrail(conn)
        for i in range(n):
            clock.advance(minutes=1)
            trail.record(
                at=clock(),
                actor=actor,
                action="read",
                target_type="subject",
                target_id=f"s{i}",
                details={"i": i},
            )
    with valvo.db.connect() as conn:
        ids = conn.execute(select(audit_records.c.id).order_by(audit_records.c.id)).scalars()
        return [int(i) for i in ids][-n:]


def verify(cli: CliRunner) -> tuple[int, dict[str, object], str]:
    result = cli.invoke(app, ["audit", "verify"])
    return result.exit_code, json.loads(result.output.strip().splitlines()[-1]), result.output


def test_verify_counts_an_intact_chain(valvo: Valvo, clock: FakeClock, cli: CliRunner) -> None:
    write_records(valvo, clock, 5)
    code, summary, _ = verify(cli)
    with valvo.db.connect() as conn:
        total = len(conn.execute(select(audit_records.c.id)).all())
    assert code == 0
    assert summary["intact"] is True
    assert summary["records"] == total >= 5


def test_an_edited_record_is_named(valvo: Valvo, clock: FakeClock, cli: CliRunner) -> None:
    ids = write_records(valvo, clock, 5)
    with valvo.db.begin() as conn:
        conn.execute(
            update(audit_records).where(audit_records.c.id == ids[2]).values(actor="mallory")
        )
    code, summary, output = verify(cli)
    assert code == 1
    assert summary["broken_id"] == ids[2]
    assert f"BROKEN audit record {ids[2]}: its content does not match its hash" in output


def test_a_removed_record_is_named_by_its_successor(
    valvo: Valvo, clock: FakeClock, cli: CliRunner
) -> None:
    ids = write_records(valvo, clock, 5)
    with valvo.db.begin() as conn:
        conn.execute(delete(audit_records).where(audit_records.c.id == ids[1]))
    code, summary, output = verify(cli)
    assert code == 1
    assert summary["broken_id"] == ids[2]
    assert "previous hash does not match" in output


def test_reordered_records_are_named(valvo: Valvo, clock: FakeClock, cli: CliRunner) -> None:
    ids = write_records(valvo, clock, 5)
    with valvo.db.begin() as conn:
        a, b = (
            dict(
                conn.execute(select(audit_records).where(audit_records.c.id == i)).mappings().one()
            )
            for i in (ids[1], ids[2])
        )
        for row, other in ((a, b), (b, a)):
            values = {k: v for k, v in other.items() if k != "id"}
            conn.execute(
                update(audit_records).where(audit_records.c.id == row["id"]).values(values)
            )
    code, summary, _ = verify(cli)
    assert code == 1
    assert summary["broken_id"] == ids[1]  # the swapped-in record does not follow ids[0]


def test_an_export_verifies_alone_and_any_change_is_caught(
    valvo: Valvo, clock: FakeClock, cli: CliRunner, tmp_path: Path
) -> None:
    write_records(valvo, clock, 3, actor="before")
    start = clock() + timedelta(seconds=30)
    ids = write_records(valvo, clock, 4, actor="inside")
    end = clock() + timedelta(seconds=30)
    write_records(valvo, clock, 2, actor="after")
    out = tmp_path / "audit.jsonl"
    exported = cli.invoke(
        app,
        [
            "audit",
            "export",
            "--from",
            start.isoformat(),
            "--to",
            end.isoformat(),
            "--out",
            str(out),
        ],
    )
    assert exported.exit_code == 0, exported.output
    manifest = json.loads((tmp_path / "audit.jsonl.manifest.json").read_text())
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert manifest["records"] == 4 == len(lines)
    assert [line["id"] for line in lines] == ids
    assert {line["actor"] for line in lines} == {"inside"}
    assert manifest["last_hash"] == lines[-1]["hash"]
    with valvo.db.connect() as conn:
        before = (
            conn.execute(
                select(audit_records.c.hash)
                .where(audit_records.c.id < ids[0])
                .order_by(audit_records.c.id.desc())
            )
            .scalars()
            .first()
        )
        export_audited = (
            conn.execute(select(audit_records).where(audit_records.c.action == "export"))
            .mappings()
            .one()
        )
    assert manifest["first_prev_hash"] == before  # the slice joins the stored chain
    assert export_audited["details"]["records"] == 4

    good = cli.invoke(app, ["audit", "verify-export", str(out)])
    assert good.exit_code == 0, good.output
    assert json.loads(good.output) == {"records": 4, "intact": True}

    tampered = out.read_text().replace('"inside"', '"someone"', 1)
    out.write_text(tampered)
    bad = cli.invoke(app, ["audit", "verify-export", str(out)])
    assert bad.exit_code == 1
    assert "SHA-256 differs" in bad.output
    assert f"record {ids[0]}: its content does not match its hash" in bad.output

    # Dropping the last line and fixing the digest still fails on the manifest's last hash.
    trimmed = "".join(line + "\n" for line in out.read_text().splitlines()[:-1]).replace(
        '"someone"', '"inside"'
    )
    out.write_text(trimmed)
    import hashlib

    manifest["lines_sha256"] = hashlib.sha256(trimmed.encode()).hexdigest()
    (tmp_path / "audit.jsonl.manifest.json").write_text(json.dumps(manifest))
    short = cli.invoke(app, ["audit", "verify-export", str(out)])
    assert short.exit_code == 1
    assert "manifest says 4 records, file has 3" in short.output


def test_export_refuses_bad_input_and_a_broken_chain(
    valvo: Valvo, clock: FakeClock, cli: CliRunner, tmp_path: Path
) -> None:
    ids = write_records(valvo, clock, 3)
    out = tmp_path / "x.jsonl"
    naive = cli.invoke(
        app,
        [
            "audit",
            "export",
            "--from",
            "2026-01-01T00:00",
            "--to",
            "2027-01-01T00:00Z",
            "--out",
            str(out),
        ],
    )
    assert naive.exit_code == 2
    assert "needs a UTC offset" in naive.output
    backwards = cli.invoke(
        app,
        [
            "audit",
            "export",
            "--from",
            "2027-01-01T00:00Z",
            "--to",
            "2026-01-01T00:00Z",
            "--out",
            str(out),
        ],
    )
    assert backwards.exit_code == 2
    assert not out.exists()
    with valvo.db.begin() as conn:
        conn.execute(update(audit_records).where(audit_records.c.id == ids[0]).values(peer="x"))
    broken = cli.invoke(
        app,
        [
            "audit",
            "export",
            "--from",
            "2026-01-01T00:00Z",
            "--to",
            "2027-01-01T00:00Z",
            "--out",
            str(out),
        ],
    )
    assert broken.exit_code == 1
    assert f"BROKEN audit record {ids[0]}" in broken.output
    assert not out.exists()
    missing = cli.invoke(app, ["audit", "verify-export", str(tmp_path / "nope.jsonl")])
    assert missing.exit_code == 2


@pytest.fixture
def client(valvo: Valvo) -> Iterator[TestClient]:
    with TestClient(create_app(valvo)) as test_client:
        yield test_client


def test_reading_the_trail_filters_and_is_itself_audited(
    valvo: Valvo, clock: FakeClock, client: TestClient
) -> None:
    write_records(valvo, clock, 3, actor="alice")
    write_records(valvo, clock, 2, actor="bob")
    token = client.post("/api/auth/token", data={"username": "admin", "password": "valvo-demo"})
    headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
    response = client.get("/api/audit/records", params={"actor": "bob"}, headers=headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert [r["actor"] for r in body["records"]] == ["bob", "bob"]
    assert body["records"][0]["target_id"] == "s0"
    ranged = client.get(
        "/api/audit/records",
        params={"actor": "alice", "from": (clock() - timedelta(minutes=3, seconds=30)).isoformat()},
        headers=headers,
    )
    # alice wrote s0, s1, s2 one minute apart, then bob two records: from is between s0 and s1.
    assert [r["target_id"] for r in ranged.json()["records"]] == ["s1", "s2"]
    reads = client.get(
        "/api/audit/records",
        params={"action": "read", "target_type": "audit_records"},
        headers=headers,
    ).json()["records"]
    # The two reads above, then this read itself (recorded before the answer is read).
    assert [r["details"].get("actor") for r in reads] == ["bob", "alice", None]
    assert reads[-1]["details"]["target_type"] == "audit_records"
    assert all(r["actor"] == "admin" for r in reads)
    naive = client.get("/api/audit/records", params={"from": "2026-01-01T00:00"}, headers=headers)
    assert naive.status_code == 422
    assert "UTC offset" in naive.json()["detail"]
    assert client.get("/api/audit/records").status_code == 401


def test_the_chain_status_answers_what_verify_answers(
    valvo: Valvo, clock: FakeClock, client: TestClient
) -> None:
    ids = write_records(valvo, clock, 3)
    token = client.post("/api/auth/token", data={"username": "admin", "password": "valvo-demo"})
    headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
    intact = client.get("/api/audit/status", headers=headers)
    assert intact.status_code == 200, intact.text
    body = intact.json()
    assert body["intact"] is True
    assert body["broken_id"] is None
    assert body["records"] >= 3
    with valvo.db.begin() as conn:
        conn.execute(
            update(audit_records).where(audit_records.c.id == ids[1]).values(actor="mallory")
        )
    broken = client.get("/api/audit/status", headers=headers).json()
    assert broken["intact"] is False
    assert broken["broken_id"] == ids[1]
    assert broken["reason"]
    assert client.get("/api/audit/status").status_code == 401


def test_the_console_exports_a_slice_that_verifies_alone(
    valvo: Valvo, clock: FakeClock, client: TestClient, cli: CliRunner, tmp_path: Path
) -> None:
    """Issue 15 item 6: the auditor's export from the browser is the CLI's (JSON lines and a
    manifest), checked by ``valvo audit verify-export``; itself audited; refused when the chain
    is broken or the slice is wrong."""
    start = clock() + timedelta(seconds=1)
    write_records(valvo, clock, 3, actor="carol")
    end = clock() + timedelta(seconds=1)
    token = client.post("/api/auth/token", data={"username": "admin", "password": "valvo-demo"})
    headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
    span = {"from": start.isoformat(), "to": end.isoformat()}
    answer = client.get("/api/audit/export", params=span, headers=headers)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/zip"
    assert "attachment" in answer.headers["content-disposition"]
    with zipfile.ZipFile(io.BytesIO(answer.content)) as archive:
        archive.extractall(tmp_path)
    lines = (tmp_path / "audit.jsonl").read_text().splitlines()
    actors = [json.loads(line)["actor"] for line in lines]
    assert actors[:3] == ["carol"] * 3
    manifest = json.loads((tmp_path / "audit.jsonl.manifest.json").read_text())
    assert manifest["records"] == len(lines)
    checked = cli.invoke(app, ["audit", "verify-export", str(tmp_path / "audit.jsonl")])
    assert checked.exit_code == 0, checked.output
    exports = client.get("/api/audit/records", params={"action": "export"}, headers=headers).json()[
        "records"
    ]
    assert [(r["actor"], r["details"]["records"]) for r in exports] == [("admin", len(lines))]

    backwards = client.get(
        "/api/audit/export", params={"from": span["to"], "to": span["from"]}, headers=headers
    )
    assert backwards.status_code == 422
    assert backwards.json()["detail"] == "to must be after from"
    naive = client.get(
        "/api/audit/export", params={"from": "2026-01-01T00:00", "to": span["to"]}, headers=headers
    )
    assert naive.status_code == 422
    with valvo.db.begin() as conn:
        first = conn.execute(select(audit_records.c.id).order_by(audit_records.c.id)).scalar()
        conn.execute(update(audit_records).where(audit_records.c.id == first).values(actor="x"))
    broken = client.get("/api/audit/export", params=span, headers=headers)
    assert broken.status_code == 409
    assert "nothing exported" in broken.json()["detail"]
    assert client.get("/api/audit/export", params=span).status_code == 401
