"""How a served process runs its event loop and its cyclic garbage collector.

The loop is uvloop where it is installed and asked for (``event_loop``: auto, uvloop) and
asyncio's own otherwise: the code uses only what both loops offer, and the in-process tests run
on asyncio's while the served processes in the fault and end-to-end tests run on uvloop.

The collector: a served process allocates dozens of short-lived objects per fix, almost none in
cycles, so the youngest generation is collected far less often (``gc_young_threshold``); once
started (rules, modules, listeners loaded), what exists is frozen out of the collector's sight
(gc.freeze), so later full collections walk only what came after.
"""

from __future__ import annotations

import asyncio
import gc
import importlib.util
from collections.abc import Callable, Coroutine
from typing import Any, Literal, TypeVar

T = TypeVar("T")

LoopChoice = Literal["auto", "asyncio", "uvloop"]


def loop_factory(choice: LoopChoice) -> Callable[[], asyncio.AbstractEventLoop] | None:
    """The event loop's factory for ``choice`` (None: asyncio's default). Asking for uvloop
    where it is not installed is refused with what to do."""
    if choice == "asyncio":
        return None
    if importlib.util.find_spec("uvloop") is None:
        if choice == "uvloop":
            raise RuntimeError(
                "VALVO_EVENT_LOOP=uvloop but uvloop is not installed "
                "(install it, or set VALVO_EVENT_LOOP=auto or asyncio)"
            )
        return None
    import uvloop

    return uvloop.new_event_loop


def loop_name(choice: LoopChoice) -> str:
    return "asyncio" if loop_factory(choice) is None else "uvloop"


def run(main: Coroutine[Any, Any, T], choice: LoopChoice) -> T:
    """``asyncio.run(main)`` on the chosen loop."""
    with asyncio.Runner(loop_factory=loop_factory(choice)) as runner:
        return runner.run(main)


def tune_collector(young_threshold: int) -> None:
    """A larger youngest generation; the older generations keep Python's own thresholds."""
    _, middle, oldest = gc.get_threshold()
    gc.set_threshold(young_threshold, middle, oldest)


def freeze_started() -> None:
    """Everything alive once the process has started is moved out of the collector's sight."""
    gc.collect()
    gc.freeze()
