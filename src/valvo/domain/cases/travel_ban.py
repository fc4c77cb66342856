"""The travel-ban lifecycle (matkustuskielto, PKL ch. 2; R100–R123).

    provisional ──court confirms──► in_force ──extension──► extended
         │                             │
         └──────── revoked ◄───────────┤ (immediately, PKL 2:13)
                                       └──► lapsed (no charges within 60 days, PKL 2:14)

A ban with a locality obligation decided during the investigation is provisional until the
court decides (PKL 2:5, 2:15); it must reach the court within 72 hours and be taken up within
7 days (PKL 2:7). Every ban lapses 60 days after it was imposed unless charges were brought or
the court extended it on a request made within those 60 days (PKL 2:14). Instants are aware;
``now`` is always passed in.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum

from valvo.domain.cases.ban_content import SentenceKind, check_conviction
from valvo.domain.cases.errors import CaseError
from valvo.domain.clock import require_aware
from valvo.domain.law.plan import LocalityWindow
from valvo.domain.law.plan_check import locality_window_errors
from valvo.domain.law.policy import LawPolicy
from valvo.domain.law.travel_ban import TravelBanDeadlines, travel_ban_deadlines


class CourtHearing(StrEnum):
    """How the suspect was heard when the court decided a provisional ban (PKL 2:8.2; R112)."""

    IN_PERSON = "in_person"  # heard in person before the court
    OPPORTUNITY_GIVEN = "opportunity_given"  # given the opportunity to be heard


class ExtensionHearing(StrEnum):
    """How the person was given the opportunity to be heard before the court decided the
    official's request to extend the ban (PKL 2:14.2; R118)."""

    HEARD = "heard"  # the person was heard
    OPPORTUNITY_NOT_USED = "opportunity_not_used"  # given the opportunity, did not use it


class ConvictionEnd(StrEnum):
    """How a convicted person's ban ends (PKL 2:16; R120)."""

    ENFORCEMENT_STARTED = "enforcement_started"  # the prison sentence's enforcement began
    HIGHER_COURT_ORDER = "higher_court_order"  # a higher court ordered otherwise


class BanStatus(StrEnum):
    PROVISIONAL = "provisional"
    IN_FORCE = "in_force"
    EXTENDED = "extended"
    LAPSED = "lapsed"
    REVOKED = "revoked"


