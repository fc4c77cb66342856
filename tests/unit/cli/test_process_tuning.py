"""A served process's event loop and collector (valvo.cli.process_tuning)."""

from __future__ import annotations

import asyncio
import gc
import importlib.util
from collections.abc import Iterator

import pytest

from valvo.cli.process_tuning import freeze_started, loop_factory, loop_name, run, tune_collector
from valvo.settings import Settings


async def running_loop_module() -> str:
    return type(asyncio.get_running_loop()).__module__.split(".")[0]


def test_asyncio_is_asyncio_s_own_loop() -> None:
    assert loop_factory("asyncio") is None
    assert run(running_loop_module(), "asyncio") == "asyncio"


@pytest.mark.skipif(importlib.util.find_spec("uvloop") is None, reason="uvloop not installed")
def test_auto_and_uvloop_run_on_uvloop_where_it_is_installed() -> None:
    assert loop_name("auto") == loop_name("uvloop") == "uvloop"
    assert run(running_loop_module(), "auto") == "uvloop"
    assert run(running_loop_module(), "uvloop") == "uvloop"


def test_without_uvloop_auto_falls_back_and_uvloop_is_refused_with_what_to_do(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = importlib.util.find_spec

    def find_spec(name: str, *args: object) -> object:
        return None if name == "uvloop" else real(name)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    assert loop_factory("auto") is None
    assert run(running_loop_module(), "auto") == "asyncio"
    with pytest.raises(RuntimeError, match="VALVO_EVENT_LOOP=uvloop but uvloop is not installed"):
        loop_factory("uvloop")


def test_the_settings_default_to_auto_and_a_large_young_generation() -> None:
    settings = Settings()
    assert settings.event_loop == "auto"
    assert settings.gc_young_threshold == 50_000
    with pytest.raises(ValueError, match="event_loop"):
        Settings(event_loop="trio")
    with pytest.raises(ValueError, match="gc_young_threshold"):
        Settings(gc_young_threshold=0)


@pytest.fixture
def collector() -> Iterator[None]:
    threshold = gc.get_threshold()
    yield
    gc.set_threshold(*threshold)
    gc.unfreeze()


@pytest.mark.usefixtures("collector")
def test_tuning_changes_only_the_youngest_generation() -> None:
    _, middle, oldest = gc.get_threshold()
    tune_collector(12_345)
    assert gc.get_threshold() == (12_345, middle, oldest)


@pytest.mark.usefixtures("collector")
def test_what_exists_once_started_is_frozen() -> None:
    before = gc.get_freeze_count()
    kept: list[list[int]] = [[] for _ in range(1000)]  # lists: tracked by the collector
    freeze_started()
    assert gc.get_freeze_count() >= before + len(kept)
