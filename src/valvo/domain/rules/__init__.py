from valvo.domain.rules.evaluate import BreachEnded, BreachStarted, Evaluation, Event, evaluate
from valvo.domain.rules.ruleset import RuleSet, Thresholds
from valvo.domain.rules.state import LastFix, SubjectState

__all__ = [
    "BreachEnded",
    "BreachStarted",
    "Evaluation",
    "Event",
    "LastFix",
    "RuleSet",
    "SubjectState",
    "Thresholds",
    "evaluate",
]
