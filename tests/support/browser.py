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
from zoneinfo import ZoneInfo

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
    loading a page). The any-date run sets the pages' clock instead: ``as_users_browser``."""
    faked = ("LD_PRELOAD", "FAKETIME", "FAKETIME_DONT_FAKE_MONOTONIC", "DONT_FAKE_MONOTONIC")
    return {k: v for k, v in os.environ.items() if k not in faked}


# The console's users work in Finland: their browser's local time is Helsinki's whatever the
# machine running the tests says (CI and the any-date run use TZ=UTC), so a date typed into a
# form means the same day to the page, the server and the test.
USERS_ZONE = "Europe/Helsinki"


def users_now() -> datetime:
    """Now on the wall clock of the console's users (their browser's local time): the dates a
    walk types into a form."""
    return datetime.now(UTC).astimezone(ZoneInfo(USERS_ZONE))


def as_users_browser(browser: Browser) -> Browser:
    """Every page the browser opens is in the users' time zone; in the any-date run (libfaketime
    fakes this process's clock) its clock also starts at this process's now and runs, as a
    user's browser and the server agree on the date."""
    opened = browser.new_page
    faked = "FAKETIME" in os.environ

    def new_page(*args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("timezone_id", USERS_ZONE)
        page = opened(*args, **kwargs)
        if faked:
            page.clock.set_system_time(datetime.now(UTC))
        return page

    setattr(browser, "new_page", new_page)  # noqa: B010  (an instance's method, replaced)
    return browser


@contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, headless, its pages in the users' time zone and, in the any-date run,
    on the test's clock."""
    with sync_playwright() as p:
        instance = p.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=FLAGS, env=browser_env()
        )
        try:
            yield as_users_browser(instance)
        finally:
            instance.close()
