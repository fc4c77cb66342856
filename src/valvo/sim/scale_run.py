"""Running the large fleet: in this process, or split over ``processes`` OS processes (person i
goes to process i % processes), with a progress line every report period and a JSON summary.

Each shard reports an :class:`Interval` every ``report_every_s``; in several processes they come
back over a multiprocessing queue and the parent prints and sums them. A stop (the duration,
Ctrl+C or SIGTERM) ends the schedule; every shard then uploads what its devices hold, waits
(bounded) for the last ACKs, and sends its final interval. ACK logs are written per shard and
joined into ``acks_out`` at the end.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import multiprocessing as mp
import queue
import resource
import shutil
import signal
import time
from collections.abc import Callable
from dataclasses import asdict
from multiprocessing.synchronize import Event as MpEvent
from pathlib import Path
from typing import Any

from valvo.sim.scale_load import AckLog, LoadOptions, ShardLoad, Targets
from valvo.sim.scale_stats import Aggregator, Interval

Sink = Callable[[Interval], None]


def _raise_nofile() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


async def drive_shard(
    options: LoadOptions,
    targets: Targets,
    master: bytes,
    shard: int,
    acks_path: Path | None,
    sink: Sink,
    stop: asyncio.Event,
) -> None:
    """Run one shard until ``stop``, reporting to ``sink`` every report period and at the end
    (the last interval has ``final`` set)."""
    with contextlib.ExitStack() as files:
        out = files.enter_context(acks_path.open("w")) if acks_path is not None else None
        load = ShardLoad(options, targets, master, shard, options.processes, AckLog(out))

        async def report() -> None:
            while True:
                await asyncio.sleep(options.report_every_s)
                sink(load.stats.take(load.in_flight, load.queued))

        reporter = asyncio.create_task(report())
        began = time.monotonic()
        try:
            await load.run(stop)
        finally:
            reporter.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await reporter
        last = load.stats.take(load.in_flight, load.queued)
        last.final = True
        last.run_s = time.monotonic() - began
        sink(last)


async def _stop_after(
    stop: asyncio.Event, duration_s: float | None, main: asyncio.Task[Any] | None
) -> None:
    """Set ``stop`` after the duration or at the first Ctrl+C/SIGTERM; a second one cancels
    ``main`` (no more waiting for the last ACKs)."""
    loop = asyncio.get_running_loop()

    def on_signal() -> None:
        if stop.is_set() and main is not None:
            main.cancel()
        stop.set()

    for sig in (signal.SIGINT, signal.SIGTERM):
        # Only the main thread of a process can take signals (a test may run this elsewhere).
        with contextlib.suppress(ValueError, RuntimeError, NotImplementedError):
            loop.add_signal_handler(sig, on_signal)
    if duration_s is not None:
        await asyncio.sleep(duration_s)
        stop.set()


def _part(acks_out: Path | None, shard: int, shards: int) -> Path | None:
    if acks_out is None:
        return None
    return acks_out if shards == 1 else acks_out.with_name(f"{acks_out.name}.part{shard}")


def run_scale(
    options: LoadOptions,
    targets: Targets,
    master: bytes,
    *,
    acks_out: Path | None = None,
    summary_out: Path | None = None,
    echo: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Drive the fleet for ``options.duration_s`` (or until Ctrl+C/SIGTERM); the summary."""
    options.check()
    targets.valvo_address()
    _raise_nofile()
    aggregator = Aggregator(options.processes)
    began = time.monotonic()
    if options.processes == 1:
        try:
            asyncio.run(_in_process(options, targets, master, acks_out, aggregator, echo, began))
        except asyncio.CancelledError:  # a second Ctrl+C/SIGTERM
            echo("stopped without waiting for the last ACKs")
    else:
        _in_processes(options, targets, master, acks_out, aggregator, echo, began)
    # The shards' own run time (starting processes takes seconds), else the wall time here.
    elapsed = aggregator.total.run_s or time.monotonic() - began
    summary = aggregator.summary(elapsed, asdict(options))
    if acks_out is not None and options.processes > 1:
        with acks_out.open("wb") as joined:
            for shard in range(options.processes):
                part = _part(acks_out, shard, options.processes)
                assert part is not None
                if part.exists():
                    with part.open("rb") as piece:
                        shutil.copyfileobj(piece, joined)
                    part.unlink()
    if summary_out is not None:
        summary_out.write_text(json.dumps(summary, indent=2))
    return summary


async def _in_process(
    options: LoadOptions,
    targets: Targets,
    master: bytes,
    acks_out: Path | None,
    aggregator: Aggregator,
    echo: Callable[[str], None],
    began: float,
) -> None:
    stop = asyncio.Event()
    timer = asyncio.create_task(_stop_after(stop, options.duration_s, asyncio.current_task()))

    def sink(interval: Interval) -> None:
        aggregator.add(0, interval)
        echo(aggregator.line(time.monotonic() - began))

    try:
        await drive_shard(options, targets, master, 0, acks_out, sink, stop)
    finally:
        timer.cancel()


def _shard_main(
    options: LoadOptions,
    targets: Targets,
    master: bytes,
    shard: int,
    acks_path: Path | None,
    reports: mp.Queue[tuple[int, Interval]],
    stop_flag: MpEvent,
) -> None:
    """A child process: the parent decides when to stop (it handles Ctrl+C and SIGTERM)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    _raise_nofile()

    async def main() -> None:
        stop = asyncio.Event()

        async def watch() -> None:
            await asyncio.to_thread(stop_flag.wait)
            stop.set()

        watcher = asyncio.create_task(watch())
        if options.duration_s is not None:  # from this process's start (spawning takes time)
            asyncio.get_running_loop().call_later(options.duration_s, stop.set)
        try:
            await drive_shard(
                options, targets, master, shard, acks_path, lambda i: reports.put((shard, i)), stop
            )
        finally:
            watcher.cancel()

    asyncio.run(main())


def _in_processes(
    options: LoadOptions,
    targets: Targets,
    master: bytes,
    acks_out: Path | None,
    aggregator: Aggregator,
    echo: Callable[[str], None],
    began: float,
) -> None:
    context = mp.get_context("spawn")
    reports: mp.Queue[tuple[int, Interval]] = context.Queue()
    stop_flag = context.Event()
    children = [
        context.Process(
            target=_shard_main,
            args=(
                options,
                targets,
                master,
                shard,
                _part(acks_out, shard, options.processes),
                reports,
                stop_flag,
            ),
            name=f"valvo-simulate-{shard}",
        )
        for shard in range(options.processes)
    ]
    for child in children:
        child.start()
    previous = {
        sig: signal.signal(sig, lambda *_: stop_flag.set())
        for sig in (signal.SIGINT, signal.SIGTERM)
    }
    next_line = began + options.report_every_s
    try:
        while not aggregator.done:
            try:
                shard, interval = reports.get(timeout=0.2)
                aggregator.add(shard, interval)
            except queue.Empty:
                if not any(child.is_alive() for child in children) and reports.empty():
                    echo("every simulator process ended before reporting its end")
                    break
            if time.monotonic() >= next_line:
                echo(aggregator.line(time.monotonic() - began))
                next_line += options.report_every_s
    finally:
        stop_flag.set()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        for child in children:
            child.join(10)
            if child.is_alive():
                child.kill()
