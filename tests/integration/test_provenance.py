"""Raw-frame provenance on SQLite and PostgreSQL: every frame kept with its observations in one
transaction, chained per device; tampering, removal and a stale sequence are all caught; unknown
devices are stored in quarantine and listed, never evaluated."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update
from typer.testing import CliRunner

from tests.conftest import FakeClock
from valvo.adapters.db.device_credentials import SqlCredentialUnit
from valvo.adapters.db.provenance import verify_chains
from valvo.adapters.db.quarantine import quarantined_devices
from valvo.adapters.db.tables import observations
from valvo.adapters.db.tables_gateway import device_credentials, device_frame_heads, device_frames
from valvo.bootstrap import Valvo
from valvo.cli.main import app
from valvo.gateway.ingest import to_frame
from valvo.protocols.base import DecodedRecord
from valvo.services import registry
from valvo.services.device_credentials import issue_credential, master_key
from valvo.services.telemetry import FrameStatus, RawFrame


def register(valvo: Valvo, identifier: str, protocol: str = "teltonika") -> None:
    with valvo.uow() as uow:
        registry.register_device(
            uow, "test", valvo.clock(), identifier=identifier, protocol=protocol, kind="gps_tracker"
        )
        uow.commit()


def fix_frame(valvo: Valvo, device: str, n: int, sequence: int | None = None) -> RawFrame:
    at = valvo.clock() - timedelta(minutes=n)
    record = DecodedRecord("position", device, at, lat=60.17, lon=24.94, valid=True)
    return to_frame(
        (record,),
        protocol="teltonika",
        raw=f"frame {device} {n}".encode(),
        peer="127.0.0.1:4000",
        received_at=valvo.clock(),
        sequence=sequence,
    )


def heartbeat_frame(valvo: Valvo, device: str) -> RawFrame:
    return to_frame(
        (DecodedRecord("heartbeat", device),),
        protocol="teltonika",
        raw=b"\xff",
        peer="127.0.0.1:4000",
        received_at=valvo.clock(),
    )


def count(valvo: Valvo, table: object) -> int:
    with valvo.db.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar() or 0)  # type: ignore[arg-type]


def test_frames_are_chained_per_device_and_verify(valvo: Valvo, clock: FakeClock) -> None:
    register(valvo, "A")
    log = valvo.observation_log()
    outcomes = log.append_frames([fix_frame(valvo, "A", 1), fix_frame(valvo, "B", 1)])
    clock.advance(seconds=5)
    outcomes += log.append_frames([heartbeat_frame(valvo, "A"), fix_frame(valvo, "A", 2)])
    assert [o.status for o in outcomes] == [FrameStatus.STORED] * 4
    assert [o.quarantined for o in outcomes] == [False, True, False, False]
    # A heartbeat without a time gives an observation too, and its frame is kept as evidence.
    assert count(valvo, device_frames) == 4
    with valvo.db.connect() as conn:
        report = verify_chains(conn)
        rows = conn.execute(
            select(device_frames).where(device_frames.c.device_identifier == "A")
        ).mappings()
        chain = list(rows)
        head = (
            conn.execute(
                select(device_frame_heads).where(device_frame_heads.c.device_identifier == "A")
            )
            .mappings()
            .one()
        )
    assert report.intact
    assert report.devices == 2
    assert report.frames == 4
    assert [r["prev_hash"] for r in chain[1:]] == [r["hash"] for r in chain[:-1]]
    assert chain[0]["prev_hash"] == "0" * 64
    assert head["frame_count"] == 3
    assert head["head_hash"] == chain[-1]["hash"]
    assert chain[0]["observation_seqs"] == [outcomes[0].observation_seqs[0]]


def test_tampering_with_a_frame_is_detected_at_that_frame(valvo: Valvo) -> None:
    log = valvo.observation_log()
    log.append_frames([fix_frame(valvo, "A", n) for n in range(3)])
    log.append_frames([fix_frame(valvo, "B", 1)])
    with valvo.db.begin() as conn:
        middle = conn.execute(
            select(device_frames.c.id)
            .where(device_frames.c.device_identifier == "A")
            .order_by(device_frames.c.id)
            .offset(1)
            .limit(1)
        ).scalar_one()
        conn.execute(update(device_frames).where(device_frames.c.id == middle).values(raw=b"x"))
    with valvo.db.connect() as conn:
        report = verify_chains(conn)
        only_b = verify_chains(conn, "B")
    assert [(b.device, b.frame_id) for b in report.broken] == [("A", middle)]
    assert "does not match its hash" in report.broken[0].reason
    assert only_b.intact


def test_removing_the_newest_frame_is_detected_by_the_head(valvo: Valvo) -> None:
    log = valvo.observation_log()
    log.append_frames([fix_frame(valvo, "A", n) for n in range(2)])
    with valvo.db.begin() as conn:
        newest = conn.execute(select(func.max(device_frames.c.id))).scalar_one()
        conn.execute(device_frames.delete().where(device_frames.c.id == newest))
    with valvo.db.connect() as conn:
        report = verify_chains(conn)
    assert report.broken[0].frame_id is None
    assert "frames removed" in report.broken[0].reason


def test_provenance_verify_command_names_the_broken_link(
    valvo: Valvo, monkeypatch: pytest.MonkeyPatch
) -> None:
    valvo.observation_log().append_frames([fix_frame(valvo, "A", n) for n in range(2)])
    monkeypatch.setenv("VALVO_DATABASE_URL", valvo.settings.resolved_database_url)
    monkeypatch.setenv("VALVO_DATA_DIR", str(valvo.settings.data_dir))
    runner = CliRunner()
    intact = runner.invoke(app, ["provenance", "verify"])
    assert intact.exit_code == 0, intact.output
    assert '"intact": true' in intact.output
    with valvo.db.begin() as conn:
        conn.execute(update(device_frames).values(peer="10.0.0.1:1"))
    broken = runner.invoke(app, ["provenance", "verify", "--device", "A"])
    assert broken.exit_code == 1
    assert "BROKEN device A: frame " in broken.output


def test_a_resent_frame_is_stored_once(valvo: Valvo) -> None:
    log = valvo.observation_log()
    frame = fix_frame(valvo, "A", 1)
    assert log.append_frames([frame])[0].status is FrameStatus.STORED
    again = log.append_frames([frame, frame])
    assert [o.status for o in again] == [FrameStatus.RESEND, FrameStatus.RESEND]
    assert count(valvo, device_frames) == 1
    assert count(valvo, observations) == 1


def test_unknown_devices_are_quarantined_listed_and_not_read_by_the_engine(
    valvo: Valvo, clock: FakeClock
) -> None:
    register(valvo, "KNOWN")
    log = valvo.observation_log()
    first = clock.now
    log.append_frames([fix_frame(valvo, "STRANGER", 1), fix_frame(valvo, "KNOWN", 1)])
    clock.advance(minutes=3)
    log.append_frames([fix_frame(valvo, "STRANGER", 2)])
    assert [o.device_id for o in log.read_after(0, 100)] == ["KNOWN"]
    with valvo.db.connect() as conn:
        flagged = (
            conn.execute(
                select(observations.c.device_identifier).where(observations.c.quarantined.is_(True))
            )
            .scalars()
            .all()
        )
        listing = quarantined_devices(conn)
    assert flagged == ["STRANGER", "STRANGER"]
    assert listing == [
        {
            "identifier": "STRANGER",
            "protocol": "teltonika",
            "first_seen": first,
            "last_seen": clock.now,
            "frames": 2,
        }
    ]
    register(valvo, "STRANGER")  # the administrator registers it: it leaves the list
    with valvo.db.connect() as conn:
        assert quarantined_devices(conn) == []


def issue(valvo: Valvo, device: str) -> None:
    with SqlCredentialUnit(valvo.db) as uow:
        issue_credential(
            uow, uow.credentials, master_key("m"), "test", valvo.clock(), identifier=device
        )
        uow.commit()


def test_a_stale_sequence_is_refused_and_nothing_of_it_stored(valvo: Valvo) -> None:
    register(valvo, "HU-1", "valvo")
    issue(valvo, "HU-1")
    log = valvo.observation_log()
    stored = log.append_frames([fix_frame(valvo, "HU-1", 1, 5), fix_frame(valvo, "HU-1", 2, 6)])
    assert [o.status for o in stored] == [FrameStatus.STORED] * 2
    again = log.append_frames(
        [
            fix_frame(valvo, "HU-1", 1, 5),
            fix_frame(valvo, "HU-1", 3, 6),
            fix_frame(valvo, "NO", 1, 1),
        ]
    )
    assert again[0].status is FrameStatus.RESEND  # the same bytes: a resend, acknowledged
    assert again[1].status is FrameStatus.REFUSED
    assert again[1].reason == (
        "valvo: sequence 6 is not after 6, the last accepted (stale or replayed)"
    )
    assert again[2].reason == "valvo: no key was issued to device NO"
    assert count(valvo, device_frames) == 2
    assert count(valvo, observations) == 2
    with valvo.db.connect() as conn:
        last = conn.execute(select(device_credentials.c.last_sequence)).scalar_one()
    assert last == 6
