"""A home unit through the engine: a buffered upload raises the absence it holds at the device
time it fell due, and a report about a tag that is not the person's neither ends it nor counts
as presence: it raises its own alarm."""

from __future__ import annotations

from datetime import datetime, timedelta

from tests.conftest import FakeClock
from tests.support.caseload import register_person
from tests.support.factories import observation
from valvo.bootstrap import Valvo
from valvo.domain.telemetry import Observation, ObservationKind
from valvo.domain.telemetry import vocabulary as v
from valvo.services import registry
from valvo.services.telemetry import LogEntry


def rf(at: datetime, in_range: bool, tag: str, received_at: datetime) -> Observation:
    attributes = {v.EVENT: v.TAG_IN_RANGE if in_range else v.TAG_OUT_OF_RANGE}
    return observation(
        ObservationKind.PRESENCE,
        at,
        "HU-9",
        received_at=received_at,
        attributes={**attributes, v.IN_RANGE: in_range, v.TAG: tag},
    )


def test_a_buffered_absence_is_raised_and_a_foreign_tag_does_not_end_it(
    valvo: Valvo, clock: FakeClock
) -> None:
    person = register_person(valvo, "trk-9")  # no plan: presence required at all times
    with valvo.uow() as uow:
        for identifier, kind in (("HU-9", "rf_home_unit"), ("TAG-9", "rf_tag")):
            device = registry.register_device(
                uow, "test", clock.now, identifier=identifier, protocol="valvo", kind=kind
            )
            registry.assign_device(
                uow, "test", clock.now, device_id=device["id"], subject_id=person.subject_id
            )
        uow.commit()
    worker = valvo.engine_worker()
    t0 = clock.now
    log = valvo.observation_log()
    log.append([LogEntry(rf(t0, True, "TAG-9", t0), "valvo", b"1", None, None)])
    worker.step(clock.advance(seconds=5))
    arrived = clock.advance(minutes=30)  # the unit was offline: its out-of-range comes late
    log.append(
        [
            LogEntry(
                rf(t0 + timedelta(minutes=10), False, "TAG-9", arrived), "valvo", b"2", None, None
            )
        ]
    )
    worker.step(clock.advance(seconds=5))
    foreign = rf(clock.now, True, "TAG-1", clock.now)
    log.append([LogEntry(foreign, "valvo", b"3", None, None)])
    worker.step(clock.advance(seconds=5))
    with valvo.uow() as uow:
        alarms = {a["kind"]: a for a in uow.alarms.find(None, person.subject_id, 20)}
    absence = alarms["left_during_presence"]
    assert absence["occurred_at"] == t0 + timedelta(minutes=15)
    assert absence["condition_ended_at"] is None
    assert alarms["tag_mismatch"]["occurred_at"] == foreign.device_time
