"""Who may ask what of the case work: the permission each route needs (a case's own guard,
R131, runs in the command's handler, ``services/cases/access``); a decision names the body
that made it, taken from the user's role (R141); ``run`` hands a case command to the bus."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request, status

from valvo.bootstrap import Valvo
from valvo.domain.security import Permission, allows
from valvo.services.auth import Principal
from valvo.services.cases import access
from valvo.services.cases.commands import CaseStep, OpenCase, ReadCase
from valvo.web.access import guard_restricted, scope_of
from valvo.web.auth import current_principal, get_valvo

CaseCommand = CaseStep | OpenCase | ReadCase
"""The commands answered with a case, asked as a user of a role (the case's guard needs it)."""
_DECIDING_ROLES = ("police", "prosecutor", "court")

App = Annotated[Valvo, Depends(get_valvo)]


def require_any(*permissions: Permission) -> Callable[[Principal, Request], Principal]:
    def check(
        principal: Annotated[Principal, Depends(current_principal)], request: Request
    ) -> Principal:
        if not any(allows(principal.role, p) for p in permissions):
            names = " or ".join(p.value for p in permissions)
            raise HTTPException(status.HTTP_403_FORBIDDEN, f"role {principal.role} may not {names}")
        guard_restricted(get_valvo(request), principal, request)
        return principal

    check.valvo_permissions = permissions  # type: ignore[attr-defined]  # see web/access.py
    return check


CaseReader = Annotated[
    Principal, Depends(require_any(Permission.READ_SENTENCES, Permission.READ_TRAVEL_BANS))
]
CaseWorker = Annotated[
    Principal, Depends(require_any(Permission.WORK_SENTENCES, Permission.WORK_TRAVEL_BANS))
]
SentenceWorker = Annotated[Principal, Depends(require_any(Permission.WORK_SENTENCES))]
BanWorker = Annotated[Principal, Depends(require_any(Permission.WORK_TRAVEL_BANS))]
Decider = Annotated[Principal, Depends(require_any(Permission.DECIDE_CASES))]
BanDecider = Annotated[
    Principal, Depends(require_any(Permission.WORK_TRAVEL_BANS, Permission.DECIDE_CASES))
]


def readable_types(who: Principal) -> list[str]:
    return access.readable_types(who.role)


def decided_by(who: Principal, allowed: tuple[str, ...], given: str | None) -> str:
    """The deciding body: the user's role (police, prosecutor, court); an administrator names
    it. R141: a body decides only what the law gives it."""
    if who.role in _DECIDING_ROLES:
        if given is not None and given != who.role:
            raise HTTPException(
                status.HTTP_403_FORBIDDEN, f"a {who.role} records the {who.role}'s decisions"
            )
        role = who.role
    elif allows(who.role, Permission.DECIDE_CASES) and given is not None:
        role = given
    else:
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            f"decided_by is required: one of {', '.join(allowed)}",
        )
    if role not in allowed:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            f"decision_right: the {role} does not make this decision; it is for the "
            f"{' or the '.join(allowed)} (R141)",
        )
    return role


def run(valvo: Valvo, who: Principal, command: type[CaseCommand], **fields: Any) -> dict[str, Any]:
    """Ask the message bus for ``command`` with ``fields``, by ``who`` now, within what they
    see; the case as it now stands."""
    asked = command(actor=who.username, at=valvo.clock(), role=who.role, **fields)
    detail: dict[str, Any] = valvo.bus.handle(asked, scope_of(who))
    return detail
