"""Identity checks of a person monitored by phone (R38; report OM 2007:17, 7.1.3).

The report: "täyttä varmuutta GSM-puhelimen ja tuomitun olemisesta samassa paikassa ei voida
saada pelkästään teknisin välinein, vaan se vaatii vielä tuomitun tunnistamisen muilla
tavoin, esimerkiksi keskustelemalla tämän kanssa" — the phone's location alone never shows
the convict is where the phone is. The person is identified by voice (which "edellyttää, että
valvoja tuntee valvottavan niin hyvin, että äänentunnistus on mahdollista": the monitor must
know the person's voice), by personal questions, or over a video link.

Pure: a case's configuration (the methods allowed, how many random checks a day, a check at
each start of required presence), the checks a day plans (random times drawn from a recorded
seed, so the plan is reproducible and auditable, inside the required presence and the calling
hours), the outcome an operator records, and whether presence is verified. The numbers here
are the monitoring centre's practice, not law (docs/law.md, "Identity checks").
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from valvo.domain.cases.errors import CaseError
from valvo.domain.clock import require_aware
from valvo.domain.schedule.local_time import local_to_utc

RULE = "identity_check"
RULE_VERSION = 1
MAX_RANDOM_PER_DAY = 6  # practice: more calls a day are a burden the report warns of (7.1.3)
# Random calls only while people are awake (local wall-clock time), within required presence.
CALL_HOURS = (time(8, 0), time(21, 0))
# A check at the start of required presence waits out the presence rules' five-minute grace
# and a little more, so a person walking in the door is not called on the doorstep.
PRESENCE_START_DELAY = timedelta(minutes=15)
# A passed check verifies presence for this long (then the phone is again location only).
VERIFIED_FOR = timedelta(hours=4)
# A planned check may be worked from a little before its time (the operator's queue).
EARLY = timedelta(minutes=30)
MAX_NOTE = 2000


class Method(StrEnum):
    VOICE = "voice"  # the monitor knows the person's voice (7.1.3)
    QUESTIONS = "questions"  # questions only the person can answer
    VIDEO = "video"  # a video link


class Outcome(StrEnum):
    PASSED = "passed"
    FAILED = "failed"  # someone else answered, or the person could not be identified
    NO_ANSWER = "no_answer"


class Trigger(StrEnum):
    RANDOM = "random"  # a random time within required presence
    PRESENCE_START = "presence_start"  # when required presence begins
    MANUAL = "manual"  # started by hand (an alarm, a suspicion)


ALARMING = frozenset({Outcome.FAILED, Outcome.NO_ANSWER})


@dataclass(frozen=True, slots=True)
class IdentityConfig:
    methods: tuple[Method, ...]
    random_per_day: int
    at_presence_start: bool
    seed: str  # recorded with the configuration: the random times are reproducible from it


@dataclass(frozen=True, slots=True)
class PlannedCheck:
    trigger: Trigger
    due_at: datetime


def check_config(
    methods: Sequence[str], random_per_day: int, at_presence_start: bool, seed: str
) -> IdentityConfig:
    """A configuration the centre can work: at least one method, at most six random checks a
    day, and some occasion to check at."""
    if not methods:
        raise CaseError("methods_missing", "choose at least one identification method (R38)")
    chosen: list[Method] = []
    for value in methods:
        try:
            method = Method(value)
        except ValueError:
            allowed = ", ".join(m.value for m in Method)
            raise CaseError("unknown_method", f"{value!r} is not one of {allowed}") from None
        if method in chosen:
            raise CaseError("method_repeated", f"{method.value} is listed twice")
        chosen.append(method)
    if not 0 <= random_per_day <= MAX_RANDOM_PER_DAY:
        raise CaseError(
            "random_per_day_out_of_range",
            f"random checks a day must be 0–{MAX_RANDOM_PER_DAY}, not {random_per_day}",
        )
    if random_per_day == 0 and not at_presence_start:
        raise CaseError(
            "no_occasion",
            "choose random checks a day, a check when required presence begins, or both",
        )
    if not seed.strip():
        raise CaseError("seed_missing", "the configuration records the seed of its random times")
    return IdentityConfig(tuple(chosen), random_per_day, at_presence_start, seed)


def new_seed(entropy: bytes) -> str:
    """A seed the caller draws (``os.urandom``): recorded, so every plan can be recomputed."""
    return hashlib.sha256(entropy).hexdigest()[:32]


def plan_day(
    config: IdentityConfig,
    day: date,
    tz: ZoneInfo,
    presence: Sequence[tuple[datetime, datetime]],
    day_start: datetime,
) -> list[PlannedCheck]:
    """The checks of local ``day``: one ``PRESENCE_START_DELAY`` after each start of required
    presence that day (a span beginning after an absence, not at midnight), and
    ``random_per_day`` random minutes inside required presence within the calling hours, drawn
    from the configuration's seed and the day (the same seed gives the same times).
    ``presence``: the day's spans of required presence (UTC instants, in order)."""
    planned: list[PlannedCheck] = []
    if config.at_presence_start:
        for start, end in presence:
            due = start + PRESENCE_START_DELAY
            if start > day_start and due < end:
                planned.append(PlannedCheck(Trigger.PRESENCE_START, _minute(due)))
    if config.random_per_day:
        awake_from = local_to_utc(datetime.combine(day, CALL_HOURS[0]), tz)
        awake_to = local_to_utc(datetime.combine(day, CALL_HOURS[1]), tz)
        windows = [
            (max(a, awake_from), min(b, awake_to))
            for a, b in presence
            if min(b, awake_to) > max(a, awake_from)
        ]
        total = sum((b - a).total_seconds() for a, b in windows)
        if total >= 60:
            rng = random.Random(f"{config.seed}|{day.isoformat()}")
            offsets = sorted(rng.uniform(0, total) for _ in range(config.random_per_day))
            seen = {p.due_at for p in planned}
            for offset in offsets:
                due = _minute(_at_offset(windows, offset))
                if due not in seen:
                    seen.add(due)
                    planned.append(PlannedCheck(Trigger.RANDOM, due))
    return sorted(planned, key=lambda p: p.due_at)


