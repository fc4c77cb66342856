"""Finnish-aware search terms; consents, relatives, events and feedback; succession."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from valvo.domain.partners.engagement import Event, centres_without_yearly_event, check_registration
from valvo.domain.partners.fields import PartnerError
from valvo.domain.partners.finnish import fold, index_text, query_terms, stem
from valvo.domain.partners.partner import (
    Partner,
    Succession,
    check_parent_chain,
    check_succession,
    current_successor,
)
from valvo.domain.partners.people import (
    Consent,
    Relative,
    check_withdrawal,
    consent_covers,
    may_contact,
)


@pytest.mark.parametrize(
    ("indexed", "query"),
    [
        ("Helsingissä", "Helsinki"),
        ("Helsinki", "helsingissä"),
        ("työtoiminnan", "työtoiminta"),
        ("Tampereella", "tampere"),
        ("kierrätyskeskuksessa", "kierrätyskeskus"),
        ("Kelan", "Kela"),
        ("seurakunnan", "seurakunta"),
        ("työtoiminta", "tyotoiminta"),  # typed without the dots
    ],
)
def test_inflected_forms_meet_at_a_prefix(indexed: str, query: str) -> None:
    (term,) = query_terms(query)
    assert any(token.startswith(term) for token in index_text(indexed).split())


def test_unrelated_words_do_not_match_and_operators_cannot_get_in() -> None:
    (term,) = query_terms("kirjasto")
    assert not any(t.startswith(term) for t in index_text("Kierrätyskeskus").split())
    assert query_terms('"a" OR NEAR(b) * ^c') == ["a", "or", "near", "b", "c"]
    assert query_terms("   ") == []
    assert stem("ja") == "ja"
    assert fold("Åäö") == "aao"


def consent(**overrides: Any) -> Consent:
    data = {
        "subject_id": "s1",
        "purpose": "release_plan",
        "recipient": "Helsingin kaupunki",
        "categories": "sentence_plan; housing",
        "given_on": "2026-03-01",
        "channel": "written",
    }
    data.update(overrides)
    return Consent.read(data)


def test_a_consent_covers_its_purpose_recipient_and_categories_until_withdrawn() -> None:
    c = consent()
    on = date(2026, 11, 23)
    assert consent_covers(
        [c], purpose="release_plan", recipient="helsingin kaupunki", categories=["housing"], on=on
    )[0]
    assert not consent_covers(
        [c],
        purpose="release_plan",
        recipient="Helsingin kaupunki",
        categories=["housing", "employment"],
        on=on,
    )[0]
    assert not consent_covers(
        [c], purpose="joint_plan", recipient="Helsingin kaupunki", categories=["housing"], on=on
    )[0]
    withdrawn = Consent(
        c.subject_id, c.purpose, c.recipient, c.categories, c.given_on, c.channel, date(2026, 6, 1)
    )
    covered, reason = consent_covers(
        [withdrawn],
        purpose="release_plan",
        recipient="Helsingin kaupunki",
        categories=["housing"],
        on=on,
    )
    assert not covered
    assert reason.startswith("no consent in force")
    with pytest.raises(PartnerError, match="withdrawn_on: already withdrawn on 2026-06-01"):
        check_withdrawal(withdrawn, on)
    with pytest.raises(PartnerError, match="cannot be before the consent was given"):
        check_withdrawal(c, date(2026, 1, 1))
    with pytest.raises(PartnerError, match="categories: name the data categories"):
        consent(categories="")


def test_relatives_are_contacted_only_with_the_clients_consent() -> None:
    data = {"subject_id": "s1", "name": "Mummo", "relationship": "grandparent"}
    assert not may_contact(Relative.read(data))[0]
    with pytest.raises(PartnerError, match="consent_on: record when the client consented"):
        Relative.read({**data, "consent_to_contact": "kyllä"})
    ok = Relative.read({**data, "consent_to_contact": "yes", "consent_on": "2026-05-01"})
    assert may_contact(ok) == (True, "client consented on 2026-05-01")


def event(**overrides: Any) -> Event:
    data = {
        "title": "Kokemusasiantuntijuus ja läheistyö",
        "type": "experts_relatives_event",
        "format": "online",
        "audiences": "experts_by_experience; relatives",
        "starts_at": "2026-05-20T13:00:00+03:00",
        "centre_id": "c1",
        "capacity": "2",
    }
    data.update(overrides)
    return Event.read(data)


def test_events_partnership_seminar_registration_and_the_yearly_check() -> None:
    with pytest.raises(PartnerError, match="format: the project partnership seminar is in person"):
        event(type="partnership_seminar", format="online")
    with pytest.raises(PartnerError, match="starts_at: must carry a UTC offset"):
        event(starts_at="2026-05-20T13:00:00")
    e = event()
    before = datetime(2026, 5, 1, tzinfo=UTC)
    check_registration(e, 1, before)
    with pytest.raises(PartnerError, match=r"the event is full \(2 places\)"):
        check_registration(e, 2, before)
    with pytest.raises(PartnerError, match="registration closed"):
        check_registration(e, 0, datetime(2026, 5, 21, tzinfo=UTC))
    assert centres_without_yearly_event(["c1", "c2"], [e], 2026) == ["c2"]
    assert centres_without_yearly_event(["c1"], [e], 2027) == ["c1"]


def test_succession_follows_the_reforms_on_their_dates() -> None:
    steps = [
        Succession("helsinki-social", "helsinki-wellbeing", date(2023, 1, 1), "2023 reform"),
        Succession("te-uusimaa", "helsinki-employment", date(2024, 1, 1), "2024 reform"),
    ]
    assert current_successor("helsinki-social", steps, date(2022, 6, 1))[0] == "helsinki-social"
    who, path = current_successor("helsinki-social", steps, date(2023, 1, 1))
    assert who == "helsinki-wellbeing"
    assert len(path) == 1
    with pytest.raises(PartnerError, match="already has a successor"):
        check_succession(Succession("te-uusimaa", "x", date(2024, 1, 1), "r"), steps)
    with pytest.raises(PartnerError, match="would loop back"):
        check_succession(
            Succession("helsinki-wellbeing", "helsinki-social", date(2025, 1, 1), "r"), steps
        )
    with pytest.raises(PartnerError, match="would make the partner its own ancestor"):
        check_parent_chain("a", "b", {"b": "c", "c": "a"})


def test_partner_flags_keep_for_profit_and_social_enterprise_apart() -> None:
    social = Partner.read(
        {"name": "Vaikuttava Oy", "type": "social_enterprise", "for_profit": "true"}
    )
    assert social.for_profit
    assert social.social_enterprise
    with pytest.raises(PartnerError, match="for_profit: a for-profit company is for-profit"):
        Partner.read({"name": "X Oy", "type": "for_profit_company", "for_profit": "no"})
    with pytest.raises(PartnerError, match="email: is not an e-mail address"):
        Partner.read({"name": "Kela", "type": "kela_unit", "email": "kela.fi"})


def test_words_in_other_scripts_survive_as_terms() -> None:
    assert query_terms("Москва") == ["москв"]
    assert query_terms('tyo"toiminta OR x') == ["tyo", "toimin", "or", "x"]
