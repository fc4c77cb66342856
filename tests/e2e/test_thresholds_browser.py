"""A national supervisor changes the thresholds of an order type in Debian's Chromium at
1366x768 (issue 20): the revisions with the one in force, a draft from the values in force
refused while a value is out of range, saved, then published to take effect now; one region's
supervisor reads them in Finnish and cannot change them (they reach every region's people);
the operator's statistics page has no such form, and an alarm's detail names its revision."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.support.caseload import VICTIM, register_person
from tests.support.running import Running, running_valvo
from valvo.services import auth
from valvo.sim.fleet import osmand_query
from valvo.sim.staff_seed import DEMO_PASSWORD, seed_staff

pytestmark = pytest.mark.browser
NATIONAL = "valtakunnallinen"


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Running]:
    with running_valvo(f"sqlite:///{tmp_path / 'valvo.db'}", tmp_path) as running:
        seed_staff(running.valvo, running.valvo.clock())
        with running.valvo.uow() as uow:  # the monitoring centre's national supervisor
            auth.create_user(
                uow,
                running.valvo.hasher,
                "seed",
                running.valvo.clock(),
                username=NATIONAL,
                password=DEMO_PASSWORD,
                role="supervisor",
                region=None,
            )
            uow.commit()
        yield running


def log_in(browser: Browser, app: Running, user: str, lands: str | None, lang: str = "en") -> Page:
    page = browser.new_page(viewport={"width": 1366, "height": 768}, locale="en-GB")
    page.add_init_script(f"localStorage.setItem('valvo.lang', '{lang}')")
    page.goto(app.api_url + "/")
    page.locator("#username").fill(user)
    page.locator("#password").fill(DEMO_PASSWORD)
    page.locator("#login-form button[type=submit]").click()
    if lands:  # the role's home page
        page.wait_for_url(lands)
    else:  # the alarm desk, on this page
        expect(page.locator("#desk-view")).to_be_visible()
    page.goto(app.api_url + "/#stats")
    return page


def test_the_national_supervisor_drafts_and_publishes_thresholds(
    app: Running, browser: Browser
) -> None:
    page = log_in(browser, app, NATIONAL, "**/cases")
    section = page.locator("#thresholds-section")
    expect(section).to_be_visible()
    expect(section.locator("h3")).to_have_text("Thresholds by order type")
    rows = page.locator("#th-revisions tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("In force")
    # Revision 1: today's values, in the form's units.
    expect(page.get_by_label("Presence grace (min)")).to_have_value("5")
    expect(page.get_by_label("Fixes to confirm leaving")).to_have_value("3")
    expect(page.get_by_label("Confidence (%)")).to_have_value("95")
    expect(page.get_by_label("Flap window (min, 0 = off)")).to_have_value("30")
    expect(page.locator("#th-publish")).to_be_hidden()  # nothing drafted yet

    page.get_by_label("Presence grace (min)").fill("90")
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator("#th-error")).to_have_text("Presence grace (min): allowed 0–60")
    expect(rows).to_have_count(1)  # nothing stored
    page.get_by_label("Presence grace (min)").fill("7")
    page.get_by_label("Flap window (min, 0 = off)").fill("20")
    page.locator("#th-note").fill("Longer grace for the winter")
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator("#th-status")).to_have_text("Draft saved.")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Draft")
    expect(page.locator("#th-editing")).to_have_text("Editing draft 4")  # after 1–3 seeded
    page.screenshot(path="/tmp/noise-thresholds-draft.png", full_page=True)

    page.get_by_role("button", name="Publish").click()
    expect(page.locator("#th-status")).to_contain_text("Published; takes effect")
    expect(rows.first).to_contain_text("In force")
    expect(rows.first).to_contain_text("7")
    expect(rows.nth(1)).to_contain_text("Published")
    expect(page.locator("#th-publish")).to_be_hidden()
    expect(page.get_by_label("Presence grace (min)")).to_have_value("7")
    # Another order type has its own revisions, untouched.
    page.locator("#th-order-type").select_option("travel_ban")
    expect(rows).to_have_count(1)
    expect(page.get_by_label("Presence grace (min)")).to_have_value("5")
    page.screenshot(path="/tmp/noise-thresholds-published.png", full_page=True)
    page.close()


def test_the_form_speaks_finnish_and_the_operator_has_none(app: Running, browser: Browser) -> None:
    """... and the operator reads on an alarm the revision it ran under."""
    register_person(app.valvo, "noise-dev")
    query = osmand_query("noise-dev", *VICTIM, 6.0, datetime.now(UTC))  # in the exclusion zone
    assert httpx.get(app.gateway_url + query).status_code == 200
    page = log_in(browser, app, "supervisor", "**/cases", lang="fi")
    section = page.locator("#thresholds-section")
    expect(section.locator("h3")).to_have_text("Kynnysarvot määräystyypeittäin")
    expect(page.locator("#th-revisions tbody tr").first).to_contain_text("Voimassa")
    expect(page.get_by_label("Toistumisikkuna (min, 0 = pois)")).to_have_value("30")
    expect(page.locator("#th-order-type")).to_contain_text("Valvontarangaistus")
    # One region's supervisor reads the national thresholds and has no form to change them.
    expect(page.locator("#th-national")).to_contain_text("valtakunnallisia")
    expect(page.locator("#thresholds-form")).to_be_hidden()
    page.screenshot(path="/tmp/noise-thresholds-fi.png", full_page=True)
    page.close()
    operator = log_in(browser, app, "operator", None)
    expect(operator.locator("#stats-view")).to_be_visible()
    expect(operator.locator("#thresholds-section")).to_be_hidden()
    operator.locator("#nav").get_by_text("Alarm desk", exact=True).click()
    alarm = operator.locator(".alarm").first
    expect(alarm).to_be_visible(timeout=10_000)
    alarm.click()
    facts = operator.locator("#detail-facts")
    expect(facts).to_contain_text("Threshold revision")
    expect(facts.locator("dt", has_text="Threshold revision").locator("+ dd")).to_have_text("1")
    operator.screenshot(path="/tmp/noise-alarm-detail.png")
    operator.close()
