"""``valvo demo``, ``serve``, ``db``, ``simulate`` and ``user``: the operational commands.

The heavy imports (database, web server) happen inside the commands, so that the light ones
(``valvo decode``, ``valvo law``) start fast.
"""

from __future__ import annotations

import asyncio
import getpass
from enum import StrEnum
from typing import Annotated

import typer

db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
user_app = typer.Typer(help="Staff accounts.", no_args_is_help=True)


class Process(StrEnum):
    ALL = "all"
    API = "api"
    GATEWAY = "gateway"
    ENGINE = "engine"


def demo(
    people: Annotated[int, typer.Option(min=1, max=5000, help="Simulated people.")] = 30,
    port: Annotated[int, typer.Option(help="Console and API port.")] = 8000,
    osmand_port: Annotated[int, typer.Option(help="OsmAnd gateway port.")] = 5055,
    tls: Annotated[
        bool,
        typer.Option(
            "--tls/--no-tls",
            help="Serve the API and HTTP device endpoints over HTTPS with a self-signed "
            "certificate made under ./var/tls (the browser must be told to trust var/tls/ca.pem).",
        ),
    ] = False,
) -> None:
    """Run a whole monitoring centre here: gateway, engine, API, console and a simulated fleet
    around Helsinki, on the embedded database under ./var."""
    from datetime import UTC, datetime

    from valvo.adapters.tls import client_context, ensure_self_signed
    from valvo.bootstrap import build
    from valvo.cli.runtime import Parts, run
    from valvo.settings import Settings
    from valvo.sim.partners_seed import seed_partners
    from valvo.sim.seed import demo_people, seed_demo
    from valvo.sim.staff_seed import DEMO_PASSWORD, DEMO_STAFF, seed_staff

    # A mixed fleet: Teltonika trackers over TCP and RF home units over the Valvo protocol too.
    settings = Settings(
        api_port=port, osmand_port=osmand_port, tcp_ports={"teltonika": 5027}, valvo_http_port=5056
    )
    fleet_tls = None
    if tls:
        files = ensure_self_signed(
            settings.data_dir / "tls", [settings.api_host], datetime.now(UTC)
        )
        settings = settings.model_copy(
            update={"tls_cert_file": files.cert, "tls_key_file": files.key}
        )
        fleet_tls = client_context(files.ca)
    scheme = "https" if tls else "http"
    valvo = build(settings)
    valvo.prepare_database()
    fleet = demo_people(people)
    created = seed_demo(valvo, fleet, valvo.clock())
    seed_staff(valvo, valvo.clock())
    partner_login = seed_partners(valvo, valvo.clock())["partner_login"]
    url = f"{scheme}://{settings.api_host}:{port}/"
    typer.echo(f"Valvo demo: {len(fleet)} simulated people ({created} newly registered).")
    typer.echo(f"  console   {url}")
    typer.echo(
        f"  login     {settings.admin_username} / {settings.admin_password.get_secret_value()}"
    )
    staff = ", ".join(name for name, _, _ in DEMO_STAFF)
    typer.echo(f"  staff     {staff} / {DEMO_PASSWORD}")
    typer.echo(f"  partner   {partner_login[0]} / {partner_login[1]}  ({url}partners)")
    typer.echo(f"  pages     {url} (alarm desk), {url}cases, {url}partners")
    typer.echo(f"  gateway   OsmAnd on {scheme}://{settings.gateway_host}:{osmand_port}/")
    typer.echo(
        f"            Teltonika on {settings.gateway_host}:5027 (plain TCP), "
        f"Valvo protocol on {scheme}://{settings.gateway_host}:5056/valvo/v1/messages"
    )
    if tls:
        typer.echo(
            f"  TLS       trust {settings.data_dir / 'tls' / 'ca.pem'} (self-signed demo CA)"
        )
    typer.echo("Press Ctrl+C to stop.")
    try:
        asyncio.run(run(valvo, Parts(), fleet=fleet, fleet_tls=fleet_tls))
    except KeyboardInterrupt:
        typer.echo("stopped")


