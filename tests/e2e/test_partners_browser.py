"""The partner registry in Debian's Chromium: a supervisor finds an activity place by keyword,
puts it into a person's plan, sees the dashboards' real gaps (English and Finnish), and the
place's contact person confirms attendance in the narrow partner view."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.support.browser import SCREENSHOTS
from tests.support.caseload import register_person
from tests.support.running import Running, running_valvo
from valvo.services import auth
from valvo.sim.partners_seed import PARTNER_LOGIN, seed_partners

pytestmark = pytest.mark.browser


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Running]:
    with running_valvo(f"sqlite:///{tmp_path / 'valvo.db'}", tmp_path) as running:
        valvo = running.valvo
        seed_partners(valvo, valvo.clock())
        with valvo.uow() as uow:
            auth.create_user(
                uow,
                valvo.hasher,
                "test",
                valvo.clock(),
                username="saara",
                password="supervisor-2026",
                role="supervisor",
            )
            uow.commit()
        yield running


def log_in(page: Page, url: str, username: str, password: str) -> None:
    page.goto(url + "/partners")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def test_supervisor_finds_a_place_plans_it_and_sees_the_gaps(
    app: Running, browser: Browser
) -> None:
    person = register_person(app.valvo, "browser-partner", exclusion=False)
    page = browser.new_page(viewport={"width": 1366, "height": 860})
    log_in(page, app.api_url, "saara", "supervisor-2026")
    # The dashboards show the seed's real gaps.
    expect(page.locator("#local-missing")).to_contain_text("Länsi-Suomen rikosseuraamuskeskus: R2")
    expect(page.locator("#local-missing")).to_contain_text("Etelä-Suomen rikosseuraamuskeskus: R6")
    expect(page.locator("#meetings-overdue")).to_contain_text("syyttäjäyksikön")
    expect(page.locator("#contacts-stale")).to_contain_text("never verified")
    expect(page.locator("#other-gaps")).to_contain_text("Project review overdue")
    expect(page.locator("#follow-up-gaps")).to_contain_text("Referral practice missing")
    expect(page.locator("#follow-up-gaps")).to_contain_text("Länsi-Suomen palvelukartta")
    page.wait_for_timeout(300)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "partners.png"))
    # Find an activity place by keyword, inflected as a Finn would type it.
    page.get_by_role("button", name="Search").first.click()
    page.get_by_label("Keyword").fill("kierrätyskeskuksessa Helsingissä")
    page.locator("#search-form").get_by_role("button", name="Search").click()
    hit = page.locator("#search-results li", has_text="Kierrätyskeskus, Ruosilantie")
    expect(hit).to_be_visible()
    hit.get_by_role("button").click()
    expect(page.locator("#detail-title")).to_have_text("Kierrätyskeskus, Ruosilantie")
    # Put it into the person's plan: Monday and Tuesday 09:00–14:00.
    page.locator("#plan-order").select_option(person.order_id)
    for day in ("2", "3", "4"):
        page.locator(f"#day-{day}").uncheck()
    page.get_by_role("button", name="Put into plan").click()
    expect(page.locator("#plan-result")).to_contain_text("plan version 2")
    zones = httpx.get(
        app.api_url + "/api/zones",
        params={"order_id": person.order_id},
        headers=_token(app, "saara", "supervisor-2026"),
    ).json()
    assert any(z["name"] == "Activity place: Kierrätyskeskus, Ruosilantie" for z in zones)
    page.locator("#lang").select_option("fi")
    page.get_by_role("button", name="Tilannekuva").click()
    expect(page.locator("#d-agreements")).to_contain_text("Puuttuvat sopimukset")


def test_the_partner_contact_confirms_attendance_for_its_place_only(
    app: Running, browser: Browser
) -> None:
    person = register_person(app.valvo, "browser-attendee", exclusion=False)
    h = _token(app, "saara", "supervisor-2026")
    today = datetime.now(UTC).astimezone(ZoneInfo("Europe/Helsinki")).date()  # the place's day
    session = {"weekday": today.weekday(), "start": "08:00", "end": "17:00"}
    response = httpx.post(
        app.api_url + "/api/partners/places/pl-kierratys-hki/plan",
        json={"order_id": person.order_id, "sessions": [session]},
        headers=h,
    )
    assert response.status_code in (201, 422), response.text  # 422: closed at the weekend
    page = browser.new_page(viewport={"width": 1000, "height": 700})
    log_in(page, app.api_url, *PARTNER_LOGIN)
    expect(page.locator("#partner-place")).to_have_text("Kierrätyskeskus, Ruosilantie")
    expect(page.locator("#tabs")).to_be_hidden()  # no registry, no dashboards, no search
    # A plan made after today's session has ended starts with the next one (none to confirm).
    in_session = _start_of(today) < datetime.now(UTC) < _start_of(today) + timedelta(hours=9)
    if response.status_code == 201 and in_session:
        row = page.locator("#partner-sessions li", has_text="Person browser-attendee")
        row.get_by_role("combobox").select_option("attended")
        row.get_by_role("button", name="Confirm").click()
        expect(row.locator(".status")).to_have_text("✓")
    assert (
        httpx.get(
            app.api_url + "/api/partners/places", headers=_token(app, *PARTNER_LOGIN)
        ).status_code
        == 403
    )


def _token(app: Running, username: str, password: str) -> dict[str, str]:
    token = httpx.post(
        app.api_url + "/api/auth/token", data={"username": username, "password": password}
    ).json()
    return {"Authorization": f"Bearer {token['access_token']}"}


def _start_of(day: object) -> datetime:
    from valvo.domain.schedule import local_to_utc, zone

    assert hasattr(day, "isoformat")
    local = datetime.fromisoformat(f"{day.isoformat()}T08:00:00")
    return local_to_utc(local, zone("Europe/Helsinki")) + timedelta(seconds=1)
