"""``valvo provenance verify`` and ``valvo device issue-key``: the gateway's evidence and keys."""

from __future__ import annotations

import json
from typing import Annotated

import typer

provenance_app = typer.Typer(
    help="Raw-frame provenance (hash-chained per device).", no_args_is_help=True
)
device_app = typer.Typer(help="Device keys for the Valvo device protocol.", no_args_is_help=True)


@provenance_app.command("verify")
def provenance_verify(
    device: Annotated[str | None, typer.Option(help="Check only this device's chain.")] = None,
) -> None:
    """Prove every device's chain of raw frames; name the first broken link of each (exit 1)."""
    from valvo.adapters.db.provenance import verify_chains
    from valvo.bootstrap import build

    valvo = build()
    valvo.prepare_database()
    with valvo.db.connect() as conn:
        report = verify_chains(conn, device)
    for link in report.broken:
        where = f"frame {link.frame_id}" if link.frame_id is not None else "chain head"
        typer.echo(f"BROKEN device {link.device}: {where}: {link.reason}")
    summary = {
        "devices": report.devices,
        "frames": report.frames,
        "broken": [
            {"device": b.device, "frame_id": b.frame_id, "reason": b.reason} for b in report.broken
        ],
        "intact": report.intact,
    }
    typer.echo(json.dumps(summary))
    if not report.intact:
        raise typer.Exit(1)


@device_app.command("issue-key")
def issue_key(
    identifier: Annotated[str, typer.Argument(help="The registered device's identifier.")],
) -> None:
    """Issue (or re-issue) a Valvo-protocol device key; printed once, never stored."""
    from valvo.bootstrap import build
    from valvo.services.device_credentials import IssueDeviceKey
    from valvo.services.errors import ServiceError

    valvo = build()
    valvo.prepare_database()
    try:
        issued = valvo.bus.handle(
            IssueDeviceKey(actor="cli", at=valvo.clock(), identifier=identifier)
        )
    except ServiceError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from exc
    typer.echo(
        json.dumps(
            {
                "device": issued.device,
                "key_version": issued.key_version,
                "key": issued.key_hex,
                "fingerprint": issued.fingerprint,
            }
        )
    )
