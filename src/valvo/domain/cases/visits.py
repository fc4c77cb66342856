"""The kinds of supervision visit (§9–§10): announced at home, at work or at the activity
place, or a covert check."""

from __future__ import annotations

from enum import StrEnum


class VisitKind(StrEnum):
    HOME = "home"
    WORKPLACE = "workplace"
    ACTIVITY = "activity"
    COVERT_CHECK = "covert_check"
