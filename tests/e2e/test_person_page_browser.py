"""The monitored person's own page, in Debian's Chromium (issue 15 item 8; R48, R114): the
case's supervisor creates the person's login on the case page, writes them a message and
records the ankle tag's instructions given; the person logs in on a phone (390x844) in Finnish,
sees their week, reads the message, acknowledges the instructions and reports a problem with
the device; the supervisor sees the report on the case page and marks it handled, and the
person sees it handled. Screenshots: docs/screenshots/person-page.png, /tmp/person-*.png."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.support.browser import SCREENSHOTS
from tests.support.caseload import register_person
from tests.support.running import Running, running_valvo
from valvo.domain.security import LOCAL_ZONE
from valvo.services.person import page as person_page
from valvo.sim.cases_seed import _sentence
from valvo.sim.staff_seed import DEMO_PASSWORD, seed_staff

pytestmark = pytest.mark.browser
DEVICE = "person-walk-1"
LOGIN, PASSWORD = "aino-oma", "kotona-kello-22-2026"
MESSAGE = "Hei Aino! Tapaamme maanantaina klo 10 toimistolla."
PROBLEM = "Nilkkapanta hiertää ja piippaa yöllä."


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Running]:
    with running_valvo(f"sqlite:///{tmp_path / 'valvo.db'}", tmp_path) as running:
        seed_staff(running.valvo, running.valvo.clock())
        yield running


def serving_case(app: Running) -> str:
    """A person serving a monitoring sentence, their weekly plan in force (as the demo seeds)."""
    who = register_person(app.valvo, DEVICE, exclusion=False, name="Aino Valvottava")
    now = app.valvo.clock()
    with app.valvo.uow() as uow:
        person: Any = SimpleNamespace(device=DEVICE, name="Aino Asiakas")  # names a co-resident
        _sentence(uow, now, now.astimezone(LOCAL_ZONE).date(), person, who.subject_id, "serving")
        (case,) = uow.cases.find("cases", subject_id=who.subject_id)
        uow.commit()
    return str(case["id"])


def supervisor_on_case(browser: Browser, app: Running, case_id: str) -> Page:
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(f"{app.api_url}/cases")
    page.get_by_label("Username").fill("supervisor")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#caseload-view")).to_be_visible()
    page.goto(f"{app.api_url}/cases#case/{case_id}")
    page.reload()
    expect(page.locator("#person-box")).to_be_visible()
    return page


def test_the_person_reads_acknowledges_and_reports_and_the_supervisor_handles_it(
    app: Running, browser: Browser
) -> None:
    case_id = serving_case(app)
    staff = supervisor_on_case(browser, app, case_id)
    box = staff.locator("#person-box")
    expect(box).to_contain_text("The person has no login to their own page yet.")
    login = box.locator("#person-login-form")
    login.get_by_label("Person's login").fill(LOGIN)
    login.get_by_label("Passphrase for the person (at least 12 characters)").fill(PASSWORD)
    login.get_by_role("button", name="Create the login").click()
    expect(box).to_contain_text(f"{LOGIN} — in use")
    expect(box.get_by_role("button", name="Close the login")).to_be_visible()

    given = box.locator("#person-instructions-form")
    given.locator("#person-device").select_option("rf_tag")
    given.locator("#person-language").select_option("fi")
    given.get_by_label("Version of the instruction text").fill("Nilkkapannan ohje 2026/1")
    given.get_by_label("Given by").fill("Valvoja Virtanen")
    given.get_by_role("button", name="Record").click()
    expect(box.locator("#person-instructions")).to_contain_text("RF tag, Finnish")
    expect(box.locator("#person-instructions")).to_contain_text("not yet confirmed by the person")

    box.locator("#person-message-form").get_by_label("Message to the person").fill(MESSAGE)
    box.locator("#person-message-form").get_by_role("button", name="Send").click()
    expect(box.locator("#person-messages")).to_contain_text(MESSAGE)
    expect(box.locator("#person-messages")).to_contain_text("not read yet")
    staff.screenshot(path="/tmp/person-1-supervisor.png", full_page=True)

    # The person, on a phone, in Finnish (the page's own default).
    phone = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
    phone.goto(f"{app.api_url}/me")
    expect(phone.locator("#me-login-title")).to_have_text("Kirjaudu omalle sivullesi")
    phone.get_by_label("Käyttäjätunnus").fill(LOGIN)
    phone.get_by_label("Salasana").fill(PASSWORD)
    phone.get_by_role("button", name="Kirjaudu").click()
    expect(phone.locator("#me-hello")).to_have_text("Hei, Aino")
    week = phone.locator("#me-week")
    expect(week.locator("li")).to_have_count(7)
    expect(week.locator("li.today")).to_contain_text("Tänään")
    expect(week).to_contain_text("Kotona")
    expect(week).to_contain_text("Työ, opiskelu tai toiminta (saat olla poissa)")
    expect(week).to_contain_text("08.00–16.00")  # local time, never an ISO string
    expect(week).to_contain_text("16.00–24.00")  # the day ends at 24.00, not 00.00
    expect(week).to_contain_text("Koko päivän")  # Sunday: at home all day
    expect(phone.locator("body")).not_to_contain_text("T08:00")
    expect(phone.locator("#me-messages")).to_contain_text(MESSAGE)
    instructions = phone.locator("#me-instructions")
    expect(instructions).to_contain_text("Nilkkapanta: ohjeen versio Nilkkapannan ohje 2026/1")
    phone.screenshot(path="/tmp/person-2-phone.png", full_page=True)

    phone.get_by_role("button", name="Olen lukenut viestin").click()
    expect(phone.locator("#me-messages")).to_contain_text("✓ Luettu")
    phone.get_by_role("button", name="Olen saanut ja lukenut ohjeet").click()
    expect(instructions).to_contain_text("✓ Vahvistettu")
    phone.get_by_label("Mitä ongelma koskee?").select_option("device")
    phone.get_by_label("Kerro lyhyesti, mitä tapahtui").fill(PROBLEM)
    phone.get_by_role("button", name="Lähetä ilmoitus").click()
    expect(phone.locator("#me-report-result")).to_have_text("Ilmoituksesi lähti valvojallesi.")
    expect(phone.locator("#me-reports")).to_contain_text("Odottaa valvojaasi")
    # Nothing English on the Finnish page, and nothing of the staff's.
    for english in ("Your week", "Messages", "Report a problem", "At home", "Log out"):
        expect(phone.locator("body")).not_to_contain_text(english)
    phone.evaluate("window.scrollTo(0, 0)")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(SCREENSHOTS / "person-page.png"), full_page=True)

    # The supervisor sees the report in the caseload, the receipts and the report on the
    # case, and handles it.
    staff.goto(f"{app.api_url}/cases")
    staff.reload()
    row = staff.locator("#caseload-rows tr", has_text="Aino Valvottava")
    expect(row).to_contain_text("1 problem(s) reported by the person")
    row.click()
    expect(box.locator("#person-messages")).to_contain_text("read ")
    expect(box.locator("#person-instructions")).to_contain_text("the person confirmed")
    reports = box.locator("#person-reports")
    expect(reports).to_contain_text(PROBLEM)
    expect(reports).to_contain_text("waiting")
    reports.get_by_label("Note to the person (optional)").fill("Uusi panta torstaina.")
    reports.get_by_role("button", name="Mark handled").click()
    expect(reports).to_contain_text("handled")
    expect(reports.get_by_role("button", name="Mark handled")).to_have_count(0)
    staff.screenshot(path="/tmp/person-3-supervisor-handled.png", full_page=True)

    phone.reload()
    expect(phone.locator("#me-reports")).to_contain_text("Uusi panta torstaina.")
    expect(phone.locator("#me-reports")).to_contain_text("✓ Käsitelty")


def test_the_person_logging_in_at_the_console_lands_on_their_own_page(
    app: Running, browser: Browser
) -> None:
    case_id = serving_case(app)
    with app.valvo.uow() as uow:
        person_page.create_login(
            uow,
            app.valvo.hasher,
            "supervisor",
            app.valvo.clock(),
            case_id=case_id,
            username=LOGIN,
            password=PASSWORD,
        )
        uow.commit()
    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
    page.goto(f"{app.api_url}/")
    page.get_by_label("Username").fill(LOGIN)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{app.api_url}/me")
    expect(page.locator("#me-hello")).to_have_text("Hei, Aino")
    # A staff route is not theirs: the cases page sends them back to their own page.
    page.goto(f"{app.api_url}/cases")
    page.wait_for_url(f"{app.api_url}/me")
    expect(page.locator("#me-week")).to_be_visible()
