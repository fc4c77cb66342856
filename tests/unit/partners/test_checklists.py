"""S7–S10: agreements validated, and the national and per-centre checklists as "what is missing"."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from valvo.domain.partners.agreements import Agreement
from valvo.domain.partners.checklists import (
    local_checklist,
    missing_by_centre,
    national_checklist,
)
from valvo.domain.partners.fields import PartnerError

TODAY = date(2026, 11, 23)


def agreement(**overrides: Any) -> Agreement:
    data: dict[str, Any] = {
        "title": "Kela cooperation model",
        "level": "national",
        "instrument": "operating_model",
        "status": "ready",
        "contact_person": "Liisa Laine",
        "checklist_item": "N3",
        "register_number": "32/021/2021",
    }
    data.update(overrides)
    return Agreement.read(data)


def local(item: str, **overrides: Any) -> Agreement:
    data: dict[str, Any] = {
        "level": "regional",
        "centre_id": "c1",
        "checklist_item": item,
        "operating_instructions": True,
        "contact_details": True,
    }
    return agreement(**{**data, **overrides})


def test_the_service_side_contact_person_is_mandatory() -> None:
    with pytest.raises(PartnerError, match="contact_person: the service-side contact person"):
        agreement(contact_person="  ")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"level": "regional"}, "centre_id: a regional agreement names its centre"),
        ({"centre_id": "c1"}, "centre_id: a national agreement belongs to no single centre"),
        ({"checklist_item": "R1"}, "checklist_item: R1 does not fit a national agreement"),
        ({"checklist_item": "N15"}, "checklist_item: must be N1–N14"),
        ({"register_number": "Dnro 32"}, "register_number: must look like 32/021/2021"),
        ({"status": "signed"}, "status: must be one of ready, in_preparation"),
        ({"coverage": "crime_in_prison; bribery"}, "coverage: items must be among"),
    ],
)
def test_bad_agreements_are_refused_naming_the_field(
    overrides: dict[str, Any], message: str
) -> None:
    with pytest.raises(PartnerError, match=message):
        agreement(**overrides)


def test_national_checklist_shows_every_item_missing_until_ready_and_in_force() -> None:
    rows = national_checklist(
        {
            "a": agreement(),  # N3 ready
            "b": agreement(checklist_item="N2", status="in_preparation"),
            "c": agreement(checklist_item="N10", valid_to="2025-12-31"),  # expired
        },
        TODAY,
    )
    by_code = {r.code: r for r in rows}
    assert len(rows) == 14
    assert not by_code["N3"].missing
    assert by_code["N3"].status == "ready"
    assert by_code["N2"].missing
    assert by_code["N2"].status == "in_preparation"
    assert by_code["N10"].missing
    assert by_code["N10"].problems == ("not in force (ready)",)
    assert by_code["N5"].missing
    assert by_code["N5"].status == "missing"
    assert sum(r.missing for r in rows) == 13


def test_local_checklist_needs_ready_complete_agreements_per_centre() -> None:
    agreements = {
        "kela": local("R1"),
        "sote": local("R2", contact_details=False),  # ready but incomplete (L1478-1496)
        "police": local("R4", coverage="crime_in_prison;executive_assistance"),
        "other-centre": local("R3", centre_id="c2"),
        "review": local("R5", review_on="2026-01-31"),
    }
    rows = {r.code: r for r in local_checklist(agreements, "c1", TODAY)}
    assert not rows["R1"].missing
    assert rows["R2"].missing
    assert rows["R2"].problems == ("no contact details",)
    assert rows["R3"].missing  # the other centre's agreement does not count here
    assert rows["R4"].missing
    assert "police agreement does not cover contact_restrictions" in rows["R4"].problems
    assert rows["R5"].missing
    assert rows["R5"].problems == ("review overdue since 2026-01-31",)
    assert rows["R6"].missing
    missing = missing_by_centre(agreements, ["c1", "c2"], TODAY)
    assert [r.code for r in missing["c1"]] == ["R2", "R3", "R4", "R5", "R6"]
    assert [r.code for r in missing["c2"]] == ["R1", "R2", "R4", "R5", "R6"]


def test_a_full_police_agreement_completes_r4() -> None:
    coverage = (
        "crime_in_prison;executive_assistance;prisoner_transport;"
        "community_sanction_enforcement;contact_restrictions"
    )
    rows = {r.code: r for r in local_checklist({"p": local("R4", coverage=coverage)}, "c1", TODAY)}
    assert not rows["R4"].missing
