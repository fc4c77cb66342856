"""The partner contact's narrow view (issue 7): an account scoped to exactly one place.

A ``partner_contact`` account holds one permission (confirming attendance) and one scope (its
place, in ``partner_contact_scopes``). It sees its place and the sessions expected there —
the person's name and the times, nothing else: no identifiers, orders, regions, locations, or
anything about other places.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from valvo.services import auth
from valvo.services.errors import Forbidden, NotFound
from valvo.services.partners.ports import PartnersUnitOfWork

SCOPES = "partner_contact_scopes"
ROLE = "partner_contact"
PLACE_FIELDS = ("id", "name", "address", "municipality", "opening_hours", "contact_name")


def create_contact_user(
    uow: PartnersUnitOfWork,
    hasher: auth.PasswordHasher,
    actor: str,
    now: datetime,
    *,
    place_id: str,
    username: str,
    password: str,
) -> dict[str, Any]:
    place = uow.partners.get("partner_places", place_id)
    if place is None:
        raise NotFound(f"place {place_id} does not exist")
    principal = auth.create_user(
        uow, hasher, actor, now, username=username, password=password, role=ROLE
    )
    uow.partners.insert(
        SCOPES, {"user_id": principal.user_id, "place_id": place_id, "created_at": now}
    )
    uow.audit.record(
        at=now,
        actor=actor,
        action="scope",
        target_type="user",
        target_id=principal.user_id,
        details={"place_id": place_id},
    )
    return {"user_id": principal.user_id, "username": username, "role": ROLE, "place_id": place_id}


def place_of(uow: PartnersUnitOfWork, user_id: str) -> str:
    """The one place this account may see; refused if it has none."""
    scope = uow.partners.get(SCOPES, user_id)
    if scope is None:
        raise Forbidden("this account is not scoped to a place")
    return str(scope["place_id"])


def place_view(place: Mapping[str, Any]) -> dict[str, Any]:
    return {k: place.get(k) for k in PLACE_FIELDS}
