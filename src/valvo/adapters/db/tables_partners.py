"""Tables of the partner registry (issue 7; requirements S1–S101).

Each record table keeps the validated record as JSON in ``data`` (what the domain reads back)
and copies the fields that lists filter and join on into their own indexed columns. The
keyword index is ``partner_search`` (title and body per entity); on SQLite an FTS5 table
``partner_search_fts`` holding Finnish stems shadows it, on PostgreSQL a GIN index over
``to_tsvector('finnish', …)`` serves it (both made by migration 0005).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.schema import SchemaItem

from valvo.adapters.db.metadata import metadata
from valvo.adapters.db.types import UTCDateTime


def _record(name: str, *items: SchemaItem) -> Table:
    return Table(
        name,
        metadata,
        Column("id", String(36), primary_key=True),
        *items,
        Column("data", JSON, nullable=False),
        Column("created_at", UTCDateTime, nullable=False),
        Column("updated_at", UTCDateTime, nullable=False),
    )


def _ref(name: str, target: str, nullable: bool = True, index: bool = True) -> Column[str]:
    return Column(name, String(36), ForeignKey(f"{target}.id"), nullable=nullable, index=index)


units = _record(
    "partner_units",
    Column("name", String(200), nullable=False),
    Column("type", String(40), nullable=False, index=True),
    _ref("parent_id", "partner_units"),
)
area_mappings = _record(
    "partner_area_mappings",
    _ref("centre_id", "partner_units", nullable=False),
    Column("area_kind", String(30), nullable=False),
    Column("area_code", String(40), nullable=False),
    Column("valid_from", Date, nullable=True),
    Column("valid_to", Date, nullable=True),
)
organisations = _record(
    "partner_organisations",
    Column("name", String(200), nullable=False),
    Column("type", String(40), nullable=False, index=True),
    _ref("parent_id", "partner_organisations"),
    Column("municipality", String(80), nullable=True),
)
successions = _record(
    "partner_successions",
    _ref("predecessor_id", "partner_organisations", nullable=False),
    _ref("successor_id", "partner_organisations", nullable=False),
    Column("effective_on", Date, nullable=False),
    UniqueConstraint("predecessor_id", name="uq_partner_successions_predecessor"),
)
agreements = _record(
    "partner_agreements",
    Column("title", String(300), nullable=False),
    Column("level", String(20), nullable=False),
    Column("status", String(20), nullable=False),
    _ref("centre_id", "partner_units"),
    Column("checklist_item", String(4), nullable=True),
    Column("review_on", Date, nullable=True),
)
networks = _record(
    "partner_networks",
    Column("name", String(200), nullable=False),
    Column("kind", String(30), nullable=False),
    Column("theme", String(40), nullable=True),
    _ref("centre_id", "partner_units"),
)
network_members = _record(
    "partner_network_members",
    _ref("network_id", "partner_networks", nullable=False),
    _ref("organisation_id", "partner_organisations"),
    _ref("unit_id", "partner_units"),
    Column("contact_name", String(200), nullable=True),
    Column("last_verified_on", Date, nullable=True),
    Column("token_hash", String(64), nullable=True, unique=True),
)
obligations = _record(
    "partner_meeting_obligations",
    Column("title", String(300), nullable=False),
    Column("counterpart", String(200), nullable=False),
    _ref("centre_id", "partner_units"),
    Column("frequency_months", Integer, nullable=False),
)
meetings = _record(
    "partner_meetings",
    Column("title", String(300), nullable=False),
    Column("held_on", Date, nullable=False, index=True),
    _ref("network_id", "partner_networks"),
    _ref("obligation_id", "partner_meeting_obligations"),
)
places = _record(
    "partner_places",
    Column("name", String(200), nullable=False),
    Column("kind", String(40), nullable=False, index=True),
    Column("organiser_type", String(40), nullable=False),
    _ref("centre_id", "partner_units"),
    Column("municipality", String(80), nullable=False),
    Column("active", Boolean, nullable=False),
)
quality_criteria = _record(
    "partner_quality_criteria",
    Column("code", String(20), nullable=False, unique=True),
)
place_evaluations = _record(
    "partner_place_evaluations",
    _ref("centre_id", "partner_units", nullable=False),
    Column("year", Integer, nullable=False),
    UniqueConstraint("centre_id", "year", name="uq_partner_place_evaluations_centre_year"),
)
place_assignments = _record(
    "partner_place_assignments",
    _ref("place_id", "partner_places", nullable=False),
    _ref("order_id", "orders", nullable=False),
    _ref("subject_id", "subjects", nullable=False),
    _ref("zone_id", "zones", nullable=False, index=False),
    _ref("schedule_id", "schedules", nullable=False, index=False),
    Column("ended_at", UTCDateTime, nullable=True),
)
attendance = _record(
    "partner_attendance",
    _ref("assignment_id", "partner_place_assignments", nullable=False),
    Column("session_date", Date, nullable=False),
    Column("statement", String(20), nullable=False),
    Column("confirmed_by", String(100), nullable=False),
    UniqueConstraint("assignment_id", "session_date", name="uq_partner_attendance_session"),
)
attendance_outcomes = _record(
    "partner_attendance_outcomes",
    _ref("assignment_id", "partner_place_assignments", nullable=False),
    Column("session_date", Date, nullable=False),
    _ref("subject_id", "subjects", nullable=False),
    Column("outcome", String(20), nullable=False),
    Column("action", String(20), nullable=False, index=True),
    Column("linked_alarm_id", String(36), nullable=True),
    Column("linked_breach_id", String(36), nullable=True),
    UniqueConstraint("assignment_id", "session_date", name="uq_partner_outcomes_session"),
)
projects = _record(
    "partner_projects",
    Column("name", String(300), nullable=False),
    Column("stage", String(20), nullable=False, index=True),
    Column("applicant", String(200), nullable=False),
)
project_reviews = _record(
    "partner_project_reviews",
    _ref("project_id", "partner_projects", nullable=False),
    Column("reviewed_on", Date, nullable=False),
)
outside_persons = _record(
    "partner_outside_persons",
    Column("name", String(200), nullable=False),
    Column("role", String(30), nullable=False),
    _ref("organisation_id", "partner_organisations"),
)
incident_reports = _record(
    "partner_incident_reports",
    _ref("person_id", "partner_outside_persons", nullable=False),
    Column("reported_on", Date, nullable=False),
)
activities = _record(
    "partner_activities",
    _ref("unit_id", "partner_units", nullable=False),
    Column("title", String(300), nullable=False),
    Column("starts_at", UTCDateTime, nullable=False),
)
experts = _record(
    "partner_experts",
    Column("name", String(200), nullable=False),
    _ref("organisation_id", "partner_organisations"),
)
relatives = _record(
    "partner_relatives",
    _ref("subject_id", "subjects", nullable=False),
    Column("name", String(200), nullable=False),
)
consents = _record(
    "partner_consents",
    _ref("subject_id", "subjects", nullable=False),
    Column("purpose", String(40), nullable=False),
    Column("recipient", String(200), nullable=False),
    Column("given_on", Date, nullable=False),
    Column("withdrawn_on", Date, nullable=True),
)
events = _record(
    "partner_events",
    Column("title", String(300), nullable=False),
    Column("type", String(40), nullable=False),
    _ref("centre_id", "partner_units"),
    Column("starts_at", UTCDateTime, nullable=False),
)
invitations = _record(
    "partner_event_invitations",
    _ref("event_id", "partner_events", nullable=False),
    Column("email", String(200), nullable=False),
    Column("status", String(20), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    UniqueConstraint("event_id", "email", name="uq_partner_invitations_event_email"),
)
feedback = _record(
    "partner_feedback",
    Column("sender", String(20), nullable=False),
    Column("topic", String(20), nullable=False),
    _ref("unit_id", "partner_units"),
)
directory = _record(
    "partner_directory",
    Column("kind", String(20), nullable=False),
    Column("name", String(200), nullable=False),
    _ref("unit_id", "partner_units"),
)
services = _record(
    "partner_services",
    Column("title", String(300), nullable=False),
    _ref("unit_id", "partner_units"),
    _ref("partner_id", "partner_organisations"),
    _ref("place_id", "partner_places"),
    Column("review_on", Date, nullable=True),
)
# A partner contact's account is scoped to exactly one place (role ``partner_contact``).
contact_scopes = Table(
    "partner_contact_scopes",
    metadata,
    Column("user_id", String(36), ForeignKey("users.id"), primary_key=True),
    _ref("place_id", "partner_places", nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)
search_entries = Table(
    "partner_search",
    metadata,
    Column("entity_kind", String(20), primary_key=True),
    Column("entity_id", String(36), primary_key=True),
    Column("title", String(300), nullable=False),
    Column("body", Text, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)

RECORD_TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        units,
        area_mappings,
        organisations,
        successions,
        agreements,
        networks,
        network_members,
        obligations,
        meetings,
        places,
        quality_criteria,
        place_evaluations,
        place_assignments,
        attendance,
        attendance_outcomes,
        projects,
        project_reviews,
        outside_persons,
        incident_reports,
        activities,
        experts,
        relatives,
        consents,
        events,
        invitations,
        feedback,
        directory,
        services,
    )
}
