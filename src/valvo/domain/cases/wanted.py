"""The wanted notice (etsintäkuulutus, §13; R88).

If the person sentenced to a monitoring sentence cannot be found and where he stays cannot be
found out, the Criminal Sanctions Agency (RSV) issues a wanted notice. It tells him to contact
the enforcement officer (ulosottomies) by a set date at the latest, and states that otherwise
proceedings to convert the sentence into unconditional prison begin.

What follows from it here (the law is silent on serving time, so these follow from §7 and §14):
- while the person is sought he is not serving: an enforcement under way is interrupted from
  the day he was last found missing (R71: interrupted days are not served), and that time is
  not excluded from the one year to complete (§7.3 excludes only the periods it names);
- contact by the date ends the notice and enforcement can go on (it resumes, or starts);
- no contact by the date: conversion proceedings begin, a §14.3 referral for failing to start
  or abandoning the sentence (R81), with enforcement interrupted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from valvo.domain.cases.breach import BreachKind
from valvo.domain.cases.errors import CaseError

# What every notice says (R88); the documents and the API show it.
NOTICE_TEXT_FI = (
    "Teitä kehotetaan ottamaan yhteys ulosottomieheen valvontarangaistuksen täytäntöönpanoa "
    "varten viimeistään {date}. Muussa tapauksessa pannaan vireille menettely "
    "valvontarangaistuksen muuntamiseksi ehdottomaksi vankeudeksi (13 §)."
)
NOTICE_TEXT_EN = (
    "You are to contact the enforcement officer for the enforcement of the monitoring sentence "
    "by {date} at the latest. Otherwise proceedings to convert the monitoring sentence into "
    "unconditional imprisonment will begin (§13)."
)


@dataclass(frozen=True, slots=True)
class WantedNotice:
    not_found_since: date  # the day he was last sought in vain
    search_steps: str  # how he was sought: visits, calls, addresses, people asked
    issued_on: date
    contact_by: date  # the set date (määräpäivä)
    contacted_on: date | None = None

    def text(self, lang: str, day: str) -> str:
        return (NOTICE_TEXT_FI if lang == "fi" else NOTICE_TEXT_EN).format(date=day)

    def contact(self, on: date) -> WantedNotice:
        """He contacted the enforcement officer: in time only up to the set date."""
        if self.contacted_on is not None:
            raise CaseError("already_contacted", f"contact was recorded on {self.contacted_on}")
        if on < self.issued_on:
            raise CaseError("contact_before_notice", "contact follows the notice (§13)")
        if on > self.contact_by:
            raise CaseError(
                "contact_after_deadline",
                f"the notice set {self.contact_by} as the last day to make contact; after it "
                "conversion proceedings begin (§13, R88)",
            )
        return WantedNotice(
            self.not_found_since, self.search_steps, self.issued_on, self.contact_by, on
        )

    def deadline_missed(self, today: date) -> bool:
        return self.contacted_on is None and today > self.contact_by


def issue(
    *,
    not_found_since: date,
    search_steps: str,
    issued_on: date,
    contact_by: date,
    already_wanted: bool,
) -> WantedNotice:
    """§13: only when he cannot be found and his whereabouts are unknown; one notice at a time;
    the set date lies after the notice."""
    if already_wanted:
        raise CaseError("already_wanted", "a wanted notice is already in force (§13)")
    if not search_steps.strip():
        raise CaseError(
            "not_sought",
            "a wanted notice needs a record of how the person was sought and not found (§13)",
        )
    if not_found_since > issued_on:
        raise CaseError("issued_before_missing", "the notice follows the failed search (§13)")
    if contact_by <= issued_on:
        raise CaseError(
            "contact_date_not_after_notice",
            "the notice sets a later date by which to contact the enforcement officer (§13)",
        )
    return WantedNotice(not_found_since, search_steps.strip(), issued_on, contact_by)


def breach_on_missed_deadline(serving_started: bool) -> BreachKind:
    """§13 with §14.3: not contacting is failing to start, or abandoning, the sentence."""
    return BreachKind.ABANDONMENT if serving_started else BreachKind.FAILURE_TO_START
