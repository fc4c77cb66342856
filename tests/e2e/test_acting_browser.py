"""Acting on the person from the alarm, in Debian's Chromium at 1366x768: a GT06 tracker (the
simulator, over a real socket) walks into the exclusion zone; the operator opens the alarm,
sees the person's number and logs an unanswered call in one click, ticks a response step (the
unticked ones are shown beside Resolve), sends "locate now" and sees it acknowledged with the
device's answer; the trail names the call, the step and the command. The same alarm in
Finnish. From the person's page the operator asks for faster reporting, also answered.
Screenshots go to /tmp/acting-*.png and docs/screenshots/alarm-acting.png."""

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
from valvo.services.acting import store_phone
from valvo.sim.gt06_device import Gt06Device
from valvo.sim.teltonika_device import AvlFix

pytestmark = pytest.mark.browser
IMEI = "358657101234567"
NUMBER = "+358 40 123 4567"


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Running]:
    port = free_port()
    with running_valvo(
        f"sqlite:///{tmp_path / 'valvo.db'}", tmp_path, tcp_ports={"gt06": port}
    ) as running:
        yield running


class Tracker:
    """The GT06 simulator in its own thread: it reports, enters the zone, answers commands."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.answered: list[str] = []
        self.failure: list[BaseException] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=lambda: asyncio.run(self._run()), daemon=True)

    def _fix(self, where: tuple[float, float]) -> AvlFix:
        return AvlFix(datetime.now(UTC).replace(microsecond=0), where[1], where[0], satellites=9)

    async def _run(self) -> None:
        device = Gt06Device(IMEI, timeout_s=10)
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


def test_an_operator_calls_ticks_steps_and_locates_the_device(
    app: Running, browser: Browser
) -> None:
    who = register_person(
        app.valvo, IMEI, weekly=ALWAYS_OUT, protocol="gt06", name="Teemu Testaaja"
    )
    with app.valvo.uow() as uow:
        store_phone(uow, "test", app.valvo.clock(), who.subject_id, "mobile", NUMBER)
        uow.commit()
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    operator_logs_in(app, page)
    tracker = Tracker(app.valvo.settings.tcp_ports["gt06"])
    tracker.thread.start()
    try:
        alarm = page.locator(".alarm", has_text="Entered an exclusion zone")
        expect(alarm).to_be_visible(timeout=10_000)
        alarm.click()
        expect(page.locator("#detail-title")).to_have_text("Entered an exclusion zone")

        # Whom to call, and the call in one click.
        phone = page.locator("#acting-phones li", has_text=NUMBER)
        expect(phone).to_contain_text("Teemu Testaaja (mobile)")
        phone.get_by_role("button", name="No answer").click()
        trail = page.locator("#trail li")
        expect(trail.first).to_contain_text("Call")
        expect(trail.first).to_contain_text(f"No answer: Teemu Testaaja, {NUMBER}")

        # The exclusion checklist: tick the first step; the rest wait beside Resolve.
        steps = page.locator("#acting-steps li")
        expect(steps.first).to_contain_text("Check whether a protected person is at risk")
        expect(page.locator("#act-unticked")).to_contain_text("Call the police emergency line")
        page.get_by_label("Check whether a protected person is at risk").check()
        expect(steps.first).to_contain_text("— olli")
        expect(page.get_by_label("Check whether a protected person is at risk")).to_be_disabled()
        expect(trail.first).to_contain_text("Step done")
        expect(trail.first).to_contain_text("Check whether a protected person is at risk")
        expect(page.locator("#act-unticked")).not_to_contain_text("protected person is at risk")

        # Locate now: sent on the tracker's connection, answered with its position.
        page.get_by_role("button", name="Locate now").click()
        command = page.locator("#acting-commands li").first
        expect(command).to_contain_text("Locate now")
        expect(command).to_have_attribute("data-status", "acknowledged", timeout=15_000)
        expect(command).to_contain_text("Acknowledged")
        # The answer's position in words, its time local (the device's text on hover).
        expect(command).to_contain_text("Answer: position 60.16990 N, 24.95")
        expect(command).not_to_contain_text("DateTime")
        expect(page.locator("#trail")).to_contain_text("Device command")
        assert tracker.answered[:1] == ["WHERE#"]
        page.locator("#acting").scroll_into_view_if_needed()
        page.screenshot(path="/tmp/acting-desk.png")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "alarm-acting.png"))

        # The same in Finnish: no English left of what acting shows.
        page.locator("#lang").select_option("fi")
        expect(page.locator("#acting-title")).to_have_text("Tavoita valvottava")
        expect(phone).to_contain_text("(matkapuhelin)")
        expect(phone.get_by_role("button", name="Ei vastannut")).to_be_visible()
        expect(command).to_contain_text("Paikanna nyt")
        expect(command).to_contain_text("Kuitattu")
        expect(command).to_contain_text("Vastaus: sijainti 60,16990 N")
        expect(page.locator("#act-unticked")).to_contain_text("Tekemättä:")
        expect(page.locator("#trail")).to_contain_text("Puhelu")
        expect(page.locator("#trail")).to_contain_text("Tarkista, onko suojattava henkilö vaarassa")
        for english in ("Reach the person", "Response steps", "No answer", "Locate now", "Answer:"):
            expect(page.locator("#acting")).not_to_contain_text(english)
        page.screenshot(path="/tmp/acting-desk-fi.png")

        # From the person's page too: faster reporting, acknowledged by the tracker.
        page.locator("#lang").select_option("en")
        page.locator("#detail-subject").click()
        expect(page.locator("#subject-title")).to_have_text("Teemu Testaaja")
        page.locator("#subject-commands").get_by_role(
            "button", name="Faster reporting (every 10 s)"
        ).click()
        expect(page.locator("#subject-commands")).not_to_contain_text("null")
        latest = page.locator("#subject-command-list li").first
        expect(latest).to_contain_text("Faster reporting")
        expect(latest).to_have_attribute("data-status", "acknowledged", timeout=15_000)
        expect(latest).to_contain_text("Answer: TIMER,10# OK")
        expect(page.locator("#subject-command-list li")).to_have_count(2)
        page.screenshot(path="/tmp/acting-person.png")
    finally:
        tracker.stop.set()
        tracker.thread.join(10)
    assert tracker.failure == []
