"""Identity checks of phone monitoring (R38) and sweat patches (R67) in Debian's Chromium, at
1366x768, in English and Finnish.

R38: the supervisor configures the person's identity checks on the case page; the plan makes
a check when required presence began an hour ago (an absence that ended then); the operator
sees it late on the alarm desk, calls, records the person not identified, and the alarm it
raises arrives in the queue with its checklist; the supervisor sees the outcome on the case.
R67: the supervisor records a patch applied eight days ago (its weekly change overdue on the
case), its removal (drawn for the laboratory) and the laboratory's positive result (referred
to court). Times are reckoned in UTC from now and typed as the users' Helsinki wall time.
Screenshots: docs/screenshots/identity-desk.png, /tmp/identity-*.png, /tmp/patches-*.png."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import update

from tests.support.browser import SCREENSHOTS, USERS_ZONE, as_users_browser
from tests.support.caseload import register_person
from tests.support.running import Running, running_valvo
from valvo.adapters.db.tables_checks import case_identity_configs
from valvo.domain.security import LOCAL_ZONE
from valvo.services import registry
from valvo.sim.cases_seed import _sentence
from valvo.sim.staff_seed import DEMO_PASSWORD, seed_staff

pytestmark = pytest.mark.browser
HELSINKI = ZoneInfo(USERS_ZONE)


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Running]:
    with running_valvo(f"sqlite:///{tmp_path / 'valvo.db'}", tmp_path) as running:
        seed_staff(running.valvo, running.valvo.clock())
        yield running


def serving_case(app: Running, device: str, name: str) -> dict[str, Any]:
    """A person monitored by phone serving a monitoring sentence (as the demo seeds one)."""
    who = register_person(app.valvo, device, exclusion=False, name=name)
    now = app.valvo.clock()
    with app.valvo.uow() as uow:
        person: Any = SimpleNamespace(device=device, name="Aino Asiakas")
        _sentence(uow, now, now.astimezone(LOCAL_ZONE).date(), person, who.subject_id, "serving")
        (case,) = uow.cases.find("cases", subject_id=who.subject_id)
        uow.commit()
    return case


def log_in(browser: Browser, app: Running, path: str, username: str) -> Page:
    page = as_users_browser(browser).new_page(viewport={"width": 1366, "height": 768})
    page.goto(f"{app.api_url}{path}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    return page


def open_case(browser: Browser, app: Running, case_id: str) -> Page:
    page = log_in(browser, app, "/cases", "supervisor")
    expect(page.locator("#caseload-view")).to_be_visible()
    page.goto(f"{app.api_url}/cases#case/{case_id}")
    page.reload()
    return page


def wall(instant: datetime) -> str:
    """An instant as the users type it into a date-time field (Helsinki wall time)."""
    return instant.astimezone(HELSINKI).strftime("%Y-%m-%dT%H:%M")


def presence_began_an_hour_ago(app: Running, case: dict[str, Any]) -> None:
    """The order's plan: one absence that ended an hour ago (so required presence began then,
    and its check fell due 15 minutes later); the configuration dates from yesterday."""
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    ended = now - timedelta(hours=1)
    if ended.astimezone(HELSINKI).strftime("%H:%M") == "00:00":  # not a day's own start
        ended -= timedelta(minutes=1)
    absence = {"start": wall(ended - timedelta(hours=2)), "end": wall(ended), "purpose": "personal"}
    with app.valvo.uow() as uow:
        registry.set_schedule(
            uow, "test", now, order_id=str(case["order_id"]), weekly=[], one_off=[absence]
        )
        uow.commit()
    with app.valvo.db.begin() as conn:
        conn.execute(
            update(case_identity_configs)
            .where(case_identity_configs.c.case_id == case["id"])
            .values(created_at=now - timedelta(days=1))
        )


def test_r38_the_supervisor_configures_and_the_operator_records_a_failed_check(
    app: Running, browser: Browser
) -> None:
    case = serving_case(app, "phone-r38", "Ville Puhelin")
    staff = open_case(browser, app, str(case["id"]))
    box = staff.locator("#identity-box")
    expect(box).to_be_visible()
    expect(box).to_contain_text("No identity checks are configured.")
    expect(box.locator("#identity-verified")).to_have_text(
        "Presence not verified: the phone's location is location only."
    )
    form = box.locator("#identity-config-form")
    form.get_by_label("Video link").check()
    form.get_by_label("Random checks a day (0–6)").fill("2")
    form.get_by_label("Check when required presence begins").check()
    form.get_by_label("Reason (optional)").fill("Monitored by phone only")
    form.get_by_role("button", name="Save the checks").click()
    expect(box.locator("#identity-config")).to_have_text(
        "Methods: personal questions, video link. Random checks a day: 2. "
        "When required presence begins: yes."
    )
    staff.locator("#lang").select_option("fi")
    expect(box.locator("h3")).to_have_text("Henkilöllisyyden tarkistukset (puhelin)")
    expect(box.locator("#identity-config")).to_contain_text("henkilökohtaiset kysymykset")
    staff.locator("#lang").select_option("en")
    staff.screenshot(path="/tmp/identity-1-case.png", full_page=True)

    presence_began_an_hour_ago(app, case)
    desk = log_in(browser, app, "/", "operator")
    checks = desk.locator("#identity-checks")
    expect(checks).to_be_visible(timeout=10_000)
    # The check when presence began, late; random ones of the last day too (their number
    # depends on the hour).
    expect(desk.locator("#identity-summary")).to_have_text(
        re.compile(r"^Identity checks today: \d+ to do$")
    )
    item = desk.locator("#identity-list li", has_text="presence began")
    expect(item).to_contain_text("Ville Puhelin")
    expect(item.locator(".idc-state")).to_have_text("late")
    expect(item.locator("time")).not_to_contain_text("T")  # a local time, never an ISO string
    item.get_by_label("Method").select_option("questions")
    item.get_by_label("Outcome").select_option("failed")
    item.get_by_role("button", name="Record the outcome").click()
    expect(item.locator("[role=alert]")).to_contain_text("a failed check says what was wrong")
    item.get_by_label("Note").fill("A man answered; could not say his own birthday")
    item.get_by_role("button", name="Record the outcome").click()
    done = desk.locator("#identity-list li", has_text="presence began")
    expect(done).to_contain_text(
        "not identified (personal questions, by operator); an alarm was raised"
    )
    alarm = desk.locator("#alarm-list li", has_text="Identity check failed or not answered")
    expect(alarm).to_have_count(1, timeout=10_000)
    alarm.click()
    detail = desk.locator("#detail-body")
    expect(detail).to_contain_text("the person was not identified")
    expect(detail).to_contain_text("does not show the person is there")
    expect(detail).not_to_contain_text("R38")
    expect(desk.locator("#acting")).to_contain_text(
        "Call again and identify the person another way (questions or video)"
    )
    desk.screenshot(path="/tmp/identity-2-desk.png")
    desk.screenshot(path=str(SCREENSHOTS / "identity-desk.png"))
    desk.locator("#lang").select_option("fi")
    expect(desk.locator("#identity-summary")).to_contain_text(
        "Henkilöllisyyden tarkistukset tänään:"
    )
    finnish = desk.locator("#identity-list li.idc-done", has_text="läsnäolo alkoi")
    expect(finnish).to_contain_text("ei tunnistettu (henkilökohtaiset kysymykset")

    staff.reload()
    history = staff.locator("#identity-history")
    expect(history).to_contain_text(
        "not identified — personal questions, presence began, by operator"
    )
    expect(history).to_contain_text("alarm raised")


def test_r67_the_supervisor_records_patches_their_draw_and_the_laboratory_result(
    app: Running, browser: Browser
) -> None:
    case = serving_case(app, "patch-r67", "Pirjo Laastari")
    staff = open_case(browser, app, str(case["id"]))
    box = staff.locator("#patch-box")
    expect(box).to_be_visible()
    expect(box.locator("#patch-config")).to_have_text(
        "Changed every 7 days; 25 % of removed patches go to the laboratory."
    )
    config = box.locator("#patch-config-form")
    config.get_by_label("To the laboratory (%)").fill("100")
    config.get_by_role("button", name="Save").click()
    expect(box.locator("#patch-config")).to_contain_text("100 % of removed patches")

    now = datetime.now(UTC).replace(second=0, microsecond=0)
    apply = box.locator("#patch-apply-form")
    apply.get_by_label("Patch code").fill("HP-4711")
    apply.get_by_label("Applied at").fill(wall(now - timedelta(days=8)))
    apply.get_by_label("Applied by").fill("Valvoja Virta")
    apply.get_by_role("button", name="Record the patch").click()
    expect(box.locator("#patch-worn")).to_contain_text("Worn: HP-4711")
    expect(box.locator("#patch-overdue")).to_have_text("The change is overdue.")
    expect(box).not_to_contain_text(wall(now)[:10])  # dates as the language writes them
    staff.screenshot(path="/tmp/patches-1-overdue.png", full_page=True)

    remove = box.locator("#patch-remove-form")
    remove.get_by_label("Removed by").fill("Valvoja Virta")
    remove.get_by_label("Condition").select_option("intact")
    remove.get_by_role("button", name="Record the removal").click()
    patch = box.locator("#patch-list li", has_text="HP-4711")
    expect(patch).to_contain_text("drawn for the laboratory")
    expect(patch).to_contain_text("waiting for the laboratory")
    expect(box.locator("#patch-overdue")).to_have_count(0)
    patch.get_by_label("Result").select_option("positive")
    patch.get_by_label("Substance found").fill("amfetamiini")
    patch.get_by_label("Laboratory").fill("HUSLAB")
    patch.get_by_role("button", name="Record the result").click()
    expect(patch).to_contain_text("Result: positive (amfetamiini), referred to court")
    staff.locator("#lang").select_option("fi")
    expect(box.locator("h3")).to_have_text("Hikilaastarit")
    expect(box.locator("#patch-list li", has_text="HP-4711")).to_contain_text(
        "saatettu tuomioistuimeen"
    )
    staff.screenshot(path="/tmp/patches-2-result.png", full_page=True)
