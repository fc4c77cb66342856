"""The demo's mixed fleet in the console, in Debian's Chromium: a Teltonika, a GT06, an H02, a Watch
and a Queclink tracker from the simulator, each speaking its protocol over TCP to the gateway's
listener, show their person's fixes on the subject page, and an RF home unit speaking the Valvo
protocol shows as heard. Everything runs as ``valvo demo`` runs it (``run`` with a fleet)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.support.ports import free_port
from tests.support.running import Running, running_valvo
from valvo.sim.seed import demo_people

pytestmark = pytest.mark.browser
TRACKER_PROTOCOLS = ("teltonika", "gt06", "h02", "watch", "gl200")
WAIT_S = 60.0


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Running]:
    ports = {protocol: free_port() for protocol in TRACKER_PROTOCOLS}
    with running_valvo(
        f"sqlite:///{tmp_path / 'valvo.db'}",
        tmp_path,
        fleet=demo_people(7),  # phones; the homebodies and the curfew breaker get home units
        tcp_ports=ports,
        valvo_http_port=free_port(),
    ) as running:
        yield running


def subject_of_first(app: Running, protocol: str) -> tuple[str, str]:
    """(subject id, device identifier) of the first registered device of ``protocol``."""
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        with app.valvo.uow() as uow:
            for device in uow.registry.find("devices", protocol=protocol):
                assignment = uow.registry.active_assignment_of_device(device["id"])
                if assignment:
                    return assignment["subject_id"], device["identifier"]
        time.sleep(0.5)
    raise AssertionError(f"no {protocol} device was registered")


def wait_until_heard(app: Running, subject_id: str, identifier: str) -> None:
    """Until the engine has applied something from the device (the page does not poll)."""
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        with app.valvo.uow() as uow:
            snapshot = uow.alarms.desk.monitoring_state(subject_id)
        if snapshot and identifier in snapshot["state"].get("device_seen", {}):
            return
        time.sleep(0.5)
    raise AssertionError(f"{identifier} was never heard")


def log_in(page: Page, app: Running) -> None:
    page.goto(app.api_url)
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill("valvo-demo")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#feed-status")).to_have_text("live", timeout=10_000)


def test_every_simulated_protocol_appears_in_the_console(
    demo: Running,
    browser: Browser,
) -> None:
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    log_in(page, demo)
    for protocol in TRACKER_PROTOCOLS:
        subject_id, identifier = subject_of_first(demo, protocol)
        wait_until_heard(demo, subject_id, identifier)
        page.goto(f"{demo.api_url}/#subject/{subject_id}")
        device = page.locator("#subject-devices li", has_text=identifier)
        expect(device).to_contain_text(f"· {protocol} ·", timeout=10_000)
        expect(device.locator(".health")).to_have_text("OK")
        # The history: its fixes on the slider, each with its source, no raw coordinates.
        expect(page.locator("#history-status")).to_contain_text("Fixes 1–", timeout=10_000)
        expect(page.locator("#history-at")).to_contain_text("1 / ")
    subject_id, identifier = subject_of_first(demo, "valvo")
    wait_until_heard(demo, subject_id, identifier)
    page.goto(f"{demo.api_url}/#subject/{subject_id}")
    unit = page.locator("#subject-devices li", has_text=identifier)
    expect(unit).to_contain_text("RF home unit", timeout=10_000)
    expect(unit).to_contain_text("· valvo ·")
    expect(unit.locator(".health")).to_have_text("OK")
    expect(unit).to_contain_text("last heard")
