"""S43's rules, pure: the steps in the order the source names them, each taken only after the
earlier ones are settled, a skip only with its reason, done and skipped final, a closed case
unchanged; the case itself needs the home municipality or wellbeing county among its parties
and, on a stakeholder's initiative, who made the contact."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from valvo.domain.network import pre_enforcement as rules
from valvo.domain.partners.fields import PartnerError

OPENED = date(2026, 11, 23)


def case(**changes: Any) -> dict[str, Any]:
    return {
        "subject_id": "s1",
        "opened_on": "2026-11-23",
        "sanction": "fine_conversion",
        "initiative": "rise",
        "participants": [{"role": "home_municipality", "name": "Espoo"}],
        **changes,
    }


def test_the_steps_are_the_sources_in_order_with_the_municipality_owning_the_path_after() -> None:
    steps = rules.steps_of(None)
    assert [s["step"] for s in steps] == [
        "service_need_assessment",
        "sanction_content_planning",
        "detox_start",
        "placement_preparation",
        "self_reporting",
        "rehabilitation_network_meeting",
        "post_placement_path",
    ]
    assert steps[-1]["owner"] == "home_municipality"
    assert {s["status"] for s in steps} == {"pending"}
    assert rules.next_step(None) == "service_need_assessment"


def test_a_step_waits_for_the_earlier_ones_and_a_skip_needs_its_reason() -> None:
    done = {"status": "done", "on": "2026-11-24", "who": "Espoo"}
    with pytest.raises(rules.StepRefused, match="comes after service_need_assessment"):
        rules.advance(None, "sanction_content_planning", done, OPENED, False)
    one = rules.advance(None, "service_need_assessment", done, OPENED, False)
    with pytest.raises(PartnerError, match="skip_reason: is required"):
        rules.advance(
            one,
            "sanction_content_planning",
            {"status": "skipped", "on": "2026-11-24"},
            OPENED,
            False,
        )
    two = rules.advance(
        one,
        "sanction_content_planning",
        {"status": "skipped", "on": "2026-11-24", "skip_reason": "Planned already"},
        OPENED,
        False,
    )
    assert rules.next_step(two) == "detox_start"
    with pytest.raises(rules.StepRefused, match="already skipped"):
        rules.advance(two, "sanction_content_planning", done, OPENED, False)
    with pytest.raises(PartnerError, match="skip_reason: is given only when"):
        rules.advance(two, "detox_start", {**done, "skip_reason": "x"}, OPENED, False)
    with pytest.raises(PartnerError, match="on: cannot be before"):
        rules.advance(two, "detox_start", {**done, "on": "2026-11-01"}, OPENED, False)
    with pytest.raises(rules.StepRefused, match="the case is closed"):
        rules.advance(two, "detox_start", done, OPENED, True)
    assert one == {"service_need_assessment": {**done, "note": None}}  # the input is not changed


def test_the_case_needs_the_municipality_and_a_stakeholders_name() -> None:
    assert rules.PreEnforcementCase.read(case()).initiative == "rise"
    with pytest.raises(PartnerError, match="participants: name the home municipality"):
        rules.PreEnforcementCase.read(case(participants=[{"role": "vth", "name": "VTH"}]))
    with pytest.raises(PartnerError, match="participants\\[0\\]: name: name the party"):
        rules.PreEnforcementCase.read(case(participants=[{"role": "home_municipality"}]))
    with pytest.raises(PartnerError, match="initiator: name the organisation"):
        rules.PreEnforcementCase.read(case(initiative="stakeholder"))
    with pytest.raises(PartnerError, match="enforcement_due_on: cannot be before"):
        rules.PreEnforcementCase.read(case(enforcement_due_on="2026-11-01"))


def test_the_case_closes_once_with_an_outcome() -> None:
    closing = rules.close({"outcome": "fine_paid", "closed_on": "2026-12-01"}, OPENED, False)
    assert (closing.outcome, closing.closed_on) == ("fine_paid", date(2026, 12, 1))
    with pytest.raises(PartnerError, match="note: is required"):
        rules.close({"outcome": "other", "closed_on": "2026-12-01"}, OPENED, False)
    with pytest.raises(rules.StepRefused, match="already closed"):
        rules.close({"outcome": "fine_paid", "closed_on": "2026-12-01"}, OPENED, True)
