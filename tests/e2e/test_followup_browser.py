"""The regional manager opens the pilot follow-up in Debian's Chromium (issue 17): the figures
of their region as cards and inline-SVG charts, in English and in Finnish, and the CSV export
they download. The caseload is tests/support/followup.py moved to the server's today."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.support import followup as seeded
from tests.support.browser import SCREENSHOTS
from tests.support.running import Running, running_valvo
from valvo.domain.security import LOCAL_ZONE
from valvo.sim.staff_seed import DEMO_PASSWORD, seed_staff

pytestmark = pytest.mark.browser


@pytest.fixture
def app(tmp_path: Path) -> Iterator[tuple[Running, timedelta]]:
    with running_valvo(f"sqlite:///{tmp_path / 'valvo.db'}", tmp_path) as running:
        valvo = running.valvo
        seed_staff(valvo, valvo.clock())
        shift = seeded.shift_to(valvo.clock().astimezone(LOCAL_ZONE).date())
        seeded.seed(valvo, shift)
        yield running, shift


def download_csv(page: Page) -> list[list[str]]:
    with page.expect_download() as info:
        page.locator("#fu-csv").click()
    path = info.value.path()
    assert path is not None
    text = Path(path).read_text(encoding="utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_the_regional_manager_reads_the_follow_up_and_exports_csv(
    app: tuple[Running, timedelta], browser: Browser
) -> None:
    running, shift = app
    page = browser.new_page(
        viewport={"width": 1366, "height": 1100}, accept_downloads=True, locale="en-GB"
    )
    page.add_init_script("localStorage.setItem('valvo.lang', 'en')")
    page.goto(running.api_url + "/")
    page.get_by_label("Username").fill("manager")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/cases")
    page.locator("#nav").get_by_text("Follow-up", exact=True).click()
    page.wait_for_url("**/followup")
    expect(page.locator("h2")).to_have_text("Pilot follow-up")
    # Their own region only: the selector names it and cannot be changed.
    expect(page.locator("#fu-region")).to_be_disabled()
    expect(page.locator("#fu-region")).to_contain_text(seeded.SOUTH)
    page.locator("#fu-from").fill((seeded.START + shift).isoformat())
    page.locator("#fu-to").fill((seeded.END + shift - timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Show").click()
    # The south: A (17 days) and B (3 days); A's minor breach and B's serious one.
    serving = page.locator("#fu-card-serving_days")
    expect(serving).to_contain_text("Serving days")
    expect(serving.locator(".value")).to_have_text("20")
    expect(page.locator("#fu-card-breaches .value")).to_have_text("2")
    expect(page.locator("#fu-card-cost_per_person_day")).to_contain_text("Cost of a prison day")
    expect(page.locator("#fu-daily svg polyline")).to_have_count(1)
    expect(page.locator("#fu-daily svg circle")).to_have_count(20)
    expect(page.locator("#fu-breaches svg")).to_contain_text("Serious breach of the plan")
    expect(page.locator("#fu-region-table")).not_to_contain_text(seeded.EAST)
    page.screenshot(path=str(SCREENSHOTS / "statistics.png"), full_page=True)

    rows = download_csv(page)
    assert rows[0] == ["figure", "label", "value", "unit"]
    by_id = {row[0]: row for row in rows if row and row[0]}
    assert by_id["serving_days"][1:3] == ["Serving days", "20"]
    assert by_id["breaches:serious"][1:3] == ["Breaches: Serious breach of the plan", "1"]
    assert seeded.EAST not in {cell for row in rows for cell in row}
    with page.expect_download() as info:
        page.get_by_role("button", name="Spreadsheet (Excel)").click()
    assert info.value.suggested_filename.endswith(".xlsx")
    book = openpyxl.load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()))
    figures = {row[0]: row for row in book["Figures"].iter_rows(values_only=True)}
    assert figures["serving_days"][1:3] == ("Serving days", 20)

    page.locator("#lang").select_option("fi")
    expect(page.locator("h2")).to_have_text("Kokeilun seuranta")
    expect(serving).to_contain_text("Suoritetut päivät")
    expect(page.locator("#fu-breaches svg")).to_contain_text("Suunnitelman vakava rikkominen")
    first = seeded.START + shift
    expect(page.locator("#fu-scope")).to_contain_text(f"{first.day}.{first.month}.{first.year}")
    rows = download_csv(page)
    assert rows[0] == ["tunnusluku", "nimi", "arvo", "yksikkö"]
    by_id = {row[0]: row for row in rows if row and row[0]}
    assert by_id["serving_days"][1:3] == ["Suoritetut päivät", "20"]
    page.screenshot(path=str(SCREENSHOTS / "statistics-fi.png"), full_page=True)
