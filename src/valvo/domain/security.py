"""Roles and what each may do, declared once; every API route names the permission it needs
(or is listed in ``PUBLIC_ROUTES``). ``Scope`` is what a user may see of the caseload: a user
with a region sees only that region's subjects, devices, alarms and cases (R131).
See docs/authorisation.md."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, time
from enum import StrEnum
from zoneinfo import ZoneInfo


class Permission(StrEnum):
    READ_REGISTRY = "registry:read"
    WRITE_REGISTRY = "registry:write"
    READ_LOCATION = "location:read"
    READ_ALARMS = "alarms:read"
    WORK_ALARMS = "alarms:work"
    MANAGE_USERS = "users:manage"
    # Gateway (issue 3): quarantined devices, device keys, raw-frame provenance.
    MANAGE_DEVICES = "devices:manage"
    # Cases (issue 6): supervisors run sentences, police run travel bans and see nothing else
    # (R131), prosecutors and courts record their decisions in both (R141).
    READ_SENTENCES = "sentences:read"
    WORK_SENTENCES = "sentences:work"
    READ_TRAVEL_BANS = "travel_bans:read"
    WORK_TRAVEL_BANS = "travel_bans:work"
    DECIDE_CASES = "cases:decide"
    # Alarm desk (issue 5): escalating by hand, reopening and confirming a periodic review,
    # and writing the shift-handover log.
    ESCALATE_ALARMS = "alarms:escalate"
    SUPERVISE_ALARMS = "alarms:supervise"
    REVIEW_ALARMS = "alarms:review"
    WRITE_SHIFT_LOG = "shiftlog:write"
    # Partners (issue 7): the stakeholder registry; a partner contact confirms attendance at
    # the one place its account is scoped to.
    READ_PARTNERS = "partners:read"
    WRITE_PARTNERS = "partners:write"
    CONFIRM_ATTENDANCE = "attendance:confirm"
    # Security (issue 8): the oversight body's auditor reads the audit trail; retention policy
    # and legal holds are the administrator's.
    READ_AUDIT = "audit:read"
    MANAGE_RETENTION = "retention:manage"
    # Follow-up (issue 17): the pilot's statistics and cost per day, in aggregate only.
    READ_STATISTICS = "statistics:read"
    # R143: put a unit (a region) into the pilot from a date, or take it out (issue 17).
    MANAGE_PILOT = "pilot:manage"
    # Crime matching (issue 16): the police and their crime analysts submit crimes and match
    # them against the monitored people's fixes; they read matches, never whole tracks.
    SUBMIT_CRIMES = "crimes:submit"
    MATCH_CRIMES = "crimes:match"
    # Evidence (issue 16): building a signed evidence package of an alarm or a person's track
    # (it holds the track, so only roles that read locations for their work).
    BUILD_EVIDENCE = "evidence:build"
    # Victims (R139, R140): who the victim is and how to reach them is read only by those who
    # run or decide the case; recording a victim, their zones and a restraining order is the
    # case's runner's (the supervisor of a sentence, the police of a travel ban). Operators
    # see the zone's purpose and geometry on an open alarm only.
    READ_VICTIMS = "victims:read"
    WORK_VICTIMS = "victims:work"
    # Restricted cases (issue 15): a protected person's, a staff member's or a high-profile
    # case is seen, worked and marked only by those who hold this; everyone else gets 404.
    ACCESS_RESTRICTED = "restricted:access"
    # The monitored person's own page (issue 15 item 8): their week, appointments, messages,
    # device instructions and problem reports, answered from the one person the account is
    # linked to (``person_logins``), never from an id in the request.
    OWN_PAGE = "own_page:use"


_SUPERVISOR = frozenset(
    {
        Permission.READ_PARTNERS,
        Permission.WRITE_PARTNERS,
        Permission.READ_REGISTRY,
        Permission.WRITE_REGISTRY,
        Permission.READ_LOCATION,
        Permission.READ_ALARMS,
        Permission.READ_SENTENCES,
        Permission.WORK_SENTENCES,
        Permission.ESCALATE_ALARMS,
        Permission.SUPERVISE_ALARMS,
        Permission.REVIEW_ALARMS,
        Permission.WRITE_SHIFT_LOG,
        Permission.READ_STATISTICS,
        Permission.BUILD_EVIDENCE,
        Permission.READ_VICTIMS,
        Permission.WORK_VICTIMS,
    }
)

ROLES: Mapping[str, frozenset[Permission]] = {
    "operator": frozenset(
        {
            Permission.READ_REGISTRY,
            Permission.READ_LOCATION,
            Permission.READ_ALARMS,
            Permission.WORK_ALARMS,
            Permission.ESCALATE_ALARMS,
            Permission.REVIEW_ALARMS,
            Permission.WRITE_SHIFT_LOG,
            Permission.READ_PARTNERS,
            Permission.BUILD_EVIDENCE,
        }
    ),
    "supervisor": _SUPERVISOR,
    # Regional manager (PRODUCT.md: "sees the region's caseload, workload and statistics"):
    # reads the registry, the alarm queue and its statistics, and the sentences of the region.
    # No location reads: managing workload needs no one's track, and R131 wants every location
    # read to be a logged, purposeful act by someone working the case (data minimisation).
    "regional_manager": frozenset(
        {
            Permission.READ_REGISTRY,
            Permission.READ_ALARMS,
            Permission.READ_SENTENCES,
            Permission.READ_PARTNERS,
            Permission.READ_STATISTICS,
        }
    ),
    # Police: travel bans (R131), their victims (PKL 2:1: a ban may be ordered so the suspect
    # cannot influence the injured party, and the police decide it and enforce it, also a
    # court's: docs/law.md "Victim protection zones"), and crime matching. Victims are read
    # and recorded on travel bans only (services/cases/access.guard: police see no sentence).
    "police": frozenset(
        {
            Permission.READ_TRAVEL_BANS,
            Permission.WORK_TRAVEL_BANS,
            Permission.READ_VICTIMS,
            Permission.WORK_VICTIMS,
            Permission.SUBMIT_CRIMES,
            Permission.MATCH_CRIMES,
        }
    ),
    # A police crime analyst: crime matching only, no travel bans.
    "crime_analyst": frozenset({Permission.SUBMIT_CRIMES, Permission.MATCH_CRIMES}),
    "prosecutor": frozenset(
        {
            Permission.READ_SENTENCES,
            Permission.READ_TRAVEL_BANS,
            Permission.WORK_TRAVEL_BANS,
            Permission.DECIDE_CASES,
            Permission.READ_VICTIMS,
        }
    ),
    "court": frozenset(
        {
            Permission.READ_SENTENCES,
            Permission.READ_TRAVEL_BANS,
            Permission.DECIDE_CASES,
            Permission.READ_VICTIMS,
        }
    ),
    "partner_contact": frozenset({Permission.CONFIRM_ATTENDANCE}),
    # The monitored person: their own page only (docs/authorisation.md, "The person").
    "person": frozenset({Permission.OWN_PAGE}),
    # A supervisor of restricted cases: the supervisor's work, also on the protected people,
    # staff members and high-profile cases hidden from everyone else (docs/authorisation.md).
    "restricted_supervisor": _SUPERVISOR | {Permission.ACCESS_RESTRICTED},
    "administrator": frozenset(Permission),
    "auditor": frozenset(
        {
            Permission.READ_REGISTRY,
            Permission.READ_ALARMS,
            Permission.READ_PARTNERS,
            Permission.READ_AUDIT,
        }
    ),
}


def allows(role: str, permission: Permission) -> bool:
    return permission in ROLES.get(role, frozenset())


@dataclass(frozen=True, slots=True)
class Scope:
    """What part of the caseload a user sees: one region, or every region (None); and whether
    it includes the restricted people and cases (``restricted``; the system's own work does)."""

    region: str | None = None
    restricted: bool = True

    def covers(self, region: str | None) -> bool:
        return self.region is None or region == self.region


EVERYTHING = Scope()

# Location history before the start of the current local day needs a stated purpose (R131).
LOCAL_ZONE = ZoneInfo("Europe/Helsinki")
MAX_PURPOSE = 500


def start_of_local_day(now: datetime) -> datetime:
    """Midnight of ``now``'s day in Finland, as an aware datetime."""
    local = now.astimezone(LOCAL_ZONE)
    return datetime.combine(local.date(), time(0), tzinfo=LOCAL_ZONE)


def purpose_required(start: datetime, now: datetime) -> bool:
    """Whether reading location data from ``start`` on needs a purpose: it reaches before
    today (local time)."""
    return start < start_of_local_day(now)
