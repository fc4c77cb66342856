"""Who may touch which case: police see only travel bans and supervisors only sentences (R131);
each write needs the work permission of the case's type; a decision names the body that made
it, taken from the user's role (R141)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Depends, HTTPException, status

from valvo.bootstrap import Valvo
from valvo.domain.security import Permission, allows
from valvo.services.auth import Principal
from valvo.services.cases import views
from valvo.services.cases.common import SENTENCE, TRAVEL_BAN, load_case
from valvo.services.ports import UnitOfWork
from valvo.web.access import scope_of
from valvo.web.auth import current_principal, get_valvo

READ = {SENTENCE: Permission.READ_SENTENCES, TRAVEL_BAN: Permission.READ_TRAVEL_BANS}
WORK = {SENTENCE: Permission.WORK_SENTENCES, TRAVEL_BAN: Permission.WORK_TRAVEL_BANS}
_DECIDING_ROLES = ("police", "prosecutor", "court")

App = Annotated[Valvo, Depends(get_valvo)]


def require_any(*permissions: Permission) -> Callable[[Principal], Principal]:
    def check(principal: Annotated[Principal, Depends(current_principal)]) -> Principal:
        if not any(allows(principal.role, p) for p in permissions):
            names = " or ".join(p.value for p in permissions)
            raise HTTPException(status.HTTP_403_FORBIDDEN, f"role {principal.role} may not {names}")
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
    return [case_type for case_type, perm in READ.items() if allows(who.role, perm)]


def guard(uow: UnitOfWork, who: Principal, case_id: str, *, work: bool = False) -> dict[str, Any]:
    """The case, if this user may read it (and work on it, with ``work``); 404 if it does not
    exist or is not theirs to see (another region: the scoped unit of work does not find it; a
    type the role does not read, e.g. a sentence for the police), so its existence is not
    revealed; 403 if they may see it but not work on it."""
    case = load_case(uow, case_id)
    kind = case["type"]
    if not allows(who.role, READ[kind]) or not scope_of(who).covers(case["region"]):
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"case {case_id} does not exist")
    if work and not allows(who.role, WORK[kind]):
        raise HTTPException(status.HTTP_403_FORBIDDEN, f"role {who.role} may not work a {kind}")
    return case


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


def step(
    valvo: Valvo,
    who: Principal,
    case_id: str,
    action: Callable[[UnitOfWork, Any], object],
    *,
    work: bool = True,
) -> dict[str, Any]:
    """Run one case command in one transaction and answer with the case as it now stands."""
    now = valvo.clock()
    with valvo.uow(scope_of(who)) as uow:
        guard(uow, who, case_id, work=work)
        action(uow, now)
        detail = views.case_detail(uow, case_id, now)
        uow.commit()
    return detail
