"""The supervisors' case pages in Debian's Chromium: log in, open a case from the caseload, see
its timeline, and watch the plan editor flag an unlawful plan while it is being typed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, expect

from tests.support.browser import SCREENSHOTS, users_now
from tests.support.cases import PASSWORD, PLAN_ITEMS, create_staff, report_values, sentence_body
from tests.support.running import Running, running_valvo

pytestmark = pytest.mark.browser


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Running]:
    with running_valvo(f"sqlite:///{tmp_path / 'valvo.db'}", tmp_path) as running:
        create_staff(running.valvo)
        yield running


def sentenced_case(api: str) -> str:
    """A case sentenced today and enforceable at once: its plan is the supervisor's next step."""
    today = users_now().date()

    def token(user: str) -> dict[str, str]:
        answer = httpx.post(f"{api}/api/auth/token", data={"username": user, "password": PASSWORD})
        return {"Authorization": f"Bearer {answer.json()['access_token']}"}

    request = {
        "subject_name": "Aino Valvottava",
        "region": "Etelä-Suomi",
        "requested_on": today.isoformat(),
    }
    case = httpx.post(
        f"{api}/api/cases/sentences", json=request, headers=token("prosecutor")
    ).json()
    supervisor = token("supervisor")
    url = f"{api}/api/cases/{case['id']}"
    assert httpx.patch(f"{url}/report", json=report_values(today), headers=supervisor).is_success
    done = httpx.post(f"{url}/report/complete", json={"on": today.isoformat()}, headers=supervisor)
    assert done.is_success, done.text
    judgment = httpx.post(
        f"{url}/sentence", json=sentence_body(today, today, 30), headers=token("court")
    )
    assert judgment.is_success, judgment.text
    return str(case["id"])


def test_supervisor_opens_a_case_and_the_plan_editor_flags_an_invalid_plan(
    app: Running, browser: Browser
) -> None:
    sentenced_case(app.api_url)
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(f"{app.api_url}/cases")
    page.get_by_label("Username").fill("supervisor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    row = page.locator("#caseload-rows tr", has_text="Aino Valvottava")
    expect(row).to_contain_text("Sentenced")
    page.reload()  # the login is kept where the main console keeps it (sessionStorage)
    page.locator("#caseload-rows tr", has_text="Aino Valvottava").click()
    expect(page.locator("#case-title")).to_contain_text("Aino Valvottava")
    expect(page.locator("#timeline")).to_contain_text("Report requested")
    expect(page.locator("#timeline")).to_contain_text("Sentenced")
    # A new plan lacks its §6 items: the editor says so before anything is saved.
    expect(page.locator("#plan-errors")).to_contain_text("plan_item_missing")
    for key, text in PLAN_ITEMS.items():
        page.locator(f'#plan-items textarea[data-item="{key}"]').fill(text)
    expect(page.locator("#plan-verdict")).to_have_text("The plan is valid.")
    expect(page.locator("#plan-save")).to_be_enabled()
    # Monday's work now runs to 23:00: activity at night without a reason, and over 40 h.
    page.locator("#weekly-rows .window").first.locator(".end").fill("23:00")
    expect(page.locator("#plan-errors")).to_contain_text("activity_at_night_unjustified")
    expect(page.locator("#plan-errors")).to_contain_text("activity_above_maximum")
    expect(page.locator("#plan-check")).to_have_class("plan-check invalid")
    expect(page.locator("#plan-save")).to_be_disabled()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "cases.png"), full_page=True)
    page.locator("#lang").select_option("fi")
    expect(page.locator("#plan-title")).to_have_text("Toimeenpanosuunnitelma (6 §)")
    expect(page.locator("#plan-verdict")).to_have_text("Suunnitelma rikkoo lakia:")
    expect(page.locator("#timeline")).to_contain_text("Selvitystä pyydetty")


def test_supervisor_corrects_and_removes_co_residents_so_the_report_can_complete(
    app: Running, browser: Browser
) -> None:
    today = users_now().date()

    def token(user: str) -> dict[str, str]:
        answer = httpx.post(
            f"{app.api_url}/api/auth/token", data={"username": user, "password": PASSWORD}
        )
        return {"Authorization": f"Bearer {answer.json()['access_token']}"}

    request = {"subject_name": "Eino Kotona", "region": "Etelä-Suomi", "requested_on": str(today)}
    case = httpx.post(
        f"{app.api_url}/api/cases/sentences", json=request, headers=token("prosecutor")
    ).json()
    url = f"{app.api_url}/api/cases/{case['id']}"
    supervisor = token("supervisor")
    assert httpx.patch(f"{url}/report", json=report_values(today), headers=supervisor).is_success

    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(f"{app.api_url}/cases")
    page.get_by_label("Username").fill("supervisor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.locator("#caseload-rows tr", has_text="Eino Kotona").click()
    residents = page.locator("#co-residents")
    expect(residents).to_contain_text("No co-residents recorded.")
    for name, born in (("Aila Aikuinen", "1970-01-01"), ("Väärä Henkilö", "1980-05-05")):
        page.get_by_label("Name", exact=True).fill(name)
        page.get_by_label("Date of birth").fill(born)
        page.get_by_role("button", name="Add the co-resident").click()
        expect(residents).to_contain_text(name)
    expect(residents.locator("li", has_text="Aila Aikuinen")).to_contain_text("no written consent")
    complete = {"on": str(today)}
    blocked = httpx.post(f"{url}/report/complete", json=complete, headers=supervisor)
    assert blocked.status_code == 422, blocked.text
    # A correction that breaks R14 is refused with the reason, and nothing changes.
    page.get_by_role("button", name="Edit: Aila Aikuinen").click()
    page.get_by_label("Written consent").check()
    page.get_by_role("button", name="Save the correction").click()
    expect(page.locator("#cr-result")).to_contain_text("consent_document_missing")
    page.get_by_label("Consent document").fill("scan-2026-17")
    page.get_by_role("button", name="Save the correction").click()
    expect(residents.locator("li", has_text="Aila Aikuinen")).to_contain_text(
        "consented in writing (scan-2026-17)"
    )
    page.get_by_role("button", name="Remove: Väärä Henkilö").click()
    expect(residents).not_to_contain_text("Väärä Henkilö")
    expect(page.locator("#timeline")).to_contain_text("Co-resident removed")
    done = httpx.post(f"{url}/report/complete", json=complete, headers=supervisor)
    assert done.is_success, done.text
