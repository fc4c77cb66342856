"""Record kinds of projects, outside persons, experts, relatives, consents, events, feedback,
the directory and service descriptions (S31, S51, S57, S59–S85)."""

from __future__ import annotations

from valvo.domain.partners.directory import DirectoryEntry, ServiceDescription
from valvo.domain.partners.engagement import Event, Feedback
from valvo.domain.partners.outside_workers import OutsidePerson
from valvo.domain.partners.people import Consent, Expert, Relative
from valvo.domain.partners.projects import Application
from valvo.services.partners.kinds_common import ORGS, PLACES, UNITS, join_text, name_of
from valvo.services.partners.records import Kind

# --- S59–S66: project partnerships ---------------------------------------------------------

PROJECT = Kind(
    "projects",
    "partner_projects",
    "project",
    (
        "name",
        "applicant",
        "applicant_form",
        "description",
        "need",
        "target_unit_ids",
        "planned_cooperation",
        "funders",
        "prison_visits",
        "organisation_cleared",
        "workers_cleared",
        "electronic_services",
        "expert_opinion",
    ),
    lambda d, _: Application.read(d),
    lambda a: {"name": a.name, "applicant": a.applicant},
    refs={"target_unit_ids": UNITS},
    managed=(
        "stage",
        "eligibility",
        "recommendation",
        "decision",
        "started_on",
        "responsible_person",
        "reviews",
        "evaluation",
        "closed_on",
    ),
)

# --- S67–S75: outside persons, experts; S31, S51: relatives and consents --------------------

OUTSIDE_PERSON = Kind(
    "outside-persons",
    "partner_outside_persons",
    "outside_person",
    (
        "name",
        "role",
        "organisation_id",
        "tasks",
        "unit_ids",
        "criminal_background",
        "sanctions",
        "open_cases",
        "paired",
    ),
    lambda d, _: OutsidePerson.read(d),
    lambda p: {"name": p.name, "role": p.role, "organisation_id": p.organisation_id},
    refs={"organisation_id": ORGS, "unit_ids": UNITS},
    managed=("record",),
)
EXPERT = Kind(
    "experts",
    "partner_experts",
    "expert",
    (
        "name",
        "organisation_id",
        "training_provider",
        "training_path",
        "training_evidence",
        "roles",
        "experience_areas",
        "support_arrangement",
        "email",
        "phone",
    ),
    lambda d, _: Expert.read(d),
    lambda e: {"name": e.name, "organisation_id": e.organisation_id},
    refs={"organisation_id": ORGS},
)
RELATIVE = Kind(
    "relatives",
    "partner_relatives",
    "relative",
    (
        "subject_id",
        "name",
        "relationship",
        "email",
        "phone",
        "consent_to_contact",
        "consent_on",
        "responsible_official",
    ),
    lambda d, _: Relative.read(d),
    lambda r: {"subject_id": r.subject_id, "name": r.name},
    refs={"subject_id": "subjects"},
)
CONSENT = Kind(
    "consents",
    "partner_consents",
    "consent",
    ("subject_id", "purpose", "recipient", "categories", "given_on", "channel"),
    lambda d, _: Consent.read(d),
    lambda k: {
        "subject_id": k.subject_id,
        "purpose": k.purpose,
        "recipient": k.recipient,
        "given_on": k.given_on,
    },
    refs={"subject_id": "subjects"},
    managed=("withdrawn_on", "withdrawal_channel"),
)

# --- S76, S84: events and feedback; S57, S78, S79: directory and services -------------------

EVENT = Kind(
    "events",
    "partner_events",
    "event",
    (
        "title",
        "type",
        "format",
        "audiences",
        "starts_at",
        "ends_at",
        "centre_id",
        "capacity",
        "location",
        "materials",
    ),
    lambda d, _: Event.read(d),
    lambda e: {
        "title": e.title,
        "type": e.type,
        "centre_id": e.centre_id,
        "starts_at": e.starts_at,
    },
    refs={"centre_id": UNITS},
)
FEEDBACK = Kind(
    "feedback",
    "partner_feedback",
    "feedback",
    ("sender", "topic", "message", "unit_id", "rating", "contact"),
    lambda d, _: Feedback.read(d),
    lambda f: {"sender": f.sender, "topic": f.topic, "unit_id": f.unit_id},
    refs={"unit_id": UNITS},
)
DIRECTORY = Kind(
    "directory",
    "partner_directory",
    "directory_entry",
    ("kind", "name", "email", "phone", "unit_id", "title", "themes", "competences"),
    lambda d, _: DirectoryEntry.read(d),
    lambda e: {"kind": e.kind, "name": e.name, "unit_id": e.unit_id},
    refs={"unit_id": UNITS},
    search=lambda uow, e: (
        e.name,
        join_text(e.title, e.themes, e.competences, e.email, name_of(uow, UNITS, e.unit_id)),
    ),
    search_kind="person",
)
SERVICE = Kind(
    "services",
    "partner_services",
    "service",
    ("title", "description", "owner", "unit_id", "partner_id", "place_id", "review_on", "keywords"),
    lambda d, _: ServiceDescription.read(d),
    lambda s: {
        "title": s.title,
        "unit_id": s.unit_id,
        "partner_id": s.partner_id,
        "place_id": s.place_id,
        "review_on": s.review_on,
    },
    refs={"unit_id": UNITS, "partner_id": ORGS, "place_id": PLACES},
    search=lambda uow, s: (
        s.title,
        join_text(
            s.description,
            s.keywords,
            s.owner,
            name_of(uow, ORGS, s.partner_id),
            name_of(uow, PLACES, s.place_id),
        ),
    ),
    search_kind="service",
)
