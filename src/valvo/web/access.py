"""Authorisation seen from the web layer, in one place: which permission every route declares,
the principal's scope (its region), the purpose rule for old location history, and the audit
record of a read. The model is described in docs/authorisation.md."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final

from fastapi import FastAPI, HTTPException, Request, status
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts

from valvo.domain.restriction import RESTRICTED_KINDS, noun
from valvo.domain.security import (
    MAX_PURPOSE,
    Permission,
    Scope,
    allows,
    purpose_required,
    start_of_local_day,
)
from valvo.services.auth import Principal
from valvo.services.ports import AuditTrail
from valvo.services.restrictions import GuardRestricted

if TYPE_CHECKING:
    from valvo.bootstrap import Valvo

PUBLIC: Final = "public"
OWN_ACCOUNT: Final = "own_account"
# Marks a route whose answer holds positions (tracks, fixes, observations): it must require
# ``location:read`` or another declared permission, enforce the purpose rule and write an
# audit record (tests/security/test_audit_completeness.py finds them by this marker).
LOCATION_ROUTE: Final[dict[str, Any]] = {"x-valvo-location": True}


# Routes anyone may call without a token: logging in, the version and health probes, and the
# partner-facing public forms (each of which carries its own single-use token).
# What any signed-in user may do to their own account, whatever the role or the token's scope
# (a token limited to enrolling a second factor or changing a password reaches these only).
OWN_ACCOUNT_ROUTES: frozenset[tuple[str, str]] = frozenset(
    {
        ("GET", "/api/auth/me"),  # the console's menu: the role and its permissions
        ("POST", "/api/auth/logout"),
        ("POST", "/api/auth/password"),
        ("POST", "/api/auth/totp/enrol"),
        ("POST", "/api/auth/totp/confirm"),
    }
)

PUBLIC_ROUTES: frozenset[tuple[str, str]] = frozenset(
    {
        ("POST", "/api/auth/token"),
        ("POST", "/api/auth/refresh"),  # authenticated by the refresh token in the body
        ("GET", "/api/meta"),
        ("GET", "/api/health"),
        ("POST", "/api/partners/public/feedback"),
        ("GET", "/api/partners/public/contacts/{token}"),
        ("PUT", "/api/partners/public/contacts/{token}"),
        ("POST", "/api/partners/public/invitations/{token}"),
    }
)


def scope_of(who: Principal) -> Scope:
    """The part of the caseload ``who`` sees: their region, or everything; the restricted
    people and cases only with ``restricted:access``."""
    return Scope(who.region, allows(who.role, Permission.ACCESS_RESTRICTED))


def sees_location(who: Principal) -> bool:
    return allows(who.role, Permission.READ_LOCATION)


COORDINATES = ("lat", "lon")


def without_location(alarm: dict[str, Any]) -> dict[str, Any]:
    """An alarm row without the coordinates of the fix behind it (for roles that read alarms
    but not locations: regional manager, auditor)."""
    explanation = dict(alarm.get("explanation") or {})
    details = {k: v for k, v in (explanation.get("details") or {}).items() if k not in COORDINATES}
    return {**alarm, "explanation": {**explanation, "details": details}}


def route_permissions(app: FastAPI) -> dict[tuple[str, str], tuple[Permission, ...] | str]:
    """Every (method, path) of the app: the permissions its dependencies declare (any one
    suffices), ``PUBLIC`` for the routes listed in ``PUBLIC_ROUTES``, ``OWN_ACCOUNT`` for those in
    ``OWN_ACCOUNT_ROUTES`` (any signed-in user, their own account), or ``()`` when the route
    declares nothing (an error the route x role test reports)."""
    out: dict[tuple[str, str], tuple[Permission, ...] | str] = {}
    for route in iter_route_contexts(app.routes):  # through included routers
        if not isinstance(route.original_route, APIRoute) or route.path is None:
            continue
        dependant: Dependant = route.dependant
        declared = tuple(dict.fromkeys(_declared(dependant)))
        for method in route.methods or ():
            key = (method, route.path)
            if declared:
                out[key] = declared
            elif key in PUBLIC_ROUTES:
                out[key] = PUBLIC
            elif key in OWN_ACCOUNT_ROUTES:
                out[key] = OWN_ACCOUNT
            else:
                out[key] = ()
    return out


def _declared(dependant: Dependant) -> Iterator[Permission]:
    for dep in dependant.dependencies:
        yield from getattr(dep.call, "valvo_permissions", ())
        yield from _declared(dep)


def peer(request: Request) -> str | None:
    return f"{request.client.host}:{request.client.port}" if request.client else None


def check_purpose(start: datetime, now: datetime, purpose: str | None) -> str | None:
    """The stated purpose, cleaned; 400 when location history before today has none."""
    cleaned = (purpose or "").strip() or None
    if cleaned is not None and len(cleaned) > MAX_PURPOSE:
        raise HTTPException(
            status.HTTP_400_BAD_REQUEST, f"purpose is longer than {MAX_PURPOSE} characters"
        )
    if cleaned is None and purpose_required(start, now):
        midnight = start_of_local_day(now)
        raise HTTPException(
            status.HTTP_400_BAD_REQUEST,
            f"purpose is required: location history before the start of today "
            f"({midnight.isoformat()}, Europe/Helsinki) is read only for a stated purpose; "
            f"the request reaches back to {start.isoformat()}",
        )
    return cleaned


def audit_read(
    audit: AuditTrail,
    who: Principal,
    request: Request,
    now: datetime,
    *,
    target_type: str,
    target_id: str | None = None,
    action: str = "read",
    purpose: str | None = None,
    details: Mapping[str, Any] | None = None,
) -> None:
    """Record a read of personal or location data (call inside the read's transaction)."""
    audit.record(
        at=now,
        actor=who.username,
        action=action,
        target_type=target_type,
        target_id=target_id,
        purpose=purpose,
        peer=peer(request),
        details=details,
    )


def guard_restricted(valvo: Valvo, who: Principal, request: Request) -> None:
    """The restricted-case rule at the door of every route (issue 15 item 5): each record the
    request names by a path or query parameter (``case_id``, ``alarm_id``...) that belongs to a
    restricted person is recorded in the audit trail, as an access for a holder of
    ``restricted:access`` and as a refused attempt for anyone else, who gets the 404 of a record
    that does not exist. Runs once per request, before the route's own (scoped) reads."""
    if getattr(request.state, "restricted_checked", False):
        return
    request.state.restricted_checked = True
    may_see = allows(who.role, Permission.ACCESS_RESTRICTED)
    named = {
        (kind, value)
        for kind in RESTRICTED_KINDS
        for value in (request.path_params.get(kind), request.query_params.get(kind))
        if isinstance(value, str) and value
    }
    for kind, value in sorted(named):
        refused = valvo.bus.handle(
            GuardRestricted(
                actor=who.username,
                at=valvo.clock(),
                kind=kind,
                record_id=value,
                may_see=may_see,
                method=request.method,
                path=request.url.path,
                peer=peer(request),
            )
        )
        if refused:
            raise HTTPException(status.HTTP_404_NOT_FOUND, f"{noun(kind)} {value} does not exist")
