"""The partner registry reads as words in Debian's Chromium (issue 15 item 7): every kind's list
and a record's page show labelled columns, translated choices, organisations by name and dates
in the locale — no `_id` column, no raw enum value, no ISO timestamp — in English and Finnish."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.support.browser import SCREENSHOTS
from tests.support.caseload import register_person
from tests.support.running import Running, running_valvo
from valvo.domain.partners import choices as c
from valvo.domain.partners import choices_follow_up as cm
from valvo.services import auth
from valvo.sim.partners_seed import PARTNER_LOGIN, seed_partner_sessions, seed_partners

pytestmark = pytest.mark.browser
ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
# Each declared choice value that reads as code (an underscore): activity_obligation_place…
RAW = sorted(
    {
        x.value
        for module in (c, cm)
        for name in dir(module)
        if name.isupper()
        for x in (getattr(module, name) if isinstance(getattr(module, name), tuple) else ())
        if hasattr(x, "label_fi") and "_" in x.value
    }
)
KINDS = ("places", "partners", "units", "agreements", "networks", "meetings", "projects")


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Running]:
    with running_valvo(f"sqlite:///{tmp_path / 'valvo.db'}", tmp_path) as running:
        valvo = running.valvo
        seed_partners(valvo, valvo.clock())
        with valvo.uow() as uow:
            auth.create_user(
                uow,
                valvo.hasher,
                "test",
                valvo.clock(),
                username="saara",
                password="supervisor-2026",
                role="supervisor",
            )
            uow.commit()
        yield running


def _assert_in_words(page: Page, where: str) -> None:
    text = page.locator(where).inner_text()
    assert not ISO.search(text), f"ISO date in {where}: {ISO.search(text)}"
    assert "_id" not in text, f"a column name in {where}"
    raw = [v for v in RAW if re.search(rf"\b{v}\b", text)]
    assert not raw, f"raw values in {where}: {raw}"


def test_the_registry_reads_as_words_in_english_and_finnish(app: Running, browser: Browser) -> None:
    assert "activity_obligation_place" in RAW  # the check knows the raw values it looks for
    page = browser.new_page(viewport={"width": 1366, "height": 860})
    page.goto(app.api_url + "/partners")
    page.get_by_label("Username").fill("saara")
    page.get_by_label("Password").fill("supervisor-2026")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#local-missing")).to_contain_text("Länsi-Suomen")
    _assert_in_words(page, "#dashboards-view")
    for lang, registry, centre, kind in (
        ("en", "Registry", "Centre", "Activity-obligation place"),
        ("fi", "Rekisteri", "Rikosseuraamuskeskus", "Toimintavelvoitepaikka"),
    ):
        page.locator("#lang").select_option(lang)
        page.get_by_role("button", name=registry).click()
        page.locator("#registry-kind").select_option("places")
        expect(page.locator("#registry-head")).to_contain_text(centre)
        row = page.locator("#registry-rows tr", has_text="Kierrätyskeskus, Ruosilantie")
        expect(row).to_contain_text("Etelä-Suomen rikosseuraamuskeskus")  # not c-etela-suomi
        expect(row).to_contain_text(kind)
        for name in KINDS:
            page.locator("#registry-kind").select_option(name)
            page.wait_for_load_state("networkidle")
            expect(page.locator("#registry-rows tr").first).to_be_visible()
            _assert_in_words(page, "#registry-view")
        page.locator("#registry-kind").select_option("places")
        if lang == "fi":
            expect(row).to_contain_text("Toimintavelvoitepaikka")
            page.screenshot(path=str(SCREENSHOTS / "partners-registry.png"))
        page.locator("#registry-rows button", has_text="Kierrätyskeskus, Ruosilantie").click()
        expect(page.locator("#detail-fields")).to_contain_text("Etelä-Suomen rikosseuraamuskeskus")
        expect(page.locator("#detail-fields")).to_contain_text(centre)  # this language's page
        page.wait_for_load_state("networkidle")
        _assert_in_words(page, "#detail-fields")
        recorded = page.locator("#detail-fields dd").last.inner_text()
        if lang == "fi":
            assert re.fullmatch(r"\d{1,2}\.\d{1,2}\.\d{4} klo \d{1,2}\.\d{2}", recorded), recorded
        else:
            assert re.fullmatch(r"\d{1,2} \w{3} \d{4}, \d{2}:\d{2}", recorded), recorded
        page.locator("#back").click()


def test_the_place_contact_sees_the_sessions_the_demo_seeds(app: Running, browser: Browser) -> None:
    for device, name in (("dev-words-1", "Aino Aalto"), ("dev-words-2", "Bertta Berg")):
        register_person(app.valvo, device, exclusion=False, name=name)
    assert seed_partner_sessions(app.valvo, app.valvo.clock()) == 2
    assert seed_partner_sessions(app.valvo, app.valvo.clock()) == 0  # once
    page = browser.new_page(viewport={"width": 1000, "height": 700})
    page.goto(app.api_url + "/partners")
    page.get_by_label("Username").fill(PARTNER_LOGIN[0])
    page.get_by_label("Password").fill(PARTNER_LOGIN[1])
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#partner-place")).to_have_text("Kierrätyskeskus, Ruosilantie")
    expect(page.locator("#who")).to_have_text("kierratys (place contact)")
    # The place is open Monday to Friday: next Monday has both people, whenever the test runs.
    today = app.valvo.clock().astimezone(ZoneInfo("Europe/Helsinki")).date()
    monday = today + timedelta(days=7 - today.weekday())  # next week: after the seeding
    page.locator("#partner-day").fill(monday.isoformat())
    page.locator("#partner-day").dispatch_event("change")
    sessions = page.locator("#partner-sessions li")
    expect(sessions.filter(has_text="Aino Aalto")).to_contain_text("08:00–12:00")
    expect(sessions.filter(has_text="Bertta Berg")).to_contain_text("12:00–16:00")
    page.locator("#lang").select_option("fi")
    expect(sessions.filter(has_text="Aino Aalto")).to_contain_text("8.00–12.00")
    expect(page.locator("#who")).to_have_text("kierratys (paikan yhteyshenkilö)")
    page.screenshot(path=str(SCREENSHOTS / "partner-day.png"))
