"""Device commands to a non-GT06 device, in Debian's Chromium at 1366x768: a Watch-protocol ankle
tag (the simulator, over a real socket) walks into the exclusion zone; on the alarm the operator
is offered exactly the commands a watch takes (locate now, faster reporting every 60 s, ring the
device), rings it and sees the watch's echo acknowledged; then locates it and sees the answer.
The same in Finnish. Screenshots go to /tmp/acting-watch*.png and
docs/screenshots/alarm-acting-watch.png."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.test_alarm_desk_browser import operator_logs_in
from tests.support.alarm_desk import ALWAYS_OUT
from tests.support.browser import SCREENSHOTS
from tests.support.caseload import VICTIM, register_person
from tests.support.factories import HOME
from tests.support.ports import free_port
from tests.support.running import Running, running_valvo
from valvo.sim.teltonika_device import AvlFix
from valvo.sim.watch_device import WatchDevice

pytestmark = pytest.mark.browser
WATCH = "8800000015"


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Running]:
    port = free_port()
    with running_valvo(
        f"sqlite:///{tmp_path / 'valvo.db'}", tmp_path, tcp_ports={"watch": port}
    ) as running:
        yield running


class Watch:
    """The Watch simulator in its own thread: it reports, enters the zone, answers commands."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.answered: list[str] = []
        self.failure: list[BaseException] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=lambda: asyncio.run(self._run()), daemon=True)

    def _fix(self, where: tuple[float, float]) -> AvlFix:
        return AvlFix(datetime.now(UTC).replace(microsecond=0), where[1], where[0], satellites=9)

    async def _run(self) -> None:
        device = WatchDevice(WATCH, timeout_s=10)
        try:
            await device.connect("127.0.0.1", self.port)
            await device.report(self._fix(HOME))
            await device.report(self._fix(VICTIM))
            while not self.stop.is_set():
                try:
                    self.answered.append(await device.answer_command(self._fix(VICTIM), 1.0))
                except TimeoutError:
                    continue
        except BaseException as exc:  # shown by the test
            self.failure.append(exc)
        finally:
            await device.close()


def test_an_operator_rings_and_locates_a_watch(app: Running, browser: Browser) -> None:
    register_person(app.valvo, WATCH, weekly=ALWAYS_OUT, protocol="watch", name="Teemu Testaaja")
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    operator_logs_in(app, page)
    watch = Watch(app.valvo.settings.tcp_ports["watch"])
    watch.thread.start()
    try:
        alarm = page.locator(".alarm", has_text="Entered an exclusion zone")
        expect(alarm).to_be_visible(timeout=10_000)
        alarm.click()
        expect(page.locator("#detail-title")).to_have_text("Entered an exclusion zone")

        # Exactly the commands a watch takes, faster reporting at the watch's 60 s.
        buttons = page.locator("#acting-devices button")
        expect(buttons).to_have_text(
            ["Locate now", "Faster reporting (every 60 s)", "Ring the device"]
        )

        # Ring it: sent on the watch's connection, echoed, acknowledged.
        page.get_by_role("button", name="Ring the device").click()
        command = page.locator("#acting-commands li").first
        expect(command).to_contain_text("Ring the device")
        expect(command).to_have_attribute("data-status", "acknowledged", timeout=15_000)
        expect(command).to_contain_text("Acknowledged")
        expect(command).to_contain_text("Answer: the device confirmed the command")
        expect(command.locator(".reply")).to_have_attribute("title", "FIND")
        assert watch.answered[:1] == ["FIND"]

        # Locate it: the watch echoes CR, then reports where it is.
        page.get_by_role("button", name="Locate now").click()
        located = page.locator("#acting-commands li", has_text="Locate now")
        expect(located).to_have_attribute("data-status", "acknowledged", timeout=15_000)
        expect(page.locator("#acting-commands li")).to_have_count(2)
        expect(page.locator("#trail")).to_contain_text("Device command")
        page.locator("#acting").scroll_into_view_if_needed()
        page.screenshot(path="/tmp/acting-watch.png")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "alarm-acting-watch.png"))

        # The same in Finnish.
        page.locator("#lang").select_option("fi")
        expect(buttons).to_have_text(
            ["Paikanna nyt", "Tiheämpi paikannus (60 s välein)", "Laite soimaan"]
        )
        rung = page.locator("#acting-commands li", has_text="Laite soimaan")
        expect(rung).to_contain_text("Kuitattu")
        expect(rung).to_contain_text("Vastaus: laite vahvisti komennon")
        for english in ("Ring the device", "Locate now", "Acknowledged", "confirmed"):
            expect(page.locator("#acting")).not_to_contain_text(english)
        page.locator("#acting").scroll_into_view_if_needed()
        page.screenshot(path="/tmp/acting-watch-fi.png")
    finally:
        watch.stop.set()
        watch.thread.join(10)
    assert watch.failure == []
    assert watch.answered[:2] == ["FIND", "CR"]
