"""A monitoring sentence from the request for a report to the last day, in Debian's Chromium,
by the demo's accounts: the court requests the report and records the judgment; the supervisor
writes the report with a co-resident's consent, confirms the plan, installs the device, visits,
records a quick test the laboratory clears, interrupts and resumes, hears a breach and warns,
and weeks later (the server's clock moved on) records the last day. Each page offers only the
steps the case's state allows to that role, and a refusal is shown inline in the user's
language, never in a browser alert."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from playwright.sync_api import Browser, Dialog, Page, expect

from tests.support.browser import SCREENSHOTS, users_now
from tests.support.cases import (
    PASSWORD,
    PLAN_ITEMS,
    ban_body,
    create_staff,
    plan_content,
    report_values,
    sentence_body,
)
from tests.support.running import Running, running_valvo
from valvo.services import registry
from valvo.sim.seed import REGIONS
from valvo.sim.staff_seed import DEMO_PASSWORD, seed_staff

pytestmark = pytest.mark.browser
SOUTH = REGIONS[0]
PERSON = "Aino Valvottava"
DEVICE = "ankle-tag-0042"


@dataclass
class MovableClock:
    """The server's clock, moved on by the test to reach the last day of the sentence."""

    offset: timedelta = timedelta(0)

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock()


@pytest.fixture
def app(tmp_path: Path, clock: MovableClock) -> Iterator[Running]:
    with running_valvo(f"sqlite:///{tmp_path / 'valvo.db'}", tmp_path) as running:
        running.valvo.clock = clock
        seed_staff(running.valvo, clock())
        with running.valvo.uow() as uow:
            registry.register_device(
                uow, "admin", clock(), identifier=DEVICE, protocol="osmand", kind="gps_tracker",
                model="Valvo ankle tag", region=SOUTH,
            )  # fmt: skip
            uow.commit()
        yield running


def log_in(browser: Browser, app: Running, username: str) -> Page:
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    alerts: list[str] = []

    def dialog(d: Dialog) -> None:
        alerts.append(d.message)
        d.dismiss()

    page.on("dialog", dialog)
    page.alerts = alerts  # type: ignore[attr-defined]
    page.goto(f"{app.api_url}/cases")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    return page


def open_case(page: Page) -> None:
    page.get_by_role("button", name="Caseload").click()
    page.locator("#caseload-rows tr", has_text=PERSON).click()
    expect(page.locator("#case-title")).to_contain_text(PERSON)


def steps(page: Page) -> list[str]:
    """The steps the case page offers (once the case is shown)."""
    expect(page.locator("#case-title")).to_contain_text(PERSON)
    expect(page.locator("#actions > *").first).to_be_attached()
    buttons = page.locator("#actions .step > button")
    return [str(b.get_attribute("data-action")) for b in buttons.all()]


def take(page: Page, action: str, fill: dict[str, str] | None = None, nth: int = 0) -> None:
    """Open the step's form, fill it and save; the panel says it was saved."""
    step = page.locator(f'#actions .step:has(> button[data-action="{action}"])').nth(nth)
    step.locator("> button").click()
    form = step.locator("form")
    for name, value in (fill or {}).items():
        field = form.locator(f'[name="{name}"]')
        if field.evaluate("e => e.tagName") == "SELECT":
            field.locator("option").first.wait_for(state="attached")  # devices come later
            field.select_option(value)
        elif field.get_attribute("type") == "checkbox":
            field.set_checked(value == "yes")
        else:
            field.fill(value)
    form.get_by_role("button", name="Save").click()
    try:
        expect(page.locator("#actions-result")).to_have_text("Saved.")
    except AssertionError:
        raise AssertionError(f"{action}: {form.locator('.step-result').text_content()}") from None


def status(page: Page, text: str) -> None:
    expect(page.locator("#case-status")).to_have_text(text)


