"""The one error the law domain raises for input it cannot accept."""

from __future__ import annotations


class LawInputError(ValueError):
    """Input the calculator or the plan reader cannot accept.

    ``code`` is a stable snake_case name (documented in docs/law.md); ``message`` is one line
    that says what was wrong, with the value, the limit and the rule it comes from.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
