"""R19, R69 in Debian's Chromium: a sentence that became enforceable five weeks ago has neither
a plan nor devices. The supervisor's caseload puts it on top with its missed deadline; the case
page says how long the plan has waited and that enforcement has not started; confirming the plan
and installing the device clear both, and the page says how long the plan took. The supervisor
records the abode, a placement institution with its contact (R29), and the plan takes in the
work the report found (R27); visits are counted against a target the case may set (R53); the
convict is 17, so a guardian is registered and a contact with her logged (R57); a positive
laboratory result for a prescribed medicine is no breach (R65); an order to give a sample is
attended (R61)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.test_supervisor_casework_browser import PERSON, status, take
from tests.support.browser import users_now
from tests.support.cases import PASSWORD, PLAN_ITEMS, create_staff, report_values, sentence_body
from tests.support.running import Running, running_valvo
from valvo.sim.seed import REGIONS

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp")
LATE = 35  # days since the sentence became enforceable: past both thresholds (14 and 30)


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Running]:
    with running_valvo(f"sqlite:///{tmp_path / 'valvo.db'}", tmp_path) as running:
        create_staff(running.valvo)
        yield running


def late_case(api: str) -> None:
    """Sentenced and enforceable ``LATE`` days ago, through the API; no plan, no devices."""
    today = datetime.now(UTC).astimezone(ZoneInfo("Europe/Helsinki")).date()
    then = today - timedelta(days=LATE)

    def token(user: str) -> dict[str, str]:
        answer = httpx.post(f"{api}/api/auth/token", data={"username": user, "password": PASSWORD})
        return {"Authorization": f"Bearer {answer.json()['access_token']}"}

    def ok(response: httpx.Response) -> dict[str, Any]:
        assert response.is_success, response.text
        body: dict[str, Any] = response.json()
        return body

    before = then - timedelta(days=7)
    worker = token("supervisor")
    minor = {
        "name": PERSON,
        "region": REGIONS[0],
        "birth_date": str(today - timedelta(days=17 * 365)),
    }
    subject = ok(httpx.post(f"{api}/api/subjects", json=minor, headers=worker))  # aged 16–17
    request = {"subject_id": subject["id"], "requested_on": str(before)}
    case = ok(httpx.post(f"{api}/api/cases/sentences", json=request, headers=token("court")))
    url = f"{api}/api/cases/{case['id']}"
    ok(httpx.patch(f"{url}/report", json=report_values(before), headers=worker))
    ok(httpx.post(f"{url}/report/complete", json={"on": str(before)}, headers=worker))
    judgment = sentence_body(then, then, 60)
    ok(httpx.post(f"{url}/sentence", json=judgment, headers=token("court")))
    device = {
        "identifier": "ankle-tag-0077",
        "protocol": "osmand",
        "kind": "gps_tracker",
        "model": "Valvo ankle tag",
    }
    ok(httpx.post(f"{api}/api/devices", json=device, headers=worker))


def test_r19_r69_a_late_plan_and_start_show_on_the_caseload_and_the_case(
    app: Running, browser: Browser
) -> None:
    late_case(app.api_url)
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(f"{app.api_url}/cases")
    page.get_by_label("Username").fill("supervisor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    # The caseload: the case's most urgent deadline is missed, with the others counted.
    row = page.locator("#caseload-rows tr", has_text=PERSON)
    expect(row).to_contain_text("Missed: escalate")
    expect(row).to_contain_text("Plan prepared without delay")
    expect(row).to_contain_text(re.compile(r"\(\+\d more\)"))  # completion, lapse, start
    page.screenshot(path=str(SHOTS / "lawcases-caseload-late.png"), full_page=True)

    # The deadline list names both tasks with their rule.
    page.get_by_role("button", name="Deadlines").click()
    rows = page.locator("#deadline-rows")
    expect(rows).to_contain_text("Enforcement started without delay")
    expect(rows).to_contain_text("§7.1, R69")
    page.get_by_role("button", name="Caseload").click()

    # The case: how long the plan has waited, and that enforcement has not started.
    page.locator("#caseload-rows tr", has_text=PERSON).click()
    status(page, "Sentenced")
    facts = page.locator("#facts")
    expect(facts).to_contain_text(f"Plan being prepared for{LATE} days — late: more than 14 days")
    expect(facts).to_contain_text("Enforcement not started")
    expect(page.locator("#facts dd.late")).to_have_count(3)  # plan, start, work
    page.screenshot(path=str(SHOTS / "lawcases-case-late.png"), full_page=True)

    # R27: the report's existing work is flagged for the activity obligation.
    expect(facts).to_contain_text("Oy Varasto Ab — to be included in the activity obligation")
    flag = page.locator("#work-study")
    expect(flag).to_contain_text("The report found existing work or study: Oy Varasto Ab.")
    flag.get_by_label("Included in the activity obligation (item 2)").check()

    # The plan is confirmed: it took LATE days, still marked late; the start is still missing.
    for key, text in PLAN_ITEMS.items():
        page.locator(f'#plan-items textarea[data-item="{key}"]').fill(text)
    expect(page.locator("#plan-verdict")).to_have_text("The plan is valid.")
    page.locator("#plan-save").click()
    status(page, "Plan confirmed")
    expect(facts).to_contain_text(f"Plan prepared in{LATE} days — late")
    expect(facts).to_contain_text("Oy Varasto Ab — included in the activity obligation")
    expect(facts).to_contain_text("Enforcement not started")

    # The device is installed: enforcement has started; the start is no longer flagged.
    take(page, "install_devices", {"device_ids": "ankle-tag-0077 (Valvo ankle tag)"})
    status(page, "Being served")
    expect(facts).not_to_contain_text("Enforcement not started")
    deadlines = page.locator("#case-deadlines")
    expect(deadlines).to_contain_text("Enforcement started without delay")
    # A prescription (R65): the laboratory's positive for the prescribed medicine is no breach.
    rx = page.locator("#rx-box")
    rx.get_by_label("Medicine").fill("Diatsepaami")
    rx.get_by_label("Prescribed by").fill("Kallion terveysasema")
    rx.get_by_label("Valid from").fill(str(users_now().date() - timedelta(days=10)))
    rx.get_by_role("button", name="Record the prescription").click()
    expect(page.locator("#rx-result")).to_have_text("The prescription is recorded.")
    expect(page.locator("#prescriptions")).to_contain_text("Diatsepaami:")
    take(page, "substance_test", {"kind": "urine_quick", "result": "positive"})
    status(page, "Interrupted")
    take(page, "lab_result", {"result": "positive", "substance": "Diatsepaami"})
    status(page, "Being served")
    expect(page.locator("#records")).to_contain_text("(Diatsepaami), covered by a prescription")

    # An order to give a sample today (R61): not missed before the day is over; then it came.
    samples = page.locator("#sample-box")
    samples.get_by_label("Name and address").fill("Kallion terveysasema, Helsinki")
    helsinki_today = datetime.now(UTC).astimezone(ZoneInfo("Europe/Helsinki")).date()
    samples.get_by_label("Attend on").fill(str(helsinki_today))
    samples.get_by_role("button", name="Order a sample").click()
    expect(page.locator("#so-result")).to_have_text("The order is recorded.")
    samples.get_by_role("button", name="Did not come").click()
    expect(page.locator("#so-result")).to_contain_text("The day to attend has not passed yet.")
    samples.get_by_role("button", name="Came").click()
    expect(page.locator("#sample-orders")).to_contain_text(
        "Health centre: Kallion terveysasema, Helsinki — came"
    )

    # Visits against their target (R53): the default, then this case's own with its reason.
    visits = page.locator("#visit-box")
    expect(visits).to_contain_text("0 visits made")
    expect(visits).to_contain_text("target 2 a week, the default")
    visits.get_by_label("Target a week").fill("1")
    visits.get_by_role("button", name="Set the target").click()
    expect(page.locator("#vt-result")).to_contain_text("Give the reason.")
    visits.get_by_label("Reason for this case's own target").fill("Works full time, stable")
    visits.get_by_role("button", name="Set the target").click()
    expect(page.locator("#vt-result")).to_have_text("The target is set.")
    expect(visits).to_contain_text("target 1 a week, this case's own")
    expect(page.locator("#timeline")).to_contain_text("Visit target set")

    # A convict under 18 (R57): flagged until a guardian is registered; a contact is logged.
    people = page.locator("#people-box")
    expect(people.locator("#people-flag")).to_be_visible()
    people.get_by_label("Person's name").fill("Maija Huoltaja")
    people.get_by_role("button", name="Register the person").click()
    expect(page.locator("#rp-result")).to_contain_text(
        "Give a phone number, an e-mail or an address."
    )
    people.locator("#rp-phone").fill("040 123 4567")
    people.get_by_role("button", name="Register the person").click()
    expect(page.locator("#rp-result")).to_have_text("The person is registered.")
    expect(people.locator("#people-flag")).to_be_hidden()
    expect(page.locator("#people")).to_contain_text("Guardian: Maija Huoltaja — 040 123 4567")
    people.get_by_label("Outcome").select_option("concern")
    people.get_by_label("Notes").fill("Worried about evenings")
    people.get_by_role("button", name="Log the contact").click()
    expect(page.locator("#ct-result")).to_have_text("The contact is logged.")
    expect(page.locator("#people")).to_contain_text("(contacts logged: 1)")
    expect(page.locator("#records")).to_contain_text(
        "Guardian, phone call — Maija Huoltaja: a concern raised"
    )

    # The abode (R29): a placement institution needs its contact; refused inline, then kept.
    box = page.locator("#abode-box")
    expect(box).to_contain_text("No abode recorded yet.")
    box.get_by_label("Kind").select_option("institution")
    box.get_by_label("Address").fill("Kuntoutustie 5, Järvenpää")
    box.get_by_role("textbox", name="Institution").fill("Järvenpään kuntoutuskeskus")
    box.get_by_role("button", name="Record the abode").click()
    expect(page.locator("#ab-result")).to_contain_text("needs its name, a contact person")
    box.get_by_label("Contact person").fill("Sari Ohjaaja")
    box.get_by_label("Phone").fill("+358 40 123 4567")
    box.get_by_role("button", name="Record the abode").click()
    expect(page.locator("#ab-result")).to_have_text("The abode is recorded.")
    expect(page.locator("#abodes")).to_contain_text(
        "Placement institution: Järvenpään kuntoutuskeskus, Kuntoutustie 5, Järvenpää — "
        "Sari Ohjaaja, +358 40 123 4567"
    )
    expect(page.locator("#abodes")).to_contain_text("in force")
    expect(page.locator("#timeline")).to_contain_text("Abode recorded")
    page.locator("#lang").select_option("fi")
    expect(facts).to_contain_text(f"Suunnitelma laadittiin{LATE} vrk — myöhässä")
    expect(page.locator("#abodes")).to_contain_text("Sijoituslaitos: Järvenpään kuntoutuskeskus")
    page.screenshot(path=str(SHOTS / "lawcases-case-started-fi.png"), full_page=True)

    # The caseload's report of visits against target lists the sentence being served.
    page.locator("#lang").select_option("en")
    page.get_by_role("button", name="Caseload", exact=True).click()
    report = page.locator("#visit-report")
    expect(report).to_contain_text("Visits against target")
    expect(report.locator("tr", has_text=PERSON)).to_contain_text("1")
    page.screenshot(path=str(SHOTS / "lawcases-caseload-visits.png"), full_page=True)
