"""The operator's console at 1366x768 in Debian's Chromium, in English and Finnish: the caseload
board (search by each key, people of the same name told apart, filters, a row and a map marker
opening the person), why an alarm fired on its map (numbered fixes, the track, the named zone,
a legend, only this person), and the night shift (ten alarm cards on screen, the sound
repeating until acknowledged and muted per user, the dark theme, local times, all Finnish).
Screenshots for the README: docs/screenshots/board.png and alarm-map.png."""

from __future__ import annotations

import os
import re
import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import update

from tests.support.alarm_desk import ALWAYS_OUT, commit_events, left_home
from tests.support.caseload import Registered, register_person
from tests.support.factories import HOME, offset
from tests.support.running import Running
from valvo.adapters.db import tables as t
from valvo.adapters.db.tables_gateway import device_frame_heads
from valvo.domain.identity_code import make
from valvo.sim.fleet import osmand_query

pytestmark = pytest.mark.browser
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--autoplay-policy=no-user-gesture-required",
]
BORN_A, BORN_B = date(1980, 1, 31), date(1992, 7, 4)
CODE_A = make(BORN_A, 123)
ISO = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
REQUIREMENT_ID = re.compile(r"\b[RS]\d{1,3}\b")


def send(
    app: Running, device: str, lon_lat: tuple[float, float], at: datetime, **extra: Any
) -> None:
    query = osmand_query(device, *lon_lat, 6.0, at)
    query += "".join(f"&{k}={v}" for k, v in extra.items())
    assert httpx.get(app.gateway_url + query).status_code == 200


def caseload(app: Running) -> dict[str, Registered]:
    valvo = app.valvo
    people = {
        "matti_a": register_person(
            valvo,
            "TRK-1001",
            name="Matti Virtanen",
            identity_code=CODE_A,
            case_number="VV-2026-0001",
        ),
        "matti_b": register_person(
            valvo,
            "TRK-1002",
            weekly=ALWAYS_OUT,
            name="Matti Virtanen",
            birth_date=BORN_B,
            case_number="VV-2026-0002",
        ),
        "liisa": register_person(
            valvo, "TRK-2001", weekly=ALWAYS_OUT, name="Liisa Äijälä", case_number="VV-2026-0003"
        ),
        "pekka": register_person(valvo, "TRK-3001", name="Pekka Korhonen"),
    }
    now = datetime.now(UTC)
    send(app, "TRK-1002", HOME, now - timedelta(minutes=2), batt=88)
    send(app, "TRK-2001", offset(HOME, -600, 300), now - timedelta(minutes=1), batt=11)
    return people


def walk_into_the_zone(app: Running, device: str) -> None:
    """Fixes leading from home to the protected address, one inside, and two walking away."""
    start = datetime.now(UTC) - timedelta(minutes=3)
    steps = [0, 250, 500, 750, 1000, 1300, 1600]
    for k, east in enumerate(steps):
        send(app, device, offset(HOME, east, 20 * k), start + timedelta(seconds=20 * k), batt=64)


def open_console(browser: Browser, app: Running, lang: str) -> Page:
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(app.api_url)
    page.evaluate(f"localStorage.setItem('valvo.lang', '{lang}')")
    page.reload()
    page.locator("#username").fill("admin")
    page.locator("#password").fill("valvo-demo")
    page.locator("#login-form button[type=submit]").click()
    expect(page.locator("#feed-status")).to_have_class(re.compile("live"), timeout=10_000)
    return page


def rows(page: Page) -> Any:
    return page.locator("#board-rows tr")


def search(page: Page, text: str, expected: int) -> None:
    page.locator("#board-q").fill(text)
    expect(rows(page)).to_have_count(expected, timeout=5_000)


