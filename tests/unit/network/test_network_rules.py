"""The person's network's pure rules (issue 21): consent or legal ground for a disclosure
(S31, S32), the cooperation warning (S28), a deferral's task and decision (S36), the
expert-by-experience prompt (S47), need statistics without small groups (S24), routing of
relatives' contacts (S52) and one timeline (S48)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from valvo.domain.network.choices import DATA_CATEGORIES, values
from valvo.domain.network.cooperation import ClientMeeting, Deferral, cooperation_warning
from valvo.domain.network.disclosure import Disclosure, DisclosureRefused, basis_for
from valvo.domain.network.justice_log import one_timeline
from valvo.domain.network.referrals import MIN_GROUP, need_statistics, peer_support_prompt
from valvo.domain.network.relatives import RelativeContact, check_routing
from valvo.domain.partners import people
from valvo.domain.partners.fields import PartnerError
from valvo.domain.partners.people import Consent

DAY = date(2026, 3, 2)


def disclosure(**changes: Any) -> Disclosure:
    data: dict[str, Any] = {
        "subject_id": "s1",
        "purpose": "joint_plan",
        "recipient": "Tampereen kaupunki",
        "categories": ["housing"],
        "disclosed_on": DAY.isoformat(),
        **changes,
    }
    return Disclosure.read(data)


def consent(**changes: Any) -> Consent:
    base = Consent(
        "s1",
        "joint_plan",
        "Tampereen kaupunki",
        ("housing", "identity"),
        DAY - timedelta(days=3),
        "written",
    )
    return Consent(**{**{f: getattr(base, f) for f in base.__slots__}, **changes})


def test_s31_a_consent_in_force_for_the_purpose_recipient_and_data_is_the_basis() -> None:
    assert basis_for(disclosure(), [consent()]).kind == "consent"
    assert basis_for(disclosure(recipient="tampereen KAUPUNKI"), [consent()]).kind == "consent"
    for refused in (
        [],
        [consent(purpose="release_plan")],
        [consent(recipient="Kela")],
        [consent(categories=("identity",))],
        [consent(given_on=DAY + timedelta(days=1))],
        [consent(withdrawn_on=DAY)],
    ):
        with pytest.raises(DisclosureRefused, match="no consent in force"):
            basis_for(disclosure(), refused)


def test_s32_only_a_social_welfare_notification_may_rest_on_a_recorded_ground() -> None:
    with pytest.raises(PartnerError, match="ground_details"):
        disclosure(legal_ground="child_interest")
    with pytest.raises(DisclosureRefused, match="only a notification to social welfare"):
        basis_for(disclosure(legal_ground="child_interest", ground_details="x"), [])
    notice = {"purpose": "social_welfare_contact", "ground_details": "x"}
    basis = basis_for(disclosure(legal_ground="child_interest", **notice), [])
    assert (basis.kind, basis.reason) == ("legal_ground", "child_interest")
    with pytest.raises(DisclosureRefused, match="consent cannot be obtained"):
        basis_for(disclosure(legal_ground="unable_to_care", **notice), [])
    ok = disclosure(legal_ground="unable_to_care", consent_unobtainable=True, **notice)
    assert basis_for(ok, []).kind == "legal_ground"


def test_s31_the_categories_have_labels_for_every_value() -> None:
    assert values(DATA_CATEGORIES) == people.DATA_CATEGORIES


def test_s28_warns_when_enforcement_starts_without_cooperation() -> None:
    start = DAY
    assert cooperation_warning([], None, DAY) is None
    assert cooperation_warning([], start, DAY - timedelta(days=5)) == "starts_without_cooperation"
    assert cooperation_warning([], start, DAY) == "started_without_cooperation"
    assert (
        cooperation_warning([start + timedelta(days=1)], start, DAY)
        == "started_without_cooperation"
    )
    assert cooperation_warning([start], start, DAY) is None


def test_s27_the_client_takes_part_in_their_own_network_meeting() -> None:
    meeting = {
        "subject_id": "s1",
        "held_on": "2026-03-02",
        "participants": [{"name": "A", "organisation": "B", "role": "own_worker"}],
    }
    with pytest.raises(PartnerError, match="client_participates"):
        ClientMeeting.read(meeting)
    assert (
        ClientMeeting.read({**meeting, "client_participates": True}).participants[0].role
        == "own_worker"
    )


def test_s36_a_deferral_is_not_decided_without_the_statement_or_an_exception() -> None:
    base = {"subject_id": "s1", "applied_on": "2026-03-01", "grounds": "surgery"}
    assert Deferral.read(base).task() == "request_vth_statement"
    assert (
        Deferral.read({**base, "statement_requested_on": "2026-03-02"}).task()
        == "await_vth_statement"
    )
    with pytest.raises(PartnerError, match="without VTH's statement"):
        Deferral.read({**base, "decision": "refused", "decided_on": "2026-03-05"})
    excepted = Deferral.read(
        {
            **base,
            "exception": "VTH could not be reached in time",
            "decision": "refused",
            "decided_on": "2026-03-05",
        }
    )
    assert excepted.task() is None


def test_s47_prompts_for_peer_support_until_a_referral_for_the_stage() -> None:
    assert peer_support_prompt(None, []) is None
    assert peer_support_prompt("preparation", []) == "before"
    assert (
        peer_support_prompt("release_after", [{"need": "peer_support", "stage": "during"}])
        == "after"
    )
    assert peer_support_prompt("during", [{"need": "peer_support", "stage": "during"}]) is None


def test_s24_needs_are_counted_per_area_once_per_person_and_small_groups_hidden() -> None:
    contexts = [
        {"subject_id": f"p{n}", "home_municipality": "Oulu" if n < MIN_GROUP else "Kemi"}
        for n in range(MIN_GROUP + 1)
    ]
    referrals = [{"subject_id": c["subject_id"], "need": "housing"} for c in contexts] * 2
    rows = need_statistics(contexts, referrals, "home_municipality")
    assert rows == [
        {"area": "Kemi", "need": "housing", "people": None, "suppressed": True},
        {"area": "Oulu", "need": "housing", "people": MIN_GROUP, "suppressed": False},
    ]
    with pytest.raises(ValueError, match="by:"):
        need_statistics(contexts, referrals, "name")


def test_s52_relative_contacts_need_consent_and_the_responsible_official() -> None:
    contact = RelativeContact.read(
        {
            "subject_id": "s1",
            "relative_id": "r1",
            "contacted_on": "2026-03-02",
            "official": "Nina",
            "stage": "visits",
            "channel": "phone",
        }
    )
    relative = {"subject_id": "s1", "consent_to_contact": True, "responsible_official": "nina"}
    check_routing(contact, relative)
    with pytest.raises(PartnerError, match="not consented"):
        check_routing(contact, {**relative, "consent_to_contact": False})
    with pytest.raises(PartnerError, match="responsible official Olli"):
        check_routing(contact, {**relative, "responsible_official": "Olli"})
    with pytest.raises(PartnerError, match="not a relative of this client"):
        check_routing(contact, {**relative, "subject_id": "s2"})


def test_s48_the_log_and_the_case_events_are_one_timeline_oldest_first() -> None:
    events = [
        {
            "at": datetime(2026, 3, 2, 9, tzinfo=UTC),
            "kind": "report_requested",
            "actor": "p",
            "case_id": "c",
        }
    ]
    log = [
        {"on": date(2026, 3, 1), "kind": "report_request", "counterpart": "court"},
        {"on": date(2026, 3, 3), "kind": "judgment", "counterpart": "court"},
    ]
    assert [e["kind"] for e in one_timeline(events, log)] == [
        "report_request",
        "report_requested",
        "judgment",
    ]


def test_s4_s87_the_context_names_the_official_their_role_and_e_service_access() -> None:
    from valvo.domain.network.context import ClientContext

    base = {
        "subject_id": "s1",
        "sanction_types": ["imprisonment"],
        "phase": "during",
        "home_municipality": "Oulu",
        "wellbeing_county": "Pohjois-Pohjanmaa",
        "responsible_official": "Nina",
        "official_role": "otherwise_agreed",
    }
    with pytest.raises(PartnerError, match="role_reason"):
        ClientContext.read(base)
    context = ClientContext.read(
        {**base, "role_reason": "young offender", "e_service_access": "assisted"}
    )
    assert (context.official_role, context.e_service_access) == ("otherwise_agreed", "assisted")
    with pytest.raises(PartnerError, match="sanction_types"):
        ClientContext.read({**base, "sanction_types": []})
