"""Restricted people and cases (issue 15 item 5): why a person or a case is hidden from all but
the holders of ``restricted:access`` (domain/security.py). The rule that hides them lives beside
region scoping (adapters/db/scoping.py); the choice of who holds the permission is recorded in
docs/authorisation.md."""

from __future__ import annotations

from enum import StrEnum
from typing import Final

MAX_NOTE: Final = 500


class RestrictionReason(StrEnum):
    PROTECTED_PERSON = "protected_person"  # a protected identity (turvakielto) or witness
    STAFF_MEMBER = "staff_member"  # one of the service's own staff, or their relative
    HIGH_PROFILE = "high_profile"  # a case the public and the press follow


# The path and query parameters whose record belongs to one person: a request naming a
# restricted person's record by one of these is refused (404) or let through, and recorded,
# before its route runs (web/access.py).
RESTRICTED_KINDS: Final = (
    "subject_id",
    "case_id",
    "alarm_id",
    "order_id",
    "device_id",
    "assignment_id",
    "zone_id",
    "incident_id",  # the desk's incident: its alarms' person
    "pre_enforcement_id",  # S43: the person's pre-enforcement case
)


def noun(kind: str) -> str:
    """How a refusal names the record: ``case_id`` → ``case``, ``subject_id`` → ``subject``."""
    return kind.removesuffix("_id")