@dataclass(frozen=True, slots=True)
class TravelBan:
    decided_at: datetime
    timezone: str
    locality_window: LocalityWindow | None
    device: str  # R100: every ban has its technical monitoring
    status: BanStatus
    referred_at: datetime | None = None
    court_decided_at: datetime | None = None
    charges_at: datetime | None = None
    extension_requested_at: datetime | None = None
    extended_until: datetime | None = None
    extension_heard_at: datetime | None = None  # PKL 2:14.2: the person's opportunity
    extension_hearing: ExtensionHearing | None = None
    extension_refused_at: datetime | None = None  # the court refused the request
    ended_at: datetime | None = None
    term_ends_at: datetime | None = None  # PKL 2:2, R103: a fixed-term ban; None: indefinite
    convicted_at: datetime | None = None  # PKL 2:16, R120: kept in force at the judgment
    # PKL 2:5: decided provisionally (by the police or the prosecutor); the court's own
    # locality-obligation ban has no 72 h / 7-day deadlines (PKL 2:7)
    provisional: bool = False

    def deadlines(self, policy: LawPolicy) -> TravelBanDeadlines:
        return travel_ban_deadlines(
            self.decided_at,
            provisional_locality=self.provisional and self.locality_window is not None,
            policy=policy,
        )

    def status_at(self, now: datetime, policy: LawPolicy) -> BanStatus:
        """R118: a ban without charges lapses at 60 days, or at the end of its extension; a
        fixed-term ban also ends with its term (PKL 2:14)."""
        now = require_aware(now, "now")
        if self.status in (BanStatus.REVOKED, BanStatus.LAPSED):
            return self.status
        lapses_at = self.lapses_at(policy)
        return BanStatus.LAPSED if lapses_at is not None and now >= lapses_at else self.status

    def lapses_at(self, policy: LawPolicy) -> datetime | None:
        """When the ban ceases by law if nothing else happens: the end of its term, and without
        charges 60 × 24 h after it was imposed or the end of the court's extension (R118)."""
        if self.convicted_at is not None:  # PKL 2:16: until enforcement or a higher court
            return None
        candidates = [] if self.term_ends_at is None else [self.term_ends_at]
        if self.charges_at is None:
            candidates.append(self.extended_until or self.deadlines(policy).charges_deadline)
        return min(candidates, default=None)

    def lapse(self, at: datetime, policy: LawPolicy) -> TravelBan:
        """R118: record that the ban has ceased by law (no charges in time, or its term ended)."""
        at = self._after_decision(at)
        if self.status in (BanStatus.REVOKED, BanStatus.LAPSED):
            raise CaseError("ban_already_ended", f"the ban is already {self.status.value}")
        if self.status_at(at, policy) is not BanStatus.LAPSED:
            raise CaseError(
                "ban_not_lapsed",
                f"the ban is {self.status_at(at, policy).value} at {at.isoformat()}; it lapses "
                "only 60 days after it was imposed without charges, or at the end of its "
                "extension or term (PKL 2:14, R118)",
            )
        return replace(self, status=BanStatus.LAPSED, ended_at=self.lapses_at(policy))

    def missed_deadlines(self, now: datetime, policy: LawPolicy) -> tuple[str, ...]:
        """R111: a provisional decision not at court within 72 h or not taken up in 7 days."""
        if self.status is not BanStatus.PROVISIONAL:
            return ()
        now = require_aware(now, "now")
        deadlines = self.deadlines(policy)
        missed: list[str] = []
        referral = deadlines.court_referral_deadline
        if referral is not None and (self.referred_at or now) > referral:
            missed.append("court_referral_overdue")
        hearing = deadlines.court_hearing_deadline
        if hearing is not None and (self.court_decided_at or now) > hearing:
            missed.append("court_hearing_overdue")
        return tuple(missed)

    def refer_to_court(self, at: datetime) -> TravelBan:
        self._require(BanStatus.PROVISIONAL)
        return replace(self, referred_at=self._after_decision(at))

    def court_decides(
        self, at: datetime, *, confirmed: bool, suspect_heard: CourtHearing | None = None
    ) -> TravelBan:
        """PKL 2:15: a provisional ban is valid until the court decides; R117 on rejection.
        PKL 2:8.2 (R112): the court hears the suspect, or gives them the opportunity."""
        self._require(BanStatus.PROVISIONAL)
        if self.referred_at is None:
            raise CaseError("not_referred", "the court decides a provisional ban once referred")
        if suspect_heard is None:
            raise CaseError(
                "suspect_not_heard",
                "the court decides a provisional ban after hearing the suspect or giving them "
                "the opportunity to be heard: record which (PKL 2:8, R112)",
            )
        at = self._after_decision(at)
        status = BanStatus.IN_FORCE if confirmed else BanStatus.REVOKED
        return replace(self, status=status, court_decided_at=at, ended_at=None if confirmed else at)

    def bring_charges(self, at: datetime, policy: LawPolicy) -> TravelBan:
        """R118, R119: charges within the 60 days keep the ban until the main hearing."""
        at = self._after_decision(at)
        if self.status_at(at, policy) not in (
            BanStatus.IN_FORCE,
            BanStatus.EXTENDED,
            BanStatus.PROVISIONAL,
        ):
            raise CaseError("ban_not_in_force", f"the ban is {self.status_at(at, policy)}")
        return replace(self, charges_at=at)

    def request_extension(self, at: datetime, policy: LawPolicy) -> TravelBan:
        """R118 (PKL 2:14): the official asks the court within the 60 days."""
        at = self._after_decision(at)
        deadline = self.deadlines(policy).charges_deadline
        if at >= deadline:
            raise CaseError(
                "extension_request_late",
                f"an extension is requested before {deadline.isoformat()}, within 60 days of "
                "the decision (PKL 2:14, R118)",
            )
        if self.extension_requested_at is not None:
            raise CaseError("extension_already_requested", "the extension is already requested")
        self._require(BanStatus.IN_FORCE, BanStatus.PROVISIONAL)
        if self.charges_at is not None:
            raise CaseError("charges_brought", "after charges the ban does not lapse (PKL 2:14)")
        return replace(self, extension_requested_at=at)

    @property
    def extension_pending(self) -> bool:
        """A request made and not yet decided by the court (granted or refused)."""
        return (
            self.extension_requested_at is not None
            and self.extended_until is None
            and self.extension_refused_at is None
        )

    def hear_on_extension(self, at: datetime, how: ExtensionHearing) -> TravelBan:
        """R118 (PKL 2:14.2): before deciding the request the court gives the person the
        opportunity to be heard; recorded once, with its time and whether it was used."""
        at = self._after_decision(at)
        requested = self._pending_request()
        if self.extension_hearing is not None:
            raise CaseError("extension_hearing_recorded", "the hearing is already recorded")
        if at < requested:
            raise CaseError(
                "extension_heard_before_request",
                "the person is heard on the request after it was made (PKL 2:14, R118)",
            )
        return replace(self, extension_heard_at=at, extension_hearing=how)

    def extend(self, at: datetime, until: datetime, policy: LawPolicy) -> TravelBan:
        """R118: the court extends the ban, only on a request made within the 60 days, after
        giving the person the opportunity to be heard, while the ban is still in force."""
        at = self._decided_after_hearing(at, policy)
        until = require_aware(until, "until")
        if until <= self.deadlines(policy).charges_deadline:
            raise CaseError(
                "extension_not_later",
                "an extension ends after the 60 days (PKL 2:14, R118)",
            )
        return replace(self, status=BanStatus.EXTENDED, extended_until=until)

    def refuse_extension(self, at: datetime, policy: LawPolicy) -> TravelBan:
        """R118: the court refuses the request, after the same hearing; the ban then lapses
        at the end of the 60 days unless charges are brought."""
        at = self._decided_after_hearing(at, policy)
        return replace(self, extension_refused_at=at)

    def _pending_request(self) -> datetime:
        if self.extension_requested_at is None:
            raise CaseError(
                "no_extension_request",
                "the court decides an extension only on the official's request made within "
                "the 60 days (PKL 2:14, R118)",
            )
        if not self.extension_pending:
            raise CaseError("extension_decided", "the court already decided the request")
        return self.extension_requested_at

    def _decided_after_hearing(self, at: datetime, policy: LawPolicy) -> datetime:
        at = self._after_decision(at)
        self._pending_request()
        if self.extension_heard_at is None:
            raise CaseError(
                "extension_hearing_missing",
                "before deciding the extension the court gives the person the opportunity to "
                "be heard: record the hearing first (PKL 2:14, R118)",
            )
        if at < self.extension_heard_at:
            raise CaseError(
                "extension_heard_after_decision",
                "the person is heard before the court decides the extension, not after "
                "(PKL 2:14, R118)",
            )
        current = self.status_at(at, policy)
        if current not in (BanStatus.IN_FORCE, BanStatus.PROVISIONAL):
            raise CaseError(
                "ban_not_in_force",
                f"the ban is {current.value} at {at.isoformat()}: a lapsed ban is not extended "
                "(PKL 2:14, R118)",
            )
        return at

    def revoke(self, at: datetime) -> TravelBan:
        """R117 (PKL 2:13): revoked immediately once its conditions cease."""
        at = self._after_decision(at)
        if self.status in (BanStatus.REVOKED, BanStatus.LAPSED):
            raise CaseError("ban_already_ended", f"the ban is already {self.status.value}")
        return replace(self, status=BanStatus.REVOKED, ended_at=at)

    def convict(
        self, at: datetime, policy: LawPolicy, *, sentence: SentenceKind, continues: bool
    ) -> TravelBan:
        """R120 (PKL 2:16): at the judgment the court keeps the ban in force, indefinitely, only
        for a sentence of unconditional prison; a ban not kept ends with the judgment."""
        at = self._after_decision(at)
        if self.charges_at is None:
            raise CaseError("no_charges", "a judgment follows charges (PKL 2:15, 2:16)")
        if self.convicted_at is not None:
            raise CaseError("already_convicted", "the judgment is already recorded on this ban")
        self._require_open(at, policy)
        if not continues:
            return replace(self, status=BanStatus.REVOKED, ended_at=at)
        check_conviction(sentence, prosecutor_demanded=True, remanded=False)
        return replace(
            self,
            status=BanStatus.IN_FORCE,
            convicted_at=at,
            term_ends_at=None,
            extended_until=None,
        )

    def end_after_conviction(self, at: datetime, reason: ConvictionEnd) -> TravelBan:
        """R120 (PKL 2:16): a convicted person's ban ends when enforcement of the sentence
        begins (it ceases by law) or when a higher court orders otherwise (it is lifted)."""
        at = self._after_decision(at)
        if self.convicted_at is None:
            raise CaseError(
                "not_a_conviction_ban",
                "only a ban kept in force at the judgment ends this way (PKL 2:16, R120)",
            )
        if self.status in (BanStatus.REVOKED, BanStatus.LAPSED):
            raise CaseError("ban_already_ended", f"the ban is already {self.status.value}")
        if at < self.convicted_at:
            raise CaseError("before_judgment", f"{at.isoformat()} is before the judgment")
        status = (
            BanStatus.LAPSED if reason is ConvictionEnd.ENFORCEMENT_STARTED else BanStatus.REVOKED
        )
        return replace(self, status=status, ended_at=at)

    def _require_open(self, at: datetime, policy: LawPolicy) -> None:
        current = self.status_at(at, policy)
        if current not in (BanStatus.IN_FORCE, BanStatus.EXTENDED, BanStatus.PROVISIONAL):
            raise CaseError("ban_not_in_force", f"the ban is {current.value}")

    def _require(self, *allowed: BanStatus) -> None:
        if self.status not in allowed:
            names = " or ".join(s.value for s in allowed)
            raise CaseError(
                "wrong_state", f"this step needs a ban that is {names}, not {self.status}"
            )

    def _after_decision(self, at: datetime) -> datetime:
        at = require_aware(at, "at")
        if at < self.decided_at:
            raise CaseError("before_decision", f"{at.isoformat()} is before the ban was decided")
        return at


