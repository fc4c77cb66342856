"""Demo staff: one account per role, so every console page and scope can be tried. The
monitoring-centre staff work in one of the demo's two regions (``seed.REGIONS``), so the demo
shows regional scope: the southern operator, supervisor and regional manager and the southern
police see only Etelä-Suomi, the prosecutor only Länsi-Suomi; the court and the auditor (the
oversight body) see every region."""

from __future__ import annotations

from datetime import datetime

from valvo.bootstrap import Valvo
from valvo.services import auth
from valvo.sim.seed import REGIONS

DEMO_PASSWORD = "valvo-demo-2026"  # noqa: S105 (printed by `valvo demo`; never a real password)
SOUTH, WEST = REGIONS
DEMO_STAFF: tuple[tuple[str, str, str | None], ...] = (
    ("operator", "operator", SOUTH),
    ("supervisor", "supervisor", SOUTH),
    ("restricted", "restricted_supervisor", SOUTH),  # also the restricted cases (issue 15)
    ("manager", "regional_manager", SOUTH),
    ("police", "police", SOUTH),
    ("prosecutor", "prosecutor", WEST),
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
