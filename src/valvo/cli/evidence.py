"""``valvo evidence verify | export | public-key | keygen``: evidence packages a court can check
offline (docs/evidence.md)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated

import typer

from valvo.cli.audit import parse_instant

evidence_app = typer.Typer(help="Signed evidence packages.", no_args_is_help=True)


@evidence_app.command("verify")
def verify(
    bundle: Annotated[Path, typer.Argument(help="The package's ZIP file.")],
    key: Annotated[
        str | None,
        typer.Option("--key", help="Pin the signing key: its fingerprint (sha256:...)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="The summary as JSON.")] = False,
) -> None:
    """Check a package with no database: exit 0 and a summary when intact; exit 1 naming the
    first broken item; exit 2 for a file that is not an evidence package."""
    from valvo.adapters.evidence.verify import INTACT, NOT_A_BUNDLE, verify_bundle

    if not bundle.is_file():
        typer.echo(f"{bundle}: no such file", err=True)
        raise typer.Exit(NOT_A_BUNDLE)
    outcome = verify_bundle(bundle.read_bytes(), key)
    if outcome.code == INTACT:
        typer.echo(json.dumps(outcome.summary) if as_json else outcome.message)
        return
    typer.echo(outcome.message if outcome.code == NOT_A_BUNDLE else f"BROKEN {outcome.message}")
    raise typer.Exit(outcome.code)


@evidence_app.command("export")
def export(
    out: Annotated[Path, typer.Option("--out", help="The ZIP file to write.")],
    signatory: Annotated[str, typer.Option("--signatory", help="Who signs the witness statement.")],
    alarm: Annotated[str | None, typer.Option("--alarm", help="An alarm's package.")] = None,
    match: Annotated[
        int | None, typer.Option("--match", help="A crime match's package (its id).")
    ] = None,
    breach: Annotated[
        str | None, typer.Option("--breach", help="A breach's package (its id).")
    ] = None,
    subject: Annotated[str | None, typer.Option("--subject", help="A person's track.")] = None,
    start: Annotated[str | None, typer.Option("--from", help="ISO 8601 with offset.")] = None,
    end: Annotated[str | None, typer.Option("--to", help="ISO 8601 with offset.")] = None,
    purpose: Annotated[
        str | None, typer.Option("--purpose", help="Why (needed for history before today).")
    ] = None,
) -> None:
    """Build a package of an alarm (--alarm), a crime match (--match), a breach on a case
    (--breach) or a person's track (--subject --from --to). It is recorded in the audit trail
    as a location read by 'cli'."""
    from valvo.bootstrap import build
    from valvo.domain.security import purpose_required
    from valvo.services.errors import ServiceError
    from valvo.services.evidence.commands import BuildEvidencePackage

    if sum(x is not None for x in (alarm, match, breach, subject)) != 1:
        typer.echo(
            "give one of --alarm, --match, --breach, or --subject with --from and --to", err=True
        )
        raise typer.Exit(2)
    since = until = None
    valvo = build()
    now = valvo.clock()
    if subject is not None:
        if start is None or end is None:
            typer.echo("--subject needs --from and --to", err=True)
            raise typer.Exit(2)
        since, until = parse_instant(start, "--from"), parse_instant(end, "--to")
        if purpose_required(since, now) and not (purpose or "").strip():
            typer.echo("--purpose is required for location history before today", err=True)
            raise typer.Exit(2)
    if not out.parent.is_dir():
        typer.echo(f"--out: directory {out.parent} does not exist", err=True)
        raise typer.Exit(2)
    valvo.prepare_database()
    command = BuildEvidencePackage(
        actor="cli",
        at=now,
        signatory=signatory,
        alarm_id=alarm,
        match_id=match,
        breach_id=breach,
        subject_id=subject,
        start=since,
        end=until,
        purpose=purpose or (f"evidence of alarm {alarm}" if alarm else None),
        peer="cli",
    )
    try:
        packed = valvo.bus.handle(command)
    except ServiceError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from exc
    out.write_bytes(packed.content)
    typer.echo(
        json.dumps(
            {
                "file": str(out),
                "manifest_sha256": packed.manifest_sha256,
                "key_fingerprint": packed.key_fingerprint,
            }
        )
    )


@evidence_app.command("public-key")
def public_key() -> None:
    """Print the service's evidence signing key (PEM) and its fingerprint, for a court to pin
    (`valvo evidence verify --key FINGERPRINT`)."""
    from valvo.bootstrap import build

    key = build().evidence_key
    typer.echo(key.public_pem().rstrip())
    typer.echo(f"fingerprint: {key.fingerprint}")


@evidence_app.command("keygen")
def keygen(
    out: Annotated[Path, typer.Option("--out", help="Where to write the private key (PEM).")],
) -> None:
    """Write a new Ed25519 signing key (readable by its owner only) for
    VALVO_EVIDENCE_KEY_FILE; an existing file is never overwritten."""
    from valvo.adapters.evidence.signing import load_key, new_key_pem

    if out.exists():
        typer.echo(f"{out} exists: not overwritten", err=True)
        raise typer.Exit(2)
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(new_key_pem())
    typer.echo(f"fingerprint: {load_key(out).fingerprint}")
