"""Complaints against a court's travel-ban decision (kantelu, PKL 2:17; R121, R142).

A court's decision on a travel ban cannot be appealed separately; the person under the ban may
complain against it. There is no time limit, and the complaint is handled urgently: every
complaint is urgent by law, and it stays flagged until the higher court has decided it (R142).
Pure: instants are passed in and must be aware.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from enum import StrEnum
from typing import Any

from valvo.domain.cases.errors import CaseError
from valvo.domain.clock import require_aware

# The court decisions on a ban that the person under it may complain against (PKL 2:17).
COMPLAINABLE = frozenset({"court_confirms_ban", "court_extends_ban"})


class Complainant(StrEnum):
    """PKL 2:17: "the one on whom the travel ban was imposed"; their counsel files for them."""

    SUSPECT = "suspect"
    COUNSEL = "counsel"


class ComplaintOutcome(StrEnum):
    REJECTED = "rejected"  # the ban stands
    BAN_REVOKED = "ban_revoked"  # the higher court lifted the ban
    BAN_CHANGED = "ban_changed"  # the higher court changed its content or term
    WITHDRAWN = "withdrawn"


def check_filing(
    *,
    filed_at: datetime,
    decision: Mapping[str, Any],
    grounds: str,
) -> datetime:
    """R121: a complaint is filed against a court's decision on the ban, after it, with its
    grounds; no time limit applies (PKL 2:17)."""
    filed = require_aware(filed_at, "filed_at")
    if decision.get("kind") not in COMPLAINABLE:
        raise CaseError(
            "not_complainable",
            "a complaint is filed against the court's decision confirming or extending the "
            f"ban, not a {decision.get('kind')!r} (PKL 2:17)",
        )
    decided_at = require_aware(decision["decided_at"], "decided_at")
    if filed < decided_at:
        raise CaseError("before_decision", "the complaint is filed after the decision (PKL 2:17)")
    if not grounds.strip():
        raise CaseError("grounds_missing", "state what the complaint says (PKL 2:17)")
    return filed


def check_outcome(complaint: Mapping[str, Any], decided_at: datetime) -> datetime:
    """The higher court decides a pending complaint, not before it was filed."""
    at = require_aware(decided_at, "decided_at")
    if complaint.get("outcome") is not None:
        raise CaseError("wrong_state", "the complaint has already been decided")
    if at < require_aware(complaint["filed_at"], "filed_at"):
        raise CaseError("before_filing", "the complaint is decided after it was filed")
    return at


def urgent_pending(complaints: Iterable[Mapping[str, Any]]) -> int:
    """R142: the complaints still waiting for the court; each one is urgent (PKL 2:17)."""
    return sum(1 for c in complaints if c.get("urgent") and c.get("outcome") is None)
