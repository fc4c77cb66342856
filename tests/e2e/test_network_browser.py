"""The person's network in Debian's Chromium (issue 21): on a case whose enforcement started
without municipal cooperation the supervisor sees the warning (S28), records the client's
context (S26) and a consent (S31); a disclosure without consent is refused and a notification
to social welfare on a legal ground is made and audited (S32); the supervisor starts municipal
cooperation (the warning goes), refers the person to a registry partner and records its outcome
(S25, S46), holds a client network meeting with the client taking part (S27), filters the
caseload by phase (S26) and reads it all in Finnish."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect
from sqlalchemy import select

from tests.support.running import Running, running_valvo
from valvo.adapters.db import tables as t
from valvo.adapters.db import tables_cases as tc
from valvo.sim.cases_seed import seed_cases
from valvo.sim.partners_seed import seed_partners
from valvo.sim.seed import REGIONS, demo_people, seed_demo
from valvo.sim.staff_seed import DEMO_PASSWORD, seed_staff

pytestmark = pytest.mark.browser
SOUTH = REGIONS[0]


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Running]:
    with running_valvo(f"sqlite:///{tmp_path / 'valvo.db'}", tmp_path) as running:
        valvo = running.valvo
        fleet = demo_people(12)
        seed_demo(valvo, fleet, valvo.clock())
        seed_staff(valvo, valvo.clock())
        seed_cases(valvo, fleet, valvo.clock())
        seed_partners(valvo, valvo.clock())
        yield running


def serving_person(app: Running) -> str:
    """The name of a person of the supervisor's region whose sentence is being served."""
    with app.valvo.db.connect() as conn:
        rows = conn.execute(
            select(t.subjects.c.name)
            .select_from(t.subjects.join(tc.cases, tc.cases.c.subject_id == t.subjects.c.id))
            .where(tc.cases.c.status == "enforcing", tc.cases.c.region == SOUTH)
        ).all()
    assert rows, "the demo seeds a serving case in the south"
    return str(rows[0][0])


def fill(section: Locator, values: dict[str, str | bool | list[str]]) -> None:
    for name, value in values.items():
        field = section.locator(f'form [data-field="{name}"]').first
        kind = field.get_attribute("data-type")
        if kind in ("choice", "opt", "partner", "relative"):
            field.select_option(str(value))
        elif kind == "multi":
            for v in value if isinstance(value, list) else [str(value)]:
                field.locator(f'input[value="{v}"]').check()
        elif kind == "bool":
            field.set_checked(bool(value))
        else:
            field.fill(str(value))


def add(
    page: Page, key: str, values: dict[str, str | bool | list[str]], *, saved: bool = True
) -> None:
    section = page.locator(f"#net-{key}")
    section.locator(".net-add").click()
    fill(section, values)
    section.locator("form button[type=submit]").click()
    if saved:
        expect(page.locator("#network-box > .net-result")).to_have_text("Saved.")


