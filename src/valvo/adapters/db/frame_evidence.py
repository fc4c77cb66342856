"""The raw-frame side of an evidence package: a device's frames of a period with their chain
links, the observations decoded from them, and the chain's verification."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from valvo.adapters.db.provenance import frame_content, verify_chains
from valvo.adapters.db.tables import observations
from valvo.adapters.db.tables_gateway import device_frames
from valvo.services.evidence.package import ChainCheck, FrameRecord

_CHUNK = 500


class SqlFrameEvidence:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def frames(self, devices: list[str], start: datetime, end: datetime) -> list[FrameRecord]:
        """Every frame of each device from the first received at or after ``start`` to the last
        received before ``end``, all of the chain between them (in chain order)."""
        f = device_frames
        out: list[FrameRecord] = []
        for device in devices:
            bounds = self._conn.execute(
                select(func.min(f.c.id), func.max(f.c.id)).where(
                    f.c.device_identifier == device, f.c.received_at >= start, f.c.received_at < end
                )
            ).one()
            if bounds[0] is None:
                continue
            query = (
                select(f)
                .where(f.c.device_identifier == device, f.c.id.between(bounds[0], bounds[1]))
                .order_by(f.c.id)
            )
            for row in self._conn.execute(query).mappings():
                out.append(
                    FrameRecord(
                        id=int(row["id"]),
                        device=row["device_identifier"],
                        prev_hash=row["prev_hash"],
                        hash=row["hash"],
                        content=frame_content(dict(row)),
                        raw=bytes(row["raw"]),
                    )
                )
        return out

    def observations(self, seqs: list[int]) -> list[dict[str, Any]]:
        o = observations
        cols = (o.c.seq, o.c.device_identifier, o.c.protocol, o.c.kind, o.c.device_time)
        out: list[dict[str, Any]] = []
        for chunk in _chunks(seqs):
            query = select(*cols, o.c.received_at, o.c.payload).where(o.c.seq.in_(chunk))
            out += [dict(r) for r in self._conn.execute(query.order_by(o.c.seq)).mappings()]
        return out

    def chain_checks(self, devices: list[str]) -> list[ChainCheck]:
        checks = []
        for device in devices:
            report = verify_chains(self._conn, device)
            first = report.broken[0] if report.broken else None
            reason = None
            if first is not None:
                where = f"frame {first.frame_id}" if first.frame_id is not None else "chain head"
                reason = f"{where}: {first.reason}"
            checks.append(ChainCheck(device, report.intact, report.frames, reason))
        return checks


def _chunks(values: Sequence[int]) -> list[list[int]]:
    return [list(values[i : i + _CHUNK]) for i in range(0, len(values), _CHUNK)]