def impose(
    decided_at: datetime,
    *,
    device: str,
    policy: LawPolicy,
    locality_window: LocalityWindow | None = None,
    provisional: bool = False,
    timezone: str = "Europe/Helsinki",
    term_ends_at: datetime | None = None,
) -> TravelBan:
    """R100, R105, R109: a ban always has a device; a locality window must be lawful; only a
    ban with a locality obligation is decided provisionally (PKL 2:5)."""
    decided = require_aware(decided_at, "decided_at")
    if not device.strip():
        raise CaseError("no_device", "every travel ban is monitored with a device (PKL 2:10, R100)")
    if provisional and locality_window is None:
        raise CaseError(
            "provisional_without_locality",
            "only a ban with a locality obligation is decided provisionally (PKL 2:5, R109)",
        )
    if locality_window is not None:
        errors = locality_window_errors(locality_window, policy, timezone=timezone)
        if errors:
            raise CaseError(errors[0].code, errors[0].message)
    term = None if term_ends_at is None else require_aware(term_ends_at, "term_ends_at")
    if term is not None and term <= decided:
        raise CaseError("term_before_decision", "a fixed term ends after the decision (R103)")
    status = BanStatus.PROVISIONAL if provisional else BanStatus.IN_FORCE
    return TravelBan(
        decided,
        timezone,
        locality_window,
        device,
        status,
        term_ends_at=term,
        provisional=provisional,
    )
