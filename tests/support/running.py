"""A whole Valvo (gateway, engine, API) running in a background thread on free ports."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.support.ports import free_port
from valvo.bootstrap import Valvo, build
from valvo.cli.runtime import Parts, run
from valvo.settings import Settings
from valvo.sim.seed import SimPerson, seed_demo


@dataclass(frozen=True)
class Running:
    valvo: Valvo
    api_url: str
    gateway_url: str


@contextmanager
def running_valvo(
    database_url: str,
    data_dir: Path,
    *,
    fleet: list[SimPerson] | None = None,
    parts: Parts | None = None,
    **overrides: Any,
) -> Iterator[Running]:
    """Valvo with the given settings ``overrides``; with a ``fleet``, the demo's simulated
    people (seeded first) and its mixed fleet on whatever device listeners are configured."""
    api_port, gateway_port = free_port(), free_port()
    settings = Settings(
        database_url=database_url,
        data_dir=data_dir,
        api_port=api_port,
        osmand_port=gateway_port,
        **overrides,
    )
    valvo = build(settings)
    valvo.prepare_database()
    if fleet:
        seed_demo(valvo, fleet, valvo.clock())
    loop = asyncio.new_event_loop()
    ready, stop = asyncio.Event(), asyncio.Event()
    failure: list[BaseException] = []

    def main() -> None:
        try:
            loop.run_until_complete(
                run(valvo, parts or Parts(), fleet=fleet, ready=ready, stop=stop)
            )
        except BaseException as exc:
            failure.append(exc)
            loop.call_soon_threadsafe(ready.set)

    thread = threading.Thread(target=main, daemon=True)
    thread.start()
    started = threading.Event()
    loop.call_soon_threadsafe(lambda: asyncio.ensure_future(_signal(ready, started)))
    if not started.wait(30) or failure:
        raise RuntimeError(f"Valvo did not start: {failure}")
    try:
        yield Running(valvo, f"http://127.0.0.1:{api_port}", f"http://127.0.0.1:{gateway_port}")
    finally:
        loop.call_soon_threadsafe(stop.set)
        thread.join(30)
        valvo.db.dispose()


async def _signal(ready: asyncio.Event, started: threading.Event) -> None:
    await ready.wait()
    started.set()
