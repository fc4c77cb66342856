"""The one error the case domain raises when a step is not allowed."""

from __future__ import annotations

from valvo.domain.law.errors import LawInputError


class CaseError(LawInputError):
    """A step the law does not allow in this state: a stable snake_case ``code`` and a one-line
    ``message`` naming the rule."""
