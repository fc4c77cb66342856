"""``valvo demo``, ``serve``, ``db``, ``simulate`` and ``user``: the operational commands.

The heavy imports (database, web server) happen inside the commands, so that the light ones
(``valvo decode``, ``valvo law``) start fast.
"""

from __future__ import annotations

import asyncio
import contextlib
import getpass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from valvo.sim.trackers import demo_tcp_ports

if TYPE_CHECKING:
    from valvo.settings import Settings

db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
user_app = typer.Typer(help="Staff accounts.", no_args_is_help=True)


# The demo's TCP listeners, one per simulated protocol on the port such devices use by
# convention (the protocol registry's), and its Valvo-protocol HTTP port: used unless
# VALVO_TCP_PORTS / VALVO_VALVO_HTTP_PORT say otherwise.
DEMO_TCP_PORTS = demo_tcp_ports()
DEMO_VALVO_HTTP_PORT = 5056


class Process(StrEnum):
    ALL = "all"
    API = "api"
    GATEWAY = "gateway"
    ENGINE = "engine"


def demo(
    people: Annotated[int, typer.Option(min=1, max=5000, help="Simulated people.")] = 30,
    port: Annotated[
        int | None, typer.Option(help="Console and API port [default: VALVO_API_PORT, 8000].")
    ] = None,
    osmand_port: Annotated[
        int | None,
        typer.Option(help="OsmAnd gateway port [default: VALVO_OSMAND_PORT, 5055]."),
    ] = None,
    tls: Annotated[
        bool,
        typer.Option(
            "--tls/--no-tls",
            help="Serve the API and HTTP device endpoints over HTTPS with a self-signed "
            "certificate made under ./var/tls (the browser must be told to trust var/tls/ca.pem).",
        ),
    ] = False,
    with_history: Annotated[
        bool,
        typer.Option(
            "--history/--no-history",
            help="Start a fresh demo with the last 24 hours of the fleet already there "
            "(fixes, home-unit events and the alarms they raised, some worked at the desk).",
        ),
    ] = True,
) -> None:
    """Run a whole monitoring centre here: gateway, engine, API, console and a simulated fleet
    around Helsinki, on the embedded database under ./var."""
    from datetime import UTC, datetime

    from valvo.adapters.tls import client_context, ensure_self_signed
    from valvo.bootstrap import build
    from valvo.cli.ports import first_unavailable, listeners
    from valvo.cli.runtime import Parts, run
    from valvo.gateway.valvo_http import PATH
    from valvo.sim.cases_seed import seed_cases
    from valvo.sim.demo_history import seed_history
    from valvo.sim.network_seed import seed_network
    from valvo.sim.partners_seed import seed_partner_sessions, seed_partners
    from valvo.sim.person_seed import seed_person
    from valvo.sim.seed import demo_people, seed_demo
    from valvo.sim.staff_seed import DEMO_PASSWORD, DEMO_STAFF, seed_staff

    settings = demo_settings(port, osmand_port)
    busy = first_unavailable(listeners(settings))
    if busy is not None:  # before anything is created or printed
        typer.echo(busy, err=True)
        raise typer.Exit(2)
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
    seed_cases(valvo, fleet, valvo.clock())
    person_login = seed_person(valvo, valvo.clock())
    partner_login = seed_partners(valvo, valvo.clock())["partner_login"]
    seed_partner_sessions(valvo, valvo.clock())
    seed_network(valvo, valvo.clock())
    history = None
    if created == len(fleet) and with_history:  # a fresh database: the last day already there
        history = seed_history(valvo, fleet, valvo.clock())
    url = f"{scheme}://{settings.api_host}:{settings.api_port}/"
    typer.echo(f"Valvo demo: {len(fleet)} simulated people ({created} newly registered).")
    if history is not None and history.observations:
        typer.echo(
            f"  history   the last 24 hours: {history.observations} observations, "
            f"{history.alarms} alarms ({history.closed} closed, {history.open} open), "
            f"made in {history.seconds:.1f} s"
        )
    typer.echo(f"  console   {url}")
    typer.echo(
        f"  login     {settings.admin_username} / {settings.admin_password.get_secret_value()}"
    )
    staff = ", ".join(f"{name} ({region or 'all regions'})" for name, _, region in DEMO_STAFF)
    typer.echo(f"  staff     {staff} / {DEMO_PASSWORD}")
    typer.echo(f"  partner   {partner_login[0]} / {partner_login[1]}  ({url}partners)")
    if person_login is not None:
        typer.echo(f"  person    {person_login[0]} / {person_login[1]}  ({url}me)")
    typer.echo(f"  pages     {url} (alarm desk), {url}cases, {url}partners, {url}me")
    host = settings.gateway_host
    if settings.osmand_port is not None:
        typer.echo(f"  gateway   OsmAnd on {scheme}://{host}:{settings.osmand_port}/")
    trackers = ", ".join(f"{name} :{p}" for name, p in sorted(settings.tcp_ports.items()))
    if trackers:
        typer.echo(f"            TCP trackers on {host} (plain TCP): {trackers}")
    if settings.valvo_http_port is not None:
        typer.echo(
            f"            Valvo protocol on {scheme}://{host}:{settings.valvo_http_port}{PATH}"
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


def demo_settings(port: int | None = None, osmand_port: int | None = None) -> Settings:
    """The demo's settings: the environment and valvo.toml as for ``valvo serve`` (every
    ``VALVO_*_PORT`` and ``VALVO_TCP_PORTS`` is honoured), the options over them, and the demo's
    mixed fleet (trackers of every simulated TCP protocol, RF home units over the Valvo
    protocol) on its usual ports where nothing is set."""
    from valvo.settings import Settings

    given = Settings().model_fields_set  # what the environment or valvo.toml set
    update: dict[str, Any] = {}
    if "tcp_ports" not in given:
        update["tcp_ports"] = dict(DEMO_TCP_PORTS)
    if "valvo_http_port" not in given:
        update["valvo_http_port"] = DEMO_VALVO_HTTP_PORT
    if port is not None:
        update["api_port"] = port
    if osmand_port is not None:
        update["osmand_port"] = osmand_port
    return Settings(**update)  # given here wins over the environment


def serve(
    process: Annotated[Process, typer.Argument(help="Which process to run.")] = Process.ALL,
) -> None:
    """Run Valvo's processes from the settings (environment or valvo.toml)."""
    from valvo.bootstrap import build
    from valvo.cli.ports import first_unavailable, listeners
    from valvo.cli.process_tuning import run as run_on_loop
    from valvo.cli.process_tuning import tune_collector
    from valvo.cli.production import demo_accounts
    from valvo.cli.runtime import Parts, run_until_signalled

    parts = Parts(
        api=process in (Process.ALL, Process.API),
        gateway=process in (Process.ALL, Process.GATEWAY),
        engine=process in (Process.ALL, Process.ENGINE),
    )
    valvo = build()
    busy = first_unavailable(listeners(valvo.settings, api=parts.api, gateway=parts.gateway))
    if busy is not None:
        typer.echo(busy, err=True)
        raise typer.Exit(2)
    valvo.prepare_database()
    if valvo.settings.uses_development_secret:
        typer.echo(
            "development mode: tokens are signed with the published development secret; the "
            f"API listens on {valvo.settings.api_host} only (set VALVO_SECRET_KEY and "
            "VALVO_MODE=production to serve other machines)",
            err=True,
        )
    if valvo.settings.mode == "production":
        in_use = demo_accounts(valvo)
        if in_use:
            typer.echo(
                "production mode refused: demo accounts still use the demo password: "
                f"{', '.join(in_use)} (change their passwords or deactivate them)",
                err=True,
            )
            raise typer.Exit(2)
    tune_collector(valvo.settings.gc_young_threshold)
    with contextlib.suppress(KeyboardInterrupt):  # the handler stops it; a second ^C is abrupt
        run_on_loop(run_until_signalled(valvo, parts), valvo.settings.event_loop)
    typer.echo("stopped")


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Bring the database schema to the newest migration and create the administrator."""
    from valvo.bootstrap import build

    build().prepare_database()
    typer.echo("database is up to date")


@db_app.command("partitions")
def db_partitions(
    days_ahead: Annotated[
        int, typer.Option(min=0, max=366, help="Days ahead of today to create.")
    ] = 7,
    days_back: Annotated[int, typer.Option(min=0, max=366, help="Days before today.")] = 1,
) -> None:
    """Create the missing daily partitions of positions (PostgreSQL) and list them all."""
    from valvo.adapters.db.position_partitions import list_partitions, maintain
    from valvo.bootstrap import build

    valvo = build()
    try:
        if valvo.db.dialect.name != "postgresql":
            typer.echo("positions is not partitioned on this database (PostgreSQL only)")
            return
        created = maintain(valvo.db, valvo.clock(), days_ahead, days_back)
        with valvo.db.connect() as conn:
            partitions = list_partitions(conn)
    finally:
        valvo.db.dispose()
    typer.echo(f"created {len(created)}: {', '.join(created) or '-'}")
    for partition in partitions:
        typer.echo(f"{partition.name}\t{partition.bound}")


def simulate(
    gateway: Annotated[str, typer.Option(help="OsmAnd gateway URL.")] = "http://127.0.0.1:5055",
    people: Annotated[int, typer.Option(min=1, help="Simulated people.")] = 30,
    duration: Annotated[
        float | None, typer.Option(help="Seconds to run (default: forever).")
    ] = None,
    interval: Annotated[float, typer.Option(help="Seconds between fixes per person.")] = 3.0,
    seed_database: Annotated[
        bool,
        typer.Option(
            "--seed/--no-seed",
            help="Register the fleet in the database first (with --subjects: what is missing).",
        ),
    ] = True,
    subjects: Annotated[
        int | None,
        typer.Option(
            help="National scale: N people with Teltonika trackers (and RF home units) over "
            "real sockets, instead of the demo's OsmAnd people.",
            rich_help_panel="Scale",
        ),
    ] = None,
    rf_share: Annotated[
        float, typer.Option(help="Share of people with an RF home unit.", rich_help_panel="Scale")
    ] = 0.3,
    rate_scale: Annotated[
        float,
        typer.Option(help="Multiply the nominal rates (2: twice).", rich_help_panel="Scale"),
    ] = 1.0,
    burst_share: Annotated[
        float,
        typer.Option(
            help="Share of trackers that hold fixes and upload them in one packet.",
            rich_help_panel="Scale",
        ),
    ] = 0.1,
    burst_fixes: Annotated[
        int, typer.Option(help="Fixes per buffered upload.", rich_help_panel="Scale")
    ] = 5,
    persistent_share: Annotated[
        float,
        typer.Option(
            help="Share of trackers that stay connected between uploads.",
            rich_help_panel="Scale",
        ),
    ] = 0.0,
    max_connections: Annotated[
        int, typer.Option(help="Concurrent tracker sessions.", rich_help_panel="Scale")
    ] = 2000,
    http_connections: Annotated[
        int,
        typer.Option(help="Keep-alive connections shared by home units.", rich_help_panel="Scale"),
    ] = 64,
    processes: Annotated[
        int, typer.Option(help="OS processes to split the fleet over.", rich_help_panel="Scale")
    ] = 1,
    ack_timeout: Annotated[
        float, typer.Option(help="Seconds to wait for an ACK.", rich_help_panel="Scale")
    ] = 10.0,
    report_every: Annotated[
        float, typer.Option(help="Seconds between progress lines.", rich_help_panel="Scale")
    ] = 1.0,
    summary: Annotated[
        Path | None, typer.Option(help="Write the JSON summary here.", rich_help_panel="Scale")
    ] = None,
    acks_out: Annotated[
        Path | None,
        typer.Option(
            help="One line per acknowledged observation: device, device time, kind.",
            rich_help_panel="Scale",
        ),
    ] = None,
    gateway_host: Annotated[
        str | None, typer.Option(help="Gateway host (settings).", rich_help_panel="Scale")
    ] = None,
    teltonika_port: Annotated[
        int | None, typer.Option(help="Teltonika TCP port (settings).", rich_help_panel="Scale")
    ] = None,
    valvo_url: Annotated[
        str | None,
        typer.Option(help="Valvo-protocol HTTP endpoint URL (settings).", rich_help_panel="Scale"),
    ] = None,
) -> None:
    """Drive a simulated fleet against a running gateway (the demo's people by default; with
    --subjects, a national-scale fleet of trackers and RF home units)."""
    if subjects is not None:
        from valvo.cli.simulate_scale import default_targets, simulate_scale
        from valvo.sim.scale_load import LoadOptions

        options = LoadOptions(
            subjects=subjects,
            rf_share=rf_share,
            rate_scale=rate_scale,
            burst_share=burst_share,
            burst_fixes=burst_fixes,
            persistent_share=persistent_share,
            max_connections=max_connections,
            http_connections=http_connections,
            ack_timeout_s=ack_timeout,
            duration_s=duration,
            report_every_s=report_every,
            processes=processes,
        )
        targets = default_targets(gateway_host, teltonika_port, valvo_url)
        simulate_scale(options, targets, seed=seed_database, acks_out=acks_out, summary_out=summary)
        return
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
    from valvo.services.errors import ServiceError
    from valvo.services.user_commands import CreateUser

    password = getpass.getpass("password: ")
    valvo = build()
    valvo.prepare_database()
    command = CreateUser(
        actor="cli",
        at=valvo.clock(),
        username=username,
        password=password,
        role=role,
        region=region,
    )
    try:
        valvo.bus.handle(command)
    except ServiceError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from exc
    typer.echo(f"user {username} created")


@user_app.command("unlock")
def user_unlock(username: Annotated[str, typer.Argument()]) -> None:
    """End a lockout after repeated failed logins (audited, actor "cli")."""
    _user_admin(username, "unlock")


@user_app.command("reset-totp")
def user_reset_totp(username: Annotated[str, typer.Argument()]) -> None:
    """Remove a user's second factor (a lost phone); their sessions end and they enrol again."""
    _user_admin(username, "reset-totp")


def _user_admin(username: str, action: str) -> None:
    from valvo.bootstrap import build
    from valvo.services.errors import ServiceError
    from valvo.services.user_commands import ResetSecondFactor, UnlockUser

    valvo = build()
    valvo.prepare_database()
    kind = UnlockUser if action == "unlock" else ResetSecondFactor
    try:
        valvo.bus.handle(kind(actor="cli", at=valvo.clock(), username=username))
    except ServiceError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from exc
    typer.echo(f"{action}: {username} done")


def replay(
    subject: Annotated[str, typer.Option("--subject", help="The person's id.")],
    start: Annotated[str, typer.Option("--from", help="Start, ISO 8601 with offset.")],
    end: Annotated[str, typer.Option("--to", help="End, ISO 8601 with offset.")],
    purpose: Annotated[
        str | None,
        typer.Option(help="Why the location history is read (required before today)."),
    ] = None,
) -> None:
    """Re-run the rules over a person's stored observations and compare with the alarms raised
    between --from and --to (a --to in the future, or beyond what the engine has evaluated,
    stops there). Prints JSON; exits 0 if identical, 1 if not, 2 on bad input.
    It reads location history, so it is recorded in the audit trail; a window reaching before
    today (Europe/Helsinki) needs --purpose."""
    import json
    from datetime import datetime

    from valvo.bootstrap import build
    from valvo.domain.security import MAX_PURPOSE, purpose_required
    from valvo.services.errors import NotFound
    from valvo.services.location_reads import RecordReplayRead

    try:
        window = [datetime.fromisoformat(start), datetime.fromisoformat(end)]
    except ValueError as exc:
        typer.echo(f"--from/--to: {exc}", err=True)
        raise typer.Exit(2) from exc
    if any(t.tzinfo is None for t in window) or window[1] <= window[0]:
        typer.echo("--from and --to need a UTC offset, and --to must be after --from", err=True)
        raise typer.Exit(2)
    purpose = (purpose or "").strip() or None
    if purpose is not None and len(purpose) > MAX_PURPOSE:
        typer.echo(f"--purpose is longer than {MAX_PURPOSE} characters", err=True)
        raise typer.Exit(2)
    valvo = build()
    now = valvo.clock()
    if purpose is None and purpose_required(window[0], now):
        typer.echo(
            "--purpose is required: location history before the start of today "
            "(Europe/Helsinki) is read only for a stated purpose",
            err=True,
        )
        raise typer.Exit(2)
    valvo.prepare_database()
    command = RecordReplayRead(
        actor=f"cli:{getpass.getuser()}",
        at=now,
        subject_id=subject,
        start=window[0],
        end=window[1],
        purpose=purpose,
    )
    try:
        valvo.bus.handle(command)
    except NotFound as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from exc
    report = valvo.replay(subject, window[0], window[1], now)
    typer.echo(json.dumps(report.as_dict(), indent=2))
    raise typer.Exit(0 if report.identical else 1)