def _at_offset(windows: Sequence[tuple[datetime, datetime]], offset: float) -> datetime:
    for a, b in windows:
        length = (b - a).total_seconds()
        if offset < length:
            return a + timedelta(seconds=offset)
        offset -= length
    return windows[-1][1] - timedelta(seconds=1)


def _minute(at: datetime) -> datetime:
    return at.replace(second=0, microsecond=0)


def check_outcome(
    config: IdentityConfig | None,
    *,
    method: str,
    outcome: str,
    knows_voice: bool,
    note: str | None,
    due_at: datetime | None,
    now: datetime,
) -> tuple[Method, Outcome, str | None]:
    """The outcome an operator records: a method the case allows; a voice identification
    passed only by a monitor who knows the person's voice (7.1.3); a failed check says why;
    a planned check not worked before its time."""
    now = require_aware(now, "now")
    try:
        chosen = Method(method)
    except ValueError:
        allowed = ", ".join(m.value for m in Method)
        raise CaseError("unknown_method", f"{method!r} is not one of {allowed}") from None
    try:
        result = Outcome(outcome)
    except ValueError:
        allowed = ", ".join(o.value for o in Outcome)
        raise CaseError("unknown_outcome", f"{outcome!r} is not one of {allowed}") from None
    if config is not None and chosen not in config.methods:
        allowed = ", ".join(m.value for m in config.methods)
        raise CaseError(
            "method_not_configured", f"this case identifies the person by {allowed} (R38)"
        )
    if chosen is Method.VOICE and result is Outcome.PASSED and not knows_voice:
        raise CaseError(
            "voice_not_known",
            "voice recognition needs a monitor who knows the person's voice (7.1.3); "
            "use personal questions or video",
        )
    text = (note or "").strip() or None
    if result is Outcome.FAILED and text is None:
        raise CaseError("note_missing", "a failed check says what was wrong")
    if text is not None and len(text) > MAX_NOTE:
        raise CaseError("note_too_long", f"a note is at most {MAX_NOTE} characters")
    if due_at is not None and now < due_at - EARLY:
        raise CaseError("not_due", "a planned check is worked from 30 minutes before its time")
    return chosen, result, text


def verified_at(
    checks: Iterable[tuple[datetime, str]], now: datetime, valid_for: timedelta = VERIFIED_FOR
) -> datetime | None:
    """When presence was last verified by a passed check still valid at ``now`` (None: the
    phone's location is location only, never the person's presence; R38)."""
    now = require_aware(now, "now")
    passed = [at for at, outcome in checks if outcome == Outcome.PASSED.value and at <= now]
    latest = max(passed, default=None)
    if latest is None or now - latest > valid_for:
        return None
    return latest
