"""partners: the stakeholder registry, activity places tied to plans, attendance, keyword
search (issue 7)

Revision ID: 0005_partners
Revises: 0001
Create Date: 2026-11-22 18:10:00

Also gives ``zones`` a nullable ``place_id``: the zone of an activity place, enforced by the
engine only during the plan windows that carry the same place. Keyword search: an FTS5 table
of Finnish stems on SQLite, a GIN index over ``to_tsvector('finnish', ...)`` on PostgreSQL.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import valvo.adapters.db.types

revision = "0005_partners"
down_revision = "0004_cases"
branch_labels = None
depends_on = None

FTS5 = (
    "CREATE VIRTUAL TABLE partner_search_fts USING fts5("
    "entity_kind UNINDEXED, entity_id UNINDEXED, title, body, "
    "tokenize = 'unicode61 remove_diacritics 2')"
)
PG_INDEX = (
    "CREATE INDEX ix_partner_search_finnish ON partner_search USING gin "
    "(to_tsvector('finnish'::regconfig, title || ' ' || body))"
)


def upgrade() -> None:
    with op.batch_alter_table("zones", schema=None) as batch_op:
        batch_op.add_column(sa.Column("place_id", sa.String(length=36), nullable=True))
    op.create_table(
        "partner_organisations",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("type", sa.String(length=40), nullable=False),
        sa.Column("parent_id", sa.String(length=36), nullable=True),
        sa.Column("municipality", sa.String(length=80), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["partner_organisations.id"],
            name=op.f("fk_partner_organisations_parent_id_partner_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_organisations")),
    )
    with op.batch_alter_table("partner_organisations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_partner_organisations_parent_id"), ["parent_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_partner_organisations_type"), ["type"], unique=False)

    op.create_table(
        "partner_projects",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("applicant", sa.String(length=200), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_projects")),
    )
    with op.batch_alter_table("partner_projects", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_partner_projects_stage"), ["stage"], unique=False)

    op.create_table(
        "partner_quality_criteria",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_quality_criteria")),
        sa.UniqueConstraint("code", name=op.f("uq_partner_quality_criteria_code")),
    )
    op.create_table(
        "partner_search",
        sa.Column("entity_kind", sa.String(length=20), nullable=False),
        sa.Column("entity_id", sa.String(length=36), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("updated_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("entity_kind", "entity_id", name=op.f("pk_partner_search")),
    )
    op.create_table(
        "partner_units",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("type", sa.String(length=40), nullable=False),
        sa.Column("parent_id", sa.String(length=36), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["partner_units.id"],
            name=op.f("fk_partner_units_parent_id_partner_units"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_units")),
    )
    with op.batch_alter_table("partner_units", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_partner_units_parent_id"), ["parent_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_partner_units_type"), ["type"], unique=False)

    op.create_table(
        "partner_activities",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("unit_id", sa.String(length=36), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("starts_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["partner_units.id"],
            name=op.f("fk_partner_activities_unit_id_partner_units"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_activities")),
    )
    with op.batch_alter_table("partner_activities", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_partner_activities_unit_id"), ["unit_id"], unique=False
        )

    op.create_table(
        "partner_agreements",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("level", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("centre_id", sa.String(length=36), nullable=True),
        sa.Column("checklist_item", sa.String(length=4), nullable=True),
        sa.Column("review_on", sa.Date(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["centre_id"],
            ["partner_units.id"],
            name=op.f("fk_partner_agreements_centre_id_partner_units"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_agreements")),
    )
    with op.batch_alter_table("partner_agreements", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_partner_agreements_centre_id"), ["centre_id"], unique=False
        )

    op.create_table(
        "partner_area_mappings",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("centre_id", sa.String(length=36), nullable=False),
        sa.Column("area_kind", sa.String(length=30), nullable=False),
        sa.Column("area_code", sa.String(length=40), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["centre_id"],
            ["partner_units.id"],
            name=op.f("fk_partner_area_mappings_centre_id_partner_units"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_area_mappings")),
    )
    with op.batch_alter_table("partner_area_mappings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_partner_area_mappings_centre_id"), ["centre_id"], unique=False
        )

    op.create_table(
        "partner_consents",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("subject_id", sa.String(length=36), nullable=False),
        sa.Column("purpose", sa.String(length=40), nullable=False),
        sa.Column("recipient", sa.String(length=200), nullable=False),
        sa.Column("given_on", sa.Date(), nullable=False),
        sa.Column("withdrawn_on", sa.Date(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["subject_id"], ["subjects.id"], name=op.f("fk_partner_consents_subject_id_subjects")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_consents")),
    )
    with op.batch_alter_table("partner_consents", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_partner_consents_subject_id"), ["subject_id"], unique=False
        )

    op.create_table(
        "partner_directory",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("unit_id", sa.String(length=36), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["partner_units.id"],
            name=op.f("fk_partner_directory_unit_id_partner_units"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_directory")),
    )
    with op.batch_alter_table("partner_directory", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_partner_directory_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "partner_events",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("type", sa.String(length=40), nullable=False),
        sa.Column("centre_id", sa.String(length=36), nullable=True),
        sa.Column("starts_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["centre_id"],
            ["partner_units.id"],
            name=op.f("fk_partner_events_centre_id_partner_units"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_events")),
    )
    with op.batch_alter_table("partner_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_partner_events_centre_id"), ["centre_id"], unique=False
        )

    op.create_table(
        "partner_experts",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("organisation_id", sa.String(length=36), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["partner_organisations.id"],
            name=op.f("fk_partner_experts_organisation_id_partner_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_experts")),
    )
    with op.batch_alter_table("partner_experts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_partner_experts_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "partner_feedback",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("sender", sa.String(length=20), nullable=False),
        sa.Column("topic", sa.String(length=20), nullable=False),
        sa.Column("unit_id", sa.String(length=36), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["partner_units.id"],
            name=op.f("fk_partner_feedback_unit_id_partner_units"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_feedback")),
    )
    with op.batch_alter_table("partner_feedback", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_partner_feedback_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "partner_meeting_obligations",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("counterpart", sa.String(length=200), nullable=False),
        sa.Column("centre_id", sa.String(length=36), nullable=True),
        sa.Column("frequency_months", sa.Integer(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["centre_id"],
            ["partner_units.id"],
            name=op.f("fk_partner_meeting_obligations_centre_id_partner_units"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_meeting_obligations")),
    )
    with op.batch_alter_table("partner_meeting_obligations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_partner_meeting_obligations_centre_id"), ["centre_id"], unique=False
        )

    op.create_table(
        "partner_networks",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("theme", sa.String(length=40), nullable=True),
        sa.Column("centre_id", sa.String(length=36), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["centre_id"],
            ["partner_units.id"],
            name=op.f("fk_partner_networks_centre_id_partner_units"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_networks")),
    )
    with op.batch_alter_table("partner_networks", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_partner_networks_centre_id"), ["centre_id"], unique=False
        )

    op.create_table(
        "partner_outside_persons",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=30), nullable=False),
        sa.Column("organisation_id", sa.String(length=36), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["partner_organisations.id"],
            name=op.f("fk_partner_outside_persons_organisation_id_partner_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_outside_persons")),
    )
    with op.batch_alter_table("partner_outside_persons", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_partner_outside_persons_organisation_id"),
            ["organisation_id"],
            unique=False,
        )

    op.create_table(
        "partner_place_evaluations",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("centre_id", sa.String(length=36), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["centre_id"],
            ["partner_units.id"],
            name=op.f("fk_partner_place_evaluations_centre_id_partner_units"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_place_evaluations")),
        sa.UniqueConstraint("centre_id", "year", name="uq_partner_place_evaluations_centre_year"),
    )
    with op.batch_alter_table("partner_place_evaluations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_partner_place_evaluations_centre_id"), ["centre_id"], unique=False
        )

    op.create_table(
        "partner_places",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("organiser_type", sa.String(length=40), nullable=False),
        sa.Column("centre_id", sa.String(length=36), nullable=True),
        sa.Column("municipality", sa.String(length=80), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["centre_id"],
            ["partner_units.id"],
            name=op.f("fk_partner_places_centre_id_partner_units"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_places")),
    )
    with op.batch_alter_table("partner_places", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_partner_places_centre_id"), ["centre_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_partner_places_kind"), ["kind"], unique=False)

    op.create_table(
        "partner_project_reviews",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("project_id", sa.String(length=36), nullable=False),
        sa.Column("reviewed_on", sa.Date(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["partner_projects.id"],
            name=op.f("fk_partner_project_reviews_project_id_partner_projects"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_project_reviews")),
    )
    with op.batch_alter_table("partner_project_reviews", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_partner_project_reviews_project_id"), ["project_id"], unique=False
        )

    op.create_table(
        "partner_relatives",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("subject_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["subject_id"], ["subjects.id"], name=op.f("fk_partner_relatives_subject_id_subjects")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_relatives")),
    )
    with op.batch_alter_table("partner_relatives", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_partner_relatives_subject_id"), ["subject_id"], unique=False
        )

    op.create_table(
        "partner_successions",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("predecessor_id", sa.String(length=36), nullable=False),
        sa.Column("successor_id", sa.String(length=36), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["predecessor_id"],
            ["partner_organisations.id"],
            name=op.f("fk_partner_successions_predecessor_id_partner_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["successor_id"],
            ["partner_organisations.id"],
            name=op.f("fk_partner_successions_successor_id_partner_organisations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_successions")),
        sa.UniqueConstraint("predecessor_id", name="uq_partner_successions_predecessor"),
    )
    with op.batch_alter_table("partner_successions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_partner_successions_predecessor_id"), ["predecessor_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_partner_successions_successor_id"), ["successor_id"], unique=False
        )

    op.create_table(
        "partner_contact_scopes",
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.Column("place_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["place_id"],
            ["partner_places.id"],
            name=op.f("fk_partner_contact_scopes_place_id_partner_places"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_partner_contact_scopes_user_id_users")
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_partner_contact_scopes")),
    )
    with op.batch_alter_table("partner_contact_scopes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_partner_contact_scopes_place_id"), ["place_id"], unique=False
        )

    op.create_table(
        "partner_event_invitations",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["partner_events.id"],
            name=op.f("fk_partner_event_invitations_event_id_partner_events"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_event_invitations")),
        sa.UniqueConstraint("event_id", "email", name="uq_partner_invitations_event_email"),
        sa.UniqueConstraint("token_hash", name=op.f("uq_partner_event_invitations_token_hash")),
    )
    with op.batch_alter_table("partner_event_invitations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_partner_event_invitations_event_id"), ["event_id"], unique=False
        )

    op.create_table(
        "partner_incident_reports",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("reported_on", sa.Date(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["partner_outside_persons.id"],
            name=op.f("fk_partner_incident_reports_person_id_partner_outside_persons"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_incident_reports")),
    )
    with op.batch_alter_table("partner_incident_reports", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_partner_incident_reports_person_id"), ["person_id"], unique=False
        )

    op.create_table(
        "partner_meetings",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("network_id", sa.String(length=36), nullable=True),
        sa.Column("obligation_id", sa.String(length=36), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["network_id"],
            ["partner_networks.id"],
            name=op.f("fk_partner_meetings_network_id_partner_networks"),
        ),
        sa.ForeignKeyConstraint(
            ["obligation_id"],
            ["partner_meeting_obligations.id"],
            name=op.f("fk_partner_meetings_obligation_id_partner_meeting_obligations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_meetings")),
    )
    with op.batch_alter_table("partner_meetings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_partner_meetings_held_on"), ["held_on"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_partner_meetings_network_id"), ["network_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_partner_meetings_obligation_id"), ["obligation_id"], unique=False
        )

    op.create_table(
        "partner_network_members",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("network_id", sa.String(length=36), nullable=False),
        sa.Column("organisation_id", sa.String(length=36), nullable=True),
        sa.Column("unit_id", sa.String(length=36), nullable=True),
        sa.Column("contact_name", sa.String(length=200), nullable=True),
        sa.Column("last_verified_on", sa.Date(), nullable=True),
        sa.Column("token_hash", sa.String(length=64), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["network_id"],
            ["partner_networks.id"],
            name=op.f("fk_partner_network_members_network_id_partner_networks"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["partner_organisations.id"],
            name=op.f("fk_partner_network_members_organisation_id_partner_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["partner_units.id"],
            name=op.f("fk_partner_network_members_unit_id_partner_units"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_network_members")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_partner_network_members_token_hash")),
    )
    with op.batch_alter_table("partner_network_members", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_partner_network_members_network_id"), ["network_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_partner_network_members_organisation_id"),
            ["organisation_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_partner_network_members_unit_id"), ["unit_id"], unique=False
        )

    op.create_table(
        "partner_services",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("unit_id", sa.String(length=36), nullable=True),
        sa.Column("partner_id", sa.String(length=36), nullable=True),
        sa.Column("place_id", sa.String(length=36), nullable=True),
        sa.Column("review_on", sa.Date(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partner_organisations.id"],
            name=op.f("fk_partner_services_partner_id_partner_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["place_id"],
            ["partner_places.id"],
            name=op.f("fk_partner_services_place_id_partner_places"),
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["partner_units.id"],
            name=op.f("fk_partner_services_unit_id_partner_units"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_services")),
    )
    with op.batch_alter_table("partner_services", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_partner_services_partner_id"), ["partner_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_partner_services_place_id"), ["place_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_partner_services_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "partner_place_assignments",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("place_id", sa.String(length=36), nullable=False),
        sa.Column("order_id", sa.String(length=36), nullable=False),
        sa.Column("subject_id", sa.String(length=36), nullable=False),
        sa.Column("zone_id", sa.String(length=36), nullable=False),
        sa.Column("schedule_id", sa.String(length=36), nullable=False),
        sa.Column("ended_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name=op.f("fk_partner_place_assignments_order_id_orders")
        ),
        sa.ForeignKeyConstraint(
            ["place_id"],
            ["partner_places.id"],
            name=op.f("fk_partner_place_assignments_place_id_partner_places"),
        ),
        sa.ForeignKeyConstraint(
            ["schedule_id"],
            ["schedules.id"],
            name=op.f("fk_partner_place_assignments_schedule_id_schedules"),
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["subjects.id"],
            name=op.f("fk_partner_place_assignments_subject_id_subjects"),
        ),
        sa.ForeignKeyConstraint(
            ["zone_id"], ["zones.id"], name=op.f("fk_partner_place_assignments_zone_id_zones")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_place_assignments")),
    )
    with op.batch_alter_table("partner_place_assignments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_partner_place_assignments_order_id"), ["order_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_partner_place_assignments_place_id"), ["place_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_partner_place_assignments_subject_id"), ["subject_id"], unique=False
        )

    op.create_table(
        "partner_attendance",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("assignment_id", sa.String(length=36), nullable=False),
        sa.Column("session_date", sa.Date(), nullable=False),
        sa.Column("statement", sa.String(length=20), nullable=False),
        sa.Column("confirmed_by", sa.String(length=100), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["assignment_id"],
            ["partner_place_assignments.id"],
            name=op.f("fk_partner_attendance_assignment_id_partner_place_assignments"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_attendance")),
        sa.UniqueConstraint("assignment_id", "session_date", name="uq_partner_attendance_session"),
    )
    with op.batch_alter_table("partner_attendance", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_partner_attendance_assignment_id"), ["assignment_id"], unique=False
        )

    op.create_table(
        "partner_attendance_outcomes",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("assignment_id", sa.String(length=36), nullable=False),
        sa.Column("session_date", sa.Date(), nullable=False),
        sa.Column("subject_id", sa.String(length=36), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("linked_alarm_id", sa.String(length=36), nullable=True),
        sa.Column("linked_breach_id", sa.String(length=36), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", valvo.adapters.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["assignment_id"],
            ["partner_place_assignments.id"],
            name=op.f("fk_partner_attendance_outcomes_assignment_id_partner_place_assignments"),
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["subjects.id"],
            name=op.f("fk_partner_attendance_outcomes_subject_id_subjects"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_attendance_outcomes")),
        sa.UniqueConstraint("assignment_id", "session_date", name="uq_partner_outcomes_session"),
    )
    with op.batch_alter_table("partner_attendance_outcomes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_partner_attendance_outcomes_action"), ["action"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_partner_attendance_outcomes_assignment_id"),
            ["assignment_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_partner_attendance_outcomes_subject_id"), ["subject_id"], unique=False
        )

    if op.get_bind().dialect.name == "sqlite":
        op.execute(FTS5)
    else:
        op.execute(PG_INDEX)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS partner_search_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_partner_search_finnish")
    with op.batch_alter_table("partner_attendance_outcomes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_attendance_outcomes_subject_id"))
        batch_op.drop_index(batch_op.f("ix_partner_attendance_outcomes_assignment_id"))
        batch_op.drop_index(batch_op.f("ix_partner_attendance_outcomes_action"))

    op.drop_table("partner_attendance_outcomes")
    with op.batch_alter_table("partner_attendance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_attendance_assignment_id"))

    op.drop_table("partner_attendance")
    with op.batch_alter_table("partner_place_assignments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_place_assignments_subject_id"))
        batch_op.drop_index(batch_op.f("ix_partner_place_assignments_place_id"))
        batch_op.drop_index(batch_op.f("ix_partner_place_assignments_order_id"))

    op.drop_table("partner_place_assignments")
    with op.batch_alter_table("partner_services", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_services_unit_id"))
        batch_op.drop_index(batch_op.f("ix_partner_services_place_id"))
        batch_op.drop_index(batch_op.f("ix_partner_services_partner_id"))

    op.drop_table("partner_services")
    with op.batch_alter_table("partner_network_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_network_members_unit_id"))
        batch_op.drop_index(batch_op.f("ix_partner_network_members_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_partner_network_members_network_id"))

    op.drop_table("partner_network_members")
    with op.batch_alter_table("partner_meetings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_meetings_obligation_id"))
        batch_op.drop_index(batch_op.f("ix_partner_meetings_network_id"))
        batch_op.drop_index(batch_op.f("ix_partner_meetings_held_on"))

    op.drop_table("partner_meetings")
    with op.batch_alter_table("partner_incident_reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_incident_reports_person_id"))

    op.drop_table("partner_incident_reports")
    with op.batch_alter_table("partner_event_invitations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_event_invitations_event_id"))

    op.drop_table("partner_event_invitations")
    with op.batch_alter_table("partner_contact_scopes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_contact_scopes_place_id"))

    op.drop_table("partner_contact_scopes")
    with op.batch_alter_table("partner_successions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_successions_successor_id"))
        batch_op.drop_index(batch_op.f("ix_partner_successions_predecessor_id"))

    op.drop_table("partner_successions")
    with op.batch_alter_table("partner_relatives", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_relatives_subject_id"))

    op.drop_table("partner_relatives")
    with op.batch_alter_table("partner_project_reviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_project_reviews_project_id"))

    op.drop_table("partner_project_reviews")
    with op.batch_alter_table("partner_places", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_places_kind"))
        batch_op.drop_index(batch_op.f("ix_partner_places_centre_id"))

    op.drop_table("partner_places")
    with op.batch_alter_table("partner_place_evaluations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_place_evaluations_centre_id"))

    op.drop_table("partner_place_evaluations")
    with op.batch_alter_table("partner_outside_persons", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_outside_persons_organisation_id"))

    op.drop_table("partner_outside_persons")
    with op.batch_alter_table("partner_networks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_networks_centre_id"))

    op.drop_table("partner_networks")
    with op.batch_alter_table("partner_meeting_obligations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_meeting_obligations_centre_id"))

    op.drop_table("partner_meeting_obligations")
    with op.batch_alter_table("partner_feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_feedback_unit_id"))

    op.drop_table("partner_feedback")
    with op.batch_alter_table("partner_experts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_experts_organisation_id"))

    op.drop_table("partner_experts")
    with op.batch_alter_table("partner_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_events_centre_id"))

    op.drop_table("partner_events")
    with op.batch_alter_table("partner_directory", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_directory_unit_id"))

    op.drop_table("partner_directory")
    with op.batch_alter_table("partner_consents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_consents_subject_id"))

    op.drop_table("partner_consents")
    with op.batch_alter_table("partner_area_mappings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_area_mappings_centre_id"))

    op.drop_table("partner_area_mappings")
    with op.batch_alter_table("partner_agreements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_agreements_centre_id"))

    op.drop_table("partner_agreements")
    with op.batch_alter_table("partner_activities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_activities_unit_id"))

    op.drop_table("partner_activities")
    with op.batch_alter_table("partner_units", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_units_type"))
        batch_op.drop_index(batch_op.f("ix_partner_units_parent_id"))

    op.drop_table("partner_units")
    op.drop_table("partner_search")
    op.drop_table("partner_quality_criteria")
    with op.batch_alter_table("partner_projects", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_projects_stage"))

    op.drop_table("partner_projects")
    with op.batch_alter_table("partner_organisations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_organisations_type"))
        batch_op.drop_index(batch_op.f("ix_partner_organisations_parent_id"))

    op.drop_table("partner_organisations")

    with op.batch_alter_table("zones", schema=None) as batch_op:
        batch_op.drop_column("place_id")
