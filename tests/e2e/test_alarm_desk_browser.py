"""A shift at the alarm desk in Debian's Chromium: an operator logs in, an alarm arrives live
within two seconds of the fix, is worked with the keyboard and resolved with a cause and a
note, the trail shows every step, the statistics move, the person's page opens, and a handover
note is left. Screenshots go to docs/screenshots for the README."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.support.alarm_desk import ALWAYS_OUT
from tests.support.browser import SCREENSHOTS
from tests.support.caseload import VICTIM, register_person
from tests.support.factories import HOME
from tests.support.running import Running
from valvo.services import auth
from valvo.sim.fleet import osmand_query

pytestmark = pytest.mark.browser


def operator_logs_in(app: Running, page: Page) -> None:
    with app.valvo.uow() as uow:
        auth.create_user(
            uow,
            app.valvo.hasher,
            "test",
            app.valvo.clock(),
            username="olli",
            password="desk-operator-1",
            role="operator",
        )
        uow.commit()
    page.goto(app.api_url)
    page.get_by_label("Username").fill("olli")
    page.get_by_label("Password").fill("desk-operator-1")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#feed-status")).to_have_text("live", timeout=10_000)


def send(app: Running, lon_lat: tuple[float, float], accuracy_m: float) -> None:
    query = osmand_query("desk-1", *lon_lat, accuracy_m, datetime.now(UTC))
    assert httpx.get(app.gateway_url + query).status_code == 200


def test_an_operator_works_an_alarm_from_arrival_to_statistics(
    app: Running, browser: Browser
) -> None:
    register_person(app.valvo, "desk-1", weekly=ALWAYS_OUT)  # only the exclusion zone fires
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    operator_logs_in(app, page)
    nav = page.locator("#nav")  # its accessible name follows the language
    nav.get_by_role("link", name="Statistics").click()
    expect(page.locator("#stat-alarms .value")).to_have_text("0")
    nav.get_by_role("link", name="Alarm desk").click()

    send(app, HOME, 8.0)
    send(app, VICTIM, 6.0)
    alarm = page.locator(".alarm", has_text="Entered an exclusion zone")
    expect(alarm).to_be_visible(timeout=2_000)  # within two seconds of the fix
    expect(page).to_have_title(re.compile(r"^\(1\) Valvo"))  # the title badge

    # Keyboard: j to the alarm, Enter opens it, a acknowledges, i starts the investigation.
    page.keyboard.press("j")
    page.keyboard.press("Enter")
    expect(page.locator("#detail-title")).to_have_text("Entered an exclusion zone")
    page.keyboard.press("a")
    expect(page.locator("#detail-status")).to_have_text("Acknowledged")
    expect(page).to_have_title("Valvo — monitoring centre")
    page.keyboard.press("i")
    expect(page.locator("#detail-status")).to_have_text("Under investigation")
    page.get_by_label("Cause").select_option(label="Genuine breach")
    page.locator("#act-note").fill("Police informed; the person left the street.")
    page.get_by_role("button", name="Resolve").click()
    expect(page.locator("#detail-status")).to_have_text("Resolved")
    steps = page.locator("#trail li")
    expect(steps).to_have_count(5)
    # A confirmed breach goes to the person's case; this person has none, and the trail says so.
    expect(steps.nth(0)).to_contain_text("No open case for this person")
    expect(steps.nth(1)).to_contain_text("Resolved (Under investigation → Resolved) — olli")
    expect(steps.nth(1)).to_contain_text("Police informed")
    expect(steps.nth(4)).to_contain_text("Raised — system")
    expect(page.locator("#open-count")).to_have_text("0")
    page.locator("#status-filter").select_option("all")  # the queue shows resolved ones too
    expect(alarm.locator(".status")).to_have_text("Resolved")
    page.wait_for_timeout(300)  # the map pans to the alarm's fix
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "alarm-trail.png"))

    nav.get_by_role("link", name="Statistics").click()
    expect(page.locator("#stat-alarms .value")).to_have_text("1")
    expect(page.locator("#stat-incidents .label")).to_have_text("Incidents")
    expect(page.locator("#stat-incidents .value")).to_have_text("1")
    expect(page.locator("#stat-incidents")).to_contain_text("Alarms per incident: 1.00")
    expect(page.locator("#stat-false")).to_contain_text("Genuine 1")
    expect(page.locator("#stat-ack .value")).to_contain_text("p50")
    expect(page.locator("#stats-cause")).to_contain_text("Genuine breach")
    # One figure, one label: the shift log's "Closed automatically" (issue 17), and rules by
    # name, never by id.
    expect(page.locator("#stat-auto .label")).to_have_text("Closed automatically")
    expect(page.locator("#stat-auto .value")).to_have_text("0")
    expect(page.locator("#stats-rule")).to_contain_text("Entered an exclusion zone")
    expect(page.locator("#stats-rule")).not_to_contain_text("zone.exclusion")
    page.screenshot(path=str(SCREENSHOTS / "desk-statistics.png"))

    nav.get_by_role("link", name="Alarm desk").click()
    page.locator("#detail-subject").click()
    expect(page.locator("#subject-title")).to_have_text("Person desk-1")
    expect(page.locator("#subject-devices")).to_contain_text("desk-1")
    expect(page.locator("#subject-timeline")).to_contain_text("Entered an exclusion zone")
    expect(page.locator("#history-status")).to_contain_text("Fixes 1–2 / 2")
    page.wait_for_timeout(300)
    page.screenshot(path=str(SCREENSHOTS / "subject.png"))

    nav.get_by_role("link", name="Shift log").click()
    page.get_by_label("Note for the next shift").fill("Exclusion breach for desk-1 confirmed.")
    page.get_by_role("button", name="Save note").click()
    expect(page.locator("#handover-shifts .notes").first).to_contain_text("desk-1 confirmed")

    page.locator("#lang").select_option("fi")
    expect(nav).to_contain_text("Tilastot")
    expect(page.locator("#handover-view h2")).to_have_text("Vuoronvaihto")
