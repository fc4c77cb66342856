"""``valvo simulate --subjects N`` against a real gateway over real sockets (Teltonika TCP
sessions and Valvo-protocol HTTP keep-alive), a few hundred people for a few seconds at a
multiplied rate: everything acknowledged is stored exactly once, burst uploads carry several
records in one frame, the schedule's rates and phases hold (checked on the device times the
devices sent, against tolerances from the counts), a gateway that is down for a while loses
nothing acknowledged, and bad options are refused with a clear error before anything changes."""

from __future__ import annotations

import asyncio
import shutil
import threading
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from tests.support.ports import free_port
from valvo.bootstrap import Valvo, build
from valvo.cli.main import app
from valvo.gateway.listeners import DeviceListeners, device_master_key, start_device_listeners
from valvo.settings import Settings
from valvo.sim.scale_fleet import expected_units, seed_fleet
from valvo.sim.scale_load import LoadOptions, Targets
from valvo.sim.scale_run import run_scale

SUBJECTS = 300
RATE = 60.0  # a fix a second per tracker, a heartbeat every 0.5-1 s per home unit


class GatewayThread:
    """The gateway's device listeners and group-commit writer in their own event loop and
    thread (the simulator runs in the test's thread); listeners can be closed and reopened on
    the same ports, as a restarted gateway would."""

    def __init__(self, valvo: Valvo) -> None:
        self.valvo = valvo
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.listeners: DeviceListeners | None = None
        self.writer = valvo.log_writer()
        self._call(self._run_writer())

    def _call(self, coro: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(20)

    async def _run_writer(self) -> None:
        self.writer_task = asyncio.create_task(self.writer.run())

    def open(self) -> None:
        async def start() -> DeviceListeners:
            v = self.valvo
            return await start_device_listeners(
                v.settings, self.writer, v.clock, v.device_credential
            )

        self.listeners = self._call(start())

    def close(self) -> None:
        if self.listeners is not None:
            self._call(self.listeners.aclose())
            self.listeners = None

    def stop(self) -> None:
        self.close()

        async def end_writer() -> None:
            self.writer_task.cancel()
            await asyncio.gather(self.writer_task, return_exceptions=True)

        self._call(end_writer())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


@pytest.fixture
def fleet(tmp_path: Path, sqlite_template: Path) -> Iterator[tuple[Valvo, GatewayThread, Targets]]:
    path = tmp_path / "valvo.db"
    shutil.copyfile(sqlite_template, path)
    tcp, http = free_port(), free_port()
    settings = Settings(
        database_url=f"sqlite:///{path}",
        data_dir=tmp_path,
        osmand_port=None,
        api_port=0,
        tcp_ports={"teltonika": tcp},
        valvo_http_port=http,
        log_level="WARNING",
    )
    valvo = build(settings, clock=lambda: datetime.now(UTC))
    valvo.prepare_database()
    seed_fleet(valvo, SUBJECTS, 0.3, valvo.clock())
    gateway = GatewayThread(valvo)
    targets = Targets("127.0.0.1", tcp, f"http://127.0.0.1:{http}/valvo/v1/messages")
    try:
        yield valvo, gateway, targets
    finally:
        gateway.stop()
        valvo.db.dispose()


def acked_lines(path: Path) -> list[tuple[str, datetime, str]]:
    rows = []
    for line in path.read_text().splitlines():
        device, at, kind = line.split("\t")
        rows.append((device, datetime.fromisoformat(at), kind))
    return rows


def stored(valvo: Valvo) -> Counter[tuple[str, datetime, str]]:
    with valvo.db.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT device_identifier, device_time, kind FROM observations "
                "WHERE kind IN ('position', 'presence')"
            )
        ).all()
    return Counter((r[0], _aware(r[1]), r[2]) for r in rows)