def test_the_board_finds_anyone_and_opens_them(app: Running, browser: Browser) -> None:
    people = caseload(app)
    walk_into_the_zone(app, "TRK-1001")
    page = open_console(browser, app, "en")
    page.locator("#nav a[data-view=board]").click()
    expect(rows(page)).to_have_count(4)
    expect(page.locator("#board-total")).to_have_text("4 people")
    first = rows(page).first  # the person in breach comes first
    expect(first).to_contain_text("Matti Virtanen")
    expect(first).to_contain_text("In breach")
    expect(first).to_contain_text("outside the allowed area")
    expect(first).to_contain_text("same name ×2")
    # Told apart: the birth date as the locale writes it, and the case number.
    expect(first).to_contain_text("born 31/01/1980")
    expect(first).to_contain_text("VV-2026-0001")
    liisa = rows(page).filter(has_text="Liisa Äijälä")
    expect(liisa).to_contain_text("battery 11 %")
    expect(liisa).to_contain_text("connected")
    expect(rows(page).filter(has_text="Pekka Korhonen")).to_contain_text("never heard")
    page.wait_for_timeout(600)  # the markers and tiles
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "board.png"))
    search(page, "virtanen", 2)
    born = page.locator("#board-rows .who .muted").all_inner_texts()
    assert len(set(born)) == 2
    search(page, CODE_A.lower(), 1)
    expect(rows(page).first).to_contain_text(CODE_A[:7] + "****")
    search(page, "TRK-2001", 1)
    expect(rows(page).first).to_contain_text("Liisa Äijälä")
    search(page, "VV-2026-0002", 1)
    expect(rows(page).first).to_contain_text("born 04/07/1992")
    search(page, "nobody at all", 0)
    expect(page.locator("#board-empty")).to_be_visible()
    search(page, "", 4)
    page.locator("#board-filter").select_option("in_breach")
    expect(rows(page)).to_have_count(1)
    page.locator("#board-filter").select_option("low_battery")
    expect(rows(page)).to_have_count(1)
    expect(rows(page).first).to_contain_text("Liisa Äijälä")
    page.locator("#board-filter").select_option("")
    page.locator("#board-sort").select_option("name")
    expect(rows(page).first).to_contain_text("Liisa Äijälä")
    # A row opens the person.
    rows(page).filter(has_text="Pekka Korhonen").locator("td").nth(1).click()
    expect(page.locator("#subject-title")).to_have_text("Pekka Korhonen")
    # A marker on the board's map opens the person too.
    page.go_back()
    expect(page.locator("#board-view")).to_be_visible()
    marker = page.locator(f"#board-map path[data-subject='{people['liisa'].subject_id}']")
    expect(marker).to_have_count(1, timeout=5_000)
    marker.dispatch_event("click")
    expect(page.locator("#subject-title")).to_have_text("Liisa Äijälä")
    expect(page.locator("#subject-region")).to_contain_text("VV-2026-0003")


def test_why_an_alarm_fired_shows_its_fixes_on_the_map(app: Running, browser: Browser) -> None:
    people = caseload(app)
    walk_into_the_zone(app, "TRK-1001")
    page = open_console(browser, app, "en")
    alarm = page.locator(".alarm", has_text="Entered an exclusion zone")
    expect(alarm).to_be_visible(timeout=5_000)
    alarm.click()
    fixes = page.locator("#why-fixes li")
    expect(fixes.first).to_be_visible(timeout=5_000)
    assert not ISO.search(fixes.first.inner_text())
    expect(page.locator(".fix-number").first).to_have_text("1")
    expect(page.locator(".zone-label", has_text="Protected address")).to_be_visible()
    legend = page.locator(".map-legend")
    expect(legend).to_contain_text("Fix the rule used (numbered)")
    expect(legend).to_contain_text("Track before")
    expect(page.locator("#detail-subject")).to_contain_text("born 31/01/1980")
    # Only this person by default: the others' markers are off the map until asked for.
    other = people["liisa"].subject_id
    expect(page.locator(f"#map path[data-subject='{other}']")).to_have_count(0)
    page.locator("#show-everyone").check()
    expect(page.locator(f"#map path[data-subject='{other}']")).to_have_count(1, timeout=7_000)
    page.locator("#show-everyone").uncheck()
    page.wait_for_timeout(400)
    page.screenshot(path=str(SCREENSHOTS / "alarm-map.png"))
    assert not ISO.search(page.locator("#detail").inner_text())


def test_the_night_shift(app: Running, browser: Browser) -> None:
    crowd = [register_person(app.valvo, f"N-{k:02d}", exclusion=False) for k in range(12)]
    now = app.valvo.clock()
    commit_events(
        app.valvo, [left_home(p, now - timedelta(minutes=k)) for k, p in enumerate(crowd)], now
    )
    page = open_console(browser, app, "en")
    cards = page.locator("#alarm-list .alarm")
    expect(cards).to_have_count(12)
    fully_visible = page.evaluate(
        """() => [...document.querySelectorAll('#alarm-list .alarm')].filter((c) => {
             const r = c.getBoundingClientRect();
             return r.top >= 0 && r.bottom <= window.innerHeight; }).length"""
    )
    assert fully_visible >= 10, fully_visible
    # The sound repeats while alarms wait for someone, until muted (and stays muted).
    page.wait_for_function("() => window.Valvo.sound.beeps >= 2", timeout=12_000)
    assert page.evaluate("window.Valvo.sound.ringing")
    page.locator("#sound-toggle").click()
    expect(page.locator("#sound-toggle")).to_have_text("Sound off")
    muted_at = page.evaluate("window.Valvo.sound.beeps")
    page.wait_for_timeout(4_500)
    assert page.evaluate("window.Valvo.sound.beeps") == muted_at
    page.locator("#theme-toggle").click()
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    page.reload()
    expect(page.locator("#sound-toggle")).to_have_text("Sound off", timeout=10_000)
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    expect(cards).to_have_count(12)
    page.wait_for_timeout(300)
    page.screenshot(path=str(SCREENSHOTS / "night-shift.png"))
    # Unmuted, it rings until every one is acknowledged, then stops.
    page.locator("#sound-toggle").click()
    acks = page.locator("#alarm-list .alarm .ack:visible")
    for remaining in range(12, 0, -1):  # the queue re-sorts after each: take the first each time
        expect(acks).to_have_count(remaining)
        acks.first.click()
    expect(acks).to_have_count(0)
    page.wait_for_timeout(4_500)
    assert not page.evaluate("window.Valvo.sound.ringing")
    assert not ISO.search(page.locator("#alarm-list").inner_text())


