"""A call the operator made about an alarm: whom, which number, how it went. Written to the
alarm's trail (action ``call``), so the trail shows who called whom, when and with what outcome."""

from __future__ import annotations

from collections.abc import Mapping

from valvo.domain.choices import Choice

CALL_OUTCOMES: Mapping[str, Choice] = {
    c.value: c
    for c in (
        Choice("reached", "Reached", "Tavoitettu", "#16a34a"),
        Choice("no_answer", "No answer", "Ei vastannut", "#d97706"),
        Choice("voicemail", "Voicemail", "Vastaaja", "#d97706"),
    )
}
MAX_NUMBER = 40
MAX_CALLEE = 200


class CallError(ValueError):
    """The call entry is not valid; the text says why."""


def call_details(outcome: str, number: str, callee: str) -> dict[str, str]:
    """The trail details of a call, checked: a known outcome, a number, whom it reaches."""
    if outcome not in CALL_OUTCOMES:
        raise CallError(f"outcome must be one of {', '.join(CALL_OUTCOMES)}")
    number, callee = number.strip(), callee.strip()
    if not number:
        raise CallError("a call needs the number called")
    if len(number) > MAX_NUMBER or not all(ch.isdigit() or ch in "+ -()" for ch in number):
        raise CallError("the number has digits, spaces, +, - and brackets only (at most 40)")
    if not callee or len(callee) > MAX_CALLEE:
        raise CallError(f"say whom the number reaches (1 to {MAX_CALLEE} characters)")
    return {"outcome": outcome, "number": number, "callee": callee}