def _aware(value: datetime | str) -> datetime:
    at = datetime.fromisoformat(value) if isinstance(value, str) else value
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def options(**overrides: Any) -> LoadOptions:
    values: dict[str, Any] = {
        "subjects": SUBJECTS,
        "rate_scale": RATE,
        "burst_share": 0.2,
        "burst_fixes": 3,
        "persistent_share": 0.5,
        "max_connections": 100,
        "http_connections": 8,
        "ack_timeout_s": 5.0,
        "duration_s": 4.0,
        **overrides,
    }
    return LoadOptions(**values)


def test_everything_acknowledged_is_stored_once_on_schedule_with_burst_frames(
    fleet: tuple[Valvo, GatewayThread, Targets], tmp_path: Path
) -> None:
    valvo, gateway, targets = fleet
    gateway.open()
    acks, summary_file = tmp_path / "acks.tsv", tmp_path / "summary.json"
    lines: list[str] = []
    summary = run_scale(
        options(),
        targets,
        device_master_key(valvo.settings),
        acks_out=acks,
        summary_out=summary_file,
        echo=lines.append,
    )
    acked = acked_lines(acks)
    in_db = stored(valvo)
    # Exactly once, and (no fault here) nothing stored that was not acknowledged.
    assert acked
    assert len(set(acked)) == len(acked) == summary["acked_observations"]
    assert all(in_db[row] == 1 for row in acked)
    assert sum(in_db.values()) == len(acked)
    # Nothing refused (a slow commit on a busy machine may time an ACK out: it is resent).
    assert set(summary["errors"]) <= {"gps_timeout", "rf_TimeoutError"}
    assert summary["unsent_at_stop"] == 0
    assert summary_file.exists()
    assert any("acked=" in line for line in lines)

    # Persistent trackers (half) log in once and send every upload on that connection; the
    # others connect and log in for each upload.
    with valvo.db.connect() as conn:
        per_device = conn.execute(
            text(
                "SELECT device_identifier, SUM(kind = 'login'), "
                "COUNT(DISTINCT CASE WHEN kind = 'position' THEN raw END) "
                "FROM observations WHERE kind IN ('login', 'position') "
                "GROUP BY device_identifier"
            )
        ).all()
    # A tracker that sent two uploads or more tells which kind it is: a persistent one logged
    # in once for all of them; the others log in for each session, and a session sends every
    # upload that came while it waited for an ACK, so under load one session may carry two.
    # How many uploads a tracker gets through depends on the machine's load, so the shares are
    # taken over the trackers that sent two or more, not over all of them.
    told = [(logins, uploads) for _, logins, uploads in per_device if uploads >= 2]
    once = [uploads for logins, uploads in told if logins == 1]
    again = [uploads for logins, uploads in told if logins >= 2]
    assert len(told) >= 0.25 * SUBJECTS, f"only {len(told)} trackers sent two uploads or more"
    assert 0.3 * len(told) < len(once) < 0.8 * len(told), told
    assert len(again) > 0.2 * len(told), told

    # Burst uploads: one stored frame carrying several records.
    with valvo.db.connect() as conn:
        largest = conn.execute(
            text(
                "SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM observations "
                "WHERE kind = 'position' GROUP BY device_identifier, raw) AS frames"
            )
        ).scalar_one()
    assert largest >= 3
    assert summary["records_per_frame"].get("3", 0) > 0

    # Rates: per device, the mean spacing of its device times is its period.
    times: dict[str, list[datetime]] = defaultdict(list)
    for device, at, _ in acked:
        times[device].append(at)
    gps = {d: sorted(t) for d, t in times.items() if not d.startswith("sim-rf-")}
    units = {d: sorted(t) for d, t in times.items() if d.startswith("sim-rf-")}
    assert len(gps) == SUBJECTS
    assert len(units) == expected_units(SUBJECTS, 0.3)

    def mean_spacing(series: list[datetime]) -> float:
        return (series[-1] - series[0]).total_seconds() / (len(series) - 1)

    gps_period = 60.0 / RATE
    for series in gps.values():
        assert len(series) >= 3
        assert abs(mean_spacing(series) - gps_period) < 0.15 * gps_period
    for series in units.values():
        if len(series) >= 3:
            assert 30.0 / RATE * 0.85 <= mean_spacing(series) <= 60.0 / RATE * 1.15
    # Totals against the schedule: each tracker sends duration/period fixes, give or take one
    # at each end of the run.
    duration = 4.0
    positions = summary["generated_by_kind"]["position"]
    assert abs(positions - SUBJECTS * duration / gps_period) <= SUBJECTS
    # Phases spread over the period: the trackers' first fixes are not on one instant.
    start = min(s[0] for s in gps.values())
    tenths = Counter(int((s[0] - start).total_seconds() / gps_period * 10) for s in gps.values())
    assert len([b for b in range(10) if tenths[b] > 0]) >= 8
    assert max(tenths.values()) < 3 * SUBJECTS / 10


