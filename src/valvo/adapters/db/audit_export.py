"""Reading, exporting and independently verifying the audit trail.

An export is a slice of the chain: every record from the first at or after ``from`` to the last
before ``to``, contiguous in id order, as JSON lines (each line the record's id, its hashed
content, ``prev_hash`` and ``hash``), plus a manifest with the record count, the first record's
``prev_hash`` (where the slice joins the chain), the last hash and the SHA-256 of the lines.
:func:`verify_export` needs only the two files: it recomputes every hash from the manifest's
starting hash. Consecutive slices join: one slice's ``last_hash`` is the next one's
``first_prev_hash``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from valvo.adapters.db.audit_trail import (
    STREAMED,
    ChainCheck,
    check_chain,
    check_keyed,
    record_content,
)
from valvo.adapters.db.tables import audit_records
from valvo.services.audit_commands import AuditFilter

EXPORT_FORMAT = "valvo-audit-export/1"


def manifest_path(out: Path) -> Path:
    return out.with_name(out.name + ".manifest.json")


def read_records(conn: Connection, f: AuditFilter) -> list[dict[str, Any]]:
    """Records matching every given filter, oldest first, at most ``limit``."""
    c = audit_records.c
    query = select(audit_records).order_by(c.id).limit(f.limit)
    for column, value in (
        (c.actor, f.actor),
        (c.target_type, f.target_type),
        (c.target_id, f.target_id),
        (c.action, f.action),
    ):
        if value is not None:
            query = query.where(column == value)
    if f.since is not None:
        query = query.where(c.at >= f.since)
    if f.until is not None:
        query = query.where(c.at < f.until)
    if f.after_id is not None:
        query = query.where(c.id > f.after_id)
    return [_exported(r) for r in conn.execute(query).mappings()]


def verify_stored(conn: Connection) -> ChainCheck:
    """Walk the whole stored chain from the genesis hash, with its key seals and head."""
    return check_keyed(conn)


@dataclass(frozen=True, slots=True)
class ExportResult:
    manifest: dict[str, Any]
    chain: ChainCheck


def export_slice(
    conn: Connection, since: datetime, until: datetime, out: Path, now: datetime
) -> ExportResult:
    """Write the slice and its manifest, after proving the stored chain up to the slice's end.

    If the stored chain is broken up to there, nothing is written and the check says where."""
    c = audit_records.c
    first_id = conn.execute(select(func.min(c.id)).where(c.at >= since)).scalar()
    last_id = conn.execute(select(func.max(c.id)).where(c.at < until)).scalar()
    prefix = check_chain(_until(conn, last_id))
    if not prefix.intact:
        return ExportResult({}, prefix)
    digest = hashlib.sha256()
    count = 0
    first_prev = last_hash = None
    with out.open("wb") as handle:
        if first_id is not None and last_id is not None and first_id <= last_id:
            query = select(audit_records).where(c.id >= first_id, c.id <= last_id).order_by(c.id)
            for row in conn.execute(query, execution_options=STREAMED).mappings():
                line = (json.dumps(_exported(row), sort_keys=True, default=str) + "\n").encode()
                handle.write(line)
                digest.update(line)
                first_prev = first_prev or row["prev_hash"]
                last_hash = row["hash"]
                count += 1
    manifest = {
        "format": EXPORT_FORMAT,
        "from": since.isoformat(),
        "to": until.isoformat(),
        "exported_at": now.isoformat(),
        "records": count,
        "first_id": first_id if count else None,
        "last_id": last_id if count else None,
        "first_prev_hash": first_prev,
        "last_hash": last_hash,
        "lines_sha256": digest.hexdigest(),
        "hash": "sha256(prev_hash + canonical JSON of the content fields, sorted keys, no spaces)",
    }
    manifest_path(out).write_text(json.dumps(manifest, indent=2) + "\n")
    return ExportResult(manifest, prefix)


@dataclass(frozen=True, slots=True)
class ExportCheck:
    records: int
    problems: tuple[str, ...]

    @property
    def intact(self) -> bool:
        return not self.problems


def verify_export(out: Path) -> ExportCheck:
    """Verify a slice with only its two files: the lines' digest, every hash, count and ends."""
    manifest = json.loads(manifest_path(out).read_text())
    problems: list[str] = []
    if manifest.get("format") != EXPORT_FORMAT:
        problems.append(f"unknown format {manifest.get('format')!r}")
    data = out.read_bytes()
    if hashlib.sha256(data).hexdigest() != manifest["lines_sha256"]:
        problems.append("the lines' SHA-256 differs from the manifest (file altered)")
    rows = [json.loads(line) for line in data.splitlines() if line.strip()]
    if not rows:
        if manifest["records"]:
            problems.append(f"manifest says {manifest['records']} records, file has none")
        return ExportCheck(0, tuple(problems))
    chain = check_chain(rows, start_hash=manifest["first_prev_hash"])
    if not chain.intact:
        problems.append(f"record {chain.broken_id}: {chain.reason}")
    if len(rows) != manifest["records"]:
        problems.append(f"manifest says {manifest['records']} records, file has {len(rows)}")
    if rows[0]["id"] != manifest["first_id"] or rows[-1]["id"] != manifest["last_id"]:
        problems.append("first or last record id differs from the manifest")
    if chain.intact and chain.last_hash != manifest["last_hash"]:
        problems.append("the last hash differs from the manifest (records removed at the end)")
    return ExportCheck(chain.checked, tuple(problems))


def _exported(row: Mapping[Any, Any]) -> dict[str, Any]:
    return {
        "id": int(row["id"]),
        **record_content(row),
        "prev_hash": row["prev_hash"],
        "hash": row["hash"],
    }


def _until(conn: Connection, last_id: int | None) -> Iterator[Mapping[Any, Any]]:
    if last_id is None:
        return iter(())
    query = select(audit_records).where(audit_records.c.id <= last_id)
    return iter(
        conn.execute(query.order_by(audit_records.c.id), execution_options=STREAMED).mappings()
    )
