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
from valvo.services import auth
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


def test_an_administrator_puts_a_unit_into_the_pilot_and_the_split_follows(
    app: tuple[Running, timedelta], browser: Browser
) -> None:
    """R143: the east joins the pilot on (shifted) 10 November; the pilot's serving days grow
    by C's 7 days from then (20 → 27) and the others' are C's 9 before; the regional manager
    sees the units but no form. In English and Finnish."""
    running, shift = app
    valvo = running.valvo
    with valvo.uow() as uow:
        auth.create_user(
            uow,
            valvo.hasher,
            "seed",
            valvo.clock(),
            username="paakayttaja",
            password=DEMO_PASSWORD,
            role="administrator",
            region=None,
        )
        uow.commit()
    page = browser.new_page(viewport={"width": 1366, "height": 768}, locale="en-GB")
    page.add_init_script("localStorage.setItem('valvo.lang', 'en')")
    page.goto(running.api_url + "/")
    page.get_by_label("Username").fill("paakayttaja")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#logout")).to_be_visible()
    page.goto(running.api_url + "/followup")
    expect(page.locator("h2")).to_have_text("Pilot follow-up")
    page.locator("#fu-from").fill((seeded.START + shift).isoformat())
    page.locator("#fu-to").fill((seeded.END + shift - timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Show").click()
    split = page.locator("#fu-pilot-table")
    total_pilot = split.locator(
        'tr[data-region=""][data-pilot="true"] td[data-figure="serving_days"]'
    )
    total_other = split.locator(
        'tr[data-region=""][data-pilot="false"] td[data-figure="serving_days"]'
    )
    expect(total_pilot).to_have_text("20")  # A and B, flagged
    expect(total_other).to_have_text("16")  # C
    expect(page.locator("#fu-units-table")).to_contain_text("Not in the pilot")

    joined = seeded.d(11, 10) + shift
    form = page.locator("#fu-unit-form")
    expect(form).to_be_visible()
    form.get_by_label("Unit (region)").fill(seeded.EAST)
    form.get_by_label("Change").select_option(label="Joins the pilot")
    form.get_by_label("From").fill(joined.isoformat())
    form.get_by_label("Reason or decision").fill("Ministry's decision on the pilot")
    form.get_by_role("button", name="Save").click()
    expect(page.locator("#fu-unit-message")).to_contain_text(
        "Saved. The figures now count the unit's cases as pilot cases from"
    )
    expect(total_pilot).to_have_text("27")
    expect(total_other).to_have_text("9")
    east_row = page.locator(f'#fu-units-table tr[data-region="{seeded.EAST}"]')
    expect(east_row).to_contain_text("In the pilot since")  # 13 days before today
    page.locator("#fu-units-log summary").click()
    expect(page.locator("#fu-units-history")).to_contain_text("Ministry's decision on the pilot")
    # A date the form cannot take: refused with the reason, nothing stored.
    form.get_by_label("From").fill("2020-01-01")
    form.get_by_role("button", name="Save").click()
    expect(page.locator("#fu-unit-message")).to_have_text(
        "The date must be 1 January 2024 or later and at most a year from today."
    )
    # The same change again changes nothing: said so, in the user's words.
    form.get_by_label("From").fill((joined + timedelta(days=1)).isoformat())
    form.get_by_role("button", name="Save").click()
    expect(page.locator("#fu-unit-message")).to_have_text(
        "No change: on that day the unit already has this status."
    )
    page.screenshot(path=str(SCREENSHOTS / "followup-pilot-units.png"), full_page=True)

    page.locator("#lang").select_option("fi")
    expect(page.locator("#fu-units h3")).to_have_text("Kokeilun yksiköt")
    expect(split.locator('tr[data-region=""][data-pilot="true"] td').nth(1)).to_have_text("Kokeilu")
    expect(east_row).to_contain_text(f"Kokeilussa alkaen {joined.day}.{joined.month}.{joined.year}")
    page.close()

    manager = browser.new_page(viewport={"width": 1366, "height": 768}, locale="en-GB")
    manager.add_init_script("localStorage.setItem('valvo.lang', 'en')")
    manager.goto(running.api_url + "/")
    manager.get_by_label("Username").fill("manager")
    manager.get_by_label("Password").fill(DEMO_PASSWORD)
    manager.get_by_role("button", name="Log in").click()
    manager.wait_for_url("**/cases")
    manager.goto(running.api_url + "/followup")
    expect(manager.locator("#fu-units-table")).to_contain_text(seeded.SOUTH)
    expect(manager.locator("#fu-units-table")).not_to_contain_text(seeded.EAST)
    expect(manager.locator("#fu-unit-form")).to_be_hidden()
