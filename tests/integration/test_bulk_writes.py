"""The archive's bulk statements on SQLite and PostgreSQL: a lookup of many keys is one
statement whatever their number (``any_of``), and frames stored by COPY read back exactly as
those stored by INSERT."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import cast, insert, select
from sqlalchemy.exc import StatementError
from sqlalchemy.types import Text

from valvo.adapters.db.any_of import any_of
from valvo.adapters.db.provenance import GENESIS, insert_frames, verify_chains
from valvo.adapters.db.tables_gateway import device_frames
from valvo.bootstrap import Valvo

WHEN = datetime(2027, 2, 1, 9, 30, tzinfo=UTC)


def frame_row(n: int, seqs: list[int | None], received_at: datetime = WHEN) -> dict[str, object]:
    return {
        "device_identifier": f"dev-{n}",
        "protocol": "teltonika",
        "received_at": received_at,
        "peer": None if n % 2 else "10.0.0.1:5000",
        "raw": bytes([n, 0, 255]),
        "observation_seqs": seqs,
        "quarantined": n % 3 == 0,
        "dedup_key": f"key-{n}",
        "prev_hash": GENESIS,
        "hash": f"{n:064x}",
    }


def test_a_lookup_of_many_keys_is_one_statement(valvo: Valvo) -> None:
    with valvo.db.begin() as conn:
        insert_frames(conn, [frame_row(n, [n]) for n in range(1, 6)])
        column = device_frames.c.dedup_key

        def found(keys: list[str]) -> set[str]:
            query = select(column).where(any_of(conn, column, keys))
            return set(conn.execute(query).scalars())

        assert found(["key-2", "key-4", "nope"]) == {"key-2", "key-4"}
        assert found([]) == set()
        many = [f"key-{n}" for n in range(3000)]
        assert found(many) == {f"key-{n}" for n in range(1, 6)}
        few_sql = str(select(column).where(any_of(conn, column, many[:2])).compile(conn))
        many_sql = str(select(column).where(any_of(conn, column, many)).compile(conn))
        if conn.dialect.name == "postgresql":
            assert "ANY" in few_sql
            assert few_sql == many_sql


def test_frames_read_back_alike_by_copy_and_by_insert(valvo: Valvo) -> None:
    east = WHEN.astimezone(timezone(timedelta(hours=2)))
    with valvo.db.begin() as conn:
        insert_frames(conn, [frame_row(1, [7, None, 9], east), frame_row(2, [])])
        conn.execute(insert(device_frames), [frame_row(3, [7, None, 9], east), frame_row(4, [])])
        rows = {
            r["device_identifier"]: dict(r)
            for r in conn.execute(
                select(device_frames, cast(device_frames.c.observation_seqs, Text).label("text"))
            ).mappings()
        }
    assert [rows[f"dev-{n}"]["id"] for n in range(1, 5)] == sorted(r["id"] for r in rows.values())
    for copied, inserted in (("dev-1", "dev-3"), ("dev-2", "dev-4")):
        a, b = rows[copied], rows[inserted]
        assert a["text"] == b["text"]
        assert a["observation_seqs"] == b["observation_seqs"]
        assert a["received_at"] == b["received_at"] == WHEN
        assert a["received_at"].tzinfo == UTC
    assert rows["dev-1"]["observation_seqs"] == [7, None, 9]
    assert bytes(rows["dev-1"]["raw"]) == bytes([1, 0, 255])
    assert rows["dev-1"]["peer"] is None
    assert rows["dev-2"]["peer"] == "10.0.0.1:5000"
    assert rows["dev-3"]["quarantined"] is True
    assert rows["dev-1"]["quarantined"] is False


def test_a_naive_instant_is_refused(valvo: Valvo) -> None:
    with pytest.raises((ValueError, StatementError), match="naive"), valvo.db.begin() as conn:
        insert_frames(conn, [frame_row(1, [1], WHEN.replace(tzinfo=None))])
    with valvo.db.connect() as conn:
        assert conn.execute(select(device_frames.c.id)).first() is None
        assert verify_chains(conn).intact


def test_observation_values_follow_the_copy_columns() -> None:
    from valvo.adapters.db.observation_writer import COLUMNS, _values

    east = WHEN.astimezone(timezone(timedelta(hours=2)))
    row = {
        "device_identifier": "dev-1",
        "protocol": "teltonika",
        "kind": "position",
        "device_time": east,
        "received_at": east + timedelta(seconds=1),
        "payload": {"lat": 1.0},
        "raw": b"r",
        "peer": "p",
        "dedup_key": "k",
        "quarantined": False,
    }
    values = dict(zip(COLUMNS, _values(9, row, "m"), strict=True))
    assert values.pop("seq") == 9
    assert values.pop("payload").obj == {"lat": 1.0}
    assert values["device_time"].tzinfo == UTC
    assert values == {**{k: v for k, v in row.items() if k != "payload"}, "mac": "m"}


def test_seals_leave_the_rows_and_credit_the_head_as_seal_does(valvo: Valvo) -> None:
    from valvo.adapters.db.evidence import as_writer, read_head, seal, seals

    rows = [
        {
            "subject_id": "s",
            "device_id": "d",
            "time": WHEN + timedelta(seconds=n),
            "lat": 60.0 + n,
            "lon": 24.0,
            "accuracy_m": None,
            "speed_kmh": 3,
            "seq": n,
        }
        for n in range(3)
    ]
    copies = [dict(row) for row in rows]
    with valvo.db.begin() as conn:
        macs = seals(as_writer(conn, "one"), "positions", rows)
        seal(as_writer(conn, "two"), "positions", copies)
        assert rows == [{k: v for k, v in c.items() if k != "mac"} for c in copies]
        assert macs == [c["mac"] for c in copies]
        one, two = read_head(conn, "rows:one"), read_head(conn, "rows:two")
        assert one is not None
        assert two is not None
        assert one["tallies"] == two["tallies"]
        assert one["tallies"]["positions"][0] == 3
