"""``valvo verify``: one command over all the evidence a court relies on. The audit chain (hashes,
key seals, head), every device's raw-frame chain, the sealed positions, observations and alarm
trail against their writers' heads, and each alarm's status and cause against its trail. Exit 0
when everything holds; exit 1 naming the first broken place of each part."""

from __future__ import annotations

import json
from typing import Any

import typer


def verify_everything() -> None:
    """Prove the audit trail, raw-frame provenance, positions, observations and the alarm trail
    (status and cause included). Exit 0 when intact; exit 1 naming the first broken place."""
    from valvo.adapters.db.audit_export import verify_stored
    from valvo.adapters.db.evidence_check import check_evidence
    from valvo.adapters.db.provenance import verify_chains
    from valvo.bootstrap import build

    valvo = build()
    valvo.prepare_database()
    broken: list[str] = []
    with valvo.db.connect() as conn:
        audit = verify_stored(conn)
        frames = verify_chains(conn)
        evidence = check_evidence(conn)
    if not audit.intact:
        broken.append(f"audit record {audit.broken_id}: {audit.reason}")
    for link in frames.broken:
        where = f"frame {link.frame_id}" if link.frame_id is not None else "chain head"
        broken.append(f"provenance device {link.device}: {where}: {link.reason}")
    broken.extend(str(finding) for finding in evidence.broken)
    for line in broken:
        typer.echo(f"BROKEN {line}")
    summary: dict[str, Any] = {
        "audit": {"records": audit.checked, "intact": audit.intact},
        "provenance": {"devices": frames.devices, "frames": frames.frames},
        "rows": evidence.rows,
        "unsealed": evidence.unsealed,
        "alarms": evidence.alarms,
        "broken": broken,
        "intact": not broken,
    }
    typer.echo(json.dumps(summary))
    if broken:
        raise typer.Exit(1)
