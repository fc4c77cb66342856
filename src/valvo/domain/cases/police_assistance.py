"""Executive assistance by the police (virka-apu, §21; R54): when the convict does not let the
enforcement official in for a supervision visit, KHL may request the police's assistance, and
the police must give it. Recorded as a request on the visit and the police's response."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from valvo.domain.cases.errors import CaseError
from valvo.domain.clock import require_aware


class AssistanceResponse(StrEnum):
    ASSISTED = "assisted"  # the police came
    NOT_GIVEN = "not_given"  # recorded with the police's reason (the law obliges them)


def check_request(*, entry_refused: bool, visited_at: datetime | None, at: datetime) -> None:
    """§21: only for a visit where entry was refused, and not before that visit."""
    if visited_at is None or not entry_refused:
        raise CaseError(
            "entry_not_refused",
            "police assistance is requested when the convict refused entry at a visit (§21, R54)",
        )
    if require_aware(at, "requested_at") < require_aware(visited_at, "visited_at"):
        raise CaseError("request_before_visit", "the request follows the refused visit (§21)")


def check_response(
    *,
    requested_at: datetime,
    responded_at: datetime | None,
    at: datetime,
    response: AssistanceResponse,
    entry_gained: bool,
    details: str,
) -> None:
    """The police's response: once, after the request; a response not given says why."""
    if responded_at is not None:
        raise CaseError("already_responded", "the police's response is already recorded")
    if require_aware(at, "responded_at") < require_aware(requested_at, "requested_at"):
        raise CaseError("response_before_request", "the response follows the request (§21)")
    if response is AssistanceResponse.NOT_GIVEN and entry_gained:
        raise CaseError("entry_without_assistance", "entry gained needs the police's assistance")
    if not details.strip():
        raise CaseError(
            "details_missing",
            "say what the police did, or why assistance was not given (§21, R54)",
        )
