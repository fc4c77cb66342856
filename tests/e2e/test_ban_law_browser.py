"""The travel ban's law in Debian's Chromium (issue 22): the police decide an ordinary travel
ban only once the prosecutor's notification is recorded (PKL 2:6, R110), with the suspect heard
in person (PKL 2:8, R112); the person's petition for the court's review reaches the court's
queue, and the court, having heard the official, lifts the ban (PKL 2:13, R117)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.support.cases import PASSWORD, ban_body, create_staff
from tests.support.running import Running, running_valvo

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp")
HELSINKI = "Europe/Helsinki"


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Running]:
    with running_valvo(f"sqlite:///{tmp_path / 'valvo.db'}", tmp_path) as running:
        create_staff(running.valvo)
        yield running


def log_in(page: Page, api: str, user: str) -> None:
    page.goto(f"{api}/cases")
    page.get_by_label("Username").fill(user)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text(f"{user} ({user})")).to_be_visible()


def local(moment: datetime, shown: str = "%Y-%m-%dT%H:%M") -> str:
    """A datetime-local field's value (the page runs in Helsinki's zone). Times are reckoned in
    UTC and only then shown in Helsinki: an hour before 04:19 on the spring-forward night is
    02:19, not the 03:19 that never happened (wall-clock arithmetic)."""
    return moment.astimezone(ZoneInfo(HELSINKI)).strftime(shown)


def test_police_decide_after_notifying_and_the_court_reviews_on_petition(
    app: Running, browser: Browser
) -> None:
    page = browser.new_page(viewport={"width": 1366, "height": 768}, timezone_id=HELSINKI)
    log_in(page, app.api_url, "police")
    now = datetime.now(UTC)
    page.get_by_role("button", name="Decide a travel ban").click()
    form = page.get_by_role("form", name="A travel ban", exact=True)
    form.get_by_label("Person", exact=True).fill("Pekka Petitioija")
    form.get_by_label("Offence").fill("Aggravated fraud (RL 36:2)")
    form.get_by_label("Suspected on probable grounds").check()
    form.get_by_label("Instead of arrest or remand").check()
    form.get_by_label("Area not to be left").fill("City of Helsinki")
    form.get_by_label("Device", exact=True).fill("ban-law-gps-1")
    form.get_by_label("Passport").select_option("none_held")
    # Without the prosecutor's notification the police may not decide (PKL 2:6).
    form.get_by_role("button", name="Decide the ban").click()
    expect(form.get_by_role("alert")).to_contain_text(
        "The police notify the prosecutor before deciding"
    )
    page.screenshot(path=str(SHOTS / "banlaw-not-notified.png"), full_page=True)
    notified = now - timedelta(hours=1)
    form.get_by_label("Prosecutor notified at").fill(local(notified))
    form.get_by_label("Suspect heard in person at").fill(local(now - timedelta(minutes=20)))
    form.get_by_role("button", name="Decide the ban").click()

    expect(page.locator("#case-title")).to_contain_text("Pekka Petitioija")
    facts = page.locator("#facts")
    expect(facts).to_contain_text("Pre-trial investigation (police)")
    # Police record petitions to change their ban; one for review reaches the court.
    expect(page.locator("#actions")).to_contain_text("Record a petition to change the ban")
    expect(page.locator("#actions")).not_to_contain_text("for the court's review")
    expect(facts).to_contain_text("Prosecutor notified")
    expect(facts).to_contain_text(local(notified, "%d/%m/%Y, %H:%M"))
    expect(facts).to_contain_text("Suspect heard in person")
    expect(facts).to_contain_text("no (RL 6:13)")
    expect(facts).not_to_contain_text("R110")
    page.screenshot(path=str(SHOTS / "banlaw-decided.png"), full_page=True)
    case_url = page.url

    page.locator("#logout").click()
    # Logging out reloads the page: a navigation before it ends is aborted by it.
    expect(page.get_by_label("Username")).to_be_visible()
    log_in(page, app.api_url, "court")
    page.goto(case_url)
    page.reload()
    expect(page.locator("#case-title")).to_contain_text("Pekka Petitioija")
    step = "Record a petition for the court's review (PKL 2:13)"
    page.locator("#actions button", has_text=step).click()
    form = page.get_by_role("form", name=step)
    form.get_by_label("What the person asks").fill("He has been offered work in Tampere.")
    form.get_by_role("button", name="Save").click()
    petitions = page.locator("#ban-petitions")
    expect(petitions).to_contain_text("awaiting the decision of the court")

    # The petition waits in the court's queue; the court opens the case from there.
    page.locator("#nav .tab", has_text="My queue").click()
    rows = page.locator("#queue-rows tr", has_text="Pekka Petitioija")
    row = rows.filter(has_text="Petition on a travel ban")
    expect(row).to_contain_text("hear the official")
    page.screenshot(path=str(SHOTS / "banlaw-court-queue.png"), full_page=True)
    page.get_by_label("Language").select_option("fi")
    expect(rows.filter(has_text="Matkustuskieltoa koskeva pyyntö")).to_have_count(1)
    page.get_by_label("Language").select_option("en")
    row.click()
    expect(page.locator("#case-title")).to_contain_text("Pekka Petitioija")

    decide = "Decide the petition for review"
    page.locator("#actions button", has_text=decide).click()
    form = page.get_by_role("form", name=decide)
    form.get_by_label("Outcome").select_option("revoked")
    form.get_by_label("Court").fill("Helsingin käräjäoikeus")
    form.get_by_role("button", name="Save").click()
    expect(form.get_by_role("alert")).to_contain_text(
        "The court hears the official entitled to arrest before deciding"
    )
    form.get_by_label("The official entitled to arrest was heard").check()
    form.get_by_role("button", name="Save").click()
    expect(petitions).to_contain_text(
        "Lifted: the ban ends, official heard (Helsingin käräjäoikeus"
    )
    expect(page.locator("#case-status")).to_have_text("Revoked")
    page.screenshot(path=str(SHOTS / "banlaw-lifted.png"), full_page=True)
    page.get_by_label("Language").select_option("fi")
    expect(petitions).to_contain_text("Kumottu: kielto päättyy")
    expect(page.locator("#timeline")).to_contain_text("Pyyntö saapunut")
    expect(facts).to_contain_text("ei (RL 6:13)")
    page.screenshot(path=str(SHOTS / "banlaw-lifted-fi.png"), full_page=True)
    page.locator("#nav .tab", has_text="Työjononi").click()
    expect(page.locator("#queue-rows tr", has_text="Pekka Petitioija")).to_have_count(0)


def test_the_court_hears_the_suspect_changes_the_ban_and_keeps_it_at_the_judgment(
    app: Running, browser: Browser
) -> None:
    """PKL 2:8.2, 2:12, 2:16: the court's forms on a provisional ban brought to it."""

    def token(user: str) -> dict[str, str]:
        answer = httpx.post(
            f"{app.api_url}/api/auth/token", data={"username": user, "password": PASSWORD}
        )
        return {"Authorization": f"Bearer {answer.json()['access_token']}"}

    now = datetime.now(UTC)
    police = token("police")
    body = ban_body(now - timedelta(hours=3), subject_name="Kaisa Kuultava")
    case = httpx.post(f"{app.api_url}/api/cases/travel-bans", json=body, headers=police).json()
    url = f"{app.api_url}/api/cases/{case['id']}"
    referral = {"at": (now - timedelta(hours=2)).isoformat(), "court": "Helsingin käräjäoikeus"}
    assert httpx.post(f"{url}/court-referral", json=referral, headers=police).is_success

    page = browser.new_page(viewport={"width": 1366, "height": 768}, timezone_id=HELSINKI)
    log_in(page, app.api_url, "court")
    page.goto(f"{app.api_url}/cases#case/{case['id']}")
    page.reload()
    expect(page.locator("#case-title")).to_contain_text("Kaisa Kuultava")
    page.locator("#actions button", has_text="Court's decision on the ban").click()
    form = page.get_by_role("form", name="Court's decision on the ban")
    form.get_by_label("The suspect was").select_option("opportunity_given")
    form.get_by_label("Court").fill("Helsingin käräjäoikeus")
    form.get_by_role("button", name="Save").click()
    facts = page.locator("#facts")
    expect(facts).to_contain_text("Given the opportunity to be heard")

    # The ban's change with its dates (PKL 2:12): demanded by the person, heard, a new term.
    page.locator("#actions button[data-action=ban_change]").click()
    form = page.get_by_role("form", name="Change the ban (PKL 2:12)")
    form.get_by_label("Reason", exact=True).fill("Reporting moved for his new shifts")
    form.get_by_label("Demanded by the person").check()
    form.get_by_label("New times and places of the obligations").fill(
        "Report to Pasila police station every Tuesday at 10:00"
    )
    form.get_by_label("New end of the term").fill(local(now + timedelta(days=30)))
    page.screenshot(path=str(SHOTS / "banlaw-change-form.png"), full_page=True)
    form.get_by_role("button", name="Save").click()
    expect(page.locator("#actions-result")).to_have_text("Saved.")
    expect(page.locator("#timeline")).to_contain_text("Ban changed (PKL 2:12)")

    charges = {"at": (now - timedelta(minutes=5)).isoformat()}
    assert httpx.post(f"{url}/charges", json=charges, headers=token("prosecutor")).is_success
    page.reload()
    step = "Judgment: keep the ban or let it end (PKL 2:16)"
    page.locator("#actions button", has_text=step).click()
    form = page.get_by_role("form", name=step)
    form.get_by_label("Sentence").select_option("conditional_prison")
    form.get_by_label("Court").fill("Helsingin käräjäoikeus")
    form.get_by_role("button", name="Save").click()
    expect(form.get_by_role("alert")).to_contain_text("needs a sentence of unconditional prison")
    form.get_by_label("Sentence").select_option("unconditional_prison")
    form.get_by_role("button", name="Save").click()
    expect(facts).to_contain_text("Unconditional prison — the ban stays until enforcement begins")
    expect(page.locator("#actions")).to_contain_text("A higher court ordered the ban to end")
    expect(page.locator("#actions")).not_to_contain_text("Set the main hearing")
    page.screenshot(path=str(SHOTS / "banlaw-judgment.png"), full_page=True)
