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


ROLES: Mapping[str, frozenset[Permission]] = {
    "operator": frozenset(
        {
            Permission.READ_REGISTRY,
            Permission.READ_LOCATION,
            Permission.READ_ALARMS,
            Permission.WORK_ALARMS,
        }
    ),
    "supervisor": frozenset(
        {
            Permission.READ_REGISTRY,
            Permission.WRITE_REGISTRY,
            Permission.READ_LOCATION,
            Permission.READ_ALARMS,
        }
    ),
    "administrator": frozenset(Permission),
    "auditor": frozenset({Permission.READ_REGISTRY, Permission.READ_ALARMS}),
}


def allows(role: str, permission: Permission) -> bool:
    return permission in ROLES.get(role, frozenset())