def test_supervisor_takes_a_monitoring_sentence_from_report_request_to_the_last_day(
    app: Running, browser: Browser, clock: MovableClock
) -> None:
    today = users_now().date()  # the day the supervisor's browser shows
    # The court asks for the report (R8): the case opens with the person named.
    court = log_in(browser, app, "court")
    court.get_by_role("button", name="Caseload").click()
    court.get_by_role("button", name="Request a report").click()
    court.locator("#rr-name").fill(PERSON)
    court.locator("#rr-region").fill(SOUTH)
    court.locator("#rr-save").click()
    status(court, "Report requested")
    assert steps(court) == []  # the court does not write the report
    expect(court.locator("#actions")).to_contain_text("No step is open for you")

    # The supervisor finds it on the caseload with its deadline, and writes the report.
    supervisor = log_in(browser, app, "supervisor")
    row = supervisor.locator("#caseload-rows tr", has_text=PERSON)
    expect(row).to_contain_text("Report requested")
    expect(row).to_contain_text("VR-")  # its case number
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    supervisor.screenshot(path=str(SCREENSHOTS / "caseload.png"), full_page=True)
    supervisor.locator("#caseload-rows tr", has_text=PERSON).click()
    assert steps(supervisor) == ["report", "complete_report"]
    # Completing an empty report is refused inline, in words, and nothing changes.
    step = supervisor.locator('#actions .step:has(> button[data-action="complete_report"])')
    step.locator("> button").click()
    step.get_by_role("button", name="Save").click()
    expect(step.locator(".step-result")).to_contain_text("Not done:")
    status(supervisor, "Report requested")
    values = report_values(today)
    texts = {k: v for k, v in values.items() if isinstance(v, str) and not k.endswith("_on")}
    take(supervisor, "report", {**texts, "suspect_consents": "yes", "statement_justified": "yes"})
    supervisor.get_by_label("Name", exact=True).fill("Aila Aikuinen")
    supervisor.get_by_label("Date of birth").fill("1970-01-01")
    supervisor.get_by_label("Written consent").check()
    supervisor.get_by_label("Consent document").fill("consent-2026-17")
    supervisor.get_by_role("button", name="Add the co-resident").click()
    expect(supervisor.locator("#co-residents")).to_contain_text("consented in writing")
    take(supervisor, "complete_report")
    status(supervisor, "Report completed")
    assert steps(supervisor) == []  # the judgment is the court's

    # The court records the judgment.
    court.reload()
    expect(court.locator("#case-title")).to_contain_text(PERSON)
    assert steps(court) == ["sentence"]
    judgment = {"court": "Helsingin käräjäoikeus", "length_days": "20"}
    judgment["replaced_prison_days"] = "20"
    take(court, "sentence", judgment)
    status(court, "Sentenced")

    # The supervisor confirms the plan and installs the device: serving starts.
    supervisor.reload()
    status(supervisor, "Sentenced")
    assert "install_devices" not in steps(supervisor)
    for key, text in PLAN_ITEMS.items():
        supervisor.locator(f'#plan-items textarea[data-item="{key}"]').fill(text)
    expect(supervisor.locator("#plan-verdict")).to_have_text("The plan is valid.")
    supervisor.locator("#plan-save").click()
    status(supervisor, "Plan confirmed")
    take(supervisor, "install_devices", {"device_ids": f"{DEVICE} (Valvo ankle tag)"})
    status(supervisor, "Being served")
    assert "install_devices" not in steps(supervisor)
    assert "complete" not in steps(supervisor)  # not yet served

    # A home visit; a quick test goes to the laboratory (serving stops) and the lab clears it.
    take(supervisor, "visit", {"notes": "At home, sober"})
    take(supervisor, "substance_test", {"kind": "urine_quick", "result": "positive"})
    status(supervisor, "Interrupted")
    assert "resume" not in steps(supervisor)  # the laboratory decides
    take(supervisor, "lab_result", {"result": "negative"})
    status(supervisor, "Being served")

    # An impediment interrupts serving; it resumes the same day.
    take(supervisor, "interrupt", {"cause": "Hospital stay"})
    status(supervisor, "Interrupted")
    take(supervisor, "resume")
    status(supervisor, "Being served")

    # A minor breach: heard, then warned; the warning's document is offered once it exists.
    expect(supervisor.locator("#documents")).not_to_contain_text("Written warning")
    take(supervisor, "open_breach", {"description": "Came home 40 minutes late"})
    assert "warning" not in steps(supervisor)  # not before the hearing (R78)
    take(supervisor, "hearing", {"statement": "The bus was late"})
    take(supervisor, "warning")
    assert "warning" not in steps(supervisor)
    expect(supervisor.locator("#documents")).to_contain_text("Written warning")
    expect(supervisor.locator("#timeline")).to_contain_text("Written warning")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    supervisor.screenshot(path=str(SCREENSHOTS / "case-enforcing.png"), full_page=True)

    # The live monitoring of the person is one click away, and leads back to the case.
    live = supervisor.locator("#live-link")
    expect(live).to_be_visible()
    live.click()
    expect(supervisor.locator("#subject-title")).to_have_text(PERSON)
    supervisor.get_by_role("link", name="← Back to the case").click()
    expect(supervisor.locator("#case-title")).to_contain_text(PERSON)
    expect(supervisor.locator("#records")).to_contain_text("written warning given")
    expect(supervisor.locator("#records")).to_contain_text("Urine quick test: Positive")

    # Weeks later, the sentence is served (the parole date): the last day is recorded.
    clock.offset = timedelta(days=40)
    supervisor = log_in(browser, app, "supervisor")
    open_case(supervisor)
    assert "complete" in steps(supervisor)
    take(supervisor, "complete")
    status(supervisor, "Completed")
    assert steps(supervisor) == []
    supervisor.locator("#lang").select_option("fi")
    status(supervisor, "Suoritettu")
    expect(supervisor.locator("#actions")).to_contain_text("Sinulle ei ole nyt avoimia vaiheita")
    supervisor.screenshot(path=str(SCREENSHOTS / "case-completed-fi.png"), full_page=True)
    for page in (court, supervisor):
        assert page.alerts == []  # type: ignore[attr-defined]


