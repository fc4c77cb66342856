"""Travel-ban violations and the police's response (PKL 2:18; R122, R123).

Five categories of violation. A police officer entitled to arrest decides the response: arrest,
remand measures or immediate enforcement of an enforceable prison sentence; for a minor violation
a warning instead, served by a police officer with proof of service (todisteellisesti).
"""

from __future__ import annotations

from enum import StrEnum

from valvo.domain.cases.errors import CaseError


class ViolationCategory(StrEnum):
    MOVEMENT = "movement"  # 1. breaks the movement restriction without acceptable reason
    REFUSAL = "refusal"  # 2. refuses the device or to surrender the passport
    DEVICE = "device"  # 3. removes, disables or damages the device, or prevents monitoring
    IGNORED_WARNING = "ignored_warning"  # 4. ignores a warning
    FLIGHT_OR_CRIME = "flight_or_crime"  # 5. flees, evades or continues criminal activity


class PoliceResponse(StrEnum):
    WARNING = "warning"  # minor violations only, served with proof
    ARREST = "arrest"
    REMAND = "remand"  # remand measures
    IMMEDIATE_ENFORCEMENT = "immediate_enforcement"  # of an enforceable prison sentence


def check_response(
    category: ViolationCategory, response: PoliceResponse, *, minor: bool, warned_before: bool
) -> None:
    """PKL 2:18: a warning answers a minor violation and nothing else; ignoring a warning
    presupposes one that was served."""
    if category is ViolationCategory.IGNORED_WARNING and not warned_before:
        raise CaseError(
            "no_warning_served",
            "a warning can be ignored only after one was served with proof (PKL 2:18, R123)",
        )
    if minor and response is not PoliceResponse.WARNING:
        raise CaseError(
            "minor_violation_gets_warning",
            "a minor violation is answered with a warning served with proof (PKL 2:18, R122)",
        )
    if not minor and response is PoliceResponse.WARNING:
        raise CaseError(
            "warning_only_for_minor",
            "a warning replaces arrest or remand only for a minor violation (PKL 2:18, R122)",
        )


def check_service_proof(served_by: str, proof: str) -> None:
    """R123: a police officer serves the warning and the proof of service is kept."""
    if not served_by.strip():
        raise CaseError("server_missing", "name the police officer who served the warning (R123)")
    if not proof.strip():
        raise CaseError(
            "proof_missing", "a warning is served with proof: record it (PKL 2:18, R123)"
        )
