"""Recorded scenarios for the rules: noise that must raise nothing, and breaches that must
always fire, on time. Each builds its observations deterministically from a seed, so the tests
and the scenario report run exactly the same streams the simulator would send.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta

from valvo.domain.alarms import AlarmKind
from valvo.domain.geo import Zone, ZoneKind
from valvo.domain.geo.projection import LocalProjection
from valvo.domain.rules import DeviceRule, RuleSet, ScheduledTest
from valvo.domain.schedule import Purpose, Schedule, WeeklyWindow
from valvo.domain.telemetry import Observation, ObservationKind
from valvo.domain.telemetry import vocabulary as v

HOME = (24.9384, 60.1699)
VICTIM_EAST_M = 1500.0
START = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)  # Monday 05:00 in Helsinki
TRACKER, UNIT, TESTER = "tracker", "unit", "tester"
# Work 08:00–16:00 local on Mondays (06:00–14:00 UTC).
WORKDAY = Schedule(weekly=(WeeklyWindow(0, time(8), time(16), Purpose.ACTIVITY),))


@dataclass(frozen=True, slots=True)
class Expected:
    kind: AlarmKind
    by: datetime  # must have fired at or before this instant


@dataclass(slots=True)
class Scenario:
    name: str
    noise: bool
    ruleset: RuleSet
    observations: list[Observation] = field(default_factory=list)
    expected: list[Expected] = field(default_factory=list)
    end: datetime = START + timedelta(hours=12)


class _Track:
    """Builds a device's observation stream minute by minute, with GPS noise."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.proj = LocalProjection(*HOME)
        self.out: list[Observation] = []
        self.seq = 0

    def _next(self) -> int:
        self.seq += 1
        return self.seq

    def fix(
        self,
        at: datetime,
        east: float,
        north: float,
        accuracy: float,
        received: datetime | None = None,
    ) -> None:
        sigma = accuracy / 1.51
        lon, lat = self.proj.to_degrees(
            east + self.rng.gauss(0, sigma), north + self.rng.gauss(0, sigma)
        )
        self.out.append(
            Observation(
                TRACKER,
                ObservationKind.POSITION,
                at,
                received or at,
                lat=lat,
                lon=lon,
                accuracy_m=accuracy,
                valid=True,
                seq=self._next(),
            )
        )

    def event(self, kind: ObservationKind, at: datetime, device: str, **attributes: object) -> None:
        self.out.append(Observation(device, kind, at, at, attributes=attributes, seq=self._next()))

    def alarm(self, at: datetime, *alarms: str) -> None:
        self.out.append(
            Observation(TRACKER, ObservationKind.ALARM, at, at, alarms=alarms, seq=self._next())
        )

    def home_day(self, minutes: int, in_range: Callable[[int], bool] = lambda _: True) -> None:
        """Fixes at home every minute and RF reports every minute."""
        for m in range(minutes):
            at = START + timedelta(minutes=m)
            self.fix(at, 0, 0, 12)
            self.event(ObservationKind.PRESENCE, at, UNIT, **{v.IN_RANGE: in_range(m)})


def _zones() -> tuple[Zone, ...]:
    victim = LocalProjection(*HOME).to_degrees(VICTIM_EAST_M, 0)
    return (
        Zone.from_geojson(
            "home",
            "Home",
            ZoneKind.INCLUSION,
            {"type": "Point", "coordinates": list(HOME)},
            radius_m=120,
            active_during_required_presence_only=True,
        ),
        Zone.from_geojson(
            "victim",
            "Protected address",
            ZoneKind.EXCLUSION,
            {"type": "Point", "coordinates": list(victim)},
            radius_m=300,
        ),
    )


def _rules(rf: bool = True, tests: tuple[ScheduledTest, ...] = ()) -> RuleSet:
    devices = [DeviceRule(TRACKER, "gps_tracker")]
    if rf:
        devices.append(DeviceRule(UNIT, "rf_home_unit"))
    if tests:
        devices.append(DeviceRule(TESTER, "alcohol_tester"))
    return RuleSet("scenario", 1, WORKDAY, _zones(), devices=tuple(devices), tests=tests)


