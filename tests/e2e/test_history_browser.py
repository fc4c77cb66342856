"""History playback in Debian's Chromium at 1366x768, English and Finnish (issue 20 item 3): the
subject page shows a person's track for a chosen period with the gap drawn as a gap, each fix's
source, a time slider that playback moves at the chosen speed, the period's alarms and gaps on
the timeline (no raw coordinates), pages said not cut, the purpose rule, and CSV / GeoJSON
export. Screenshot for the README: docs/screenshots/history-playback.png."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from playwright.sync_api import Browser, expect

from tests.e2e.test_operator_board_browser import (
    ISO,
    REQUIREMENT_ID,
    SCREENSHOTS,
    english_left,
    open_console,
)
from tests.support.browser import users_now
from tests.support.caseload import register_person
from tests.support.factories import HOME, offset
from tests.support.running import Running
from valvo.sim.fleet import osmand_query


def send(
    app: Running, device: str, east_m: float, north_m: float, at: datetime, acc: float
) -> None:
    lon, lat = offset(HOME, east_m, north_m)
    assert httpx.get(app.gateway_url + osmand_query(device, lon, lat, acc, at)).status_code == 200


def walk(app: Running) -> str:
    """Two hours of a person's day: a walk, a 45-minute gap, one fix from the mobile network,
    a walk on into the protected address (an alarm)."""
    person = register_person(app.valvo, "TRK-7001", name="Aino Laaksonen")
    now = datetime.now(UTC)
    for k in range(20):  # -120 .. -63 min, walking north-west
        send(app, "TRK-7001", -30.0 * k, 25.0 * k, now - timedelta(minutes=120 - 3 * k), 6.0)
    send(app, "TRK-7001", -300.0, 200.0, now - timedelta(minutes=18), 900.0)  # a cell fix
    for k in range(8):  # -15 .. -1 min, towards the protected address (1 km east)
        east = -200.0 + 170.0 * k
        send(app, "TRK-7001", east, 40.0, now - timedelta(minutes=15 - 2 * k), 6.0)
    return person.subject_id


def test_history_playback(app: Running, browser: Browser) -> None:
    subject_id = walk(app)
    page = open_console(browser, app, "en")
    page.goto(f"{app.api_url}#subject/{subject_id}")
    expect(page.locator("#subject-title")).to_have_text("Aino Laaksonen")
    status = page.locator("#history-status")
    expect(status).to_contain_text("Fixes 1–29 / 29", timeout=10_000)
    expect(status).to_contain_text("1 gaps")
    # The timeline: the gap and the alarm, in words and local times; no coordinates.
    timeline = page.locator("#subject-timeline")
    expect(timeline.locator(".tl-gap")).to_contain_text("No fixes for 45 min")
    expect(timeline.locator(".tl-alarm").first).to_be_visible(timeout=10_000)
    text = timeline.inner_text()
    assert not ISO.search(text)
    assert not re.search(r"\d{2}\.\d{5}", text)  # no raw coordinates
    # The map: a dashed line across the gap, fixes coloured by source, the mobile network's one.
    expect(page.locator("#subject-map path.gap-line")).to_have_count(1)
    expect(page.locator("#subject-map path.fix-lbs")).to_have_count(1)
    expect(page.locator("#subject-map path.fix-gps")).to_have_count(28)
    expect(page.locator(".history-strip .strip-gap")).to_have_count(1)
    # The slider and playback.
    at = page.locator("#history-at")
    expect(at).to_contain_text("1 / 29")
    page.locator("#history-slider").fill("20")
    expect(at).to_contain_text("21 / 29")
    expect(at).to_contain_text("Mobile network (LBS) ±900 m")
    page.locator("#history-slider").fill("0")
    page.locator("#history-speed").select_option("1800")
    page.locator("#history-play").click()
    expect(page.locator("#history-play")).to_have_text("❚❚ Pause")
    expect(at).not_to_contain_text("1 / 29", timeout=5_000)
    page.locator("#history-play").click()  # pause where it is
    expect(page.locator("#history-play")).to_have_text("▶ Play")
    page.locator("#history-slider").fill("24")
    page.wait_for_timeout(500)  # tiles
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "history-playback.png"))
    page.screenshot(path="/tmp/console-history-en.png")
    # A longer gap threshold: the 45 minutes are still a gap, the rest not.
    page.locator("#history-gap").fill("30")
    page.locator("#history-form button[type=submit]").click()
    expect(status).to_contain_text("Fixes 1–29 / 29 · 1 gaps")
    # More fixes than a page: said, and paged.
    page.evaluate("Valvo.history.pageSize = 20")
    page.locator("#history-form button[type=submit]").click()
    expect(status).to_contain_text("Fixes 1–20 / 29 · page 1/2")
    expect(status).to_contain_text("the period has more fixes")
    expect(page.locator("#history-prev")).to_be_disabled()
    page.locator("#history-next").click()
    expect(status).to_contain_text("Fixes 21–29 / 29 · page 2/2")
    expect(page.locator("#history-next")).to_be_disabled()
    page.evaluate("Valvo.history.pageSize = 2000")
    # A period reaching back before today needs a purpose.
    # (the browser's local time: this process's, which Chromium shares)
    earlier = (users_now() - timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    page.locator("#history-from").fill(earlier)
    page.locator("#history-form button[type=submit]").click()
    expect(status).to_contain_text("purpose is required")
    expect(status).to_have_class(re.compile("error"))
    page.locator("#history-purpose").fill("Supervisor's review of the week")
    page.locator("#history-form button[type=submit]").click()
    expect(status).to_contain_text("Fixes 1–29 / 29")
    # Export, for the stated purpose.
    with page.expect_download() as download:
        page.locator("#history-csv").click()
    assert download.value.suggested_filename.endswith(".csv")
    lines = Path(download.value.path()).read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("time,lat,lon,accuracy_m,speed_kmh,source")
    assert len(lines) == 30
    with page.expect_download() as download:
        page.locator("#history-geojson").click()
    assert download.value.suggested_filename.endswith(".geojson")
    expect(status).to_contain_text("Exported")


def test_history_in_finnish(app: Running, browser: Browser) -> None:
    subject_id = walk(app)
    page = open_console(browser, app, "fi")
    page.goto(f"{app.api_url}#subject/{subject_id}")
    status = page.locator("#history-status")
    expect(status).to_contain_text("Sijainnit 1–29 / 29", timeout=10_000)
    expect(page.locator("#subject-timeline .tl-gap")).to_contain_text("Ei sijainteja 45 min")
    page.locator("#history-slider").fill("20")
    expect(page.locator("#history-at")).to_contain_text("Matkapuhelinverkko (LBS)")
    section = page.locator(".history").inner_text()
    for english in ("History", "From", "Play", "Speed", "Export", "No fixes", "Mobile network"):
        assert english not in section, english
    assert not ISO.search(section)
    assert not REQUIREMENT_ID.search(section)
    assert english_left(page) == []  # no phrase of the English dictionary shown
    page.wait_for_timeout(400)
    page.screenshot(path="/tmp/console-history-fi.png")