def serve(
    process: Annotated[Process, typer.Argument(help="Which process to run.")] = Process.ALL,
) -> None:
    """Run Valvo's processes from the settings (environment or valvo.toml)."""
    from valvo.bootstrap import build
    from valvo.cli.production import demo_accounts
    from valvo.cli.runtime import Parts, run

    valvo = build()
    valvo.prepare_database()
    if valvo.settings.mode == "production":
        in_use = demo_accounts(valvo)
        if in_use:
            typer.echo(
                "production mode refused: demo accounts still use the demo password: "
                f"{', '.join(in_use)} (change their passwords or deactivate them)",
                err=True,
            )
            raise typer.Exit(2)
    parts = Parts(
        api=process in (Process.ALL, Process.API),
        gateway=process in (Process.ALL, Process.GATEWAY),
        engine=process in (Process.ALL, Process.ENGINE),
    )
    try:
        asyncio.run(run(valvo, parts))
    except KeyboardInterrupt:
        typer.echo("stopped")


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Bring the database schema to the newest migration and create the administrator."""
    from valvo.bootstrap import build

    build().prepare_database()
    typer.echo("database is up to date")


def simulate(
    gateway: Annotated[str, typer.Option(help="OsmAnd gateway URL.")] = "http://127.0.0.1:5055",
    people: Annotated[int, typer.Option(min=1, help="Simulated people.")] = 30,
    duration: Annotated[
        float | None, typer.Option(help="Seconds to run (default: forever).")
    ] = None,
    interval: Annotated[float, typer.Option(help="Seconds between fixes per person.")] = 3.0,
    seed_database: Annotated[
        bool, typer.Option("--seed/--no-seed", help="Register the fleet in the database first.")
    ] = True,
) -> None:
    """Drive a simulated fleet against a running gateway (the demo's people by default)."""
    from valvo.bootstrap import build
    from valvo.sim.fleet import run_fleet
    from valvo.sim.seed import demo_people, seed_demo

    fleet = demo_people(people)
    if seed_database:
        valvo = build()
        valvo.prepare_database()
        seed_demo(valvo, fleet, valvo.clock())
    sent = asyncio.run(run_fleet(gateway, fleet, interval_s=interval, duration_s=duration))
    typer.echo(f"{sent} fixes acknowledged")


@user_app.command("create")
def user_create(
    username: Annotated[str, typer.Argument()],
    role: Annotated[str, typer.Option(help="operator, supervisor, administrator or auditor.")],
    region: Annotated[str | None, typer.Option(help="Region the user is limited to.")] = None,
) -> None:
    """Create a staff account; the password is asked for, never taken from the command line."""
    from valvo.bootstrap import build
    from valvo.services import auth
    from valvo.services.errors import ServiceError

    password = getpass.getpass("password: ")
    valvo = build()
    valvo.prepare_database()
    try:
        with valvo.uow() as uow:
            auth.create_user(
                uow,
                valvo.hasher,
                "cli",
                valvo.clock(),
                username=username,
                password=password,
                role=role,
                region=region,
            )
            uow.commit()
    except ServiceError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from exc
    typer.echo(f"user {username} created")


def replay(
    subject: Annotated[str, typer.Option("--subject", help="The person's id.")],
    start: Annotated[str, typer.Option("--from", help="Start, ISO 8601 with offset.")],
    end: Annotated[str, typer.Option("--to", help="End, ISO 8601 with offset.")],
) -> None:
    """Re-run the rules over a person's stored observations and compare with the alarms raised
    between --from and --to. Prints JSON; exits 0 if identical, 1 if not, 2 on bad input."""
    import json
    from datetime import datetime

    from valvo.bootstrap import build
    from valvo.engine.replay import replay as run_replay

    try:
        window = [datetime.fromisoformat(start), datetime.fromisoformat(end)]
    except ValueError as exc:
        typer.echo(f"--from/--to: {exc}", err=True)
        raise typer.Exit(2) from exc
    if any(t.tzinfo is None for t in window) or window[1] <= window[0]:
        typer.echo("--from and --to need a UTC offset, and --to must be after --from", err=True)
        raise typer.Exit(2)
    valvo = build()
    valvo.prepare_database()
    with valvo.uow() as uow:
        if uow.registry.get("subjects", subject) is None:
            typer.echo(f"subject {subject} does not exist", err=True)
            raise typer.Exit(2)
    report = run_replay(valvo.db, subject, window[0], window[1])
    typer.echo(json.dumps(report.as_dict(), indent=2))
    raise typer.Exit(0 if report.identical else 1)
