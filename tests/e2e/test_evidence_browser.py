"""An operator downloads an evidence package in Debian's Chromium: one click from the alarm's
detail, and one from a period of the person's track on the subject page. Each download is the
signed ZIP that `valvo evidence verify` finds intact, holding the raw frames the gateway
received. Screenshots go to docs/screenshots."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.test_alarm_desk_browser import operator_logs_in, send
from tests.support.alarm_desk import ALWAYS_OUT
from tests.support.browser import SCREENSHOTS
from tests.support.caseload import VICTIM, register_person
from tests.support.evidence import members
from tests.support.factories import HOME
from tests.support.running import Running
from valvo.adapters.evidence.verify import INTACT, verify_bundle

pytestmark = pytest.mark.browser
SIGNATORY = "Olli Operaattori"


def test_an_operator_downloads_the_package_of_an_alarm_and_of_a_track(
    app: Running, browser: Browser, tmp_path: Path
) -> None:
    register_person(app.valvo, "desk-1", weekly=ALWAYS_OUT)
    page = browser.new_page(viewport={"width": 1366, "height": 900}, accept_downloads=True)
    operator_logs_in(app, page)
    send(app, HOME, 8.0)
    send(app, VICTIM, 6.0)
    alarm = page.locator(".alarm", has_text="Entered an exclusion zone")
    expect(alarm).to_be_visible(timeout=5_000)
    alarm.click()
    expect(page.locator("#detail-title")).to_have_text("Entered an exclusion zone")
    section = page.locator("#ev-alarm")
    expect(section).to_be_visible()

    section.get_by_role("button", name="Download evidence package").click()
    expect(page.locator("#ev-alarm-status")).to_have_text("Name the signatory first.")
    page.locator("#ev-alarm-signatory").fill(SIGNATORY)
    with page.expect_download() as download:
        section.get_by_role("button", name="Download evidence package").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name.startswith("evidence-alarm-")
    outcome = verify_bundle(saved.read_bytes(), app.valvo.evidence_key.fingerprint)
    assert outcome.code == INTACT, outcome.message
    assert outcome.summary["frames"] == 2
    assert outcome.summary["signatory"] == SIGNATORY
    expect(page.locator("#ev-alarm-status")).to_contain_text(saved.name)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#detail").screenshot(path=str(SCREENSHOTS / "evidence-alarm.png"))

    page.locator("#detail-subject").click()
    expect(page.locator("#subject-title")).to_have_text("Person desk-1")
    panel = page.locator("#ev-subject")
    expect(panel).to_be_visible()
    expect(page.locator("#ev-subject-signatory")).to_have_value(SIGNATORY)  # remembered
    # The page's last 24 hours reach before today: history needs a stated purpose (R131).
    panel.get_by_role("button", name="Download evidence package").click()
    expect(page.locator("#ev-subject-status")).to_contain_text("purpose is required")
    page.locator("#ev-subject-purpose").fill("Court request 12/2026")
    with page.expect_download() as download:
        panel.get_by_role("button", name="Download evidence package").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name.startswith("evidence-track-")
    outcome = verify_bundle(saved.read_bytes())
    assert outcome.code == INTACT, outcome.message
    assert outcome.summary["positions"] == 2
    assert b"Olli Operaattori" in members(saved.read_bytes())["records/package.json"]
    page.locator(".subject-info").screenshot(path=str(SCREENSHOTS / "evidence-subject.png"))

    page.locator("#lang").select_option("fi")
    expect(panel.get_by_role("button")).to_have_text("Lataa todistepaketti")
