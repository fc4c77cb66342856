"""§21 (R54): police assistance requested after a refused entry, and the police's response."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from valvo.domain.cases.errors import CaseError
from valvo.domain.cases.police_assistance import (
    AssistanceResponse,
    check_request,
    check_response,
)

VISITED = datetime(2027, 2, 1, 18, 0, tzinfo=UTC)


def test_a_request_needs_a_refused_entry_and_follows_the_visit() -> None:
    check_request(entry_refused=True, visited_at=VISITED, at=VISITED + timedelta(minutes=5))
    with pytest.raises(CaseError, match="entry_not_refused"):
        check_request(entry_refused=False, visited_at=VISITED, at=VISITED)
    with pytest.raises(CaseError, match="entry_not_refused"):
        check_request(entry_refused=True, visited_at=None, at=VISITED)
    with pytest.raises(CaseError, match="request_before_visit"):
        check_request(entry_refused=True, visited_at=VISITED, at=VISITED - timedelta(minutes=1))


def respond(**kw: object) -> None:
    values: dict[str, object] = {
        "requested_at": VISITED,
        "responded_at": None,
        "at": VISITED + timedelta(hours=1),
        "response": AssistanceResponse.ASSISTED,
        "entry_gained": True,
        "details": "patrol 2 came; he let us in",
    }
    values.update(kw)
    check_response(**values)  # type: ignore[arg-type]


def test_the_response_is_recorded_once_after_the_request_with_its_details() -> None:
    respond()
    respond(response=AssistanceResponse.NOT_GIVEN, entry_gained=False, details="no patrol free")
    for kw, code in (
        ({"responded_at": VISITED}, "already_responded"),
        ({"at": VISITED - timedelta(seconds=1)}, "response_before_request"),
        ({"response": AssistanceResponse.NOT_GIVEN}, "entry_without_assistance"),
        ({"details": " "}, "details_missing"),
    ):
        with pytest.raises(CaseError) as err:
            respond(**kw)
        assert err.value.code == code
