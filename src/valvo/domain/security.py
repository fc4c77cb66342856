"""Roles and what each may do, declared once; every API route names the permission it needs."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum


class Permission(StrEnum):
    READ_REGISTRY = "registry:read"
    WRITE_REGISTRY = "registry:write"
    READ_LOCATION = "location:read"
    READ_ALARMS = "alarms:read"
    WORK_ALARMS = "alarms:work"
    MANAGE_USERS = "users:manage"
    # Gateway (issue 3): quarantined devices, device keys, raw-frame provenance.
    MANAGE_DEVICES = "devices:manage"
    # Cases (issue 6): supervisors run sentences, police run travel bans and see nothing else
    # (R131), prosecutors and courts record their decisions in both (R141).
    READ_SENTENCES = "sentences:read"
    WORK_SENTENCES = "sentences:work"
    READ_TRAVEL_BANS = "travel_bans:read"
    WORK_TRAVEL_BANS = "travel_bans:work"
    DECIDE_CASES = "cases:decide"
    # Alarm desk (issue 5): escalating by hand, reopening and confirming a periodic review,
    # and writing the shift-handover log.
    ESCALATE_ALARMS = "alarms:escalate"
    SUPERVISE_ALARMS = "alarms:supervise"
    REVIEW_ALARMS = "alarms:review"
    WRITE_SHIFT_LOG = "shiftlog:write"
    # Partners (issue 7): the stakeholder registry; a partner contact confirms attendance at
    # the one place its account is scoped to.
    READ_PARTNERS = "partners:read"
    WRITE_PARTNERS = "partners:write"
    CONFIRM_ATTENDANCE = "attendance:confirm"


ROLES: Mapping[str, frozenset[Permission]] = {
    "operator": frozenset(
        {
            Permission.READ_REGISTRY,
            Permission.READ_LOCATION,
            Permission.READ_ALARMS,
            Permission.WORK_ALARMS,
            Permission.ESCALATE_ALARMS,
            Permission.REVIEW_ALARMS,
            Permission.WRITE_SHIFT_LOG,
            Permission.READ_PARTNERS,
        }
    ),
    "supervisor": frozenset(
        {
            Permission.READ_PARTNERS,
            Permission.WRITE_PARTNERS,
            Permission.READ_REGISTRY,
            Permission.WRITE_REGISTRY,
            Permission.READ_LOCATION,
            Permission.READ_ALARMS,
            Permission.READ_SENTENCES,
            Permission.WORK_SENTENCES,
            Permission.ESCALATE_ALARMS,
            Permission.SUPERVISE_ALARMS,
            Permission.REVIEW_ALARMS,
            Permission.WRITE_SHIFT_LOG,
        }
    ),
    "police": frozenset({Permission.READ_TRAVEL_BANS, Permission.WORK_TRAVEL_BANS}),
    "prosecutor": frozenset(
        {
            Permission.READ_SENTENCES,
            Permission.READ_TRAVEL_BANS,
            Permission.WORK_TRAVEL_BANS,
            Permission.DECIDE_CASES,
        }
    ),
    "court": frozenset(
        {Permission.READ_SENTENCES, Permission.READ_TRAVEL_BANS, Permission.DECIDE_CASES}
    ),
    "partner_contact": frozenset({Permission.CONFIRM_ATTENDANCE}),
    "administrator": frozenset(Permission),
    "auditor": frozenset(
        {Permission.READ_REGISTRY, Permission.READ_ALARMS, Permission.READ_PARTNERS}
    ),
}


def allows(role: str, permission: Permission) -> bool:
    return permission in ROLES.get(role, frozenset())
