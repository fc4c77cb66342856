"""Issue 15 item 4 in Debian's Chromium at 1366x768: an absence confirmed on the alarm desk is a
breach on the case with its time; the supervisor sees the totals against the §14 thresholds
(the first counted breach reaches the written warning), adjudicates the breach as a reasonable
excuse with the reason, and the totals change on the case and on the caseload row; one click on
the breach downloads its evidence package (its alarm's), which verifies offline. The home
unit then reports the officer's key fob (R39) and the visit appears with its kind, who made it
and that the person was present. The same page in Finnish shows the totals and the visit in
Finnish."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.test_supervisor_casework_browser import PERSON
from tests.support.alarm_desk import commit_events
from tests.support.cases import PASSWORD, create_staff, plan_content, report_values, sentence_body
from tests.support.running import Running, running_valvo
from valvo.adapters.evidence.verify import INTACT, verify_bundle
from valvo.domain.alarms import AlarmKind, Explanation
from valvo.domain.rules import BreachEnded, BreachStarted
from valvo.services import auth, registry
from valvo.services.cases.adjudication_commands import RecordDeviceVisit
from valvo.sim.seed import REGIONS

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp")
SOUTH = REGIONS[0]
OPERATOR = ("olli", "valvonta-vuoro-2026")


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Running]:
    with running_valvo(f"sqlite:///{tmp_path / 'valvo.db'}", tmp_path) as running:
        create_staff(running.valvo)
        with running.valvo.uow() as uow:
            auth.create_user(
                uow, running.valvo.hasher, "test", running.valvo.clock(), username=OPERATOR[0],
                password=OPERATOR[1], role="operator", region=None,
            )  # fmt: skip
            uow.commit()
        yield running


def token(api: str, user: str, password: str = PASSWORD) -> dict[str, str]:
    answer = httpx.post(f"{api}/api/auth/token", data={"username": user, "password": password})
    assert answer.is_success, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def ok(response: httpx.Response) -> Any:
    assert response.is_success, response.text
    return response.json()


def serving_case(api: str) -> dict[str, Any]:
    """A sentence being served since today (Helsinki), through the API."""
    today = datetime.now(UTC).astimezone(ZoneInfo("Europe/Helsinki")).date()
    before, then = today - timedelta(days=20), today - timedelta(days=10)
    worker, court = token(api, "supervisor"), token(api, "court")
    subject = ok(
        httpx.post(f"{api}/api/subjects", json={"name": PERSON, "region": SOUTH}, headers=worker)
    )
    request = {"subject_id": subject["id"], "requested_on": str(before)}
    case = ok(httpx.post(f"{api}/api/cases/sentences", json=request, headers=court))
    url = f"{api}/api/cases/{case['id']}"
    ok(httpx.patch(f"{url}/report", json=report_values(before), headers=worker))
    ok(httpx.post(f"{url}/report/complete", json={"on": str(before)}, headers=worker))
    ok(httpx.post(f"{url}/sentence", json=sentence_body(then, then, 60), headers=court))
    plan = {
        "content": plan_content(today, today + timedelta(days=59)),
        "convict_heard_on": str(today),
    }
    ok(httpx.post(f"{url}/plans", json=plan, headers=worker))
    tag = {"identifier": "rf-tag-0042", "protocol": "valvo", "kind": "rf_tag"}
    device = ok(httpx.post(f"{api}/api/devices", json=tag, headers=worker))
    installed = {"device_ids": [device["id"]], "installed_at": datetime.now(UTC).isoformat()}
    serving: dict[str, Any] = ok(httpx.post(f"{url}/devices", json=installed, headers=worker))
    assert serving["status"] == "enforcing"
    return serving


def absence_confirmed(app: Running, subject_id: str, minutes: int) -> None:
    """The person was away from home for ``minutes``; the operator confirms the breach."""
    now = datetime.now(UTC)
    start = now - timedelta(minutes=minutes + 10)
    left = BreachStarted(
        subject_id, AlarmKind.INCLUSION_ZONE_LEFT, "inclusion:home", start,
        Explanation("left home", "poistui kotoa", "zone.inclusion", 1), (),
    )  # fmt: skip
    (alarm_id,) = commit_events(app.valvo, [left], start)
    end = start + timedelta(minutes=minutes)
    commit_events(app.valvo, [BreachEnded(subject_id, "inclusion:home", end)], end)
    desk = token(app.api_url, *OPERATOR)
    ok(httpx.post(f"{app.api_url}/api/alarms/{alarm_id}/acknowledge", headers=desk))
    body = {"cause": "genuine_breach", "note": "not at home, no answer"}
    ok(httpx.post(f"{app.api_url}/api/alarms/{alarm_id}/resolve", json=body, headers=desk))


def key_fob_visit(app: Running, subject_id: str) -> None:
    """R39: the officer's fob is registered; the person's home unit reports it."""
    api, worker = app.api_url, token(app.api_url, "supervisor")
    officer = {"name": "Sanna Valvoja", "kind": "official", "region": SOUTH}
    person = ok(httpx.post(f"{api}/api/supervisors", json=officer, headers=worker))
    fob = {"fob": "FOB-0007", "supervisor_id": person["id"]}
    ok(httpx.post(f"{api}/api/officer-fobs", json=fob, headers=worker))
    now = app.valvo.clock()
    with app.valvo.uow() as uow:
        unit = registry.register_device(
            uow, "test", now, identifier="home-unit-0042", protocol="valvo",
            kind="rf_home_unit", model=None, region=SOUTH,
        )  # fmt: skip
        registry.assign_device(uow, "test", now, device_id=unit["id"], subject_id=subject_id)
        uow.commit()
    app.valvo.bus.handle(
        RecordDeviceVisit(
            actor="system", at=now, device_id=unit["id"], event="officer_arrived",
            happened_at=now - timedelta(minutes=1), fob="FOB-0007", seen=True,
        )
    )  # fmt: skip


def log_in(browser: Browser, app: Running) -> Page:
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(f"{app.api_url}/cases")
    page.get_by_label("Username").fill("supervisor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    return page


def test_supervisor_excuses_a_breach_and_sees_a_key_fob_visit(
    app: Running, browser: Browser
) -> None:
    case = serving_case(app.api_url)
    absence_confirmed(app, case["subject_id"], 95)

    page = log_in(browser, app)
    row = page.locator("#caseload-rows tr", has_text=PERSON)
    expect(row).to_contain_text("1 counting · 1 h 35 min · 1 to referral")
    row.click()
    totals = page.locator("#violation-box")
    expect(totals).to_contain_text("1 recorded: 1 counting, 0 excused, 1 awaiting a decision.")
    expect(totals).to_contain_text("Violation time: 1 h 35 min in all, 1 h 35 min of it counting.")
    expect(totals).to_contain_text("Written warning (§14.1), at 1 counted: reached")
    expect(totals).to_contain_text("Referral to court (§14.3), at 2 counted: 1 more to go")
    records = page.locator("#records")
    expect(records).to_contain_text(
        "not at home, no answer: open — 1 h 35 min · not adjudicated yet (counts)"
    )
    page.screenshot(path=str(SHOTS / "adjudication-before.png"), full_page=True)

    # The supervisor excuses it: the step offers the three outcomes; a reason is required.
    step = page.locator('#actions .step:has(> button[data-action="adjudicate"])')
    expect(step.locator("> button")).to_contain_text("Adjudicate — Breach of")
    step.locator("> button").click()
    options = step.locator('select[name="outcome"] option')
    expect(options).to_have_text(["Counts", "Reasonable excuse", "Authorised absence"])
    step.get_by_role("button", name="Save").click()
    expect(step.locator(".step-result")).to_contain_text("Not done: Give the reason.")
    expect(totals).to_contain_text("1 awaiting a decision")
    step.locator('select[name="outcome"]').select_option("reasonable_excuse")
    step.locator('input[name="reason"]').fill("taken to hospital by ambulance")
    step.get_by_role("button", name="Save").click()
    expect(page.locator("#actions-result")).to_have_text("Saved.")
    expect(totals).to_contain_text("1 recorded: 0 counting, 1 excused, 0 awaiting a decision.")
    expect(totals).to_contain_text("Written warning (§14.1), at 1 counted: 1 more to go")
    expect(totals).to_contain_text("Referral to court (§14.3), at 2 counted: 2 more to go")
    expect(records).to_contain_text(
        "reasonable excuse (taken to hospital by ambulance), decided by supervisor"
    )

    # The breach's evidence package, one click on the breach: its alarm's package, signed.
    build = records.get_by_role("button", name="Download evidence package")
    expect(build).to_have_count(1)
    records.get_by_label("Signatory of the witness statement").fill("Valvoja Sanna Virta")
    with page.expect_download() as package:
        build.click()
    expect(page.locator("#breach-evidence-status")).to_contain_text("Downloaded")
    outcome = verify_bundle(Path(package.value.path()).read_bytes())
    assert outcome.code == INTACT, outcome.message
    assert outcome.summary["kind"] == "alarm"
    assert outcome.summary["signatory"] == "Valvoja Sanna Virta"
    page.screenshot(path="/tmp/evpkg-breach.png", full_page=True)

    # The officer's key fob at the home unit: a visit of its kind, by whom, person present.
    key_fob_visit(app, case["subject_id"])
    page.get_by_role("button", name="Caseload", exact=True).click()
    expect(row).to_contain_text("0 counting · 0 min · 2 to referral")
    row.click()
    expect(records).to_contain_text("Key-fob visit, by Sanna Valvoja — present")
    timeline = page.locator("#timeline")
    expect(timeline).to_contain_text("Breach adjudicated")
    page.locator("#violation-box").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "adjudication-after.png"), full_page=True)

    # In Finnish: the totals, the decision and the visit.
    page.locator("#lang").select_option("fi")
    page.reload()
    expect(totals).to_contain_text("Rikkomukset ja raja-arvot")
    expect(totals).to_contain_text("Kirjattu 1: laskettavia 0, hyväksyttyjä 1, ratkaisematta 0.")
    expect(totals).to_contain_text("Kirjallinen varoitus (14.1 §), raja 1 laskettavaa: vielä 1")
    expect(records).to_contain_text("hyväksyttävä syy (taken to hospital by ambulance), ratkaisija")
    expect(records).to_contain_text("Avainlätkäkäynti, käyjä Sanna Valvoja — paikalla")
    expect(records.get_by_role("button", name="Lataa todistepaketti")).to_have_count(1)
    for english in ("Violations and thresholds", "Key-fob visit", "reasonable excuse", "counted:"):
        expect(page.locator("#case-view")).not_to_contain_text(english)
    page.screenshot(path=str(SHOTS / "adjudication-fi.png"), full_page=True)
