"""Tables of the case work (issue 6): monitoring sentences and travel bans, their reports,
plans, interruptions, breaches and decisions, supervision, and the deadline tasks.

Registered on the shared ``metadata`` (tables.py imports this module at its end), so the one
Alembic chain and ``metadata.create_all`` see them. Dates the law counts in days are ``Date``;
instants are aware UTC (``UTCDateTime``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)

from valvo.adapters.db.metadata import BigId, metadata
from valvo.adapters.db.types import UTCDateTime


def _id() -> Column[str]:
    return Column("id", String(36), primary_key=True)


def _case() -> Column[str]:
    return Column("case_id", String(36), ForeignKey("cases.id"), nullable=False, index=True)


def _created() -> tuple[Column[datetime], Column[str]]:
    return (
        Column("created_at", UTCDateTime, nullable=False),
        Column("created_by", String(100), nullable=False),
    )


# One row per case of either type: what the caseload lists.
cases = Table(
    "cases",
    metadata,
    _id(),
    Column("type", String(30), nullable=False),  # monitoring_sentence | travel_ban
    Column("subject_id", String(36), ForeignKey("subjects.id"), nullable=False, index=True),
    Column("order_id", String(36), ForeignKey("orders.id"), nullable=True),
    Column("status", String(30), nullable=False, index=True),
    Column("policy", String(30), nullable=False),  # the law's version (valvo.domain.law.policy)
    Column("timezone", String(60), nullable=False),
    Column("region", String(60), nullable=False),
    # R143: the case belongs to the pilot whose results are followed up (issue 17).
    Column("pilot", Boolean, nullable=False, default=False, server_default=false()),
    Column("updated_at", UTCDateTime, nullable=False),
    # The case number documents carry (VR-2026-00017: type, year, national sequence).
    Column("number", String(30), nullable=True, unique=True),
    *_created(),
)

# Monitoring sentence: the key dates and the court's judgment (RL 6:11a; §7).
sentences = Table(
    "sentences",
    metadata,
    Column("case_id", String(36), ForeignKey("cases.id"), primary_key=True),
    Column("length_days", Integer, nullable=True),
    Column("replaced_prison_days", Integer, nullable=True),  # R1
    Column("sentencing_court", String(200), nullable=True),  # R5
    Column("grounds", JSON, nullable=True),  # R3, R4 as the court stated them
    Column("sentenced_on", Date, nullable=True),
    Column("enforceable_on", Date, nullable=True),  # R5
    Column("early_enforcement", Boolean, nullable=False, default=False),  # §7.4; R6, R7
    Column("plan_confirmed_on", Date, nullable=True),
    Column("devices", JSON, nullable=False),  # device ids handed over (R32)
    Column("installed_at", UTCDateTime, nullable=True),  # R33
    Column("serving_start", Date, nullable=True),
    Column("under_21", Boolean, nullable=True),  # at the offence (R73)
    Column("prison_within_lookback", Boolean, nullable=True),  # R73, R76
    Column("ended_on", Date, nullable=True),
    Column("prison_days", Integer, nullable=True),  # §17 conversion (R89)
)

# The monitoring-sentence report (§4; R8–R17).
case_reports = Table(
    "case_reports",
    metadata,
    Column("case_id", String(36), ForeignKey("cases.id"), primary_key=True),
    Column("requester", String(20), nullable=False),  # prosecutor | court (R8)
    Column("requested_on", Date, nullable=False),
    Column("form_version", String(40), nullable=False),  # R12
    Column("suspect_consents", Boolean, nullable=True),  # item 1
    Column("dwelling_assessment", Text, nullable=True),  # item 2
    Column("circumstances_assessment", Text, nullable=True),  # item 3
    Column("activity_place", Text, nullable=True),  # item 4
    Column("movement_needs", Text, nullable=True),  # item 5
    Column("existing_work_or_study", Text, nullable=True),  # R27
    Column("statement_justified", Boolean, nullable=True),  # R11
    Column("statement", Text, nullable=True),
    Column("suspect_heard_on", Date, nullable=True),  # R13
    Column("substance_assessment", Text, nullable=True),  # R16
    Column("home_visit_on", Date, nullable=True),  # R17
    Column("home_visit_by", String(100), nullable=True),
    Column("completed_on", Date, nullable=True),
)

case_co_residents = Table(
    "case_co_residents",
    metadata,
    _id(),
    _case(),
    Column("name", String(200), nullable=False),
    Column("birth_date", Date, nullable=False),  # R14
    Column("written_consent", Boolean, nullable=False, default=False),  # R14, adults
    Column("consent_document", String(200), nullable=True),  # scan or signature reference
    Column("heard", Boolean, nullable=False, default=False),  # R15, ages 12–17
    Column("heard_on", Date, nullable=True),
    Column("views", Text, nullable=True),
    *_created(),
)

# Plan versions (§6; R19–R26): version 1 is the plan, later ones amendments with a reason.
case_plans = Table(
    "case_plans",
    metadata,
    _id(),
    _case(),
    Column("version", Integer, nullable=False),
    Column("content", JSON, nullable=False),  # domain.cases.sentence_plan JSON form
    Column("reason", Text, nullable=True),  # R26: material change or comparable weighty reason
    Column("convict_heard_on", Date, nullable=False),  # §6, §8; R21, R26
    Column("schedule_id", String(36), ForeignKey("schedules.id"), nullable=False),  # R23
    *_created(),
    UniqueConstraint("case_id", "version", name="uq_case_plans_case_version"),
)

case_interruptions = Table(
    "case_interruptions",
    metadata,
    _id(),
    _case(),
    Column("seq", Integer, nullable=False),
    Column("reason", String(30), nullable=False),  # domain.cases.serving.InterruptionReason
    Column("start", Date, nullable=False),
    Column("end", Date, nullable=True),
    Column("court_allowed_continuation", Boolean, nullable=False, default=False),
    Column("cause", Text, nullable=True),
    *_created(),
    UniqueConstraint("case_id", "seq", name="uq_case_interruptions_case_seq"),
)

# Breach cases (§14; R78–R83), from the alarm desk, a supervisor, an assistant or a test.
case_breaches = Table(
    "case_breaches",
    metadata,
    _id(),
    _case(),
    Column("kind", String(30), nullable=True),  # domain.cases.breach.BreachKind, once assessed
    Column("occurred_at", UTCDateTime, nullable=False),
    Column("source", String(30), nullable=False),  # alarm | supervisor | assistant | test
    Column("alarm_id", String(36), nullable=True, unique=True),
    Column("description", Text, nullable=True),
    Column("status", String(20), nullable=False),  # open | heard | warned | referred | closed
    Column("heard_on", Date, nullable=True),  # R78
    Column("convict_statement", Text, nullable=True),
    Column("response", String(30), nullable=True),
    Column("responded_on", Date, nullable=True),
    Column("warning_text", Text, nullable=True),  # R79
    *_created(),
)

# Prosecutor's and court's decisions (R84, R85, R87, R89–R91, R109, R118; R141 the decider).
case_decisions = Table(
    "case_decisions",
    metadata,
    _id(),
    _case(),
    Column("breach_id", String(36), ForeignKey("case_breaches.id"), nullable=True),
    Column("kind", String(40), nullable=False),
    Column("decided_by", String(20), nullable=False),  # court | prosecutor | police | khl
    Column("decided_at", UTCDateTime, nullable=False),
    Column("court", String(200), nullable=True),
    Column("in_absence", Boolean, nullable=True),  # §16; R85
    Column("details", JSON, nullable=False),
    *_created(),
)

supervisors = Table(
    "supervisors",
    metadata,
    _id(),
    Column("name", String(200), nullable=False),
    Column("kind", String(20), nullable=False),  # official | assistant (§9; R55)
    Column("username", String(100), nullable=True),
    Column("region", String(60), nullable=False),
    Column("qualification", Text, nullable=True),
    Column("consented", Boolean, nullable=False, default=False),
    Column("contract", String(200), nullable=True),
    Column("fee_per_visit_cents", Integer, nullable=True),  # R56 (reference: 10 €)
    *_created(),
)

case_supervision = Table(
    "case_supervision",
    metadata,
    _id(),
    _case(),
    Column("supervisor_id", String(36), ForeignKey("supervisors.id"), nullable=False),
    Column("role", String(20), nullable=False),  # supervisor | assistant
    Column("assigned_at", UTCDateTime, nullable=False),
    Column("ended_at", UTCDateTime, nullable=True),
)

# Visits: ``planned_at`` is the unannounced schedule, never shown to the convict (R51).
case_visits = Table(
    "case_visits",
    metadata,
    _id(),
    _case(),
    # home | workplace | activity | covert_check | key_fob (domain.cases.visits.VisitKind)
    Column("kind", String(20), nullable=False),
    Column("planned_at", UTCDateTime, nullable=True),
    Column("visited_at", UTCDateTime, nullable=True),
    Column("visitor_id", String(36), ForeignKey("supervisors.id"), nullable=True),
    Column("present", Boolean, nullable=True),
    Column("sober", Boolean, nullable=True),
    Column("entry_refused", Boolean, nullable=False, default=False),  # R54
    Column("police_assistance", Text, nullable=True),  # §21
    Column("intoxication_observations", Text, nullable=True),  # §11.2 form (R62)
    Column("notes", Text, nullable=True),
    Column("travel_km", Float, nullable=True),  # R137: the distance driven for the visit
    Column("travel_minutes", Integer, nullable=True),  # R137: and the travel time
    # A visit a device reported (R39 key fob seen by the home unit, R40 mobile checker):
    Column("device_id", String(36), nullable=True),  # the reporting device (registry)
    Column("fob", String(64), nullable=True),
    Column("departed_at", UTCDateTime, nullable=True),  # R39: the officer's departure
    *_created(),
)

case_substance_tests = Table(
    "case_substance_tests",
    metadata,
    _id(),
    _case(),
    Column("kind", String(20), nullable=False),  # domain.cases.substance.TestKind
    Column("taken_at", UTCDateTime, nullable=False),
    Column("location", String(200), nullable=True),
    Column("tester", String(100), nullable=False),
    Column("result", String(20), nullable=False),
    Column("substance", String(100), nullable=True),
    Column("justified_suspicion", Boolean, nullable=False, default=False),
    Column("consequence", String(30), nullable=False),
    Column("lab_requested_at", UTCDateTime, nullable=True),  # R64
    Column("lab_result", String(20), nullable=True),
    Column("lab_result_at", UTCDateTime, nullable=True),
    Column("entitled_medicine", Boolean, nullable=True),  # R65
    Column("breach_id", String(36), ForeignKey("case_breaches.id"), nullable=True),
    *_created(),
)

# Travel ban (PKL ch. 2): the decision's content, its dates and its status.
travel_bans = Table(
    "travel_bans",
    metadata,
    Column("case_id", String(36), ForeignKey("cases.id"), primary_key=True),
    Column("offence", Text, nullable=False),
    Column("max_penalty_months", Integer, nullable=False),
    Column("grounds", JSON, nullable=False),
    Column("area", Text, nullable=False),
    Column("forbidden_areas", JSON, nullable=False),
    Column("permitted_exits", JSON, nullable=False),
    Column("obligations", JSON, nullable=False),
    Column("obligation_details", Text, nullable=True),
    Column("locality_start", String(5), nullable=True),
    Column("locality_end", String(5), nullable=True),
    Column("locality_justification", Text, nullable=True),
    Column("decided_by", String(20), nullable=False),  # police | prosecutor | court (R109)
    Column("prosecutor_notified", Boolean, nullable=False, default=False),  # R110
    Column("provisional", Boolean, nullable=False),
    Column("court", String(200), nullable=True),  # the competent court (PKL 2:9)
    Column("heard_in_person_at", UTCDateTime, nullable=True),  # R112
    Column("copy_delivery", String(20), nullable=True),  # in_person | post (R113)
    Column("device_id", String(36), ForeignKey("devices.id"), nullable=False),  # R100
    Column("passport_status", String(20), nullable=False),  # R108
    Column("passport_surrendered_on", Date, nullable=True),
    Column("birth_date", Date, nullable=True),
    Column("under_18", Boolean, nullable=False, default=False),  # R102
    Column("decided_at", UTCDateTime, nullable=False),
    Column("term_ends_at", UTCDateTime, nullable=True),  # R103
    Column("referred_at", UTCDateTime, nullable=True),
    Column("court_decided_at", UTCDateTime, nullable=True),
    Column("charges_at", UTCDateTime, nullable=True),
    Column("extension_requested_at", UTCDateTime, nullable=True),
    Column("extended_until", UTCDateTime, nullable=True),
    Column("ended_at", UTCDateTime, nullable=True),
    # PKL 2:6, 2:8, 2:16 (R110, R112, R120), migration 0025_banlaw
    Column("decision_stage", String(20), nullable=True),  # None: investigation (older rows)
    Column("prosecutor_notified_at", UTCDateTime, nullable=True),  # R110
    Column(
        "prosecutor_took_over", Boolean, nullable=False, default=False, server_default=false()
    ),  # R110
    Column(
        "prosecutor_demanded", Boolean, nullable=False, default=False, server_default=false()
    ),  # R110, R120
    Column("court_hearing", String(20), nullable=True),  # R112: in_person | opportunity_given
    Column("sentence_kind", String(30), nullable=True),  # R120: the judgment's sentence
    Column("convicted_at", UTCDateTime, nullable=True),  # R120: kept in force at the judgment
    # PKL 2:14.2 (R118), migration 0026_ban_extension: the person's opportunity to be heard on
    # the official's request to extend (heard | opportunity_not_used), and a refusal
    Column("extension_heard_at", UTCDateTime, nullable=True),
    Column("extension_hearing", String(30), nullable=True),
    Column("extension_refused_at", UTCDateTime, nullable=True),
)

# Minor deviations a police officer entitled to arrest grants (PKL 2:11; R115) and §12
# exemptions KHL grants on a sentence (R30): both open one window in the enforced schedule.
case_exemptions = Table(
    "case_exemptions",
    metadata,
    _id(),
    _case(),
    Column("start", String(19), nullable=False),  # local wall-clock YYYY-MM-DDTHH:MM
    Column("end", String(19), nullable=False),
    Column("reason", Text, nullable=False),
    Column("granted_by", String(100), nullable=False),
    *_created(),
)

ban_violations = Table(
    "ban_violations",
    metadata,
    _id(),
    _case(),
    Column("category", String(30), nullable=False),  # domain.cases.violations (R122)
    Column("occurred_at", UTCDateTime, nullable=False),
    Column("description", Text, nullable=True),
    Column("minor", Boolean, nullable=False),
    Column("response", String(30), nullable=False),
    Column("decided_by", String(100), nullable=False),  # officer entitled to arrest
    Column("alarm_id", String(36), nullable=True),
    Column("warning_served_at", UTCDateTime, nullable=True),  # R123
    Column("warning_served_by", String(100), nullable=True),
    Column("warning_proof", Text, nullable=True),
    *_created(),
)

# The deadline monitor's tasks (domain.cases.deadlines).
deadline_tasks = Table(
    "deadline_tasks",
    metadata,
    _id(),
    _case(),
    Column("kind", String(40), nullable=False),
    Column("due_at", UTCDateTime, nullable=False),
    Column("done_at", UTCDateTime, nullable=True),
    Column("cancelled_at", UTCDateTime, nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    Index("ix_deadline_tasks_open", "done_at", "cancelled_at", "due_at"),
)

# The case's timeline: one line per step, in the order it happened (the audit trail holds the
# tamper-evident record; this is what the console shows).
case_events = Table(
    "case_events",
    metadata,
    Column("seq", BigId, primary_key=True, autoincrement=True),
    _case(),
    Column("at", UTCDateTime, nullable=False),
    Column("actor", String(100), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("details", JSON, nullable=False),
)