@pytest.fixture
def staff_app(tmp_path: Path) -> Iterator[Running]:
    """Staff with no region (tests/support/cases.py), so prosecutor and court see the case."""
    with running_valvo(f"sqlite:///{tmp_path / 'valvo.db'}", tmp_path) as running:
        create_staff(running.valvo)
        yield running


def serving_case(api: str) -> None:
    """A sentence being served since today, set up through the API."""
    today = datetime.now(UTC).astimezone(ZoneInfo("Europe/Helsinki")).date()

    def token(user: str) -> dict[str, str]:
        answer = httpx.post(f"{api}/api/auth/token", data={"username": user, "password": PASSWORD})
        return {"Authorization": f"Bearer {answer.json()['access_token']}"}

    def ok(response: httpx.Response) -> dict[str, Any]:
        assert response.is_success, response.text
        body: dict[str, Any] = response.json()
        return body

    request = {"subject_name": PERSON, "region": SOUTH, "requested_on": str(today)}
    case = ok(httpx.post(f"{api}/api/cases/sentences", json=request, headers=token("court")))
    url, worker = f"{api}/api/cases/{case['id']}", token("supervisor")
    ok(httpx.patch(f"{url}/report", json=report_values(today), headers=worker))
    ok(httpx.post(f"{url}/report/complete", json={"on": str(today)}, headers=worker))
    judgment = sentence_body(today, today, 30)
    ok(httpx.post(f"{url}/sentence", json=judgment, headers=token("court")))
    content = plan_content(today, today + timedelta(days=29))
    plan = {"content": content, "convict_heard_on": str(today)}
    ok(httpx.post(f"{url}/plans", json=plan, headers=worker))
    device = {"identifier": DEVICE, "protocol": "osmand", "kind": "gps_tracker"}
    tag = ok(httpx.post(f"{api}/api/devices", json=device, headers=worker))
    installed = {"device_ids": [tag["id"]], "installed_at": datetime.now(UTC).isoformat()}
    assert ok(httpx.post(f"{url}/devices", json=installed, headers=worker))["status"] == "enforcing"


