"""The browser and the running Valvo that most console walks share: Debian's Chromium, headless,
and Valvo on the embedded default (SQLite) in a temporary folder. A test file that needs more
(seeded staff, a demo fleet, PostgreSQL) defines its own ``app``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.support.browser import chromium
from tests.support.running import Running, running_valvo


@pytest.fixture
def browser() -> Iterator[Browser]:
    with chromium() as instance:
        yield instance


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Running]:
    with running_valvo(f"sqlite:///{tmp_path / 'valvo.db'}", tmp_path) as running:
        yield running
