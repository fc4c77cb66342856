"""Keyed seals on what a court relies on: positions, observations and the alarm trail.

Every row of those tables carries ``mac``: an HMAC (the key from ``VALVO_AUDIT_KEY``, kept
outside the database) of its table name and canonical content, so an edited row cannot be given
a matching seal. Each writer (the engine's consumer, the gateway, the desk: the connection's
``evidence_writer`` option, ``shared`` when unset) keeps a keyed head in ``evidence_heads``: per
table, how many rows it wrote and the sum of their seals modulo 2**128, updated once per write
in the same transaction. The heads of all writers together must equal the rows found, so
removing any row (the newest too) or adding a copy is caught without an export. Retention
debits what it deletes (:func:`debit`). One locked head row per writer and transaction keeps
the cost per batch to two statements and one HMAC per row.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from json.encoder import encode_basestring_ascii
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection, Engine

from valvo.adapters.db.tables_evidence import evidence_heads
from valvo.adapters.db.upsert import insert_missing, upsert
from valvo.settings import resolve_audit_key

MODULUS = 1 << 128
KEY_OPTION = "evidence_key"
WRITER_OPTION = "evidence_writer"
SHARED_WRITER = "shared"
RETENTION_WRITER = "retention"


class UnreadableValue(ValueError):
    """A stored value of the wrong type (e.g. TEXT where bytes belong): corruption."""


def use_evidence_key(engine: Engine, key: bytes) -> None:
    """Give every connection of ``engine`` the seal key (bootstrap does this once)."""
    engine.update_execution_options(**{KEY_OPTION: key})


def evidence_key(conn: Connection) -> bytes:
    key = conn.get_execution_options().get(KEY_OPTION)
    return key if isinstance(key, bytes) else resolve_audit_key("")


def as_writer(conn: Connection, writer: str) -> Connection:
    """Name the writer whose head this connection's seals are credited to."""
    return conn.execution_options(**{WRITER_OPTION: writer})


# json.dumps(content, sort_keys=True, separators=(",", ":"), default=str), with the encoder
# built once instead of per call (dumps builds a JSONEncoder for any non-default argument).
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), default=str)
_FLOAT_WORDS = {"nan": "NaN", "inf": "Infinity", "-inf": "-Infinity"}


def canonical(content: Mapping[str, Any]) -> str:
    return _CANONICAL.encode(content)


def _json(value: Any) -> str:
    """``value`` as :func:`canonical` writes it inside a document (the same text, cheaper for
    the scalars a sealed row holds; anything else goes through the encoder itself)."""
    kind = type(value)
    if kind is str:
        return encode_basestring_ascii(value)
    if kind is float:
        text = float.__repr__(value)
        return _FLOAT_WORDS.get(text, text)
    if value is None:
        return "null"
    if kind is int:
        return int.__repr__(value)
    return _CANONICAL.encode(value)


def keyed(key: bytes, text: str) -> str:
    # hmac.digest: OpenSSL's one-shot HMAC, the same value as hmac.new(...) at half the cost.
    return hmac.digest(key, text.encode(), "sha256").hex()


# The UTC ISO text of instants sealed lately: an engine batch seals each fix's instant twice
# (its observation, then its position), and a frame's records share the instant received.
# Only instants in UTC itself are kept (equal ones are the same instant and give the same
# text; in a zone with a repeated hour, equal is not always the same instant).
_ISO: dict[datetime, str] = {}
_ISO_LIMIT = 50_000


def _instant(value: Any) -> str:
    if type(value) is datetime and value.tzinfo is UTC:
        text = _ISO.get(value)
        if text is None:
            if len(_ISO) >= _ISO_LIMIT:
                _ISO.clear()
            text = _ISO[value] = value.isoformat()
        return text
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise UnreadableValue(f"not an aware instant: {type(value).__name__}")
    return value.astimezone(UTC).isoformat()


