"""partners, more records: compliance follow-up, referral practices, official placements,
service maps, criteria and instruction versions, expert assignments, fee levels and payments,
joint trainings, research permits and data requests, international relations, programme
licences, goals, restorative justice (S12, S14, S15, S58, S64, S72, S74, S75, S89, S91, S92,
S97, S99-S101)

Revision ID: 0010_partners_more
Revises: 0005_partners
Create Date: 2026-11-22 20:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import valvo.adapters.db.types

revision = "0010_partners_more"
down_revision = "0008_cases_more"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "partner_criteria_versions",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("version", sa.String(length=40), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_criteria_versions")),
    )
    op.create_table(
        "partner_data_requests",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_data_requests")),
    )
    with op.batch_alter_table("partner_data_requests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_partner_data_requests_status"), ["status"], unique=False
        )
    op.create_table(
        "partner_fee_levels",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_fee_levels")),
    )
    op.create_table(
        "partner_instructions",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("document", sa.String(length=40), nullable=False),
        sa.Column("version", sa.String(length=40), nullable=False),
        sa.Column("published_on", sa.Date(), nullable=False),
        sa.Column("review_on", sa.Date(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_instructions")),
    )
    with op.batch_alter_table("partner_instructions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_partner_instructions_document"), ["document"], unique=False
        )
    op.create_table(
        "partner_international",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("type", sa.String(length=30), nullable=False),
        sa.Column("country", sa.String(length=80), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_international")),
    )
    with op.batch_alter_table("partner_international", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_partner_international_type"), ["type"], unique=False)
    op.create_table(
        "partner_programmes",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("accreditation", sa.String(length=20), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_programmes")),
    )
    with op.batch_alter_table("partner_programmes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_partner_programmes_accreditation"), ["accreditation"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_partner_programmes_status"), ["status"], unique=False)
    op.create_table(
        "partner_research_permits",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_research_permits")),
    )
    with op.batch_alter_table("partner_research_permits", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_partner_research_permits_status"), ["status"], unique=False
        )
    op.create_table(
        "partner_placements",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("official", sa.String(length=200), nullable=False),
        sa.Column("host_id", sa.String(length=36), nullable=True),
        sa.Column("unit_id", sa.String(length=36), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["host_id"],
            ["partner_organisations.id"],
            name=op.f("fk_partner_placements_host_id_partner_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["partner_units.id"],
            name=op.f("fk_partner_placements_unit_id_partner_units"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_placements")),
    )
    with op.batch_alter_table("partner_placements", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_partner_placements_host_id"), ["host_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_partner_placements_unit_id"), ["unit_id"], unique=False
        )
    op.create_table(
        "partner_referral_practices",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("centre_id", sa.String(length=36), nullable=False),
        sa.Column("service", sa.String(length=30), nullable=False),
        sa.Column("counterpart_id", sa.String(length=36), nullable=True),
        sa.Column("review_on", sa.Date(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["centre_id"],
            ["partner_units.id"],
            name=op.f("fk_partner_referral_practices_centre_id_partner_units"),
        ),
        sa.ForeignKeyConstraint(
            ["counterpart_id"],
            ["partner_organisations.id"],
            name=op.f("fk_partner_referral_practices_counterpart_id_partner_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_referral_practices")),
    )
    with op.batch_alter_table("partner_referral_practices", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_partner_referral_practices_centre_id"), ["centre_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_partner_referral_practices_counterpart_id"),
            ["counterpart_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_partner_referral_practices_service"), ["service"], unique=False
        )
    op.create_table(
        "partner_restorative",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("type", sa.String(length=30), nullable=False),
        sa.Column("partner_id", sa.String(length=36), nullable=True),
        sa.Column("centre_id", sa.String(length=36), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["centre_id"],
            ["partner_units.id"],
            name=op.f("fk_partner_restorative_centre_id_partner_units"),
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partner_organisations.id"],
            name=op.f("fk_partner_restorative_partner_id_partner_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_restorative")),
    )
    with op.batch_alter_table("partner_restorative", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_partner_restorative_centre_id"), ["centre_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_partner_restorative_partner_id"), ["partner_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_partner_restorative_type"), ["type"], unique=False)
    op.create_table(
        "partner_service_maps",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("centre_id", sa.String(length=36), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("review_on", sa.Date(), nullable=False),
        sa.Column("published", sa.Boolean(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["centre_id"],
            ["partner_units.id"],
            name=op.f("fk_partner_service_maps_centre_id_partner_units"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_service_maps")),
    )
    with op.batch_alter_table("partner_service_maps", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_partner_service_maps_centre_id"), ["centre_id"], unique=False
        )
    op.create_table(
        "partner_trainings",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("direction", sa.String(length=30), nullable=False),
        sa.Column("organiser_id", sa.String(length=36), nullable=True),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organiser_id"],
            ["partner_organisations.id"],
            name=op.f("fk_partner_trainings_organiser_id_partner_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_trainings")),
    )
    with op.batch_alter_table("partner_trainings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_partner_trainings_direction"), ["direction"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_partner_trainings_organiser_id"), ["organiser_id"], unique=False
        )
    op.create_table(
        "partner_compliance_checks",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("agreement_id", sa.String(length=36), nullable=True),
        sa.Column("centre_id", sa.String(length=36), nullable=True),
        sa.Column("result", sa.String(length=20), nullable=False),
        sa.Column("checked_on", sa.Date(), nullable=False),
        sa.Column("next_check_on", sa.Date(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["partner_agreements.id"],
            name=op.f("fk_partner_compliance_checks_agreement_id_partner_agreements"),
        ),
        sa.ForeignKeyConstraint(
            ["centre_id"],
            ["partner_units.id"],
            name=op.f("fk_partner_compliance_checks_centre_id_partner_units"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_compliance_checks")),
    )
    with op.batch_alter_table("partner_compliance_checks", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_partner_compliance_checks_agreement_id"), ["agreement_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_partner_compliance_checks_centre_id"), ["centre_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_partner_compliance_checks_result"), ["result"], unique=False
        )
    op.create_table(
        "partner_expert_assignments",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("expert_id", sa.String(length=36), nullable=False),
        sa.Column("unit_id", sa.String(length=36), nullable=True),
        sa.Column("client_phase", sa.String(length=30), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["expert_id"],
            ["partner_experts.id"],
            name=op.f("fk_partner_expert_assignments_expert_id_partner_experts"),
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["partner_units.id"],
            name=op.f("fk_partner_expert_assignments_unit_id_partner_units"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_expert_assignments")),
    )
    with op.batch_alter_table("partner_expert_assignments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_partner_expert_assignments_client_phase"), ["client_phase"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_partner_expert_assignments_expert_id"), ["expert_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_partner_expert_assignments_unit_id"), ["unit_id"], unique=False
        )
    op.create_table(
        "partner_goals",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("level", sa.String(length=20), nullable=False),
        sa.Column("network_id", sa.String(length=36), nullable=True),
        sa.Column("agreement_id", sa.String(length=36), nullable=True),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["partner_agreements.id"],
            name=op.f("fk_partner_goals_agreement_id_partner_agreements"),
        ),
        sa.ForeignKeyConstraint(
            ["network_id"],
            ["partner_networks.id"],
            name=op.f("fk_partner_goals_network_id_partner_networks"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_goals")),
    )
    with op.batch_alter_table("partner_goals", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_partner_goals_agreement_id"), ["agreement_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_partner_goals_level"), ["level"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_partner_goals_network_id"), ["network_id"], unique=False
        )
    op.create_table(
        "partner_expert_payments",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("expert_id", sa.String(length=36), nullable=False),
        sa.Column("assignment_id", sa.String(length=36), nullable=True),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("worked_on", sa.Date(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["assignment_id"],
            ["partner_expert_assignments.id"],
            name=op.f("fk_partner_expert_payments_assignment_id_partner_expert_assignments"),
        ),
        sa.ForeignKeyConstraint(
            ["expert_id"],
            ["partner_experts.id"],
            name=op.f("fk_partner_expert_payments_expert_id_partner_experts"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_expert_payments")),
    )
    with op.batch_alter_table("partner_expert_payments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_partner_expert_payments_assignment_id"), ["assignment_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_partner_expert_payments_expert_id"), ["expert_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_partner_expert_payments_kind"), ["kind"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("partner_expert_payments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_expert_payments_kind"))
        batch_op.drop_index(batch_op.f("ix_partner_expert_payments_expert_id"))
        batch_op.drop_index(batch_op.f("ix_partner_expert_payments_assignment_id"))
    op.drop_table("partner_expert_payments")
    with op.batch_alter_table("partner_goals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_goals_network_id"))
        batch_op.drop_index(batch_op.f("ix_partner_goals_level"))
        batch_op.drop_index(batch_op.f("ix_partner_goals_agreement_id"))
    op.drop_table("partner_goals")
    with op.batch_alter_table("partner_expert_assignments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_expert_assignments_unit_id"))
        batch_op.drop_index(batch_op.f("ix_partner_expert_assignments_expert_id"))
        batch_op.drop_index(batch_op.f("ix_partner_expert_assignments_client_phase"))
    op.drop_table("partner_expert_assignments")
    with op.batch_alter_table("partner_compliance_checks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_compliance_checks_result"))
        batch_op.drop_index(batch_op.f("ix_partner_compliance_checks_centre_id"))
        batch_op.drop_index(batch_op.f("ix_partner_compliance_checks_agreement_id"))
    op.drop_table("partner_compliance_checks")
    with op.batch_alter_table("partner_trainings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_trainings_organiser_id"))
        batch_op.drop_index(batch_op.f("ix_partner_trainings_direction"))
    op.drop_table("partner_trainings")
    with op.batch_alter_table("partner_service_maps", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_service_maps_centre_id"))
    op.drop_table("partner_service_maps")
    with op.batch_alter_table("partner_restorative", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_restorative_type"))
        batch_op.drop_index(batch_op.f("ix_partner_restorative_partner_id"))
        batch_op.drop_index(batch_op.f("ix_partner_restorative_centre_id"))
    op.drop_table("partner_restorative")
    with op.batch_alter_table("partner_referral_practices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_referral_practices_service"))
        batch_op.drop_index(batch_op.f("ix_partner_referral_practices_counterpart_id"))
        batch_op.drop_index(batch_op.f("ix_partner_referral_practices_centre_id"))
    op.drop_table("partner_referral_practices")
    with op.batch_alter_table("partner_placements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_placements_unit_id"))
        batch_op.drop_index(batch_op.f("ix_partner_placements_host_id"))
    op.drop_table("partner_placements")
    with op.batch_alter_table("partner_research_permits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_research_permits_status"))
    op.drop_table("partner_research_permits")
    with op.batch_alter_table("partner_programmes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_programmes_status"))
        batch_op.drop_index(batch_op.f("ix_partner_programmes_accreditation"))
    op.drop_table("partner_programmes")
    with op.batch_alter_table("partner_international", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_international_type"))
    op.drop_table("partner_international")
    with op.batch_alter_table("partner_instructions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_instructions_document"))
    op.drop_table("partner_instructions")
    op.drop_table("partner_fee_levels")
    with op.batch_alter_table("partner_data_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_data_requests_status"))
    op.drop_table("partner_data_requests")
    op.drop_table("partner_criteria_versions")
    # ### end Alembic commands ###
