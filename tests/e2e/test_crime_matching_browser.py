"""Crime matching in Debian's Chromium: the police demo user uploads a CSV batch (one row with
an error, shown with what to do), starts a matching run with its purpose and legal basis, and
sees the match on the map: the crime with its radius and the person's numbered fixes with their
accuracy circles, and the positions that placed them there; and downloads the match's signed
evidence package, which verifies offline as a crime-match package."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.support.browser import SCREENSHOTS
from tests.support.crimes import HEADER, person, walk
from tests.support.running import Running, running_valvo
from valvo.adapters.evidence.verify import INTACT, verify_bundle
from valvo.sim.staff_seed import DEMO_PASSWORD, seed_staff

pytestmark = pytest.mark.browser


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Running]:
    with running_valvo(f"sqlite:///{tmp_path / 'valvo.db'}", tmp_path) as running:
        seed_staff(running.valvo, running.valvo.clock())
        yield running


def test_police_upload_a_batch_run_a_match_and_see_it_on_the_map(
    app: Running, browser: Browser, tmp_path: Path
) -> None:
    valvo = app.valvo
    crime_start = valvo.clock().replace(microsecond=0) - timedelta(hours=2)
    near, far = person(valvo, "Matti Ohikulkija"), person(valvo, "Kaisa Kaukana")
    walk(valvo, near, crime_start + timedelta(minutes=5), north_m=40)
    walk(valvo, far, crime_start + timedelta(minutes=5), north_m=900)
    end = crime_start + timedelta(minutes=30)
    batch = tmp_path / "rikokset.csv"
    batch.write_text(
        "\n".join(
            [
                HEADER,
                f"Helsingin poliisilaitos,burglary,5500/R/77/26,{crime_start.isoformat()},"
                f"{end.isoformat()},60.1699,24.9384,,,Asuntomurto",
                f"Helsingin poliisilaitos,shoplifting,5500/R/78/26,{crime_start.isoformat()},"
                f"{end.isoformat()},60.17,24.94,,,Myymälävarkaus",
            ]
        )
        + "\n"
    )
    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    page.goto(f"{app.api_url}/crimes")
    page.get_by_label("Username").fill("police")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#upload-title")).to_have_text("Submit crimes")

    page.set_input_files("#csv-file", str(batch))
    page.get_by_role("button", name="Upload").click()
    result = page.locator("#upload-result")
    expect(result).to_contain_text("Partly accepted")
    expect(result).to_contain_text("(1/2)")
    error_row = result.locator("tbody tr")
    expect(error_row).to_contain_text("Crime type")
    expect(error_row).to_contain_text("shoplifting")
    expect(error_row).to_contain_text("use one of burglary")
    expect(page.locator("#crime-rows")).to_contain_text("5500/R/77/26")
    expect(page.locator("#crime-rows")).to_contain_text("Burglary")
    with page.expect_download() as download:
        result.get_by_role("button", name="Download the errors (CSV)").click()
    assert "shoplifting" in Path(download.value.path()).read_text()

    page.get_by_label("Purpose").fill("Esitutkinta 5500/R/77/26")
    page.get_by_label("Legal basis").select_option("criminal_investigation")
    page.get_by_role("button", name="Start matching").click()
    matches = page.locator("#match-rows tr")
    expect(matches).to_have_count(1)
    expect(matches.first).to_contain_text("Person Matti Ohikulkija")
    expect(matches.first).to_contain_text("High")
    expect(matches.first).to_contain_text("40 m")
    expect(page.locator("#run-summary")).to_contain_text("Radius 100 m")
    # On the map: the crime's radius, the numbered fixes and their accuracy circles.
    expect(page.locator("#map .fix-number").first).to_be_visible()
    assert page.locator("#map .fix-number").count() >= 3
    assert page.locator("#map path.leaflet-interactive").count() >= 4
    matches.first.click()
    expect(page.locator("#positions")).to_be_visible()
    expect(page.locator("#position-rows tr").first).to_contain_text("4.8 km/h")
    page.get_by_role("button", name="Run again and compare").click()
    expect(page.locator("#repeat-result")).to_have_text("✓ Same matches as the run it repeats.")
    expect(page.locator("#run-list li")).to_have_count(2)
    expect(page.locator("#run-list li").nth(1)).to_contain_text("repeat")
    expect(page.locator("#match-rows tr")).to_have_count(1)
    page.locator("#match-rows tr").first.click()

    # The match's evidence package: the signatory first, then one click on the match's row.
    build = page.locator("#match-rows tr").first.get_by_role(
        "button", name="Download evidence package"
    )
    build.click()
    expect(page.locator("#evidence-status")).to_have_text("Name the signatory first.")
    page.get_by_label("Signatory of the witness statement").fill("Rikoskomisario Laura Virta")
    with page.expect_download() as package:
        build.click()
    expect(page.locator("#evidence-status")).to_contain_text("Downloaded")
    expect(page.locator("#positions")).to_be_visible()  # the row stays selected
    bundle = Path(package.value.path()).read_bytes()
    outcome = verify_bundle(bundle)
    assert outcome.code == INTACT, outcome.message
    assert outcome.summary["kind"] == "crime_match"
    assert outcome.summary["signatory"] == "Rikoskomisario Laura Virta"
    assert outcome.summary["positions"] == 31
    page.screenshot(path="/tmp/evpkg-crimes.png")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "crime-matching.png"), full_page=True)

    page.select_option("#lang", "fi")
    expect(page.locator("#run-title")).to_have_text("Osumat")
    expect(page.locator("#match-rows tr").first).to_contain_text("Suuri")
    expect(page.locator("#crime-rows")).to_contain_text("Murto")
    expect(page.locator("#match-rows tr").first).to_contain_text("Lataa todistepaketti")
    expect(page.get_by_label("Todistajanlausunnon allekirjoittaja")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "crime-matching-fi.png"), full_page=True)
