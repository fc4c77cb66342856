"""Debian's Chromium for the browser tests: where it is, the flags it runs with here, and where
the screenshots the README shows are written."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, sync_playwright

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def browser_env() -> dict[str, str | float | bool]:
    """Chromium's environment: this one without libfaketime (under it Chromium never finishes
    loading a page). The any-date run sets the pages' clock instead: ``on_test_clock``."""
    faked = ("LD_PRELOAD", "FAKETIME", "FAKETIME_DONT_FAKE_MONOTONIC", "DONT_FAKE_MONOTONIC")
    return {k: v for k, v in os.environ.items() if k not in faked}


def on_test_clock(browser: Browser) -> Browser:
    """In the any-date run (libfaketime fakes this process's clock), every page the browser opens
    starts its clock at this process's now and lets it run, as a user's browser and the server
    agree on the date; otherwise the browser as it is."""
    if "FAKETIME" not in os.environ:
        return browser
    opened = browser.new_page

    def new_page(*args: Any, **kwargs: Any) -> Any:
        page = opened(*args, **kwargs)
        page.clock.set_system_time(datetime.now(UTC))
        return page

    setattr(browser, "new_page", new_page)  # noqa: B010  (an instance's method, replaced)
    return browser


@contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, headless, with the any-date run's clock on its pages."""
    with sync_playwright() as p:
        instance = p.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=FLAGS, env=browser_env()
        )
        try:
            yield on_test_clock(instance)
        finally:
            instance.close()
