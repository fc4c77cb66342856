"""``valvo simulate --subjects N``: the national-scale fleet (see ``valvo.sim.scale_load``)."""

from __future__ import annotations

import time
from pathlib import Path

import typer

from valvo.gateway.valvo_http import PATH
from valvo.sim.scale_load import LoadOptions, Targets
from valvo.sim.trackers import demo_tcp_ports


def default_targets(host: str | None, teltonika_port: int | None, valvo_url: str | None) -> Targets:
    """Where the gateway listens: the options, else the settings (VALVO_TCP_PORTS,
    VALVO_VALVO_HTTP_PORT, VALVO_GATEWAY_HOST), else the demo's ports."""
    from valvo.settings import Settings

    settings = Settings()
    host = host or settings.gateway_host
    port = teltonika_port or settings.tcp_ports.get("teltonika") or demo_tcp_ports()["teltonika"]
    http_port = settings.valvo_http_port or 5056
    return Targets(host, port, valvo_url or f"http://{host}:{http_port}{PATH}")


def simulate_scale(
    options: LoadOptions,
    targets: Targets,
    *,
    seed: bool,
    acks_out: Path | None,
    summary_out: Path | None,
) -> None:
    from valvo.bootstrap import build
    from valvo.gateway.listeners import device_master_key
    from valvo.sim.scale_fleet import check_registered, seed_fleet
    from valvo.sim.scale_run import run_scale

    try:
        options.check()
        targets.valvo_address()
    except ValueError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from exc
    valvo = build()
    valvo.prepare_database()
    try:
        if seed:
            began = time.perf_counter()
            report = seed_fleet(valvo, options.subjects, options.rf_share, valvo.clock())
            typer.echo(
                f"seeded {report.subjects} subjects ({report.devices} devices, "
                f"{report.credentials} home-unit keys) in {time.perf_counter() - began:.1f} s"
            )
        check_registered(valvo, options.subjects, options.rf_share)
    except ValueError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from exc
    finally:
        valvo.db.dispose()
    master = device_master_key(valvo.settings)
    typer.echo(
        f"driving {options.subjects} subjects: Teltonika at {targets.host}:"
        f"{targets.teltonika_port}, home units at {targets.valvo_url}"
    )
    summary = run_scale(
        options, targets, master, acks_out=acks_out, summary_out=summary_out, echo=typer.echo
    )
    typer.echo(
        f"done: {summary['acked_observations']} observations acknowledged "
        f"({summary['acked_per_s']}/s), errors {summary['errors'] or 'none'}"
    )
