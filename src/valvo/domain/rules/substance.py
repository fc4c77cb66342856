"""Substance results: a positive breath test is a serious breach (R63); a scheduled test with no
result by the end of its window is missed; a photo that does not match the person is reported.
Each is complete when it happens, so it is reported once and never left open."""

from __future__ import annotations

from datetime import datetime

from valvo.domain.alarms import AlarmKind
from valvo.domain.rules.events import Evaluation, explain, instant, when
from valvo.domain.rules.ruleset import RuleSet
from valvo.domain.rules.state import SubjectState
from valvo.domain.telemetry import Observation
from valvo.domain.telemetry import vocabulary as v


def on_test(result: Evaluation, ruleset: RuleSet, obs: Observation) -> None:
    state = result.state
    t = ruleset.thresholds
    at = when(obs.device_time)
    evidence = () if obs.seq is None else (obs.seq,)
    for window in ruleset.tests:
        if window.start <= obs.device_time <= window.end:
            state.tests_taken.add(window.id)
    brac = obs.attributes.get(v.BRAC_MG_L)
    if isinstance(brac, int | float) and brac > t.alcohol_limit_mg_l:
        explanation = explain(
            ruleset,
            "substance.alcohol",
            f"Breath test at {at} on device {obs.device_id}: {brac:.2f} mg/l, over the limit "
            f"of {t.alcohol_limit_mg_l:.2f} mg/l. A positive result is a serious breach.",
            f"Alkometritesti {at} laitteella {obs.device_id}: {brac:.2f} mg/l, yli rajan "
            f"{t.alcohol_limit_mg_l:.2f} mg/l. Positiivinen tulos on vakava rikkomus.",
            brac_mg_l=brac,
            device=obs.device_id,
            photo_sha256=obs.attributes.get(v.PHOTO_SHA256),
        )
        instant(
            result,
            f"alcohol:{at}",
            AlarmKind.ALCOHOL_POSITIVE,
            obs.device_time,
            explanation,
            evidence,
        )
    score = obs.attributes.get(v.IDENTITY_SCORE)
    if isinstance(score, int | float) and score < t.identity_min_score:
        explanation = explain(
            ruleset,
            "substance.identity",
            f"The photo taken at the breath test at {at} matched the enrolled person with score "
            f"{score:.2f}, below {t.identity_min_score:.2f}: someone else may have taken the test.",
            f"Alkometritestin {at} kuva vastasi henkilöä pistein {score:.2f}, alle "
            f"{t.identity_min_score:.2f}: testin on voinut tehdä joku muu.",
            identity_score=score,
            device=obs.device_id,
            photo_sha256=obs.attributes.get(v.PHOTO_SHA256),
        )
        instant(
            result,
            f"identity:{at}",
            AlarmKind.IDENTITY_MISMATCH,
            obs.device_time,
            explanation,
            evidence,
        )


def check_missed(result: Evaluation, ruleset: RuleSet, at: datetime) -> None:
    state = result.state
    for window in ruleset.tests:
        if window.end > at or window.id in state.tests_taken or window.id in state.tests_reported:
            continue
        state.tests_reported.add(window.id)
        explanation = explain(
            ruleset,
            "substance.missed",
            f"No test result arrived in the scheduled window {when(window.start)} – "
            f"{when(window.end)}.",
            f"Aikataulutetun testin tulosta ei saatu aikavälillä {when(window.start)} – "
            f"{when(window.end)}.",
            test_id=window.id,
        )
        instant(result, f"test:missed:{window.id}", AlarmKind.MISSED_TEST, window.end, explanation)


def next_test_end(ruleset: RuleSet, state: SubjectState, after: datetime) -> datetime | None:
    """The first end, after ``after``, of a scheduled test's window with no result yet."""
    found: datetime | None = None
    for w in ruleset.tests:
        if (
            w.end > after
            and w.id not in state.tests_taken
            and w.id not in state.tests_reported
            and (found is None or w.end < found)
        ):
            found = w.end
    return found
