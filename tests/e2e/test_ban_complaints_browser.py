"""R121, R142 in Debian's Chromium: the court records the complaint of a person under a travel
ban against its decision confirming the ban (PKL 2:17); the case page flags it urgent until
the higher court's outcome is recorded, and then shows the outcome. R119: once charges are
brought the court sets the main hearing, and postpones it deciding that the ban continues."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, expect

from tests.support.cases import PASSWORD, ban_body, create_staff
from tests.support.running import Running, running_valvo

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp")


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Running]:
    with running_valvo(f"sqlite:///{tmp_path / 'valvo.db'}", tmp_path) as running:
        create_staff(running.valvo)
        yield running


def confirmed_ban(api: str, *, charged: bool = False) -> str:
    """A provisional ban decided two hours ago, brought to court and confirmed, by the API."""

    def token(user: str) -> dict[str, str]:
        answer = httpx.post(f"{api}/api/auth/token", data={"username": user, "password": PASSWORD})
        return {"Authorization": f"Bearer {answer.json()['access_token']}"}

    def ok(response: httpx.Response) -> dict[str, Any]:
        assert response.is_success, response.text
        body: dict[str, Any] = response.json()
        return body

    now = datetime.now(UTC)
    police = token("police")
    case = ok(
        httpx.post(
            f"{api}/api/cases/travel-bans", json=ban_body(now - timedelta(hours=2)), headers=police
        )
    )
    url = f"{api}/api/cases/{case['id']}"
    court = "Helsingin käräjäoikeus"
    at = (now - timedelta(hours=1)).isoformat()
    ok(httpx.post(f"{url}/court-referral", json={"at": at, "court": court}, headers=police))
    decision = {
        "at": (now - timedelta(minutes=30)).isoformat(),
        "confirmed": True,
        "suspect_heard": "opportunity_given",
        "court": court,
    }
    ok(httpx.post(f"{url}/court-decision", json=decision, headers=token("court")))
    if charged:
        at = (now - timedelta(minutes=10)).isoformat()
        ok(httpx.post(f"{url}/charges", json={"at": at}, headers=token("prosecutor")))
    return str(case["id"])


def test_r121_r142_the_court_records_an_urgent_complaint_and_its_outcome(
    app: Running, browser: Browser
) -> None:
    case_id = confirmed_ban(app.api_url)
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    login_to_case(page, app.api_url, case_id)

    step = page.locator("#actions button", has_text="Record a complaint (PKL 2:17)")
    expect(step).to_contain_text("against the decision of")
    step.click()
    form = page.get_by_role("form", name="Record a complaint (PKL 2:17)")
    form.get_by_label("Complainant").select_option("counsel")
    form.get_by_label("What the complaint says").fill("The night curfew keeps him from his shifts.")
    form.get_by_role("button", name="Save").click()

    facts = page.locator("#facts")
    expect(facts).to_contain_text("by their counsel")
    expect(facts).to_contain_text("URGENT — awaiting the court (PKL 2:17)")
    expect(page.locator("#facts dd.urgent")).to_have_count(1)
    page.screenshot(path=str(SHOTS / "bans-complaint-urgent.png"), full_page=True)

    page.locator("#actions button", has_text="Decide the urgent complaint").click()
    form = page.get_by_role("form", name="Decide the urgent complaint")
    form.get_by_label("Outcome").select_option("rejected")
    form.get_by_label("Court").fill("Helsingin hovioikeus")
    form.get_by_role("button", name="Save").click()
    expect(facts).to_contain_text("rejected: the ban stands (Helsingin hovioikeus")
    expect(page.locator("#facts dd.urgent")).to_have_count(0)
    expect(page.locator("#actions")).not_to_contain_text("Decide the urgent complaint")
    page.screenshot(path=str(SHOTS / "bans-complaint-decided.png"), full_page=True)


def login_to_case(page: Any, api: str, case_id: str) -> None:
    page.goto(f"{api}/cases")
    page.get_by_label("Username").fill("court")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("court (court)")).to_be_visible()
    page.goto(f"{api}/cases#case/{case_id}")
    page.reload()
    expect(page.locator("#case-title")).to_contain_text("Mikko Matkustaja")


def test_r119_the_court_sets_and_postpones_the_main_hearing(app: Running, browser: Browser) -> None:
    case_id = confirmed_ban(app.api_url, charged=True)
    # A court in Finland: the browser's local time is Helsinki's (tests/support/browser.py).
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    login_to_case(page, app.api_url, case_id)

    page.locator("#actions button", has_text="Set the main hearing (PKL 2:15)").click()
    form = page.get_by_role("form", name="Set the main hearing (PKL 2:15)")
    form.get_by_label("Main hearing at").fill("2099-03-02T09:00")
    form.get_by_label("Court").fill("Helsingin käräjäoikeus")
    form.get_by_role("button", name="Save").click()
    facts = page.locator("#facts")
    expect(facts).to_contain_text("Valid until the main hearing")
    expect(facts).to_contain_text("02/03/2099, 09:00")

    step = page.locator("#actions button", has_text="Cancel or postpone the main hearing")
    expect(step).to_contain_text("set for 02/03/2099, 09:00")
    step.click()
    form = page.get_by_role("form", name="Cancel or postpone the main hearing")
    form.get_by_label("New time (if postponed)").fill("2099-04-06T09:00")
    form.get_by_label("Court").fill("Helsingin käräjäoikeus")
    expect(form.get_by_label("The ban continues")).to_be_checked()
    form.get_by_role("button", name="Save").click()
    expect(facts).to_contain_text("06/04/2099, 09:00")
    expect(page.locator("#actions")).to_contain_text("Revoke the ban")  # still in force
    page.screenshot(path=str(SHOTS / "bans-main-hearing-postponed.png"), full_page=True)
