"""An operator works an incident in Debian's Chromium at 1366x768 (issue 20): a person's strap is
cut, their tag leaves home and they leave the home zone; the queue shows one incident card (its
title, the person, three alarms, its state), expanded and collapsed with the keyboard; opened
with Enter, the operator acknowledges all (a), takes it on (o), writes one note to all and
resolves all with a shared cause and one alarm's own; the incident closes and each alarm's trail
shows the steps taken with the incident. The same in Finnish, with no English phrase of the
incident's text on the page. Screenshots: /tmp/incident-*.png, docs/screenshots/incident.png."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.test_alarm_desk_browser import operator_logs_in
from tests.support.alarm_desk import ALWAYS_OUT, commit_events, escape
from tests.support.browser import SCREENSHOTS, as_users_browser, users_now
from tests.support.caseload import register_person
from tests.support.running import Running

pytestmark = pytest.mark.browser


def an_escape(app: Running, device: str, name: str) -> list[str]:
    """The escape of a new person, begun 15 minutes ago (the alarms raised now)."""
    who = register_person(app.valvo, device, weekly=ALWAYS_OUT, name=name)
    began = users_now() - timedelta(minutes=15)
    return commit_events(app.valvo, escape(who, began), app.valvo.clock())


def english_phrases(page: Page) -> list[str]:
    """The incident's English phrases (those Finnish says otherwise) visible on the page."""
    found: list[str] = page.evaluate(
        r"""() => {
          const en = INCIDENT_TEXT.en, fi = INCIDENT_TEXT.fi;
          const words = Object.keys(en).filter((k) => fi[k] && fi[k] !== en[k])
            .map((k) => en[k].split("{")[0].trim()).filter((w) => w.length > 3);
          const shown = document.body.innerText;
          const quote = (w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
          return words.filter((w) => new RegExp(`\\b${quote(w)}\\b`).test(shown));
        }"""
    )
    return found


