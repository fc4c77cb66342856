"""The browser and the running Valvo that most console walks share: Debian's Chromium, headless,
and Valvo on the embedded default (SQLite) in a temporary folder. A test file that needs more
(seeded staff, a demo fleet, PostgreSQL) defines its own ``app``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from tests.support.browser import CHROMIUM, FLAGS, browser_env, on_test_clock
from tests.support.running import Running, running_valvo


@pytest.fixture
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        instance = p.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=FLAGS, env=browser_env()
        )
        yield on_test_clock(instance)
        instance.close()


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Running]:
    with running_valvo(f"sqlite:///{tmp_path / 'valvo.db'}", tmp_path) as running:
        yield running
