"""More tables of the case work (issue 6, second part): the wanted notice (§13), sentences
combined (§20), travel-cost claims (§22), supervision contacts (§10.3–10.4) and the
intoxication-observation form (§11.2). Migration ``0008_cases_more``."""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, Date, ForeignKey, Integer, String, Table, Text

from valvo.adapters.db.metadata import metadata
from valvo.adapters.db.tables_cases import _case, _created, _id
from valvo.adapters.db.types import UTCDateTime

# §13 (R88): RSV's wanted notice, on KHL's request, with the set date and its outcome.
case_wanted_notices = Table(
    "case_wanted_notices",
    metadata,
    _id(),
    _case(),
    Column("not_found_since", Date, nullable=False),
    Column("search_steps", Text, nullable=False),
    Column("issued_on", Date, nullable=False),
    Column("issued_by", String(200), nullable=False),  # the RSV official
    Column("contact_by", Date, nullable=False),  # the set date (määräpäivä)
    Column("contacted_on", Date, nullable=True),
    Column("status", String(20), nullable=False),  # in_force | contacted | missed
    Column("breach_id", String(36), ForeignKey("case_breaches.id"), nullable=True),
    *_created(),
)

# §20 (R95): each sentence added to the one being served, with the combination it gave.
case_joined_sentences = Table(
    "case_joined_sentences",
    metadata,
    _id(),
    _case(),
    Column("length_days", Integer, nullable=False),
    Column("sentenced_on", Date, nullable=False),
    Column("court", String(200), nullable=False),
    Column("length_before_days", Integer, nullable=False),
    Column("total_days", Integer, nullable=False),
    Column("cap_days", Integer, nullable=False),
    Column("combined_days", Integer, nullable=False),
    Column("capped", Boolean, nullable=False),
    *_created(),
)

# §22 (R96–R98): a claim, its fare basis, the decision and the amount.
case_travel_claims = Table(
    "case_travel_claims",
    metadata,
    _id(),
    _case(),
    Column("trip_on", Date, nullable=False),
    Column("purpose", String(20), nullable=False),  # domain.cases.travel_costs.TripPurpose
    Column("route", Text, nullable=False),
    Column("fare_basis", Text, nullable=False),
    Column("cheapest_fare_cents", Integer, nullable=False),
    Column("claimed_cents", Integer, nullable=False),
    Column("ground", String(20), nullable=True),  # §22.2
    Column("justification", Text, nullable=True),
    Column("approved", Boolean, nullable=False),
    Column("amount_cents", Integer, nullable=False),
    Column("reason", Text, nullable=False),
    *_created(),
)

# §10.3–10.4 (R50, R52, R57): contacts with the workplace, the activity place, co-residents and
# a minor's guardian. An unannounced one is KHL's own: never in a document or the timeline.
case_contacts = Table(
    "case_contacts",
    metadata,
    _id(),
    _case(),
    Column(
        "kind", String(20), nullable=False
    ),  # workplace | activity_place | co_resident | guardian
    Column("channel", String(20), nullable=False),  # phone | visit | email | letter
    Column("contacted_at", UTCDateTime, nullable=False),
    Column("counterpart", String(200), nullable=False),  # who was contacted
    Column("contacted_by", String(100), nullable=False),
    Column("announced", Boolean, nullable=False),
    Column("outcome", String(20), nullable=False),
    Column("notes", Text, nullable=True),
    *_created(),
)

# §11.2 (R62): the observations of apparent intoxication, on the form RSV confirms.
case_intoxication_observations = Table(
    "case_intoxication_observations",
    metadata,
    _id(),
    _case(),
    Column("observed_at", UTCDateTime, nullable=False),
    Column("occasion", String(30), nullable=False),  # visit | supervision_event | activity_event
    Column("place", Text, nullable=False),
    Column("observer", String(200), nullable=False),
    Column("signs", JSON, nullable=False),
    Column("description", Text, nullable=False),
    Column("convict_statement", Text, nullable=True),
    Column("test_ordered", String(20), nullable=False),  # none | breath | urine | saliva
    Column("visit_id", String(36), ForeignKey("case_visits.id"), nullable=True),
    *_created(),
)
