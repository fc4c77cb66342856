"""The case work of a person's monitoring record (docs/exchange.md, "Case work"): every table a
monitoring sentence or a travel ban keeps, in the order an import inserts them, read by the
person's cases. Victims and restraining orders are not among them (third parties' data); the
supervisors the cases name are, as the staff register the target may already hold; the
restriction markings of the person and their cases travel, so the imported cases are hidden
from the same roles as at the source."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.engine import Connection

from valvo.adapters.db import tables_adjudication as adj
from valvo.adapters.db import tables_cases as c
from valvo.adapters.db import tables_cases_changes as ch
from valvo.adapters.db import tables_cases_enforcement as enf
from valvo.adapters.db import tables_checks as chk
from valvo.adapters.db import tables_lawcases as law
from valvo.adapters.db import tables_person as per
from valvo.adapters.db.tables_restricted import restrictions

_CHUNK = 500

# Children of ``cases`` (by ``case_id``), parents before the rows that name them.
CASE_CHILDREN: dict[str, Table] = {
    "sentences": c.sentences,
    "travel_bans": c.travel_bans,
    "case_reports": c.case_reports,
    "case_co_residents": c.case_co_residents,
    "case_plans": c.case_plans,
    "case_interruptions": c.case_interruptions,
    "case_breaches": c.case_breaches,
    "case_decisions": c.case_decisions,
    "case_breach_adjudications": adj.case_breach_adjudications,
    "case_supervision": c.case_supervision,
    "case_visits": c.case_visits,
    "case_police_assistance": ch.case_police_assistance,
    "case_intoxication_observations": enf.case_intoxication_observations,
    "case_substance_tests": c.case_substance_tests,
    "case_sample_orders": law.case_sample_orders,
    "case_prescriptions": law.case_prescriptions,
    "case_exemptions": c.case_exemptions,
    "ban_violations": c.ban_violations,
    "travel_ban_changes": ch.travel_ban_changes,
    "case_wanted_notices": enf.case_wanted_notices,
    "case_joined_sentences": enf.case_joined_sentences,
    "case_travel_claims": enf.case_travel_claims,
    "case_contacts": enf.case_contacts,
    "case_abodes": law.case_abodes,
    "case_visit_targets": law.case_visit_targets,
    "case_representatives": law.case_representatives,
    "case_device_instructions": per.case_device_instructions,
    "case_person_messages": per.case_person_messages,
    "case_person_reports": per.case_person_reports,
    "case_identity_configs": chk.case_identity_configs,
    "case_identity_checks": chk.case_identity_checks,
    "case_patch_configs": chk.case_patch_configs,
    "case_sweat_patches": chk.case_sweat_patches,
    "deadline_tasks": c.deadline_tasks,
    "case_events": c.case_events,
}
CASE_TABLES: dict[str, Table] = {
    "cases": c.cases,
    "supervisors": c.supervisors,
    **CASE_CHILDREN,
    "restrictions": restrictions,
}
# Tables with a case_id that are deliberately not in the package (docs/exchange.md):
# victims and restraining orders (third parties), the network cooperation's justice log and
# legal holds (the source installation's own duties, not the person's case work).
NOT_EXPORTED = frozenset({"victims", "restraining_orders", "network_justice_log", "legal_holds"})
# The staff register: the target keeps the supervisors it has, and gains those it lacks.
SHARED = frozenset({"supervisors"})
CASE_FILE = "cases.json"


def read_cases(conn: Connection, subject_id: str, rows: Any) -> dict[str, list[dict[str, Any]]]:
    """The person's case work, by table (``rows(conn, table, column, values)`` reads)."""
    case_rows = rows(conn, c.cases, c.cases.c.subject_id, [subject_id])
    ids = [r["id"] for r in case_rows]
    out: dict[str, list[dict[str, Any]]] = {"cases": case_rows}
    for name, table in CASE_CHILDREN.items():
        out[name] = rows(conn, table, table.c.case_id, ids)
    staff = {r["supervisor_id"] for r in out["case_supervision"]}
    staff |= {r["visitor_id"] for r in out["case_visits"] if r["visitor_id"]}
    out["supervisors"] = rows(conn, c.supervisors, c.supervisors.c.id, sorted(staff))
    out["restrictions"] = rows(conn, restrictions, restrictions.c.subject_id, [subject_id])
    return {name: out[name] for name in CASE_TABLES}


def device_ids_of_cases(record: Mapping[str, Sequence[Mapping[str, Any]]]) -> set[str]:
    """The devices a travel ban names (its foreign key), which the package must carry."""
    return {str(r["device_id"]) for r in record.get("travel_bans", ())}


def case_conflict(conn: Connection, record: Mapping[str, Any]) -> str | None:
    """The first case table of which the target already holds one of the package's rows (by
    key, or a case number), or None."""
    for name, table in CASE_TABLES.items():
        if name in SHARED:
            continue
        column = next(iter(table.primary_key.columns))
        values = [r[column.name] for r in record.get(name, ())]
        for i in range(0, len(values), _CHUNK):
            if conn.execute(select(column).where(column.in_(values[i : i + _CHUNK]))).first():
                return f"this Valvo already holds one of the package's {name}"
    numbers = [r["number"] for r in record.get("cases", ()) if r["number"]]
    if numbers and conn.execute(select(c.cases.c.id).where(c.cases.c.number.in_(numbers))).first():
        return "this Valvo already has a case with one of the package's case numbers"
    return None
