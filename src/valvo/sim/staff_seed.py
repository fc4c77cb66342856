"""Demo staff: one account per role, so every console page and scope can be tried."""

from __future__ import annotations

from datetime import datetime

from valvo.bootstrap import Valvo
from valvo.services import auth

DEMO_PASSWORD = "valvo-demo-2026"  # noqa: S105 (printed by `valvo demo`; never a real password)
DEMO_STAFF = (
    ("operator", "operator", None),
    ("supervisor", "supervisor", None),
    ("police", "police", None),
    ("prosecutor", "prosecutor", None),
    ("court", "court", None),
    ("auditor", "auditor", None),
)


def seed_staff(valvo: Valvo, now: datetime) -> list[str]:
    """Create the demo accounts that do not exist yet; returns their usernames."""
    created = []
    with valvo.uow() as uow:
        for username, role, region in DEMO_STAFF:
            if uow.users.by_username(username) is None:
                auth.create_user(
                    uow,
                    valvo.hasher,
                    "seed",
                    now,
                    username=username,
                    password=DEMO_PASSWORD,
                    role=role,
                    region=region,
                )
                created.append(username)
        uow.commit()
    return created
