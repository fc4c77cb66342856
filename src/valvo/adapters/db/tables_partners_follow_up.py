"""Tables of the follow-up, governance and outreach records of the partner registry (S12, S14,
S15, S58, S64, S72, S74, S75, S89, S91, S92, S97, S99–S101); migration 0010_partners_more.

Same shape as ``tables_partners``: the validated record as JSON in ``data``, the fields lists
filter on in their own indexed columns.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, String, Table

from valvo.adapters.db.tables_partners import _record, _ref

placements = _record(
    "partner_placements",
    Column("official", String(200), nullable=False),
    _ref("host_id", "partner_organisations"),
    _ref("unit_id", "partner_units"),
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date, nullable=True),
)
compliance_checks = _record(
    "partner_compliance_checks",
    Column("title", String(300), nullable=False),
    _ref("agreement_id", "partner_agreements"),
    _ref("centre_id", "partner_units"),
    Column("result", String(20), nullable=False, index=True),
    Column("checked_on", Date, nullable=False),
    Column("next_check_on", Date, nullable=True),
)
referral_practices = _record(
    "partner_referral_practices",
    Column("name", String(300), nullable=False),
    _ref("centre_id", "partner_units", nullable=False),
    Column("service", String(30), nullable=False, index=True),
    _ref("counterpart_id", "partner_organisations"),
    Column("review_on", Date, nullable=True),
)
service_maps = _record(
    "partner_service_maps",
    Column("name", String(300), nullable=False),
    _ref("centre_id", "partner_units", nullable=False),
    Column("owner", String(200), nullable=False),
    Column("review_on", Date, nullable=False),
    Column("published", Boolean, nullable=False),
)
criteria_versions = _record(
    "partner_criteria_versions",
    Column("name", String(300), nullable=False),
    Column("version", String(40), nullable=False),
    Column("valid_from", Date, nullable=False),
    Column("valid_to", Date, nullable=True),
)
instructions = _record(
    "partner_instructions",
    Column("name", String(300), nullable=False),
    Column("document", String(40), nullable=False, index=True),
    Column("version", String(40), nullable=False),
    Column("published_on", Date, nullable=False),
    Column("review_on", Date, nullable=True),
)
expert_assignments = _record(
    "partner_expert_assignments",
    _ref("expert_id", "partner_experts", nullable=False),
    _ref("unit_id", "partner_units"),
    Column("client_phase", String(30), nullable=False, index=True),
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date, nullable=True),
)
fee_levels = _record(
    "partner_fee_levels",
    Column("name", String(200), nullable=False),
    Column("valid_from", Date, nullable=False),
    Column("valid_to", Date, nullable=True),
)
expert_payments = _record(
    "partner_expert_payments",
    _ref("expert_id", "partner_experts", nullable=False),
    _ref("assignment_id", "partner_expert_assignments"),
    Column("kind", String(30), nullable=False, index=True),
    Column("worked_on", Date, nullable=False),
)
trainings = _record(
    "partner_trainings",
    Column("title", String(300), nullable=False),
    Column("direction", String(30), nullable=False, index=True),
    _ref("organiser_id", "partner_organisations"),
    Column("held_on", Date, nullable=False),
)
research_permits = _record(
    "partner_research_permits",
    Column("title", String(300), nullable=False),
    Column("status", String(20), nullable=False, index=True),
    Column("received_on", Date, nullable=False),
)
data_requests = _record(
    "partner_data_requests",
    Column("title", String(300), nullable=False),
    Column("status", String(20), nullable=False, index=True),
    Column("received_on", Date, nullable=False),
)
international = _record(
    "partner_international",
    Column("name", String(300), nullable=False),
    Column("type", String(30), nullable=False, index=True),
    Column("country", String(80), nullable=True),
)
programmes = _record(
    "partner_programmes",
    Column("name", String(300), nullable=False),
    Column("status", String(20), nullable=False, index=True),
    Column("accreditation", String(20), nullable=False, index=True),
)
goals = _record(
    "partner_goals",
    Column("title", String(300), nullable=False),
    Column("level", String(20), nullable=False, index=True),
    _ref("network_id", "partner_networks"),
    _ref("agreement_id", "partner_agreements"),
    Column("ends_on", Date, nullable=False),
)
restorative = _record(
    "partner_restorative",
    Column("name", String(300), nullable=False),
    Column("type", String(30), nullable=False, index=True),
    _ref("partner_id", "partner_organisations"),
    _ref("centre_id", "partner_units"),
)

FOLLOW_UP_TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        placements,
        compliance_checks,
        referral_practices,
        service_maps,
        criteria_versions,
        instructions,
        expert_assignments,
        fee_levels,
        expert_payments,
        trainings,
        research_permits,
        data_requests,
        international,
        programmes,
        goals,
        restorative,
    )
}