def test_supervisor_works_the_persons_network_in_the_browser(
    app: Running, browser: Browser
) -> None:
    person = serving_person(app)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{app.api_url}/cases")
    page.get_by_label("Username").fill("supervisor")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.locator("#caseload-rows tr", has_text=person).click()
    expect(page.locator("#case-title")).to_contain_text(person)
    box = page.locator("#network-box")
    warning = box.locator(".net-warning")
    expect(warning).to_contain_text("Enforcement started without cooperation")
    page.screenshot(path="/tmp/network-warning.png", full_page=True)

    add(
        page,
        "context",
        {
            "sanction_types": ["monitoring_sentence"],
            "phase": "start",
            "home_municipality": "Helsinki",
            "wellbeing_county": "Helsingin kaupunki",
            "housing_risk": True,
            "housing_needs_communicated_to": "Helsingin asumisneuvonta",
        },
    )
    expect(page.locator("#net-context dl")).to_contain_text("Start of enforcement")
    add(
        page,
        "consents",
        {
            "purpose": "release_plan",
            "recipient": "Helsingin työllisyyspalvelut",
            "categories": ["identity", "employment"],
            "channel": "written",
        },
    )
    expect(page.locator("#net-consents .net-list")).to_contain_text("Helsingin työllisyyspalvelut")

    # A disclosure without consent is refused, inline.
    add(
        page,
        "disclosures",
        {"purpose": "joint_plan", "recipient": "Helsingin kaupunki", "categories": ["housing"]},
        saved=False,
    )
    expect(page.locator("#net-disclosures form .net-result")).to_contain_text(
        "Refused: the client has no consent in force"
    )
    expect(page.locator("#net-disclosures .net-list")).to_contain_text("Nothing recorded.")
    box.screenshot(path="/tmp/network-refused.png")
    # A notification to social welfare on a recorded legal ground is made and audited.
    page.locator("#net-disclosures button", has_text="Cancel").click()
    add(
        page,
        "disclosures",
        {
            "purpose": "social_welfare_contact",
            "recipient": "Helsingin sosiaalipäivystys",
            "categories": ["social_services"],
            "legal_ground": "child_interest",
            "ground_details": "Lapsi jää ilman huoltajaa täytäntöönpanon aikana",
        },
    )
    expect(page.locator("#net-disclosures .net-list")).to_contain_text("on a legal ground")

    add(
        page,
        "cooperation",
        {
            "started_by": "Sanna Lehtinen",
            "role": "basic_assessment",
            "counterpart": "Helsingin kaupunki, sosiaalipalvelut",
        },
    )
    expect(warning).to_have_count(0)

    add(
        page,
        "referrals",
        {
            "partner_id": "p-ysaatio",
            "need": "housing",
            "stage": "during",
            "contact": "Asumisneuvoja",
        },
    )
    referral = page.locator("#net-referrals .net-list li").first
    expect(referral).to_contain_text("Y-Säätiö")
    expect(referral.locator(".badge")).to_have_text("Sent")
    referral.locator("select").select_option("completed")
    referral.locator("input").fill("Vuokrasopimus jatkuu")
    referral.get_by_role("button", name="Change").click()
    expect(page.locator("#net-referrals .net-list li").first.locator(".badge")).to_have_text(
        "Completed"
    )

    meeting = page.locator("#net-meetings")
    meeting.locator(".net-add").click()
    fill(
        meeting,
        {
            "client_participates": True,
            "place": "Kallion sosiaaliasema",
            "agreed": "Velkaneuvontaan ohjaus",
        },
    )
    participants = meeting.locator(".net-participants")
    participants.get_by_placeholder("Name").fill("Oona Virtanen")
    participants.get_by_placeholder("Organisation").fill("Helsingin sosiaalipalvelut")
    participants.locator("select").select_option("own_worker")
    participants.get_by_role("button", name="Add a participant").click()
    meeting.locator("form button[type=submit]").click()
    expect(page.locator("#net-meetings .net-list")).to_contain_text("Oona Virtanen")
    expect(page.locator("#net-meetings .net-list")).to_contain_text("the client took part")
    add(
        page,
        "appointments",
        {
            "partner_id": "p-kela-etela",
            "service": "kela",
            "starts_at": "2030-01-15T10:00",
            "mode": "electronic",
        },
    )
    expect(page.locator("#net-appointments .net-list")).to_contain_text(
        "Kelan Etelä-Suomen vakuutuspiiri"
    )
    # S35 switched off (the default): the VTH consultation is not offered at all; S43: no
    # pre-enforcement case yet, and one can be opened.
    expect(page.locator("#net-vth-consultation")).to_have_count(0)
    expect(page.locator("#net-pre-enforcement")).to_contain_text("No preparation case.")
    pre = page.locator("#net-pre-enforcement")
    pre.get_by_role("button", name="Open a case").click()
    opening = pre.locator("form.pre-open")
    opening.locator('[name="initiative"]').select_option("stakeholder")
    opening.locator('[name="initiator"]').fill("Helsingin päihdepalvelut")
    parties = opening.locator(".pre-parties")
    parties.get_by_label("Party").select_option("home_municipality")
    parties.get_by_label("Name (if not in the registry)").fill("Helsingin kaupunki")
    parties.get_by_role("button", name="Add the party").click()
    parties.get_by_label("Party").select_option("substance_rehabilitation")
    parties.get_by_label("From the registry").select_option("p-krits")
    parties.get_by_role("button", name="Add the party").click()
    opening.get_by_role("button", name="Open the case").click()
    expect(pre.locator(".pre-case .pre-summary")).to_contain_text("Helsingin päihdepalvelut")
    expect(pre.locator(".pre-case .pre-parties-line")).to_contain_text(
        "Substance rehabilitation unit — Kriminaalihuollon tukisäätiö"
    )
    expect(pre.locator(".pre-steps li")).to_have_count(7)
    expect(pre.get_by_role("button", name="Open a case")).to_have_count(0)
    page.screenshot(path="/tmp/network-case.png", full_page=True)

    with app.valvo.db.connect() as conn:
        actions = [r.action for r in conn.execute(select(t.audit_records.c.action))]
    assert "disclosure_refused" in actions
    assert "disclose_without_consent" in actions

    page.locator("#lang").select_option("fi")
    expect(page.locator("#network-box h3").first).to_have_text("Asiakkaan verkosto")
    expect(page.locator("#net-referrals .badge").first).to_have_text("Päättynyt")
    page.screenshot(path="/tmp/network-fi.png", full_page=True)
    page.locator("#lang").select_option("en")

    page.locator("#back").click()
    page.locator("#phase-filter").select_option("start")
    expect(page.locator("#caseload-rows tr")).to_have_count(1)
    expect(page.locator("#caseload-rows tr")).to_contain_text(person)
    page.locator("#phase-filter").select_option("preparation")
    expect(page.locator("#caseload-empty")).to_be_visible()
    page.screenshot(path="/tmp/network-caseload.png")