def _number(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise UnreadableValue(f"not a number: {type(value).__name__}")
    return float(value)


def _bytes_digest(value: Any) -> str:
    if not isinstance(value, bytes | bytearray | memoryview):
        raise UnreadableValue(f"raw bytes stored as {type(value).__name__}")
    return hashlib.sha256(bytes(value)).hexdigest()


def _position(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "subject_id": row["subject_id"],
        "device_id": row["device_id"],
        "time": _instant(row["time"]),
        "lat": _number(row["lat"]),
        "lon": _number(row["lon"]),
        "accuracy_m": _number(row["accuracy_m"]),
        "speed_kmh": _number(row["speed_kmh"]),
        "seq": int(row["seq"]),
    }


def _observation(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "device": row["device_identifier"],
        "protocol": row["protocol"],
        "kind": row["kind"],
        "device_time": _instant(row["device_time"]),
        "received_at": _instant(row["received_at"]),
        "payload": row["payload"],
        "raw_sha256": _bytes_digest(row["raw"]),
        "peer": row["peer"],
        "dedup_key": row["dedup_key"],
        "quarantined": bool(row["quarantined"]),
    }


def _trail(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "alarm_id": row["alarm_id"],
        "at": _instant(row["at"]),
        "actor": row["actor"],
        "action": row["action"],
        "from_status": row["from_status"],
        "to_status": row["to_status"],
        "note": row["note"],
        "details": row["details"],
    }


CONTENT = {"positions": _position, "observations": _observation, "alarm_events": _trail}
SEALED_TABLES = tuple(CONTENT)


def _number_text(value: Any) -> str:
    """``_json(_number(value))`` in one step."""
    if value is None:
        return "null"
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise UnreadableValue(f"not a number: {type(value).__name__}")
    text = float.__repr__(float(value))
    return _FLOAT_WORDS.get(text, text)


def _position_text(row: Mapping[str, Any]) -> str:
    """``canonical(_position(row))`` written out in its key order (the engine seals one per
    fix; tests/unit/evidence/test_canonical_text.py holds the two equal). The values are read
    and checked in :func:`_position`'s order, so a bad row fails the same way. An instant's
    ISO text and a digest need no escaping."""
    subject, device = row["subject_id"], row["device_id"]
    time, lat, lon = _instant(row["time"]), _number_text(row["lat"]), _number_text(row["lon"])
    accuracy, speed = _number_text(row["accuracy_m"]), _number_text(row["speed_kmh"])
    seq = int(row["seq"])
    return (
        f'{{"accuracy_m":{accuracy},"device_id":{_json(device)},"lat":{lat},"lon":{lon},'
        f'"seq":{seq},"speed_kmh":{speed},"subject_id":{_json(subject)},"time":"{time}"}}'
    )


def _observation_text(row: Mapping[str, Any]) -> str:
    """``canonical(_observation(row))`` written out in its key order (one per observation),
    the values read and checked in :func:`_observation`'s order."""
    device, protocol, kind = row["device_identifier"], row["protocol"], row["kind"]
    device_time, received_at = _instant(row["device_time"]), _instant(row["received_at"])
    payload, raw_sha256 = row["payload"], _bytes_digest(row["raw"])
    peer, dedup_key = row["peer"], row["dedup_key"]
    quarantined = "true" if row["quarantined"] else "false"
    return (
        f'{{"dedup_key":{_json(dedup_key)},"device":{_json(device)},'
        f'"device_time":"{device_time}","kind":{_json(kind)},'
        f'"payload":{_json(payload)},"peer":{_json(peer)},"protocol":{_json(protocol)},'
        f'"quarantined":{quarantined},"raw_sha256":"{raw_sha256}",'
        f'"received_at":"{received_at}"}}'
    )


def _trail_text(row: Mapping[str, Any]) -> str:
    return canonical(_trail(row))


CANONICAL_TEXT = {
    "positions": _position_text,
    "observations": _observation_text,
    "alarm_events": _trail_text,
}


def row_mac(key: bytes, table: str, row: Mapping[str, Any]) -> str:
    """The seal of one row: 32 hex digits of HMAC-SHA256(key, table + canonical content)."""
    return keyed(key, table + "\n" + CANONICAL_TEXT[table](row))[:32]


def seal(conn: Connection, table: str, rows: Sequence[dict[str, Any]]) -> None:
    """Set ``mac`` on each row (in place) and credit them to the writer's head, in the caller's
    transaction. A row that cannot be sealed raises ValueError before anything is written."""
    if not rows:
        return
    for row, mac in zip(rows, seals(conn, table, rows), strict=True):
        row["mac"] = mac


def seals(conn: Connection, table: str, rows: Sequence[Mapping[str, Any]]) -> list[str]:
    """:func:`seal` leaving the rows as they are: their seals, in order, credited to the
    writer's head (a writer that lays the rows out itself needs no copy of them)."""
    if not rows:
        return []
    key = evidence_key(conn)
    macs = [row_mac(key, table, row) for row in rows]
    credit(conn, {table: (len(macs), sum(int(mac, 16) for mac in macs))})
    return macs


def debit(conn: Connection, table: str, macs: Iterable[str | None]) -> None:
    """Take the seals of rows retention deleted (in this transaction) off the heads, under the
    ``retention`` writer's own head (its counts are negative)."""
    count = total = 0
    for mac in macs:
        if mac is not None:
            count += 1
            total += int(mac, 16)
    if count:
        previous = conn.get_execution_options().get(WRITER_OPTION, SHARED_WRITER)
        credit(as_writer(conn, RETENTION_WRITER), {table: (-count, -total)})
        as_writer(conn, str(previous))


def head_mac(key: bytes, name: str, tallies: Mapping[str, Any]) -> str:
    return keyed(key, canonical({"head": name, "tallies": tallies}))


def credit(conn: Connection, counts: Mapping[str, tuple[int, int]]) -> None:
    """Add (rows, seal sum) per table to the writer's head, re-sealing the head."""
    name = "rows:" + str(conn.get_execution_options().get(WRITER_OPTION, SHARED_WRITER))
    tallies = dict(_locked_head(conn, name))
    for table, (count, total) in counts.items():
        old_count, old_sum = tallies.get(table, (0, "0"))
        tallies[table] = (old_count + count, format((int(old_sum, 16) + total) % MODULUS, "x"))
    write_head(conn, name, tallies)


def _locked_head(conn: Connection, name: str) -> Mapping[str, Any]:
    h = evidence_heads
    query = select(h.c.tallies).where(h.c.name == name).with_for_update()
    found = conn.execute(query).scalar()
    if found is None:
        insert_missing(conn, h, [{"name": name, "tallies": {}, "mac": ""}], key="name")
        found = conn.execute(query).scalar()
    return dict(found or {})


def write_head(conn: Connection, name: str, tallies: Mapping[str, Any]) -> None:
    plain = json.loads(canonical(tallies))  # as the JSON column gives it back
    mac = head_mac(evidence_key(conn), name, plain)
    upsert(conn, evidence_heads, [{"name": name, "tallies": plain, "mac": mac}], key="name")


def read_head(conn: Connection, name: str) -> Mapping[str, Any] | None:
    row = conn.execute(select(evidence_heads).where(evidence_heads.c.name == name)).mappings()
    found = row.first()
    return None if found is None else dict(found)


def all_heads(conn: Connection) -> Iterable[Mapping[str, Any]]:
    query = select(evidence_heads).order_by(evidence_heads.c.name)
    return [dict(r) for r in conn.execute(query).mappings()]
