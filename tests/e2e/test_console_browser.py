"""The operators' console in Debian's Chromium: log in, see an alarm arrive live, acknowledge and
resolve it, and keep a screenshot for the README."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from playwright.sync_api import Browser, expect

from tests.support.browser import SCREENSHOTS
from tests.support.caseload import VICTIM, register_person
from tests.support.factories import HOME
from tests.support.running import Running
from valvo.domain.auth import totp
from valvo.services import auth, second_factor, users
from valvo.sim.fleet import osmand_query

pytestmark = pytest.mark.browser


def test_operator_sees_a_live_alarm_and_works_it(app: Running, browser: Browser) -> None:
    register_person(app.valvo, "browser-1")
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(app.api_url)
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill("valvo-demo")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#feed-status")).to_have_text("live", timeout=10_000)
    # One fix at home, then fixes inside the protected address's exclusion zone.
    now = datetime.now(UTC)
    assert (
        httpx.get(app.gateway_url + osmand_query("browser-1", *HOME, 8.0, now)).status_code == 200
    )
    for seconds in (0, 20, 40):  # three confident fixes away from home confirm leaving it
        query = osmand_query("browser-1", *VICTIM, 6.0, now + timedelta(seconds=seconds))
        assert httpx.get(app.gateway_url + query).status_code == 200
    alarm = page.locator(".alarm", has_text="Entered an exclusion zone")
    expect(alarm).to_be_visible(timeout=2_000)  # within two seconds of the fix
    expect(alarm).to_contain_text("Person browser-1")
    expect(page.locator("#open-count")).to_have_text("2")  # the exclusion and leaving home
    page.wait_for_timeout(500)  # let the map draw zones and positions
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "console.png"))
    alarm.get_by_role("button", name="Acknowledge").click()  # straight from the queue
    expect(alarm.locator(".status")).to_have_text("Acknowledged")
    alarm.click()  # open it: the detail panel resolves with a cause
    page.locator("#act-cause").select_option("genuine_breach")
    page.locator("#act-resolve").click()
    expect(page.locator("#detail-status")).to_have_text("Resolved")
    expect(page.locator("#open-count")).to_have_text("1")
    page.locator("#lang").select_option("fi")
    expect(page.locator("#queue-title")).to_contain_text("Hälytykset")


def test_login_with_a_one_time_code_refresh_and_logout(app: Running, browser: Browser) -> None:
    """A user with a second factor is asked for the code; the console refreshes its token and
    logging out makes the old token useless at once."""
    with app.valvo.uow() as uow:
        user = auth.create_user(
            uow,
            app.valvo.hasher,
            "test",
            app.valvo.clock(),
            username="tiina",
            password="kaksi-Tekijaa-22",
            role="operator",
        )
        enrolled = second_factor.start_enrolment(
            uow, app.valvo.secret_box, user, app.valvo.clock(), "Valvo"
        )
        uow.commit()
    key = base64.b32decode(enrolled.secret + "=" * (-len(enrolled.secret) % 8))
    with app.valvo.uow() as uow:
        second_factor.confirm(
            uow, app.valvo.secret_box, user, totp.totp(key, app.valvo.clock()), app.valvo.clock()
        )
        uow.commit()

    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(app.api_url)
    page.get_by_label("Username").fill("tiina")
    page.get_by_label("Password").fill("kaksi-Tekijaa-22")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#login-error")).to_contain_text("one-time code required")
    # The confirming code's step is spent: wait for the next step's code.
    step = totp.time_step(app.valvo.clock())
    while totp.time_step(app.valvo.clock()) == step:
        page.wait_for_timeout(250)
    page.get_by_label("One-time code").fill(totp.totp(key, app.valvo.clock()))
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#feed-status")).to_have_text("live", timeout=10_000)

    first = page.evaluate("sessionStorage.getItem('valvo.token')")
    assert page.evaluate("ValvoSession.refresh()") is True
    second = page.evaluate("sessionStorage.getItem('valvo.token')")
    assert second != first
    assert httpx.get(app.api_url + "/api/alarms", headers=_bearer(second)).status_code == 200

    page.locator("#logout").click()
    expect(page.locator("#login-view")).to_be_visible()
    refused = httpx.get(app.api_url + "/api/alarms", headers=_bearer(second))
    assert refused.status_code == 401
    assert "session ended" in refused.json()["detail"]


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_a_reset_password_must_be_changed_in_the_console_before_anything_else(
    app: Running, browser: Browser
) -> None:
    with app.valvo.uow() as uow:
        admin = uow.users.by_username("admin")
        assert admin is not None
        user = auth.create_user(
            uow,
            app.valvo.hasher,
            "test",
            app.valvo.clock(),
            username="pekka",
            password="vanha-Salasana-1",
            role="operator",
        )
        who = auth.Principal(admin["id"], "admin", "administrator", None)
        users.reset_password(
            uow, app.valvo.hasher, who, app.valvo.clock(), user.user_id, "annettu-Salasana-2"
        )
        uow.commit()
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(app.api_url)
    page.get_by_label("Username").fill("pekka")
    page.get_by_label("Password", exact=True).fill("annettu-Salasana-2")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Choose a new password")).to_be_visible()
    page.get_by_label("Current password").fill("annettu-Salasana-2")
    page.get_by_label("New password").fill("pekka-2026-uusi")
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator(".session-limited .error")).to_contain_text("username")
    page.get_by_label("New password").fill("oma-Valinta-33")
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator("#login-error")).to_contain_text("Password changed")
    page.get_by_label("Username").fill("pekka")
    page.get_by_label("Password", exact=True).fill("oma-Valinta-33")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#feed-status")).to_have_text("live", timeout=10_000)


def _queued(alarm_id: str, severity: str, raised_at: str, **more: object) -> dict[str, object]:
    return {
        "id": alarm_id,
        "subject_id": f"s-{alarm_id}",
        "subject_name": f"Person {alarm_id}",
        "region": None,
        "kind": "sos_pressed",
        "severity": severity,
        "status": "raised",
        "handling": "realtime",
        "occurrences": 1,
        "escalation_level": 0,
        "raised_at": raised_at,
        "occurred_at": raised_at,
        "last_occurred_at": None,
        **more,
    }


def test_the_queue_puts_unattended_critical_alarms_first_and_compares_times_as_instants(
    app: Running, browser: Browser
) -> None:
    """An unattended SOS stays above an older critical alarm that keeps repeating; a time in
    another ISO spelling (a space, +00:00) sorts by its instant, not by its characters."""
    alarms = [
        _queued("worked", "critical", "2026-12-06T18:55:00Z", status="acknowledged"),
        _queued("login-high", "high", "2026-12-06T18:20:00Z"),
        _queued("live-high", "high", "2026-12-06 18:40:00+00:00"),
        _queued("review-critical", "critical", "2026-12-06T18:50:00Z", handling="review"),
        _queued(
            "chatter",
            "critical",
            "2026-12-06T17:00:00Z",
            last_occurred_at="2026-12-06T18:31:20Z",
            occurrences=14,
        ),
        _queued("sos", "critical", "2026-12-06T18:30:00Z"),
    ]
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(app.api_url)
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill("valvo-demo")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#feed-status")).to_have_text("live", timeout=10_000)
    page.evaluate("(alarms) => alarms.forEach((a) => Valvo.upsert(a))", alarms)
    expect(page.locator("#alarm-list .alarm")).to_have_count(len(alarms))
    order = page.eval_on_selector_all("#alarm-list .alarm", "items => items.map(i => i.dataset.id)")
    assert order == ["sos", "chatter", "review-critical", "live-high", "login-high", "worked"]