def staff_log_in(browser: Browser, app: Running, username: str) -> Page:
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(f"{app.api_url}/cases")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    open_case(page)
    return page


def test_a_serious_breach_is_referred_and_the_court_converts_it_into_prison(
    staff_app: Running, browser: Browser
) -> None:
    serving_case(staff_app.api_url)
    supervisor = staff_log_in(browser, staff_app, "supervisor")
    take(supervisor, "open_breach", {"description": "Left home for two days"})
    take(supervisor, "hearing", {"statement": "No comment"})
    # A serious breach: referred with enforcement interrupted at once, no warning first.
    take(supervisor, "referral", {"kind": "serious"})
    status(supervisor, "Interrupted")
    assert "resume" not in steps(supervisor)  # only the court lets it continue (§14.3)
    assert "prosecutor_decision" not in steps(supervisor)
    expect(supervisor.locator("#documents")).to_contain_text("Report to the prosecutor")
    prosecutor = staff_log_in(browser, staff_app, "prosecutor")
    assert steps(prosecutor) == ["prosecutor_decision"]
    take(prosecutor, "prosecutor_decision", {"court": "Helsingin käräjäoikeus"})
    assert steps(prosecutor) == []
    court = staff_log_in(browser, staff_app, "court")
    assert steps(court) == ["court_decision"]
    # §16 (R85): the court records whom it heard: the convict and KHL's representative.
    hearing = {"court": "Helsingin käräjäoikeus", "khl_representative": "Kalle Kriminaali"}
    take(court, "court_decision", hearing)
    status(court, "Converted to prison")
    expect(court.locator("#records")).to_contain_text("court heard: the convict, Kalle Kriminaali")
    supervisor.reload()
    status(supervisor, "Converted to prison")
    assert steps(supervisor) == []
    supervisor.screenshot(path=str(SCREENSHOTS / "case-converted.png"), full_page=True)


def test_police_refer_a_provisional_travel_ban_and_the_court_confirms_it(
    staff_app: Running, browser: Browser
) -> None:
    api = staff_app.api_url
    answer = httpx.post(f"{api}/api/auth/token", data={"username": "police", "password": PASSWORD})
    police_token = {"Authorization": f"Bearer {answer.json()['access_token']}"}
    decided = datetime.now(UTC) - timedelta(hours=1)
    body = ban_body(decided, subject_name=PERSON)
    created = httpx.post(f"{api}/api/cases/travel-bans", json=body, headers=police_token)
    assert created.status_code == 201, created.text
    police = staff_log_in(browser, staff_app, "police")
    status(police, "Provisional")
    # PKL 2:4 (R108): no passport is issued while the ban is in force.
    expect(police.locator("#facts")).to_contain_text("barred while the ban is in force")
    offered = steps(police)
    for step in ("court_referral", "violation", "passport", "revocation"):
        assert step in offered
    assert "ban_court_decision" not in offered
    expect(police.locator("#documents")).to_contain_text("Travel-ban decision")
    take(police, "court_referral", {"court": "Helsingin käräjäoikeus"})
    assert "court_referral" not in steps(police)
    court = staff_log_in(browser, staff_app, "court")
    # The court decides the referral, may revoke, and (the ban has a locality obligation, R116)
    # changes the ban and takes the suspect's petition to change it (PKL 2:12).
    assert sorted(steps(court)) == [
        "ban_change",
        "ban_court_decision",
        "petition_change",
        "revocation",
    ]
    take(court, "ban_court_decision", {"court": "Helsingin käräjäoikeus"})
    status(court, "In force")
    court.screenshot(path=str(SCREENSHOTS / "case-travel-ban.png"), full_page=True)