def test_a_gateway_down_for_a_while_loses_nothing_acknowledged(
    fleet: tuple[Valvo, GatewayThread, Targets], tmp_path: Path
) -> None:
    valvo, gateway, targets = fleet
    acks = tmp_path / "acks.tsv"
    # Down at the start, up after 1.5 s, down again at 3 s and back at 4 s.
    timers = [
        threading.Timer(1.5, gateway.open),
        threading.Timer(3.0, gateway.close),
        threading.Timer(4.0, gateway.open),
    ]
    for timer in timers:
        timer.start()
    summary = run_scale(
        options(subjects=100, duration_s=5.0),
        targets,
        device_master_key(valvo.settings),
        acks_out=acks,
        echo=lambda _: None,
    )
    for timer in timers:
        timer.join()
    acked = acked_lines(acks)
    in_db = stored(valvo)
    assert summary["errors"]  # the outage was seen
    assert len(set(acked)) == len(acked)
    assert all(in_db[row] == 1 for row in acked)
    # Every fix generated was delivered in the end (resent after reconnecting).
    generated = sum(summary["generated_by_kind"].values())
    assert summary["unsent_at_stop"] == 0
    assert len(acked) == generated
    assert summary["resends"] > 0


@pytest.mark.parametrize(
    ("argument", "message"),
    [
        (["--subjects", "0"], "--subjects must be at least 1"),
        (["--subjects", "10", "--rf-share", "2"], "--rf-share must be between 0 and 1"),
        (["--subjects", "10", "--rate-scale", "0"], "--rate-scale must be above 0"),
        (["--subjects", "10", "--valvo-url", "ftp://x"], "give http://host:port/path"),
    ],
)
def test_bad_options_are_refused_before_anything_changes(
    tmp_path: Path, argument: list[str], message: str
) -> None:
    database = tmp_path / "valvo.db"
    result = CliRunner().invoke(
        app,
        ["simulate", *argument, "--duration", "1"],
        env={"VALVO_DATABASE_URL": f"sqlite:///{database}", "VALVO_DATA_DIR": str(tmp_path)},
    )
    assert result.exit_code == 2
    assert message in result.output
    assert not database.exists()


def test_the_fleet_split_over_two_processes_joins_its_acks(
    fleet: tuple[Valvo, GatewayThread, Targets], tmp_path: Path
) -> None:
    valvo, gateway, targets = fleet
    gateway.open()
    acks = tmp_path / "acks.tsv"
    summary = run_scale(
        options(subjects=100, duration_s=2.0, processes=2),
        targets,
        device_master_key(valvo.settings),
        acks_out=acks,
        echo=lambda _: None,
    )
    acked = acked_lines(acks)
    in_db = stored(valvo)
    assert len(acked) == summary["acked_observations"] > 0
    assert all(in_db[row] == 1 for row in acked)
    # Both halves of the fleet (even and odd indices) reported, and the parts were joined.
    trackers = {int(device[-6:]) % 2 for device, _, kind in acked if kind == "position"}
    assert trackers == {0, 1}
    assert list(tmp_path.glob("acks.tsv.part*")) == []
