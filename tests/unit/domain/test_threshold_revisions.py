"""Versioned thresholds: which revision is in force at an instant, what may be published and
when, the range of every value, and the rules running each fix under the revision in force at
its time (the breach records it)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests.support.factories import circle_zone, fix, ruleset
from valvo.domain.clock import NaiveDatetimeError
from valvo.domain.geo import ZoneKind
from valvo.domain.rules import BreachStarted, SubjectState, Thresholds, evaluate, next_deadline
from valvo.domain.rules.threshold_revisions import (
    RevisionStatus,
    ThresholdError,
    ThresholdRevision,
    check_editable,
    check_publish,
    effective_at,
    revision_from,
    ruleset_at,
    thresholds_from,
)

T0 = datetime(2026, 11, 23, 20, 0, tzinfo=UTC)
PUBLISHED = RevisionStatus.PUBLISHED


def revision(
    id: int,
    effective_from: datetime | None,
    order_type: str = "monitoring_sentence",
    status: RevisionStatus = PUBLISHED,
    **values: float,
) -> ThresholdRevision:
    return ThresholdRevision(
        id, order_type, id, status, thresholds_from(values), effective_from=effective_from
    )


def test_the_revision_in_force_is_the_latest_published_to_take_effect_at_or_before() -> None:
    revisions = [
        revision(1, T0 - timedelta(days=30)),
        revision(2, T0),
        revision(3, T0 + timedelta(hours=1)),
        revision(4, None, status=RevisionStatus.DRAFT),  # a draft is never in force
        revision(5, T0 - timedelta(days=1), order_type="travel_ban"),  # another type's
    ]
    ids = [
        getattr(effective_at(revisions, "monitoring_sentence", at), "id", None)
        for at in (
            T0 - timedelta(days=31),
            T0 - timedelta(seconds=1),
            T0,
            T0 + timedelta(minutes=59),
            T0 + timedelta(hours=1),
        )
    ]
    assert ids == [None, 1, 2, 2, 3]
    assert effective_at(revisions, "travel_ban", T0).id == 5  # type: ignore[union-attr]
    assert effective_at(revisions, "pretrial_monitoring", T0) is None


def test_a_draft_is_published_now_or_later_at_an_instant_of_its_own() -> None:
    draft = revision(7, None, status=RevisionStatus.DRAFT)
    others = [revision(1, T0 - timedelta(days=30)), revision(2, T0 + timedelta(days=1))]
    check_publish(draft, T0, T0, others)  # now
    check_publish(draft, T0 + timedelta(hours=3), T0, others)  # later
    with pytest.raises(ThresholdError, match="is in the past"):
        check_publish(draft, T0 - timedelta(hours=1), T0, others)
    with pytest.raises(ThresholdError, match="revision 2 of monitoring_sentence already takes"):
        check_publish(draft, T0 + timedelta(days=1), T0, others)
    # Another order type's revision at the same instant is no conflict.
    check_publish(replace(draft, order_type="travel_ban"), T0 + timedelta(days=1), T0, others)
    with pytest.raises(ThresholdError, match="published revision never changes"):
        check_publish(others[1], T0 + timedelta(days=2), T0, others)
    with pytest.raises(ThresholdError, match="published revision never changes"):
        check_editable(others[0])
    with pytest.raises(ValueError, match="aware"):
        check_publish(draft, datetime(2030, 1, 1), T0, others)  # noqa: DTZ001


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"presence_grace": -1}, "presence_grace: -1 s is outside 0–3600 s"),
        ({"confidence": 1.0}, "confidence: 1 is outside 0.5–0.999"),
        ({"inclusion_confirm_fixes": 0}, "inclusion_confirm_fixes: 0 is outside 1–20"),
        ({"inclusion_confirm_fixes": 2.5}, "must be a whole number"),
        ({"flap_window": 90000}, "flap_window: 90000 s is outside 0–86400 s"),
        ({"sparse_gap": True}, "sparse_gap: must be a number"),
        ({"rf_grace": 60}, "rf_grace: not a threshold"),
        ({"single_fix_confidence": 0.9, "confidence": 0.95}, "must be at least confidence"),
    ],
)
def test_every_value_is_checked_against_its_range(values: dict[str, object], message: str) -> None:
    with pytest.raises(ThresholdError, match=message):
        thresholds_from(values)


def test_values_round_trip_as_the_alarm_records_them() -> None:
    changed = thresholds_from({"presence_grace": 420, "inclusion_confirm_fixes": 4})
    assert changed.presence_grace == timedelta(minutes=7)
    assert changed.inclusion_confirm_fixes == 4
    assert thresholds_from(changed.as_dict()) == changed
    assert thresholds_from({}) == Thresholds()
    stored = {
        "id": 3,
        "order_type": "travel_ban",
        "number": 2,
        "status": "published",
        "thresholds": changed.as_dict(),
        "effective_from": T0,
    }
    assert revision_from(stored) == ThresholdRevision(
        3, "travel_ban", 2, PUBLISHED, changed, effective_from=T0
    )


VICTIM = circle_zone("victim", ZoneKind.EXCLUSION, radius_m=100)


def test_each_fix_runs_under_the_revision_in_force_at_its_time() -> None:
    """Revision 1 confirms an exclusion zone on one fix; revision 2, from T0 + 10 min, on
    three. The same entry before and after gives one breach each, each naming its revision."""
    rules = replace(
        ruleset(VICTIM),
        revisions=(
            revision(1, T0 - timedelta(days=1)),
            revision(2, T0 + timedelta(minutes=10), exclusion_confirm_fixes=3),
        ),
    )
    assert ruleset_at(rules, T0).threshold_revision == 1
    assert ruleset_at(rules, T0 + timedelta(minutes=10)).thresholds.exclusion_confirm_fixes == 3
    assert ruleset_at(rules, T0) is ruleset_at(rules, T0 + timedelta(minutes=1))  # one copy

    def at(minutes: float) -> datetime:
        return T0 + timedelta(minutes=minutes)

    state = evaluate(SubjectState("s-1"), [fix(at(0), east_m=2000)], rules, at(0)).state
    first = evaluate(state, [fix(at(1))], rules, at(1)).events  # inside: one fix is enough
    assert [
        (e.occurred_at, e.explanation.details["threshold_revision"])
        for e in first
        if isinstance(e, BreachStarted)
    ] == [(at(1), 1)]
    evaluate(state, [fix(at(2), east_m=2000)], rules, at(2))  # out again
    later = [
        e
        for m in (11, 12, 13)
        for e in evaluate(state, [fix(at(m))], rules, at(m)).events
        if isinstance(e, BreachStarted)
    ]
    assert [(e.occurred_at, e.explanation.details["threshold_revision"]) for e in later] == [
        (at(13), 2)
    ]
    assert later[0].explanation.details["thresholds"]["exclusion_confirm_fixes"] == 3


def test_without_revisions_the_built_in_defaults_apply_and_say_so() -> None:
    rules = ruleset(VICTIM)
    assert ruleset_at(rules, T0) is rules
    result = evaluate(SubjectState("s-1"), [fix(T0)], rules, T0)
    (breach,) = [e for e in result.events if isinstance(e, BreachStarted)]
    assert breach.explanation.details["threshold_revision"] is None
    assert breach.explanation.details["thresholds"] == Thresholds().as_dict()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(1, 3),  # number (repeats allowed: ranked alike, the first given wins)
            st.one_of(st.none(), st.integers(-3, 3)),  # takes effect, hours from T0
            st.sampled_from(["monitoring_sentence", "travel_ban"]),
            st.booleans(),  # published
        ),
        max_size=8,
    ),
    st.lists(st.integers(-5 * 60, 5 * 60), min_size=1, max_size=10),
)
@example([(1, 0, "monitoring_sentence", True), (1, 0, "monitoring_sentence", True)], [0])
def test_the_rule_set_finds_the_revision_in_force_as_effective_at_does(
    specs: list[tuple[int, int | None, str, bool]], minutes: list[int]
) -> None:
    """The engine asks ``ruleset_at`` several times per observation; its bisect over the rule
    set's timeline picks the very revision ``effective_at`` picks, at any instant."""
    revisions = tuple(
        ThresholdRevision(
            id,
            order_type,
            number,
            PUBLISHED if published else RevisionStatus.DRAFT,
            Thresholds(),
            effective_from=None if hours is None else T0 + timedelta(hours=hours),
        )
        for id, (number, hours, order_type, published) in enumerate(specs, start=1)
    )
    rules = replace(ruleset(), revisions=revisions)
    for m in minutes:
        at = T0 + timedelta(minutes=m)
        expected = effective_at(revisions, "monitoring_sentence", at)
        assert ruleset_at(rules, at).threshold_revision == getattr(expected, "id", None)


def test_the_next_deadline_refuses_a_naive_instant() -> None:
    with pytest.raises(NaiveDatetimeError):
        next_deadline(SubjectState("s-1"), ruleset(), datetime(2026, 11, 23, 20, 0))  # noqa: DTZ001