def english_left(page: Page) -> list[str]:
    """The English phrases of the dictionary (those Finnish says otherwise) visible on the page."""
    found: list[str] = page.evaluate(
        """() => {
          const en = window.VALVO_TEXT.en, fi = window.VALVO_TEXT.fi;
          const text = document.body.innerText;
          const words = Object.keys(en).filter((k) => typeof en[k] === 'string'
            && en[k] !== fi[k] && /[A-Za-z]{3}/.test(en[k])).map((k) => en[k]);
          const esc = (s) => s.replace(/[.*+?^${}()|[\\]\\\\]/g, '\\\\$&');
          const edge = '[^A-Za-zÄÖäö]';
          const found = (w) => new RegExp(`(^|${edge})${esc(w)}($|${edge})`).test(text);
          return words.filter(found);
        }"""
    )
    return found


def test_the_console_is_all_finnish(app: Running, browser: Browser) -> None:
    people = caseload(app)
    walk_into_the_zone(app, "TRK-1001")
    page = open_console(browser, app, "fi")
    alarm = page.locator(".alarm", has_text="Kieltoalueelle")
    expect(alarm.first).to_be_visible(timeout=5_000)
    alarm.first.click()
    expect(page.locator("#why-fixes li").first).to_be_visible(timeout=5_000)
    expect(page.locator(".map-legend")).to_contain_text("Selite")
    views = {"desk": page.locator("body").inner_text()}
    page.locator("#nav a[data-view=board]").click()
    expect(rows(page)).to_have_count(4)
    expect(page.locator("#board-total")).to_have_text("4 henkilöä")
    expect(rows(page).first).to_contain_text("syntynyt 31.1.1980")
    views["board"] = page.locator("body").inner_text()
    if shots := os.environ.get("VALVO_SHOTS"):  # for a look while developing
        page.screenshot(path=f"{shots}/board-fi.png")
    assert english_left(page) == []
    page.goto(f"{app.api_url}#subject/{people['matti_b'].subject_id}")
    expect(page.locator("#subject-title")).to_have_text("Matti Virtanen")
    views["subject"] = page.locator("body").inner_text()
    assert english_left(page) == []
    page.goto(f"{app.api_url}#desk")
    page.locator("#help-button").click()
    views["help"] = page.locator("#help").inner_text()
    assert english_left(page) == []
    for name, text in views.items():
        assert not ISO.search(text), (name, ISO.search(text))
        assert not REQUIREMENT_ID.search(text), (name, REQUIREMENT_ID.search(text))
    page.locator("#help button").click()
    assert english_left(page) == []


def test_the_pipeline_health_on_the_desk(app: Running, browser: Browser) -> None:
    caseload(app)  # two trackers heard through the OsmAnd listener, two never heard
    page = open_console(browser, app, "en")
    strip = page.locator("#pipeline-health")
    expect(strip).to_be_visible(timeout=10_000)
    expect(strip).not_to_have_class(re.compile("behind"))
    expect(page.locator("#pipeline-summary")).to_contain_text(
        re.compile(r"last frame \d+ (s|min) ago")
    )
    expect(page.locator("#pipeline-summary")).to_contain_text("silent 0/4")
    strip.locator("summary").click()
    facts = page.locator("#pipeline-facts")
    expect(facts).to_contain_text("OsmAnd:")
    expect(facts).to_contain_text("Tracker: 0 / 4")
    expect(page.locator("#pipeline-alarm")).to_be_hidden()
    # Nothing heard for an hour although the devices are assigned: red, with a pinned alarm.
    hour_ago = datetime.now(UTC) - timedelta(hours=1)
    with app.valvo.db.begin() as conn:
        conn.execute(update(device_frame_heads).values(last_seen=hour_ago))
        conn.execute(update(t.device_assignments).values(assigned_at=hour_ago))
    page.evaluate("window.Valvo.pipelineHealth.load()")
    banner = page.locator("#pipeline-alarm")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("Data is falling behind")
    expect(banner).to_contain_text("No frame from any device since 1 h ago")
    expect(strip).to_have_class(re.compile("behind"))
    expect(page.locator("#pipeline-summary")).to_contain_text("silent 4/4")
    page.screenshot(path=str(SCREENSHOTS / "pipeline-health.png"))
    page.locator("#lang").select_option("fi")
    expect(banner).to_contain_text("Tiedot jäävät jälkeen")
    expect(page.locator("#pipeline-summary")).to_contain_text("hiljaisia 4/4")
    expect(facts).to_contain_text("Paikannin: 4 / 4")
    assert not ISO.search(page.locator("#queue-title").locator("..").locator("..").inner_text())
    assert english_left(page) == []
