"""Tables of the person's network (issue 21; S24–S52); migration 0023_network.

Same shape as ``tables_partners``: the validated record as JSON in ``data``, the fields lists
filter on in their own indexed columns. Every table names the person (``subject_id``), so the
region scoping of ``adapters/db/scoping.in_region`` keeps each to its region.
"""

from __future__ import annotations

from sqlalchemy import Column, Date, String, Table

from valvo.adapters.db.tables_partners import _record, _ref
from valvo.adapters.db.types import UTCDateTime


def _subject() -> Column[str]:
    return _ref("subject_id", "subjects", nullable=False)


contexts = _record(
    "network_contexts",
    _subject(),
    Column("phase", String(20), nullable=False, index=True),
    Column("home_municipality", String(100), nullable=False, index=True),
    Column("wellbeing_county", String(100), nullable=False, index=True),
)
disclosures = _record(
    "network_disclosures",
    _subject(),
    Column("purpose", String(40), nullable=False),
    Column("recipient", String(200), nullable=False),
    Column("basis", String(20), nullable=False),  # consent | legal_ground
    Column("disclosed_on", Date, nullable=False),
)
cooperation = _record(
    "network_cooperation",
    _subject(),
    Column("started_on", Date, nullable=False),
)
plans = _record(
    "network_plans",
    _subject(),
    Column("plan_type", String(40), nullable=False),
    Column("status", String(20), nullable=False),
)
meetings = _record(
    "network_meetings",
    _subject(),
    Column("held_on", Date, nullable=False),
)
requests = _record(
    "network_requests",
    _subject(),
    Column("status", String(20), nullable=False),
    Column("received_on", Date, nullable=False),
)
vth_events = _record(
    "network_vth_events",
    _subject(),
    Column("held_on", Date, nullable=False),
)
assessments = _record(
    "network_assessments",
    _subject(),
    Column("assessed_on", Date, nullable=False),
)
appointments = _record(
    "network_appointments",
    _subject(),
    _ref("partner_id", "partner_organisations", nullable=False),
    _ref("unit_id", "partner_units", nullable=False),
    Column("starts_at", UTCDateTime, nullable=False),
    Column("status", String(20), nullable=False),
)
hearings = _record(
    "network_hearings",
    _subject(),
    Column("heard_on", Date, nullable=False),
)
deferrals = _record(
    "network_deferrals",
    _subject(),
    Column("applied_on", Date, nullable=False),
    Column("decision", String(20), nullable=True),
)
referrals = _record(
    "network_referrals",
    _subject(),
    _ref("partner_id", "partner_organisations", nullable=False),
    Column("need", String(40), nullable=False, index=True),
    Column("status", String(20), nullable=False, index=True),
    Column("referred_on", Date, nullable=False),
)
relative_contacts = _record(
    "network_relative_contacts",
    _subject(),
    _ref("relative_id", "partner_relatives", nullable=False),
    Column("contacted_on", Date, nullable=False),
)
justice_log = _record(
    "network_justice_log",
    _subject(),
    _ref("case_id", "cases"),
    Column("kind", String(40), nullable=False),
    Column("on", Date, nullable=False),
)
# S43: the fine-defaulter / short-term pre-enforcement case (migration 0026_preenforcement);
# its steps, status and outcome are kept in ``data`` by its use cases.
pre_enforcement = _record(
    "network_pre_enforcement",
    _subject(),
    Column("opened_on", Date, nullable=False),
    Column("sanction", String(40), nullable=False),
)
# S35: VTH consultations in the preparation phase (behind VALVO_VTH_CONSULTATION).
vth_consultations = _record(
    "network_vth_consultations",
    _subject(),
    Column("requested_on", Date, nullable=False),
)

NETWORK_TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        contexts,
        disclosures,
        cooperation,
        plans,
        meetings,
        requests,
        vth_events,
        assessments,
        appointments,
        hearings,
        deferrals,
        referrals,
        relative_contacts,
        justice_log,
        pre_enforcement,
        vth_consultations,
    )
}

# S44: a unit's rapid-response teams (not about one person: not region-scoped by a person).
response_teams = _record(
    "network_response_teams",
    _ref("unit_id", "partner_units", nullable=False),
    Column("name", String(200), nullable=False),
)
SHARED_TABLES: dict[str, Table] = {response_teams.name: response_teams}
