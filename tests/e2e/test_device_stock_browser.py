"""The device stock and the person's phone numbers in Debian's Chromium at 1366x768, English
and Finnish (issue 20): a unit registered into stock, sent to servicing and got back, assigned
to a person, installed, taken off (returned, awaiting its check) and checked back into stock,
each move in its history and the counts and low-stock warning following; a unit in servicing
not offered as a spare. The person's numbers entered where the person is edited: a wrong
number answered in words, a Finnish number kept as +358, a co-resident's with their name, a
change keeping the earlier number in the history. Screenshot: docs/screenshots/stock.png."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Dialog, Page, expect

from tests.e2e.test_operator_board_browser import ISO, english_left, open_console
from tests.support.browser import SCREENSHOTS
from tests.support.caseload import register_person
from tests.support.running import Running

REASONS: list[str] = []


def answer(dialog: Dialog) -> None:
    if dialog.type == "prompt":
        dialog.accept(REASONS.pop(0) if REASONS else "valvonta päättyi")
    else:
        dialog.accept()


def unit(page: Page, identifier: str) -> object:
    return page.locator(f"#stock-units tr[data-device='{identifier}']")


def move(page: Page, identifier: str, button: str, **fields: str) -> None:
    page.locator(f"#stock-units tr[data-device='{identifier}']").get_by_role(
        "button", name=button, exact=True
    ).click()
    for name, value in fields.items():
        page.locator(f"#stock-move-{name}").fill(value)
    page.locator("#stock-move-ok").click()
    expect(page.locator("#stock-status")).to_have_text("Done.")


def test_a_unit_through_the_stock_in_the_browser(app: Running, browser: Browser) -> None:
    person = register_person(app.valvo, "TRK-0100", name="Eino Esimerkki")
    register_person(app.valvo, "TRK-0101", name="Kaisa Kivi")
    page = open_console(browser, app, "en")
    page.on("dialog", answer)
    page.locator("#nav a[data-view=stock]").click()
    expect(page.locator("#stock-view")).to_be_visible()
    warning = page.locator("#stock-warning")
    expect(warning).to_have_text(
        "Low stock. Units in stock: 0; spares needed: 1; people under monitoring: 2."
    )
    # Registered into stock at the Helsinki unit.
    page.locator("#stock-new-id").fill("TRK-S1")
    page.locator("#stock-new-model").fill("TX-9")
    page.locator("#stock-new-location").fill("Helsinki unit")
    page.locator("#stock-register button[type=submit]").click()
    expect(page.locator("#stock-status")).to_have_text("Registered into stock.")
    row = page.locator("#stock-units tr[data-device='TRK-S1']")
    expect(row).to_contain_text("In stock")
    expect(row).to_contain_text("Helsinki unit")
    expect(warning).not_to_have_class(re.compile("low"))
    # To servicing (the vendor and why), then not a spare on the person's page.
    move(page, "TRK-S1", "To servicing", vendor="Acme Oy", reason="strap worn")
    expect(row).to_contain_text("In servicing")
    expect(row).to_contain_text("Acme Oy")
    expect(warning).to_have_class(re.compile("low"))
    page.goto(f"{app.api_url}#enrol/{person.subject_id}")
    expect(page.locator("#enrol-name")).to_have_value("Eino Esimerkki")
    expect(page.locator("#enrol-spare option")).to_have_count(1)  # only "pick a spare"
    page.goto(f"{app.api_url}#stock")
    move(page, "TRK-S1", "Back from servicing", location="Helsinki unit")
    expect(row).to_contain_text("In stock")
    # Assigned to the person (enrolment), installed, taken off, checked.
    page.goto(f"{app.api_url}#enrol/{person.subject_id}")
    page.locator("#enrol-spare").select_option(label="TRK-S1 · Tracker")
    page.locator("#enrol-assign-spare").click()
    expect(page.locator("#enrol-devices li > strong")).to_have_text(["TRK-0100", "TRK-S1"])
    page.goto(f"{app.api_url}#stock")
    expect(row).to_contain_text("Assigned")
    expect(row).to_contain_text("with Eino Esimerkki")
    row.get_by_role("button", name="Mark installed", exact=True).click()
    expect(row).to_contain_text("Installed")
    page.goto(f"{app.api_url}#enrol/{person.subject_id}")
    mine = page.locator("#enrol-devices li").filter(has=page.locator("strong", has_text="TRK-S1"))
    mine.get_by_role("button", name="Take off").click()
    expect(page.locator("#enrol-status")).to_have_text("Device taken off.")
    page.goto(f"{app.api_url}#stock")
    expect(row).to_contain_text("Returned, awaiting check")
    move(page, "TRK-S1", "Checked: to stock", location="Helsinki unit")
    expect(row).to_contain_text("In stock")
    row.get_by_role("button", name="History").click()
    moves = page.locator("#stock-history-list li")
    expect(moves).to_have_count(7)
    expect(moves.nth(1)).to_contain_text(
        "To servicing: In stock → In servicing · Acme Oy · strap worn"
    )
    expect(moves.nth(5)).to_contain_text("Returned: Installed → Returned, awaiting check")
    expect(moves.nth(6)).to_contain_text("admin")
    counts = page.locator("#stock-counts")
    expect(counts.locator("thead th")).to_have_text(["State", "(no model)", "TX-9", "Total"])
    expect(counts.locator("tr.state-in_stock td, tr.state-in_stock th")).to_have_text(
        ["In stock", "0", "1", "1"]
    )
    assert not ISO.search(page.locator("#stock-view").inner_text())
    page.wait_for_timeout(200)
    page.screenshot(path="/tmp/console-stock-en.png")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "stock.png"))
    # In Finnish.
    page.locator("#lang").select_option("fi")
    expect(page.locator("#nav a[data-view=stock]")).to_have_text("Laitteet")
    expect(row).to_contain_text("Varastossa")
    expect(page.locator("#stock-history-list li").nth(1)).to_contain_text("Huoltoon")
    text = page.locator("#stock-view").inner_text()
    for english in ("In stock", "Servicing", "Register", "History", "Units", "Model"):
        assert english not in text, english
    assert english_left(page) == []
    page.screenshot(path="/tmp/console-stock-fi.png")


def test_the_persons_numbers_where_the_person_is_edited(app: Running, browser: Browser) -> None:
    person = register_person(app.valvo, "TRK-0200", name="Eino Esimerkki")
    page = open_console(browser, app, "en")
    page.on("dialog", answer)
    page.goto(f"{app.api_url}#enrol/{person.subject_id}")
    expect(page.locator("#enrol-phones")).to_contain_text("No phone numbers yet.")
    status = page.locator("#enrol-phone-status")
    page.locator("#enrol-phone-number").fill("40 123 4567")
    page.locator("#enrol-phone-save").click()
    expect(status).to_have_text(
        "Begin with + and the country code (+358 40 123 4567) or, for a Finnish number, "
        "with 0 (040 123 4567)."
    )
    page.locator("#enrol-phone-number").fill("+358 040 123 4567")
    page.locator("#enrol-phone-save").click()
    expect(status).to_contain_text("leave out the 0 of the area code")
    page.locator("#enrol-phone-number").fill("040 123 4567")
    page.locator("#enrol-phone-save").click()
    expect(status).to_have_text("Number added.")
    phones = page.locator("#enrol-phones li")
    expect(phones).to_have_text(["own · Mobile +358401234567 Change End"])
    # A co-resident's number needs their name.
    page.locator("#enrol-phone-holder").select_option("co_resident")
    page.locator("#enrol-phone-label").select_option("home")
    page.locator("#enrol-phone-number").fill("09 765 4321")
    page.locator("#enrol-phone-save").click()
    expect(status).to_have_text("Give the name of the person whose number it is.")
    page.locator("#enrol-phone-name").fill("Pirjo Puoliso")
    page.locator("#enrol-phone-save").click()
    expect(status).to_have_text("Number added.")
    expect(phones.nth(1)).to_contain_text("Pirjo Puoliso, co-resident · Home +35897654321")
    # A change: the earlier number is kept in the history.
    phones.nth(0).get_by_role("button", name="Change").click()
    expect(page.locator("#enrol-phone-save")).to_have_text("Save the change")
    page.locator("#enrol-phone-number").fill("050 765 4321")
    page.locator("#enrol-phone-save").click()
    expect(status).to_have_text("Number changed; the earlier one is kept in the history.")
    expect(phones).to_have_count(2)
    page.locator("#enrol-phone-history").check()
    expect(phones).to_have_count(3)
    expect(phones.filter(has_text="+358401234567")).to_contain_text("replaced")
    expect(phones.filter(has_text="+358401234567")).to_contain_text("admin")
    assert not ISO.search(page.locator("#enrol-phones-box").inner_text())
    page.wait_for_timeout(200)
    page.locator("#enrol-phones-box").screenshot(path="/tmp/console-phones-en.png")
    # In Finnish: the form, the reason of a refusal, the history.
    page.locator("#lang").select_option("fi")
    expect(page.locator("#enrol-phones-box legend")).to_have_text("Puhelinnumerot")
    expect(phones.filter(has_text="+358401234567")).to_contain_text("korvattu")
    page.locator("#enrol-phone-number").fill("040 12x")
    page.locator("#enrol-phone-save").click()
    expect(status).to_have_text(
        "Numerossa saa olla vain numeroita, välilyöntejä, -, ( ) ja alussa +."
    )
    # The rest of the page follows the language once it has been drawn again.
    expect(page.locator("#enrol-zones")).not_to_contain_text("Allowed zone")
    expect(page.locator("#enrol-devices")).not_to_contain_text("Tracker")
    assert english_left(page) == []
    page.screenshot(path="/tmp/console-phones-fi.png")
