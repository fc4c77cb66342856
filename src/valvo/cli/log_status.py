"""``valvo log status``: how far the engine is behind the observation log. On JetStream, per
partition: its owner and lease, the committed stream position, the partition's newest sequence
and the messages still to process; on the database log, the one offset. For operators and
monitoring (``--json``)."""

from __future__ import annotations

import asyncio
import json
from typing import Annotated, Any

import typer

log_app = typer.Typer(help="The observation log: partitions, owners and how far behind.")


@log_app.command("status")
def status(
    as_json: Annotated[bool, typer.Option("--json", help="One JSON document.")] = False,
) -> None:
    """Per partition (JetStream) or for the table log: committed position, head and lag."""
    from valvo.bootstrap import build

    valvo = build()
    report = _stream_report(valvo) if valvo.settings.log_backend == "jetstream" else _table(valvo)
    if as_json:
        typer.echo(json.dumps(report, default=str, indent=2))
        return
    if report["backend"] == "database":
        typer.echo(
            f"database log: head {report['head']}, engine at {report['position']}, "
            f"lag {report['lag']}"
        )
        return
    typer.echo(f"stream {report['stream']}: {len(report['workers'])} live engine workers")
    typer.echo(f"{'partition':>9}  {'owner':<28} {'position':>10} {'head':>10} {'lag':>8}")
    for row in report["partitions"]:
        typer.echo(
            f"{row['partition']:>9}  {row['owner'] or '-':<28} {row['position']:>10} "
            f"{row['head']:>10} {row['lag']:>8}"
        )


def _table(valvo: Any) -> dict[str, Any]:
    from valvo.adapters.db.engine_store import SqlEngineStore

    head = valvo.observation_log().head()
    position = SqlEngineStore(valvo.db, "engine").offset()
    return {"backend": "database", "head": head, "position": position, "lag": head - position}


def _stream_report(valvo: Any) -> dict[str, Any]:
    from sqlalchemy import select

    from valvo.adapters.bus.jetstream import connect, partition_backlog, partition_heads
    from valvo.adapters.db.tables_log import engine_workers, log_partitions

    with valvo.db.connect() as conn:
        rows = {r.partition: r for r in conn.execute(select(log_partitions))}
        workers = [dict(r._mapping) for r in conn.execute(select(engine_workers))]
    positions = {p: int(r.position) for p, r in rows.items()}  # as read with the owners

    async def ask() -> tuple[dict[int, int], dict[int, int]]:
        nc = await connect(valvo.settings.nats_url, "valvo-log-status")
        try:
            js = nc.jetstream()
            heads = await partition_heads(js, valvo.stream)
            return heads, await partition_backlog(js, valvo.stream, positions)
        finally:
            await nc.close()

    heads, backlog = asyncio.run(ask())
    partitions = []
    for partition, head in sorted(heads.items()):
        row = rows.get(partition)
        partitions.append(
            {
                "partition": partition,
                "owner": row.owner if row is not None else None,
                "lease_until": row.lease_until if row is not None else None,
                "position": positions.get(partition, 0),
                "head": head,
                "lag": backlog[partition],  # messages not yet committed by the engine
            }
        )
    return {
        "backend": "jetstream",
        "stream": valvo.stream.stream,
        "workers": workers,
        "partitions": partitions,
    }
