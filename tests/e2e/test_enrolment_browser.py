"""Enrolment in Debian's Chromium at 1366x768, English and Finnish (issue 20 item 6): a person
created and edited, an order added and ended, the weekly plan, zones drawn on the map (a centre
and radius, a clicked polygon) and imported from GeoJSON, devices registered and assigned, a
home unit's key commissioned and shown once, a device swapped for a spare and one taken off,
bad input answered in words; and the alarm desk filtered by the period alarms were raised in."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from playwright.sync_api import Browser, Dialog, Page, expect

from tests.e2e.test_operator_board_browser import ISO, english_left, open_console
from tests.support.alarm_desk import commit_events, left_home
from tests.support.browser import users_now
from tests.support.caseload import register_person
from tests.support.running import Running
from valvo.services import registry

ANSWERS: list[str] = []  # what the next prompts are answered (else a reason)


def answer(dialog: Dialog) -> None:
    if dialog.type != "prompt":
        dialog.accept()
        return
    dialog.accept(ANSWERS.pop(0) if ANSWERS else "returned to stock")


def status(page: Page) -> object:
    return expect(page.locator("#enrol-status"))


def test_enrolment_in_the_browser(app: Running, browser: Browser, tmp_path: Path) -> None:
    register_person(app.valvo, "TRK-0001", name="Someone Else")  # a region to choose from
    page = open_console(browser, app, "en")
    page.on("dialog", answer)
    page.locator("#nav a[data-view=enrol]").click()
    expect(page.locator("#enrol-view")).to_be_visible()
    # A bad personal identity code: refused in words, nothing created.
    page.locator("#enrol-name").fill("Eino Esimerkki")
    page.locator("#enrol-code").fill("131052-308X")
    page.locator("#enrol-person-save").click()
    expect(page.locator("#enrol-status")).to_have_class(re.compile("error"))
    expect(page.locator("#enrol-status")).to_contain_text("check")
    page.locator("#enrol-code").fill("131052-308T")
    page.locator("#enrol-case").fill("VV-2026-0500")
    page.locator("#enrol-person-save").click()
    expect(page.locator("#enrol-status")).to_have_text("Person saved.")
    expect(page.locator("#enrol-subject option:checked")).to_contain_text("Eino Esimerkki")
    expect(page.locator("#enrol-birth")).to_have_value("1952-10-13")
    # An order.
    ends = (users_now() + timedelta(days=60)).strftime("%Y-%m-%dT%H:%M")
    page.locator("#enrol-order-end").fill(ends)
    page.locator("#enrol-order-form button[type=submit]").click()
    expect(page.locator("#enrol-status")).to_have_text("Order added.")
    expect(page.locator("#enrol-orders li")).to_contain_text("Monitoring sentence")
    expect(page.locator("#enrol-orders li")).to_contain_text("in force")
    # The weekly plan: two windows away from home.
    page.locator("#enrol-add-window").click()
    page.locator("#enrol-add-window").click()
    second = page.locator("#enrol-weekly .window").nth(1)
    second.locator(".w-day").select_option("2")
    second.locator(".w-start").fill("17:00")
    second.locator(".w-end").fill("19:30")
    second.locator(".w-purpose").select_option("rehabilitation")
    page.locator("#enrol-plan-reason").fill("first plan")
    page.locator("#enrol-plan-save").click()
    expect(page.locator("#enrol-status")).to_have_text("Plan saved (version 1)")
    # Zones: home as a centre and radius, a forbidden street as a clicked polygon.
    enrol_map = page.locator("#enrol-map")
    page.locator("#enrol-zone-name").fill("Home")
    page.locator("#enrol-zone-home").check()
    page.locator("#enrol-draw-circle").click()
    enrol_map.click(position={"x": 300, "y": 300})
    page.locator("#enrol-zone-save").click()
    expect(page.locator("#enrol-status")).to_have_text("Zone saved.")
    page.locator("#enrol-zone-home").uncheck()
    page.locator("#enrol-zone-name").fill("Victim's street")
    page.locator("#enrol-zone-kind").select_option("exclusion")
    page.locator("#enrol-draw-polygon").click()
    expect(page.locator("#enrol-zone-save")).to_be_disabled()
    for x, y in ((500, 200), (620, 200), (620, 320), (500, 320)):
        enrol_map.click(position={"x": x, "y": y})
    expect(page.locator("#enrol-draw-hint")).to_contain_text("4 points")
    page.locator("#enrol-zone-save").click()
    expect(page.locator("#enrol-status")).to_have_text("Zone saved.")
    park = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"name": "Park", "kind": "exclusion"},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [
                        [
                            [24.90, 60.20],
                            [24.91, 60.20],
                            [24.91, 60.21],
                            [24.90, 60.21],
                            [24.90, 60.20],
                        ]
                    ],
                },
            }
        ],
    }
    geo = tmp_path / "park.geojson"
    geo.write_text(json.dumps(park))
    page.locator("#enrol-geojson").set_input_files(str(geo))
    expect(page.locator("#enrol-status")).to_have_text("Zones imported: 1")
    zones = page.locator("#enrol-zones li")
    expect(zones).to_have_count(3)
    expect(zones.nth(0)).to_contain_text("Home · Allowed zone · home")
    expect(zones.nth(1)).to_contain_text("Victim's street · Forbidden zone")
    expect(zones.nth(2)).to_contain_text("Park · Forbidden zone")
    # A zone renamed, and redrawn from a new drawing.
    ANSWERS.append("Park and playground")
    zones.nth(2).get_by_role("button", name="Rename").click()
    expect(zones.nth(2)).to_contain_text("Park and playground · Forbidden zone")
    zones.nth(2).get_by_role("button", name="Replace with the drawing").click()
    expect(page.locator("#enrol-status")).to_have_text("Draw the new shape on the map first.")
    page.locator("#enrol-draw-circle").click()
    enrol_map.click(position={"x": 700, "y": 500})
    zones.nth(2).get_by_role("button", name="Replace with the drawing").click()
    expect(page.locator("#enrol-status")).to_have_text("Zone saved.")
    bad = tmp_path / "bad.geojson"
    bad.write_text("not json")
    page.locator("#enrol-geojson").set_input_files(str(bad))
    expect(page.locator("#enrol-status")).to_have_text("The file is not GeoJSON.")
    # Devices: a home unit (its key commissioned here) and a tracker.
    page.locator("#enrol-device-id").fill("HU-500")
    page.locator("#enrol-device-kind").select_option("rf_home_unit")
    page.locator("#enrol-device-protocol").select_option("valvo")
    page.locator("#enrol-device-form button[type=submit]").click()
    expect(page.locator("#enrol-status")).to_have_text("Device assigned.")
    page.locator("#enrol-device-id").fill("TRK-500")
    page.locator("#enrol-device-form button[type=submit]").click()
    expect(page.locator("#enrol-devices li")).to_have_count(2)
    unit = page.locator("#enrol-devices li").filter(has=page.locator("strong", has_text="HU-500"))
    ANSWERS.append("Valvo HU-2")
    unit.get_by_role("button", name="Model").click()
    expect(page.locator("#enrol-status")).to_have_text("Device saved.")
    expect(unit).to_contain_text("Valvo HU-2")
    unit.get_by_role("button", name="Issue device key").click()
    expect(page.locator("#enrol-key")).to_be_visible()
    assert re.fullmatch(r"[0-9a-f]{64}", page.locator("#enrol-key-value").inner_text())
    page.screenshot(path="/tmp/console-enrol-key.png")
    page.locator("#enrol-key-done").click()
    expect(page.locator("#enrol-key")).to_be_hidden()
    assert page.locator("#enrol-key-value").inner_text() == ""
    # A spare in stock: the tracker swapped for it, the home unit taken off.
    subject_id = page.locator("#enrol-subject").input_value()
    with app.valvo.uow() as uow:
        registry.register_device(
            uow, "stock", app.valvo.clock(), identifier="SPARE-9", protocol="osmand",
            kind="gps_tracker", region="Etelä-Suomi",
        )  # fmt: skip
        uow.commit()
    page.goto(f"{app.api_url}#board")
    page.goto(f"{app.api_url}#enrol/{subject_id}")
    tracker = page.locator("#enrol-devices li").filter(
        has=page.locator("strong", has_text="TRK-500")
    )
    tracker.locator("select").select_option(label="SPARE-9 · Tracker")
    tracker.get_by_role("button", name="Swap").click()
    expect(page.locator("#enrol-status")).to_have_text("Device swapped.")
    assigned = page.locator("#enrol-devices li > strong")
    expect(assigned).to_have_text(["HU-500", "SPARE-9"])
    unit = page.locator("#enrol-devices li").filter(has=page.locator("strong", has_text="HU-500"))
    unit.get_by_role("button", name="Take off").click()
    expect(page.locator("#enrol-status")).to_have_text("Device taken off.")
    expect(assigned).to_have_text(["SPARE-9"])
    # The person's page leads back here.
    page.goto(f"{app.api_url}#subject/{subject_id}")
    page.locator("#subject-enrol").click()
    expect(page.locator("#enrol-view")).to_be_visible()
    expect(page.locator("#enrol-name")).to_have_value("Eino Esimerkki")
    # Edit the person, then end the order.
    page.locator("#enrol-name").fill("Eino Esimerkki-Virta")
    page.locator("#enrol-person-save").click()
    expect(page.locator("#enrol-status")).to_have_text("Person saved.")
    page.wait_for_timeout(300)
    page.screenshot(path="/tmp/console-enrol-en.png")
    page.get_by_role("button", name="End order").click()
    expect(page.locator("#enrol-status")).to_have_text("Order ended.")
    expect(page.locator("#enrol-orders li")).to_contain_text("ended")
    assert not ISO.search(page.locator("#enrol-view").inner_text())


def test_enrolment_in_finnish_and_the_alarms_of_a_period(app: Running, browser: Browser) -> None:
    person = register_person(app.valvo, "TRK-0002", name="Kaisa Kivi")
    now = datetime.now(UTC)
    commit_events(app.valvo, [left_home(person, now - timedelta(minutes=5))], now)
    page = open_console(browser, app, "fi")
    page.goto(f"{app.api_url}#enrol/{person.subject_id}")
    expect(page.locator("#enrol-name")).to_have_value("Kaisa Kivi")
    expect(page.locator("#enrol-zones li")).to_have_count(2)
    text = page.locator("#enrol-forms, .enrol-forms").first.inner_text()
    for english in ("Person", "Orders", "Weekly plan", "Zones", "Devices", "Save", "Draw"):
        assert english not in text, english
    assert english_left(page) == []  # no phrase of the English dictionary shown
    page.wait_for_timeout(300)
    page.screenshot(path="/tmp/console-enrol-fi.png")
    # The desk: the alarm list of a chosen period.
    page.goto(f"{app.api_url}#desk")
    cards = page.locator("#alarm-list .alarm")
    expect(cards).to_have_count(1, timeout=10_000)
    local = users_now()
    yesterday = (local - timedelta(days=1)).strftime("%Y-%m-%d")
    page.locator("#period-from").fill(yesterday)
    page.locator("#period-to").fill(yesterday)
    expect(cards).to_have_count(0)
    page.locator("#period-to").fill(local.strftime("%Y-%m-%d"))
    expect(cards).to_have_count(1)
    page.screenshot(path="/tmp/console-period-fi.png")
