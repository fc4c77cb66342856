from valvo.domain.rules.evaluate import evaluate, next_deadline, zone_distances
from valvo.domain.rules.events import BreachEnded, BreachStarted, Evaluation, Event
from valvo.domain.rules.ruleset import DeviceRule, RuleSet, ScheduledTest, Thresholds
from valvo.domain.rules.state import LastFix, SubjectState

__all__ = [
    "BreachEnded",
    "BreachStarted",
    "DeviceRule",
    "Evaluation",
    "Event",
    "LastFix",
    "RuleSet",
    "ScheduledTest",
    "SubjectState",
    "Thresholds",
    "evaluate",
    "next_deadline",
    "zone_distances",
]