def test_an_operator_works_an_incident_in_english_and_finnish(
    app: Running, browser: Browser
) -> None:
    first = an_escape(app, "inc-1", "Eetu Esimerkki")
    page = as_users_browser(browser).new_page(viewport={"width": 1366, "height": 768})
    operator_logs_in(app, page)

    card = page.locator("#alarm-list .incident", has_text="Eetu Esimerkki")
    expect(card).to_contain_text("Incident: Strap opened or cut")
    expect(card).to_contain_text("3 alarms")
    expect(card).to_contain_text("Eetu Esimerkki")
    expect(card).to_contain_text("Open")
    # Expanded while its alarms wait for acknowledgement: nothing unseen is folded away.
    members = page.locator("#alarm-list .alarm.member")
    expect(members).to_have_count(3)
    expect(members.first).to_contain_text("Eetu Esimerkki")
    expect(card.get_by_role("button", name="Hide its alarms")).to_have_attribute(
        "aria-expanded", "true"
    )
    page.screenshot(path="/tmp/incident-expanded.png")

    # The keyboard: j to the card, x folds it (one card for the three), x unfolds.
    page.locator("body").press("j")
    expect(card).to_be_focused()
    page.keyboard.press("x")
    expect(members).to_have_count(0)
    page.keyboard.press("x")
    expect(members).to_have_count(3)

    # Enter opens it; a acknowledges all three, o takes it on.
    page.keyboard.press("Enter")
    expect(page.locator("#incident-heading")).to_have_text("Incident: Strap opened or cut")
    expect(page.locator("#incident-alarms li")).to_have_count(3)
    page.keyboard.press("a")
    expect(page.locator("#incident-done")).to_have_text("Acknowledged: 3 alarms.")
    expect(page.locator("#incident-state")).to_have_text("Being worked")
    expect(card).to_contain_text("Being worked")
    page.keyboard.press("o")
    expect(page.locator("#incident-done")).to_have_text("The incident is yours.")
    expect(page.locator("#incident-facts")).to_contain_text("olli")
    expect(card).to_contain_text("Owner: olli")
    expect(page.get_by_role("button", name="Take ownership")).to_be_hidden()  # it is theirs
    expect(members).to_have_count(3)  # unfolded by the operator: stays so

    # One note to all, then resolve all: a shared cause, one alarm with its own.
    page.keyboard.press("n")
    expect(page.locator("#incident-note")).to_be_focused()
    page.keyboard.type("Police on the way; the person was found at the station.")
    page.get_by_role("button", name="Note to all").click()
    expect(page.locator("#incident-done")).to_have_text("Note added to 3 alarms.")
    page.get_by_label("Its own cause: Left home during required presence").select_option(
        "duplicate"
    )
    page.locator("#incident-heading").click()  # away from the form: the keys are the desk's
    page.keyboard.press("r")
    expect(page.locator("#incident-cause")).to_be_focused()
    page.locator("#incident-cause").select_option("genuine_breach")
    page.screenshot(path=f"{SCREENSHOTS}/incident.png")
    page.get_by_role("button", name="Resolve all").click()
    expect(page.locator("#incident-done")).to_have_text("Resolved: 3 alarms.")
    expect(page.locator("#incident-state")).to_have_text("Closed")
    expect(page.locator("#incident-alarms")).to_contain_text("Duplicate")
    expect(page.locator("#incident-alarms")).to_contain_text("Genuine breach")
    expect(card).to_have_count(0)  # the queue shows open alarms: the incident is done

    # Each alarm's trail shows the steps taken with the incident.
    page.locator("#incident-alarms a", has_text="Strap opened or cut").click()
    trail = page.locator("#trail")
    expect(trail).to_contain_text("Incident taken on")
    expect(trail).to_contain_text("with the incident")
    expect(trail).to_contain_text("Police on the way")
    expect(page.locator("#detail-facts")).to_contain_text("Incident")
    expect(page.locator("#detail-facts a", has_text="3 alarms")).to_have_attribute(
        "href", f"#incident/{first[0]}"
    )
    page.screenshot(path="/tmp/incident-trail.png")

    # The same in Finnish, on another person's escape (arriving live is not needed: reload).
    an_escape(app, "inc-2", "Fiia Finne")
    page.locator("#lang").select_option("fi")
    page.reload()
    fi_card = page.locator("#alarm-list .incident", has_text="Fiia Finne")
    expect(fi_card).to_contain_text("Tapahtumakokonaisuus: Hihna avattu tai katkaistu")
    expect(fi_card).to_contain_text("3 hälytystä")
    expect(fi_card).to_contain_text("Avoin")
    expect(members).to_have_count(3)  # its alarms wait: unfolded
    fi_card.get_by_role("button", name="Piilota sen hälytykset").click()
    expect(members).to_have_count(0)
    fi_card.click()
    expect(page.locator("#incident-heading")).to_have_text(
        "Tapahtumakokonaisuus: Hihna avattu tai katkaistu"
    )
    page.get_by_role("button", name="Kuittaa kaikki").click()
    expect(page.locator("#incident-done")).to_have_text("Kuitattu: 3 hälytystä.")
    expect(fi_card.get_by_role("button", name="Näytä sen hälytykset")).to_be_visible()
    page.get_by_role("button", name="Ota hoitoon").click()
    expect(page.locator("#incident-done")).to_have_text("Tapahtumakokonaisuus on nyt sinulla.")
    expect(page.locator("#incident-state")).to_have_text("Työn alla")
    expect(page.locator("#incident-facts")).to_contain_text("olli")
    expect(fi_card).to_contain_text("Hoitaja: olli")
    page.get_by_role("button", name="Ratkaise kaikki").click()
    expect(page.locator("#incident-error")).to_have_text(
        "Valitse syy kaikille tai jokaiselle avoimelle hälytykselle oma."
    )
    assert english_phrases(page) == []
    page.screenshot(path="/tmp/incident-fi.png")
    page.get_by_label("Ratkaise kaikki syyllä").select_option("technical_fault")
    page.get_by_role("button", name="Ratkaise kaikki").click()
    expect(page.locator("#incident-state")).to_have_text("Suljettu")
    assert english_phrases(page) == []
    assert len(first) == 3
