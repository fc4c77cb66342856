"""Earlier monitoring sentences as prior sentences (RL 7:7; R94): when a new sentence is
imposed, an earlier monitoring sentence may be taken into account as an earlier unconditional
prison sentence is (RL 7:6). What counts is a judgment given before the new one; a case still
waiting for its judgment is not a sentence yet."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from valvo.domain.cases.sentence import MonitoringSentence

RULE = "RL 7:7, RL 7:6; R94"


@dataclass(frozen=True, slots=True)
class PriorSentence:
    case_id: str
    sentence: MonitoringSentence


def prior_sentences(
    sentences: Iterable[tuple[str, MonitoringSentence]], before: date | None = None
) -> list[PriorSentence]:
    """The sentences with a judgment (before ``before``, if given), oldest judgment first."""
    found = [
        PriorSentence(case_id, s)
        for case_id, s in sentences
        if s.sentenced_on is not None and (before is None or s.sentenced_on < before)
    ]
    return sorted(found, key=lambda p: (p.sentence.sentenced_on or date.min, p.case_id))
