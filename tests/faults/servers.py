"""Private servers for the fault tests: a PostgreSQL cluster, a NATS JetStream server and Valvo's
own processes, each a child of the test that it may kill, stop and start again.

Nothing here touches the machine's shared PostgreSQL or NATS: every server gets its own data
directory under a temporary directory and its own free port on 127.0.0.1.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from tests.support.ports import free_port


def _pg_bin() -> Path:
    """The newest PostgreSQL server binaries Debian installed (15 on the CI image)."""
    versions = sorted(
        (p for p in Path("/usr/lib/postgresql").glob("*/bin") if (p / "initdb").exists()),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    )
    return versions[-1] if versions else Path("/usr/lib/postgresql/15/bin")


PG_BIN = _pg_bin()
NATS_SERVER = Path("/usr/sbin/nats-server")
VALVO = Path(sys.executable).parent / "valvo"  # the [project.scripts] entry point in the venv
# A bound, not a timing: a python start took 25-30 s on a loaded 2-core machine.
START_TIMEOUT_S = 60.0


def missing_binaries(backend: str) -> list[str]:
    """The server binaries the fault tests need and cannot find."""
    needed = [PG_BIN / "initdb", PG_BIN / "pg_ctl", VALVO]
    if backend == "jetstream":
        needed.append(NATS_SERVER)
    return [str(p) for p in needed if not p.exists()]


def port_open(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def wait_until(
    check: Callable[[], bool], timeout_s: float, what: str, step_s: float = 0.1
) -> float:
    """Poll ``check`` until it holds; returns the seconds it took, or raises TimeoutError."""
    start = time.monotonic()
    while not check():
        if time.monotonic() - start > timeout_s:
            raise TimeoutError(f"{what}: not within {timeout_s:.0f} s")
        time.sleep(step_s)
    return time.monotonic() - start


def _tail(path: Path, lines: int = 30) -> str:
    if not path.exists():
        return ""
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


class PrivatePostgres:
    """A PostgreSQL cluster of our own (initdb), run as the ``postgres`` OS user when the tests
    run as root (PostgreSQL refuses to run as root), else as the user running them. ``crash``
    is ``pg_ctl stop -m immediate`` (no shutdown checkpoint: the next start replays the WAL, as
    after a power cut); ``start`` brings it back on the same port and data directory."""

    def __init__(self) -> None:
        # Not under pytest's tmp_path: that tree is root-only and postgres must enter it.
        self.root = Path(tempfile.mkdtemp(prefix="valvo-faults-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.logfile = self.root / "postgres.log"
        self.as_root = os.geteuid() == 0
        if self.as_root:
            shutil.chown(self.root, "postgres")
        self.initdb_s = 0.0

    @property
    def admin_url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def _as_postgres(self, *args: str) -> None:
        command = ["runuser", "-u", "postgres", "--", *args] if self.as_root else list(args)
        done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
        if done.returncode != 0:
            raise RuntimeError(
                f"{' '.join(args[:2])} failed ({done.returncode}): {done.stderr.strip()}\n"
                f"{_tail(self.logfile)}"
            )

    def init(self) -> None:
        start = time.monotonic()
        self._as_postgres(
            str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust",
            "--no-sync", "-E", "UTF8",
        )  # fmt: skip
        self.initdb_s = time.monotonic() - start

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=on "
            "-c max_connections=60"
        )
        self._as_postgres(
            str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.logfile),
            "-o", options, "-w", "-t", "60", "start",
        )  # fmt: skip

    def crash(self) -> None:
        """Immediate shutdown: every backend is ended without a checkpoint."""
        self._as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "stop")

    def destroy(self) -> None:
        try:
            self.stop()
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


class ChildProcess:
    """A server started as a child of the test, killed with SIGKILL or stopped with SIGTERM;
    its output goes to a log file (shown when a test fails)."""

    def __init__(
        self,
        name: str,
        argv: list[str],
        logfile: Path,
        env: Mapping[str, str] | None = None,
        ready: Callable[[], bool] | None = None,
        port: int | None = None,
    ) -> None:
        self.name = name
        self.port = port
        self.argv = argv
        self.logfile = logfile
        self.env = dict(env) if env is not None else None
        self.ready = ready
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts = 0

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc is not None else None

    def start(self) -> float:
        """Start and wait until ready; returns the seconds to readiness."""
        if self.running():
            raise RuntimeError(f"{self.name} is already running")
        self.starts += 1
        with self.logfile.open("ab") as out:
            out.write(f"--- start {self.starts} of {self.name}\n".encode())
            out.flush()
            self.proc = subprocess.Popen(
                self.argv, stdout=out, stderr=subprocess.STDOUT, env=self.env, cwd=os.getcwd()
            )
        check = self.ready or (lambda: True)

        def up() -> bool:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(
                    f"{self.name} exited ({self.proc.returncode}) before it was ready:\n"
                    f"{_tail(self.logfile)}"
                )
            return check()

        return wait_until(up, START_TIMEOUT_S, f"{self.name} ready")

    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def kill(self) -> None:
        """``kill -9``: no shutdown code runs; open transactions die with their connections."""
        assert self.proc is not None, f"{self.name} was never started"
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        if not self.running():
            return
        assert self.proc is not None
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)

    def output(self) -> str:
        return _tail(self.logfile, 40)


def nats_server(root: Path) -> ChildProcess:
    """NATS with JetStream on a free port; its store directory survives a kill, so a restart
    finds the streams (and their messages) again."""
    port = free_port()
    store = root / "jetstream"
    store.mkdir(parents=True, exist_ok=True)
    argv = [str(NATS_SERVER), "-a", "127.0.0.1", "-p", str(port), "-js", "-sd", str(store)]
    return ChildProcess("nats", argv, root / "nats.log", ready=lambda: port_open(port), port=port)


def valvo_process(
    role: str, env: Mapping[str, str], logdir: Path, ready: Callable[[], bool]
) -> ChildProcess:
    """``valvo serve ROLE`` with the environment given (on top of the test's own)."""
    full = {**os.environ, **env}
    return ChildProcess(
        role, [str(VALVO), "serve", role], logdir / f"{role}.log", env=full, ready=ready
    )