def _at(minutes: float) -> datetime:
    return START + timedelta(minutes=minutes)


# ---- noise: must raise nothing ----------------------------------------------------------------


def drift_near_boundary(seed: int = 1) -> Scenario:
    track = _Track(seed)
    for m in range(180):  # at home by the far wall (85–110 m out of 120): fixes wander across
        track.fix(_at(m), track.rng.uniform(85, 110), 0, track.rng.uniform(25, 45))
    return Scenario("drift near a zone boundary", True, _rules(rf=False), track.out)


def indoor_loss_with_rf_present(seed: int = 2) -> Scenario:
    track = _Track(seed)
    for m in range(180):
        track.event(ObservationKind.PRESENCE, _at(m), UNIT, **{v.IN_RANGE: True})
        if m % 10 == 0:  # the tracker indoors: rare, poor fixes, some far off
            track.fix(_at(m), track.rng.uniform(150, 300), 0, 80)
        else:
            track.out.append(
                Observation(TRACKER, ObservationKind.HEARTBEAT, _at(m), _at(m), seq=track._next())
            )
    return Scenario("indoor GPS loss at home while RF says present", True, _rules(), track.out)


def rf_flicker(seed: int = 3) -> Scenario:
    track = _Track(seed)
    track.home_day(
        180, in_range=lambda m: not (m % 7 == 3 or m % 11 == 5)
    )  # out for a minute now and then
    return Scenario("RF flicker at the edge of range", True, _rules(), track.out)


def tunnel_upload(seed: int = 4) -> Scenario:
    track = _Track(seed)
    track.home_day(180)
    # On the way to work (authorised from 06:00 UTC); a 7-minute tunnel: the tracker buffers
    # its fixes and uploads them all when it comes out.
    arrived = _at(217)
    for m in range(180, 240):
        north = 40.0 * (m - 180)  # away from the protected address, which lies to the east
        track.event(ObservationKind.PRESENCE, _at(m), UNIT, **{v.IN_RANGE: False})
        if 210 <= m < 217:
            track.fix(_at(m), 0, north, 8, received=arrived)
        else:
            track.fix(_at(m), 0, north, 8)
    return Scenario("a buffered upload after a tunnel", True, _rules(), track.out, end=_at(240))


def late_fix_reordered(seed: int = 5) -> Scenario:
    track = _Track(seed)
    track.home_day(120)
    track.fix(_at(60), 3000, 0, 8, received=_at(119))  # an old fix, far away, arriving late
    return Scenario("a late fix reordered", True, _rules(), track.out, end=_at(120))


# ---- breaches: must always fire, on time ------------------------------------------------------


def leaves_home(seed: int = 6) -> Scenario:
    track = _Track(seed)
    track.home_day(40)
    for m in range(40, 60):  # at 03:40 UTC (05:40 local, required presence) walks away north
        track.fix(_at(m), 0, 150 + 60.0 * (m - 40), 8)
        track.event(ObservationKind.PRESENCE, _at(m), UNIT, **{v.IN_RANGE: False})
    grace = timedelta(minutes=5)
    return Scenario(
        "leaving home during required presence",
        False,
        _rules(),
        track.out,
        [Expected(AlarmKind.LEFT_DURING_PRESENCE, _at(40) + grace + timedelta(minutes=1))],
        end=_at(60),
    )


def rf_flapping(seed: int = 14) -> Scenario:
    """Four times in the early morning (required presence) the tag is out of the home unit's
    range for 7 minutes, back for 13: four genuine breaches of the 5-minute grace, each ending
    by itself 2 minutes later. Noise control makes them one alarm with four occurrences."""
    track = _Track(seed)
    outs = [10 + 20 * k for k in range(4)]
    track.home_day(100, in_range=lambda m: not any(o <= m < o + 7 for o in outs))
    grace = timedelta(minutes=5)
    return Scenario(
        "RF out of range again and again during presence",
        False,
        _rules(),
        track.out,
        [
            Expected(AlarmKind.LEFT_DURING_PRESENCE, _at(o) + grace + timedelta(minutes=1))
            for o in outs
        ],
        end=_at(100),
    )


