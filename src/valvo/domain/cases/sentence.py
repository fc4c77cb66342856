"""The monitoring-sentence lifecycle as a state machine, from the request for a report to the
last day (RL 6:11a; §4, §6, §7, §14, §15, §17).

    report_requested → reported → sentenced → plan_confirmed → enforcing ⇄ interrupted
                                                                    ↓           ↓
                                                               completed    converted

Each step returns a new ``MonitoringSentence`` or raises ``CaseError`` naming the rule. Every
date is passed in; nothing reads the clock.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from valvo.domain.cases.breach import BreachKind, Response, check_provisional_interruption, decide
from valvo.domain.cases.errors import CaseError
from valvo.domain.cases.new_sentences import combined_length, remaining_as_prison
from valvo.domain.cases.report import Report, Requester
from valvo.domain.cases.serving import (
    Interruption,
    InterruptionReason,
    completion_deadline,
    impediment_days,
    impediment_limit_days,
    projected_end,
    served_days,
)
from valvo.domain.law.combination import Combination
from valvo.domain.law.conversion import convert_to_prison
from valvo.domain.law.errors import LawInputError
from valvo.domain.law.parole import days_before_parole
from valvo.domain.law.policy import LawPolicy
from valvo.domain.law.sentence import check_sentence_length


class ImpedimentOutcome(StrEnum):
    """§15.3 (R87): what the court decides after an impediment of more than one year."""

    EXTEND = "extend"  # the enforcement time is extended: serving goes on
    CONVERT = "convert"  # the unserved part becomes unconditional prison (§19: 1:1)
    DEEM_COMPLETED = "deem_completed"  # for special reasons, what was served is the whole


class Status(StrEnum):
    REPORT_REQUESTED = "report_requested"
    REPORTED = "reported"
    SENTENCED = "sentenced"
    PLAN_CONFIRMED = "plan_confirmed"
    ENFORCING = "enforcing"
    INTERRUPTED = "interrupted"
    COMPLETED = "completed"
    CONVERTED = "converted"


_BEFORE_END = (Status.SENTENCED, Status.PLAN_CONFIRMED, Status.ENFORCING, Status.INTERRUPTED)


@dataclass(frozen=True, slots=True)
class MonitoringSentence:
    report: Report
    status: Status = Status.REPORT_REQUESTED
    length_days: int | None = None
    sentenced_on: date | None = None
    enforceable_on: date | None = None
    early_enforcement: bool = False  # §7.4 (R6, R7)
    plan_confirmed_on: date | None = None
    devices: tuple[str, ...] = ()
    serving_start: date | None = None  # §7.2 (R33)
    interruptions: tuple[Interruption, ...] = ()
    warnings: tuple[date, ...] = ()  # §14.1 (R78)
    ended_on: date | None = None
    prison_days: int | None = None  # §17 (R89) or §18.2 (R91), once converted

    # --- report --------------------------------------------------------------------------

    def update_report(self, report: Report) -> MonitoringSentence:
        self._require(Status.REPORT_REQUESTED)
        return replace(self, report=report)

    def complete_report(self, on: date, policy: LawPolicy) -> MonitoringSentence:
        """R10–R15: the report is complete only with every mandatory item and consent."""
        self._require(Status.REPORT_REQUESTED)
        return replace(self, report=self.report.complete(on, policy), status=Status.REPORTED)

    # --- sentencing and plan -------------------------------------------------------------

    def sentence(
        self,
        *,
        length_days: int,
        sentenced_on: date,
        enforceable_on: date,
        policy: LawPolicy,
        final: bool = True,
        written_consent_to_early_enforcement: bool = False,
        accepted_judgment: bool = False,
    ) -> MonitoringSentence:
        """R2 (length), R3 (consents), R9 (report before sentencing), R6 (before finality)."""
        self._require(Status.REPORTED)
        completed = self.report.completed_on
        if completed is None or completed > sentenced_on:
            raise CaseError("report_after_sentencing", "the report precedes sentencing (§4, R9)")
        obstacles = self.report.sentencing_obstacles()
        if obstacles:
            raise CaseError("sentencing_precondition", "; ".join(obstacles))
        try:
            check_sentence_length(length_days, sentenced_on, policy, "length")
        except LawInputError as exc:
            raise CaseError(exc.code, exc.message) from None
        if enforceable_on < sentenced_on:
            raise CaseError("enforceable_before_judgment", "enforceability precedes the judgment")
        if not final and not (written_consent_to_early_enforcement and accepted_judgment):
            raise CaseError(
                "early_enforcement_without_consent",
                "enforcement before the judgment is final needs the convict's written consent "
                "and acceptance of the judgment (§7.4, R6)",
            )
        return replace(
            self,
            status=Status.SENTENCED,
            length_days=length_days,
            sentenced_on=sentenced_on,
            enforceable_on=enforceable_on,
            early_enforcement=not final,
        )

    def confirm_plan(self, on: date) -> MonitoringSentence:
        """§6 (R19): the plan is prepared once the sentence is enforceable."""
        self._require(Status.SENTENCED)
        enforceable = self._enforceable()
        if on < enforceable:
            raise CaseError(
                "plan_before_enforceable",
                f"the plan is confirmed after the sentence is enforceable ({enforceable})"
                " (§6, R19)",
            )
        return replace(self, status=Status.PLAN_CONFIRMED, plan_confirmed_on=on)

    def start_enforcement(self, installed_on: date, devices: tuple[str, ...]) -> MonitoringSentence:
        """R32, R33 (§3, §7.2): serving starts the day the devices are installed or handed over
        after the plan was confirmed; no enforcement without a device."""
        self._require(Status.PLAN_CONFIRMED)
        if not devices:
            raise CaseError("no_device", "enforcement needs at least one monitoring device (R32)")
        if self.plan_confirmed_on is None or installed_on < self.plan_confirmed_on:
            raise CaseError(
                "installed_before_plan",
                f"serving starts at an installation after the plan was confirmed on "
                f"{self.plan_confirmed_on} (§7.2, R33)",
            )
        return replace(
            self, status=Status.ENFORCING, serving_start=installed_on, devices=tuple(devices)
        )

    def start_overdue(self, today: date, threshold_days: int) -> bool:
        """R69: enforcement has not started "without delay"; the threshold is configuration."""
        if self.enforceable_on is None or self.serving_start is not None:
            return False
        if self.status in (Status.COMPLETED, Status.CONVERTED):
            return False
        return (today - self.enforceable_on).days > threshold_days

    def plan_elapsed_days(self, today: date) -> int | None:
        """R19: days from enforceability until the plan was confirmed (or until ``today`` while
        it is still being prepared); ``None`` before the sentence is enforceable."""
        if self.enforceable_on is None:
            return None
        until = self.plan_confirmed_on or today
        return max(0, (until - self.enforceable_on).days)

    def plan_overdue(self, today: date, threshold_days: int) -> bool:
        """R19: the plan has not been prepared "without delay" (§6); the threshold is
        configuration, as for the start (R69)."""
        if self.status is not Status.SENTENCED or self.plan_confirmed_on is not None:
            return False
        elapsed = self.plan_elapsed_days(today)
        return elapsed is not None and elapsed > threshold_days

    # --- serving -------------------------------------------------------------------------

    def interrupt(self, reason: InterruptionReason, start: date) -> MonitoringSentence:
        self._require(Status.ENFORCING)
        serving_start, _ = self._serving()
        if start < serving_start:
            raise CaseError("interruption_before_start", "an interruption starts after serving")
        return replace(
            self,
            status=Status.INTERRUPTED,
            interruptions=(*self.interruptions, Interruption(reason, start)),
        )

    def resume(
        self, on: date, policy: LawPolicy, *, court_allowed_continuation: bool = False
    ) -> MonitoringSentence:
        """Close the open interruption: R80 (provisional ≤ 1 month), R86 (impediments ≤ 1 year
        in all, beyond that the court decides), §14.3 and §18.1 (only if the court allows)."""
        self._require(Status.INTERRUPTED)
        current = self.interruptions[-1]
        if on < current.start:
            raise CaseError("resume_before_interruption", "serving resumes after it stopped")
        if current.reason is InterruptionReason.PROVISIONAL:
            check_provisional_interruption(current.start, on, policy)
        referred = {InterruptionReason.COURT_REFERRAL, InterruptionReason.NEW_CHARGE}
        if current.reason in referred and not court_allowed_continuation:
            raise CaseError(
                "court_decision_required",
                f"after a {current.reason.value} interruption only the court lets the sentence "
                "continue (§14.3, §18, R81, R90)",
            )
        closed = replace(current, end=on, court_allowed_continuation=court_allowed_continuation)
        interruptions = (*self.interruptions[:-1], closed)
        limit = impediment_limit_days(self._enforceable(), policy)
        if impediment_days(interruptions, on) > limit:
            raise CaseError(
                "impediment_exceeds_limit",
                f"impediment interruptions exceed {limit} days in all; KHL notifies the "
                "prosecutor and the court decides (§15, R86, R87)",
            )
        if self.serving_start is None:  # the start was prohibited; it may now start
            waiting = Status.PLAN_CONFIRMED if self.plan_confirmed_on else Status.SENTENCED
            return replace(self, status=waiting, interruptions=interruptions)
        return replace(self, status=Status.ENFORCING, interruptions=interruptions)

    def overdue_interruption(self, today: date, policy: LawPolicy) -> str | None:
        """R80, R86: the open interruption has run past its legal maximum (an alarm)."""
        if self.status is not Status.INTERRUPTED:
            return None
        current = self.interruptions[-1]
        if current.reason is InterruptionReason.PROVISIONAL:
            try:
                check_provisional_interruption(current.start, today, policy)
            except CaseError as exc:
                return exc.code
        limit = impediment_limit_days(self._enforceable(), policy)
        if impediment_days(self.interruptions, today) > limit:
            return "impediment_exceeds_limit"
        return None

    def served_days(self, on: date) -> int:
        """R71: days served before ``on``, interruptions excluded."""
        if self.serving_start is None:
            return 0
        return served_days(self.serving_start, self.interruptions, on)

    def end_date(self, today: date) -> date:
        """R72: the first day no longer serving, if nothing else interrupts."""
        start, length = self._serving()
        return projected_end(start, length, self.interruptions, today)

    def parole_date(
        self, today: date, policy: LawPolicy, *, under_21: bool, prison_within_lookback: bool
    ) -> date:
        """R73–R75 applied to served days: parole once the served part has been served."""
        start, length = self._serving()
        fraction = policy.parole_fraction(
            under_21=under_21, prison_within_lookback=prison_within_lookback
        )
        served = days_before_parole(length, fraction, policy)
        return projected_end(start, served, self.interruptions, today)

    def completion_deadline(self, today: date, policy: LawPolicy) -> date:
        """R70: one year from enforceability, extended by the excluded interruptions."""
        return completion_deadline(self._enforceable(), self.interruptions, today, policy)

    # --- breaches, the end ---------------------------------------------------------------

    def warn(self, on: date, *, convict_heard: bool) -> MonitoringSentence:
        """R78: a written warning for a minor breach, only after the convict was heard."""
        self._require(Status.ENFORCING, Status.INTERRUPTED)
        decide(BreachKind.MINOR, convict_heard=convict_heard)
        return replace(self, warnings=(*self.warnings, on))

    def refer_to_court(self, kind: BreachKind, on: date) -> MonitoringSentence:
        """R81, R82: a §14.3 breach goes to court and enforcement stops at the same moment."""
        decision = decide(kind, convict_heard=False)
        if decision.response is not Response.COURT_REFERRAL:
            raise CaseError("not_a_serious_breach", "a minor breach gets a written warning (R78)")
        if self.status in (Status.SENTENCED, Status.PLAN_CONFIRMED):
            # R81: the start is prohibited at the moment of the referral.
            if kind is not BreachKind.FAILURE_TO_START:
                raise CaseError(
                    "not_started", "before serving starts the breach is a failure to start"
                )
            stop = Interruption(InterruptionReason.COURT_REFERRAL, on)
            return replace(
                self, status=Status.INTERRUPTED, interruptions=(*self.interruptions, stop)
            )
        if self.status is Status.INTERRUPTED:
            closed = replace(self.interruptions[-1], end=on)
            resumed = replace(
                self, status=Status.ENFORCING, interruptions=(*self.interruptions[:-1], closed)
            )
            return resumed.interrupt(InterruptionReason.COURT_REFERRAL, on)
        return self.interrupt(InterruptionReason.COURT_REFERRAL, on)

    def convert(self, on: date, policy: LawPolicy) -> MonitoringSentence:
        """R89 (§17): the court converts the unserved part into prison, 1:1, at least 4 days."""
        self._require(Status.INTERRUPTED)
        if self.interruptions[-1].reason is not InterruptionReason.COURT_REFERRAL:
            raise CaseError("conversion_without_referral", "conversion follows a §14.3 referral")
        unserved = max(0, self._length() - self.served_days(on))
        prison = convert_to_prison(unserved, policy)
        return replace(self, status=Status.CONVERTED, ended_on=on, prison_days=prison)

    def prohibit_for_new_prison(self, on: date) -> MonitoringSentence:
        """R91 (§18.2): a court imposing unconditional prison prohibits the start or the rest
        of the monitoring sentence and orders the remaining part served as prison, 1:1 (no
        four-day minimum: that is §17). Binding despite appeal (§18.3)."""
        self._require(*_BEFORE_END)
        if self.sentenced_on is not None and on < self.sentenced_on:
            raise CaseError("prohibition_before_sentence", "the prohibition follows the sentence")
        if self.interruptions and self.interruptions[-1].end is None:
            closed = replace(self.interruptions[-1], end=max(on, self.interruptions[-1].start))
            interruptions = (*self.interruptions[:-1], closed)
        else:
            interruptions = self.interruptions
        stopped = replace(self, interruptions=interruptions)
        prison = remaining_as_prison(self._length(), stopped.served_days(on))
        return replace(stopped, status=Status.CONVERTED, ended_on=on, prison_days=prison)

    def court_after_impediment(
        self,
        outcome: ImpedimentOutcome,
        on: date,
        policy: LawPolicy,
        *,
        special_reason: str | None = None,
    ) -> MonitoringSentence:
        """R86, R87 (§15.2–15.3): once impediments have lasted more than a year in all, the
        prosecutor brings it to court, which extends the enforcement time, converts the
        unserved part into prison (the served days deducted 1:1, §19), or for special reasons
        deems the served part the whole sentence."""
        self._require(Status.INTERRUPTED)
        current = self.interruptions[-1]
        if current.reason is not InterruptionReason.IMPEDIMENT:
            raise CaseError("not_an_impediment", "§15.3 decides on an impediment interruption")
        limit = impediment_limit_days(self._enforceable(), policy)
        if impediment_days(self.interruptions, on) <= limit:
            raise CaseError(
                "impediment_within_limit",
                f"the court decides only once impediments exceed {limit} days in all; until "
                "then KHL resumes the sentence (§15.1–15.2, R86)",
            )
        closed = replace(current, end=max(on, current.start))
        stopped = replace(self, interruptions=(*self.interruptions[:-1], closed))
        if outcome is ImpedimentOutcome.EXTEND:
            waiting = Status.PLAN_CONFIRMED if self.plan_confirmed_on else Status.SENTENCED
            status = Status.ENFORCING if self.serving_start else waiting
            return replace(stopped, status=status)
        if outcome is ImpedimentOutcome.DEEM_COMPLETED:
            if not (special_reason or "").strip():
                raise CaseError(
                    "special_reason_missing",
                    "the served part is deemed the whole sentence only for special reasons "
                    "(§15.3, R87)",
                )
            return replace(stopped, status=Status.COMPLETED, ended_on=on)
        prison = remaining_as_prison(self._length(), stopped.served_days(on))
        return replace(stopped, status=Status.CONVERTED, ended_on=on, prison_days=prison)

    def combine_with(
        self, lengths_days: tuple[int, ...], added_days: int, policy: LawPolicy
    ) -> tuple[MonitoringSentence, Combination]:
        """R95 (§20): another sentence enforceable at the same time is added; all together at
        most six calendar months from the start (the serving start, or enforceability before
        it). ``lengths_days`` are the sentences already combined (the first one alone before
        any combination)."""
        self._require(*_BEFORE_END)
        start = self.serving_start or self._enforceable()
        combination = combined_length(
            start, lengths_days[0], (*lengths_days[1:], added_days), policy
        )
        return replace(self, length_days=combination.combined_days), combination

    def complete(self, on: date, release_date: date) -> MonitoringSentence:
        """Served to ``release_date`` (the end date, or the parole date)."""
        self._require(Status.ENFORCING)
        if on < release_date:
            raise CaseError("not_yet_served", f"the sentence is served on {release_date}, not {on}")
        return replace(self, status=Status.COMPLETED, ended_on=on)

    def _length(self) -> int:
        if self.length_days is None:
            raise CaseError("not_sentenced", "the sentence has not been imposed (RL 6:11a)")
        return self.length_days

    def _serving(self) -> tuple[date, int]:
        if self.serving_start is None or self.length_days is None:
            raise CaseError("not_started", "enforcement has not started (§7.2, R33)")
        return self.serving_start, self.length_days

    def _enforceable(self) -> date:
        if self.enforceable_on is None:
            raise CaseError("not_sentenced", "the sentence has not been imposed (RL 6:11a)")
        return self.enforceable_on

    def _require(self, *allowed: Status) -> None:
        if self.status not in allowed:
            names = " or ".join(s.value for s in allowed)
            raise CaseError(
                "wrong_state", f"this step needs a sentence that is {names}, not {self.status}"
            )


def request_report(requester: Requester, on: date) -> MonitoringSentence:
    """R8 (§4): a report is opened only on a prosecutor's or a court's request."""
    return MonitoringSentence(report=Report(requester=Requester(requester), requested_on=on))
