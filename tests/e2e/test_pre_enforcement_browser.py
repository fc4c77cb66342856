"""The pre-enforcement case and the VTH consultation in Debian's Chromium at 1366x768 (issue 21,
S43, S35), on the demo's seed with the consultation switched on: the supervisor opens the case
page of the person whose fine is to be converted, sees the case opened on the city's contact
with its parties and steps, finishes the detox step in English, skips the next one with its
reason in Finnish, closes the case with its outcome, and requests a health-services
consultation for the sentence plan in the preparation phase. (Switched off, the consultation
is not offered: tests/e2e/test_network_browser.py.)"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from sqlalchemy import select

from tests.support.browser import users_now
from tests.support.running import Running, running_valvo
from valvo.adapters.db import tables as t
from valvo.adapters.db import tables_cases as tc
from valvo.adapters.db import tables_network as tn
from valvo.sim.cases_seed import seed_cases
from valvo.sim.network_seed import seed_network
from valvo.sim.partners_seed import seed_partners
from valvo.sim.seed import REGIONS, demo_people, seed_demo
from valvo.sim.staff_seed import DEMO_PASSWORD, seed_staff

pytestmark = pytest.mark.browser
SOUTH = REGIONS[0]


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Running]:
    with running_valvo(
        f"sqlite:///{tmp_path / 'valvo.db'}", tmp_path, vth_consultation=True
    ) as running:
        valvo = running.valvo
        fleet = demo_people(12)
        seed_demo(valvo, fleet, valvo.clock())
        seed_staff(valvo, valvo.clock())
        seed_cases(valvo, fleet, valvo.clock())
        seed_partners(valvo, valvo.clock())
        assert seed_network(valvo, valvo.clock()) > 15
        yield running


def preparing_person(app: Running) -> str:
    """The name of the person with the seeded pre-enforcement case (in the south)."""
    with app.valvo.db.connect() as conn:
        rows = conn.execute(
            select(t.subjects.c.name)
            .select_from(
                tn.pre_enforcement.join(
                    t.subjects, t.subjects.c.id == tn.pre_enforcement.c.subject_id
                ).join(tc.cases, tc.cases.c.subject_id == t.subjects.c.id)
            )
            .where(tc.cases.c.region == SOUTH)
        ).all()
    assert rows, "the demo seeds a pre-enforcement case in the south"
    return str(rows[0][0])


def test_supervisor_advances_the_pre_enforcement_case_in_english_and_finnish(
    app: Running, browser: Browser
) -> None:
    person = preparing_person(app)
    today = users_now().date().isoformat()  # the users' day: the forms' default
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(f"{app.api_url}/cases")
    page.get_by_label("Username").fill("supervisor")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.locator("#caseload-rows tr", has_text=person).click()
    expect(page.locator("#case-title")).to_contain_text(person)

    box = page.locator("#net-pre-enforcement")
    expect(box.locator("h4")).to_have_text(
        "Preparation before enforcement (fine conversion or short sentence)"
    )
    case = box.locator(".pre-case").first
    expect(case.locator(".pre-summary")).to_contain_text("Fine conversion")
    expect(case.locator(".pre-summary")).to_contain_text("Espoon päihde- ja mielenterveyspalvelut")
    expect(case).to_contain_text("from the participation request of Oona Virtanen")
    expect(case.locator(".pre-parties-line")).to_contain_text(
        "Enforcement authority (Ulosotto) — Etelä-Suomen ulosottovirasto"
    )
    steps = case.locator(".pre-steps li")
    expect(steps).to_have_count(7)
    expect(steps.nth(0).locator(".badge")).to_have_text("Done")
    expect(steps.nth(2).locator(".badge")).to_have_text("In progress")
    expect(steps.nth(6)).to_contain_text("owner: Home municipality")
    expect(case.locator(".pre-next")).to_contain_text(
        "Detoxification or withdrawal treatment started"
    )
    case.scroll_into_view_if_needed()
    page.screenshot(path="/tmp/pre-enforcement-en.png")

    # English: the detox step is done.
    form = case.locator(".pre-step-form")
    expect(form.locator('[name="status"]')).to_have_value("done")
    expect(form.locator('[name="on"]')).to_have_value(today)
    form.locator('[name="who"]').fill("Päihdekuntoutus Kalliola")
    form.locator('[name="note"]').fill("Katkaisuhoito aloitettu avohoidossa")
    form.get_by_role("button", name="Save the step").click()
    expect(page.locator("#network-box > .net-result")).to_have_text("Saved.")
    detox = page.locator('#net-pre-enforcement .pre-steps li[data-step="detox_start"]')
    expect(detox.locator(".badge")).to_have_text("Done")
    expect(detox).to_contain_text("Katkaisuhoito aloitettu avohoidossa")
    expect(page.locator("#net-pre-enforcement .pre-next")).to_contain_text(
        "Preparing the outside rehabilitation placement"
    )

    # Finnish: the placement is skipped, with the reason; then the case is closed.
    page.locator("#lang").select_option("fi")
    box = page.locator("#net-pre-enforcement")
    expect(box.locator("h4")).to_have_text(
        "Valmistelu ennen täytäntöönpanoa (sakon muuntorangaistus tai lyhyt vankeus)"
    )
    expect(box.locator(".pre-next")).to_contain_text(
        "Ulkopuoliseen kuntoutukseen sijoittamisen valmistelu"
    )
    form = box.locator(".pre-step-form")
    form.locator('[name="status"]').select_option("skipped")
    expect(form.locator('[name="who"]')).to_be_hidden()
    form.locator('[name="skip_reason"]').fill("Kuntoutuspaikka järjestyi kunnan kautta")
    form.get_by_role("button", name="Tallenna vaihe").click()
    expect(page.locator("#network-box > .net-result")).to_have_text("Tallennettu.")
    placement = box.locator('.pre-steps li[data-step="placement_preparation"]')
    expect(placement.locator(".badge")).to_have_text("Ohitettu")
    expect(placement).to_contain_text("ohitettu: Kuntoutuspaikka järjestyi kunnan kautta")
    expect(box.locator('.pre-steps li[data-step="detox_start"] .badge')).to_have_text("Tehty")
    box.locator(".pre-step-form").scroll_into_view_if_needed()
    page.screenshot(path="/tmp/pre-enforcement-fi.png")

    box.get_by_role("button", name="Päätä asia").first.click()
    closing = box.locator(".pre-close-form")
    closing.locator('[name="outcome"]').select_option("fine_paid")
    closing.locator('[name="note"]').fill("Omaiset maksoivat sakon")
    closing.get_by_role("button", name="Päätä asia").click()
    expect(box.locator(".pre-outcome")).to_contain_text("Sakko maksettiin")
    expect(box.locator(".pre-step-form")).to_have_count(0)
    expect(box.locator(".pre-status")).to_have_text("Päätetty")

    # The health-services consultation (switched on; the person is in preparation).
    consult = page.locator("#net-vth-consultation")
    consult.get_by_role("button", name="Pyydä konsultaatiota").click()
    consult.locator('[name="question"]').fill(
        "Mitä työ- ja toimintakyvystä on huomioitava rangaistusajan suunnitelmassa?"
    )
    consult.get_by_role("button", name="Lähetä pyyntö").click()
    expect(page.locator("#net-vth-consultation .net-list")).to_contain_text(
        "Vangin rangaistusajan suunnitelma"
    )
    expect(page.locator("#net-vth-consultation .net-list")).to_contain_text(
        "Mitä työ- ja toimintakyvystä"
    )
    page.locator("#lang").select_option("en")
    expect(page.locator("#net-vth-consultation h4")).to_have_text(
        "Health-services consultation for the sentence plan"
    )
    expect(page.locator("#net-vth-consultation .net-list")).to_contain_text(
        "A prisoner's sentence plan"
    )

    with app.valvo.db.connect() as conn:
        audited = [
            (r.action, r.target_type)
            for r in conn.execute(select(t.audit_records.c.action, t.audit_records.c.target_type))
        ]
    assert ("pre_enforcement_step", "network_pre_enforcement") in audited
    assert ("pre_enforcement_close", "network_pre_enforcement") in audited
    assert ("create", "network_vth_consultation") in audited
