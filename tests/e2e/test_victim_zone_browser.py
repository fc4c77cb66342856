"""A victim protected, in Debian's Chromium (issue 22's walk; R139, R140): the case's
supervisor adds a victim with a protection zone and a warning buffer on the case page and
records the restraining order; the monitored person's tracker reports a fix inside the buffer
over OsmAnd; the alarm desk shows the victim-zone alarm with the zone on its map and the
restraining order on its card, without the victim's name; and the victim's contact gets the
e-mail (the outbox row delivered). Screenshots: /tmp/victims-*.png."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from tests.support.alarm_desk import ALWAYS_OUT
from tests.support.caseload import register_person
from tests.support.factories import HOME, offset
from tests.support.receivers import SmtpServer, smtp_server
from tests.support.running import Running, running_valvo
from valvo.adapters.db.tables_alarm_desk import alarm_outbox
from valvo.domain.security import LOCAL_ZONE
from valvo.services import registry
from valvo.sim.cases_seed import _sentence, _travel_ban
from valvo.sim.fleet import osmand_query
from valvo.sim.staff_seed import DEMO_PASSWORD, seed_staff

pytestmark = pytest.mark.browser
DEVICE = "victim-walk-1"
VICTIM_HOME = offset(HOME, 3000, 0)  # (lon, lat), 3 km east of the person's home
NEAR = offset(HOME, 3000 - 450, 0)  # 450 m from it: outside the 200 m zone, in the buffer
VICTIM = "Vilma Uhri"
CONTACT = "tuki@example.fi"


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    with smtp_server() as server:
        yield server


@pytest.fixture
def app(tmp_path: Path, smtp: SmtpServer) -> Iterator[Running]:
    url = f"sqlite:///{tmp_path / 'valvo.db'}"
    with running_valvo(url, tmp_path, smtp_host=smtp.host, smtp_port=smtp.port) as running:
        seed_staff(running.valvo, running.valvo.clock())
        yield running


def serving_case(app: Running) -> tuple[str, str]:
    """A person serving a monitoring sentence with a GPS tracker (as the demo seeds one)."""
    who = register_person(app.valvo, DEVICE, weekly=ALWAYS_OUT, exclusion=False, name="Pekka P")
    now = app.valvo.clock()
    with app.valvo.uow() as uow:
        person: Any = SimpleNamespace(device=DEVICE, name="Pekka P")  # names a co-resident
        _sentence(uow, now, now.astimezone(LOCAL_ZONE).date(), person, who.subject_id, "serving")
        (case,) = uow.cases.find("cases", subject_id=who.subject_id)
        uow.commit()
    return str(case["id"]), who.subject_id


def log_in(browser: Browser, app: Running, path: str, username: str) -> Page:
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(f"{app.api_url}{path}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    return page


def test_r139_r140_a_supervisor_protects_a_victim_and_the_desk_and_the_contact_are_told(
    app: Running, browser: Browser, smtp: SmtpServer
) -> None:
    case_id, _ = serving_case(app)
    page = log_in(browser, app, "/cases", "supervisor")
    expect(page.locator("#caseload-view")).to_be_visible()
    page.goto(f"{app.api_url}/cases#case/{case_id}")
    page.reload()
    box = page.locator("#victims-box")
    expect(box).to_be_visible()
    expect(box.locator("#victim-list")).to_contain_text("No victim recorded")

    form = page.locator("#victim-form")
    form.get_by_label("Victim's name").fill(VICTIM)
    form.get_by_label("Contact person (optional)").fill("Tuula Tukihenkilö")
    form.get_by_label("E-mail for notifications").fill(CONTACT)
    form.get_by_label("The victim wants to be notified").check()
    form.get_by_label("Latitude").fill(f"{VICTIM_HOME[1]:.6f}")
    form.get_by_label("Longitude").fill(f"{VICTIM_HOME[0]:.6f}")
    form.get_by_label("Protection zone radius (m)").fill("200")
    form.get_by_label("Warning buffer around it (m)").fill("500")
    page.screenshot(path="/tmp/victims-1-form.png", full_page=True)
    form.get_by_role("button", name="Save the victim").click()
    expect(page.locator("#v-result")).to_contain_text("Saved")
    expect(box.locator("#victim-list")).to_contain_text(VICTIM)
    expect(box.locator("#victim-list")).to_contain_text("warning buffer 500 m")

    order = page.locator("#restraining-form")
    today = datetime.now(LOCAL_ZONE).date().isoformat()
    order.get_by_label("Court").fill("Helsingin käräjäoikeus")
    order.get_by_label("Decided on").fill(today)
    order.get_by_label("In force from").fill(today)
    order.get_by_label("Victim").select_option(label=VICTIM)
    order.get_by_label("Terms").fill("No contact; keep away from her home.")
    order.get_by_role("button", name="Save the restraining order").click()
    expect(box.locator("#restraining-list")).to_contain_text("Helsingin käräjäoikeus")
    expect(page.locator("#ro-result")).to_have_text("Saved.")
    page.wait_for_timeout(600)  # the map's zoom to the recorded zone
    page.screenshot(path="/tmp/victims-2-case.png", full_page=True)
    page.locator("#lang").select_option("fi")
    expect(page.locator("#victims-title")).to_have_text("Uhrit ja suojavyöhykkeet")
    expect(box.locator("#victim-list")).to_contain_text("varoitusalue 500 m")
    expect(page.locator("#restraining-form-title")).to_have_text("Kirjaa lähestymiskielto")
    page.screenshot(path="/tmp/victims-2-case-fi.png", full_page=True)

    # The person walks into the warning buffer (two fixes, as a tracker reports).
    for lon_lat in (HOME, NEAR):
        query = osmand_query(DEVICE, *lon_lat, 6.0, datetime.now(UTC))
        assert httpx.get(app.gateway_url + query).status_code == 200

    desk = log_in(browser, app, "/", "operator")
    alarm = desk.locator(".alarm", has_text="warning buffer of a victim protection zone")
    expect(alarm).to_be_visible(timeout=10_000)
    alarm.click()
    expect(desk.locator("#detail-title")).to_contain_text("warning buffer")
    expect(desk.locator("#detail-facts")).to_contain_text("Restraining order")
    expect(desk.locator("#detail-facts")).to_contain_text("Helsingin käräjäoikeus")
    expect(desk.locator(".zone-label", has_text="Victim protection zone")).to_be_visible()
    expect(desk.locator("#detail")).not_to_contain_text(VICTIM)
    expect(desk.locator("#detail")).not_to_contain_text(CONTACT)
    desk.wait_for_timeout(800)  # the map's zoom to the zone
    desk.screenshot(path="/tmp/victims-3-desk.png", full_page=True)

    # The person's page shows the restraining order too.
    desk.locator("#detail-subject").click()
    expect(desk.locator("#subject-restraining")).to_contain_text("Helsingin käräjäoikeus")
    expect(desk.locator("#subject-restraining")).to_contain_text("No contact")
    desk.screenshot(path="/tmp/victims-4-person.png", full_page=True)

    # The contact is told once, by e-mail, from the outbox.
    deadline = time.monotonic() + 30
    while not smtp.mailbox.messages and time.monotonic() < deadline:
        time.sleep(0.5)
    (recipients, message), *others = smtp.mailbox.messages
    assert recipients == [CONTACT]
    assert "protection zone" in str(message["Subject"])
    body = message.get_content()
    assert "come near your protection zone" in body
    assert VICTIM not in body
    assert "Pekka" not in body
    with app.valvo.db.connect() as conn:
        rows = conn.execute(select(alarm_outbox).where(alarm_outbox.c.route == "victim")).all()
    assert len(rows) == 1
    assert rows[0].delivered_at is not None
    assert not [m for m in others if CONTACT in m[0]]

    # The supervisor ends the protection: the zones are no longer enforced from now.
    page.locator("#lang").select_option("en")
    box.get_by_role("button", name="End the protection now").click()
    expect(box.locator("#victim-list")).to_contain_text("no longer in force")


def test_r34_a_supervisor_sets_a_home_units_range_on_the_persons_page(
    app: Running, browser: Browser
) -> None:
    who = register_person(app.valvo, "range-walk-1", weekly=ALWAYS_OUT, exclusion=False)
    now = app.valvo.clock()
    with app.valvo.uow() as uow:
        unit = registry.register_device(
            uow, "test", now, identifier="HU-RANGE-1", protocol="valvo", kind="rf_home_unit"
        )
        registry.assign_device(uow, "test", now, device_id=unit["id"], subject_id=who.subject_id)
        uow.commit()
    page = log_in(browser, app, "/", "supervisor")
    expect(page.locator("#nav")).to_be_visible()
    page.goto(f"{app.api_url}/#subject/{who.subject_id}")
    row = page.locator("#subject-devices li", has_text="HU-RANGE-1")
    expect(row).to_contain_text("range")
    row.get_by_label("range").fill("5000")
    row.get_by_role("button", name="Set the range").click()
    expect(row).to_contain_text("20 to 1000 metres")  # refused, in words
    row.get_by_label("range").fill("150")
    row.get_by_role("button", name="Set the range").click()
    expect(row).to_contain_text("Saved; the engine uses it.")
    page.screenshot(path="/tmp/victims-5-range.png", full_page=True)
    with app.valvo.uow() as uow:
        stored = uow.registry.get("devices", unit["id"])
    assert stored is not None
    assert stored["rf_range_m"] == 150


def test_pkl_2_1_the_police_protect_the_injured_party_of_their_travel_ban(
    app: Running, browser: Browser
) -> None:
    """The police decide and enforce a travel ban that keeps the suspect from the injured
    party: on the ban's case page they record the victim's zone and the restraining order
    (victims:read/work, travel bans only); the page speaks Finnish too."""
    who = register_person(
        app.valvo, "ban-reg-1", weekly=ALWAYS_OUT, exclusion=False, name="Kalle K"
    )
    now = app.valvo.clock()
    with app.valvo.uow() as uow:
        suspect: Any = SimpleNamespace(home=HOME, device="ban-walk-1")
        _travel_ban(uow, now, suspect, who.subject_id)
        (case,) = uow.cases.find("cases", subject_id=who.subject_id, type="travel_ban")
        uow.commit()
    page = log_in(browser, app, "/cases", "police")
    expect(page.locator("#caseload-view")).to_be_visible()
    page.goto(f"{app.api_url}/cases#case/{case['id']}")
    page.reload()
    box = page.locator("#victims-box")
    expect(box).to_be_visible()
    expect(box.locator("#victim-list")).to_contain_text("No victim recorded")
    form = page.locator("#victim-form")
    form.get_by_label("Victim's name").fill(VICTIM)
    form.get_by_label("Latitude").fill(f"{VICTIM_HOME[1]:.6f}")
    form.get_by_label("Longitude").fill(f"{VICTIM_HOME[0]:.6f}")
    form.get_by_label("Protection zone radius (m)").fill("200")
    form.get_by_label("Warning buffer around it (m)").fill("500")
    form.get_by_role("button", name="Save the victim").click()
    expect(page.locator("#v-result")).to_contain_text("Saved")
    expect(box.locator("#victim-list")).to_contain_text(VICTIM)
    order = page.locator("#restraining-form")
    today = datetime.now(LOCAL_ZONE).date().isoformat()
    order.get_by_label("Court").fill("Helsingin käräjäoikeus")
    order.get_by_label("Decided on").fill(today)
    order.get_by_label("In force from").fill(today)
    order.get_by_label("Victim").select_option(label=VICTIM)
    order.get_by_label("Terms").fill("Not to approach the injured party.")
    order.get_by_role("button", name="Save the restraining order").click()
    expect(page.locator("#ro-result")).to_have_text("Saved.")
    page.wait_for_timeout(600)
    page.screenshot(path="/tmp/victims2-police-ban.png", full_page=True)
    page.locator("#lang").select_option("fi")
    expect(page.locator("#victims-title")).to_have_text("Uhrit ja suojavyöhykkeet")
    page.screenshot(path="/tmp/victims2-police-ban-fi.png", full_page=True)
