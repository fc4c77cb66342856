"""Who may touch which case (R131): police read only travel bans and supervisors only
sentences; each write needs the work permission of the case's type. Checked inside the
command's transaction, against the case as stored."""

from __future__ import annotations

from typing import Any

from valvo.domain.security import Permission, allows
from valvo.services.cases.common import SENTENCE, TRAVEL_BAN, load_case
from valvo.services.errors import Forbidden, NotFound
from valvo.services.ports import UnitOfWork

READ = {SENTENCE: Permission.READ_SENTENCES, TRAVEL_BAN: Permission.READ_TRAVEL_BANS}
WORK = {SENTENCE: Permission.WORK_SENTENCES, TRAVEL_BAN: Permission.WORK_TRAVEL_BANS}


def readable_types(role: str) -> list[str]:
    """The case types ``role`` reads."""
    return [case_type for case_type, perm in READ.items() if allows(role, perm)]


def guard(uow: UnitOfWork, role: str, case_id: str, *, work: bool = False) -> dict[str, Any]:
    """The case, if a user of ``role`` may read it within the unit of work's scope (and work
    on it, with ``work``); not found if it does not exist or is not theirs to see (another
    region: the scoped unit of work does not find it; a type the role does not read, e.g. a
    sentence for the police), so its existence is not revealed; forbidden if they may see it
    but not work on it."""
    case = load_case(uow, case_id)
    kind = case["type"]
    if not allows(role, READ[kind]) or not uow.scope.covers(case["region"]):
        raise NotFound(f"case {case_id} does not exist")
    if work and not allows(role, WORK[kind]):
        raise Forbidden(f"role {role} may not work a {kind}")
    return case
