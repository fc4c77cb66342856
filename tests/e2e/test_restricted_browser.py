"""Restricted cases in Debian's Chromium (issue 15 item 5): the demo's supervisor of restricted
cases marks a case restricted on its page; the region's ordinary supervisor no longer finds the
person in the caseload; lifting the marking gives the case back to everyone. In Finnish too."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.e2e.test_role_homes_browser import log_in
from tests.support.browser import chromium
from tests.support.running import Running, running_valvo
from valvo.sim.cases_seed import seed_cases
from valvo.sim.seed import demo_people, seed_demo
from valvo.sim.staff_seed import seed_staff

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as instance:
        yield instance


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    tmp: Path = tmp_path_factory.mktemp("restricted")
    with running_valvo(f"sqlite:///{tmp / 'valvo.db'}", tmp) as running:
        valvo = running.valvo
        fleet = demo_people(14)
        seed_demo(valvo, fleet, valvo.clock())
        seed_staff(valvo, valvo.clock())
        seed_cases(valvo, fleet, valvo.clock())
        yield running


def test_a_restricted_case_disappears_from_the_colleagues_caseload_until_lifted(
    app: Running, browser: Browser
) -> None:
    special = log_in(browser, app, "restricted")
    special.wait_for_url("**/cases")
    row = special.locator("#caseload-rows tr", has_text="Report requested").first
    expect(row).to_be_visible()
    person = row.locator("td").first.inner_text().strip()
    row.click()
    box = special.locator("#restriction-box")
    expect(box).to_be_visible()
    expect(special.locator("#restriction-state")).to_contain_text("Not restricted")
    special.locator("#restriction-reason").select_option("staff_member")
    special.get_by_role("button", name="Mark restricted").click()
    expect(special.locator("#restriction-state")).to_contain_text("Restricted: Staff member")
    expect(special.get_by_role("button", name="Lift the restriction")).to_be_visible()
    special.screenshot(path="/tmp/roles-restricted.png")

    colleague = log_in(browser, app, "supervisor")
    colleague.wait_for_url("**/cases")
    expect(colleague.locator("#caseload-rows tr").first).to_be_visible()
    expect(colleague.locator("#caseload-rows")).not_to_contain_text(person)
    expect(colleague.locator("#restriction-box")).to_be_hidden()

    special.locator("#lang").select_option("fi")
    expect(special.locator("#restriction-title")).to_have_text("Rajattu asia")
    expect(special.locator("#restriction-state")).to_contain_text("Rajattu: Oma työntekijä")
    special.screenshot(path="/tmp/roles-restricted-fi.png")
    special.get_by_role("button", name="Poista rajaus").click()
    expect(special.locator("#restriction-state")).to_contain_text("Ei rajattu")

    colleague.reload()
    expect(colleague.locator("#caseload-rows")).to_contain_text(person)