def not_back_after_work(seed: int = 7) -> Scenario:
    track = _Track(seed)
    track.home_day(180)
    for m in range(180, 720):  # leaves for work at 06:00 UTC and stays out past 14:00
        track.fix(_at(m), 2500, 800, 8)
        track.event(ObservationKind.PRESENCE, _at(m), UNIT, **{v.IN_RANGE: False})
    back_due = datetime(2026, 11, 23, 14, 5, tzinfo=UTC)
    return Scenario(
        "not returning at the end of an activity window",
        False,
        _rules(),
        track.out,
        [Expected(AlarmKind.NOT_BACK_AFTER_ABSENCE, back_due)],
        end=_at(720),
    )


def enters_exclusion_zone(seed: int = 8) -> Scenario:
    track = _Track(seed)
    track.home_day(180)
    for m in range(180, 240):  # at work time, walks to the protected address
        track.fix(_at(m), min(VICTIM_EAST_M, (m - 180) * 60.0), 0, 8)
        track.event(ObservationKind.PRESENCE, _at(m), UNIT, **{v.IN_RANGE: False})
    arrives = _at(180 + (VICTIM_EAST_M - 300) / 60.0 + 2)
    return Scenario(
        "entering an exclusion zone",
        False,
        _rules(),
        track.out,
        [Expected(AlarmKind.EXCLUSION_ZONE_ENTERED, arrives)],
        end=_at(260),
    )


def strap_cut(seed: int = 9) -> Scenario:
    track = _Track(seed)
    track.home_day(30)
    track.event(ObservationKind.DEVICE_EVENT, _at(30), UNIT, **{v.EVENT: v.STRAP_OPENED})
    track.home_day(40)
    return Scenario(
        "strap cut",
        False,
        _rules(),
        track.out,
        [Expected(AlarmKind.STRAP_TAMPER, _at(30))],
        end=_at(40),
    )


def case_opened(seed: int = 10) -> Scenario:
    track = _Track(seed)
    track.home_day(30)
    track.event(ObservationKind.DEVICE_EVENT, _at(20), UNIT, **{v.EVENT: v.CASE_OPENED})
    return Scenario(
        "case opened",
        False,
        _rules(),
        track.out,
        [Expected(AlarmKind.CASE_TAMPER, _at(20))],
        end=_at(30),
    )


def device_silent(seed: int = 11) -> Scenario:
    track = _Track(seed)
    track.home_day(30)  # then nothing at all from either device
    silent_by = _at(29) + timedelta(minutes=10)
    return Scenario(
        "device silent",
        False,
        _rules(),
        track.out,
        [Expected(AlarmKind.DEVICE_SILENT, silent_by)],
        end=_at(120),
    )


def positive_breath_test(seed: int = 12) -> Scenario:
    track = _Track(seed)
    track.home_day(30)
    track.event(
        ObservationKind.ALCOHOL_TEST, _at(25), TESTER, **{v.BRAC_MG_L: 0.34, v.IDENTITY_SCORE: 0.95}
    )
    test = ScheduledTest("morning", _at(20), _at(40))
    return Scenario(
        "positive breath test",
        False,
        _rules(tests=(test,)),
        track.out,
        [Expected(AlarmKind.ALCOHOL_POSITIVE, _at(25))],
        end=_at(30),
    )


def missed_test(seed: int = 13) -> Scenario:
    track = _Track(seed)
    track.home_day(90)
    test = ScheduledTest("morning", _at(20), _at(50))
    return Scenario(
        "missed test",
        False,
        _rules(tests=(test,)),
        track.out,
        [Expected(AlarmKind.MISSED_TEST, _at(50))],
        end=_at(90),
    )


ALL: tuple[Callable[[], Scenario], ...] = (
    drift_near_boundary,
    indoor_loss_with_rf_present,
    rf_flicker,
    tunnel_upload,
    late_fix_reordered,
    leaves_home,
    rf_flapping,
    not_back_after_work,
    enters_exclusion_zone,
    strap_cut,
    case_opened,
    device_silent,
    positive_breath_test,
    missed_test,
)
