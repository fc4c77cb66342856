"""One definition per figure (issue 17): the desk statistics and the shift log say the same
number of alarms closed automatically, labelled the same. The issue saw "closed by themselves
0" against "closed automatically 2": an alarm that closed itself twice (out, back within the
grace, out again, back again) and one raised before the statistics' period that closed itself
inside it."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from tests.conftest import FakeClock
from tests.security.conftest import bearer
from tests.support.alarm_desk import back_home, commit_events, left_home, person, trail_actions
from valvo.bootstrap import Valvo
from valvo.domain.alarms.shifts import shift_of
from valvo.domain.followup.figures import FIGURES
from valvo.web.app import create_app


def test_desk_statistics_and_shift_log_agree_on_automatic_closes(
    valvo: Valvo, clock: FakeClock
) -> None:
    shift = shift_of(clock.now)
    clock.now = shift.starts_at + timedelta(minutes=2)
    who, early = person(valvo, "dev-a"), person(valvo, "dev-b")
    # Raised before the shift, closed by itself inside it.
    (before,) = commit_events(
        valvo, [left_home(early, shift.starts_at - timedelta(minutes=4))], clock.now
    )
    commit_events(valvo, [back_home(early, clock.now)], clock.advance(minutes=1))
    # Closed by itself, reopened by the same condition, closed by itself again.
    (twice,) = commit_events(valvo, [left_home(who, clock.now)], clock.now)
    commit_events(
        valvo, [back_home(who, clock.now + timedelta(minutes=5))], clock.advance(minutes=5)
    )
    commit_events(
        valvo, [left_home(who, clock.now + timedelta(minutes=2))], clock.advance(minutes=2)
    )
    commit_events(
        valvo, [back_home(who, clock.now + timedelta(minutes=3))], clock.advance(minutes=3)
    )
    closes = trail_actions(valvo, twice).count("auto_closed") + trail_actions(valvo, before).count(
        "auto_closed"
    )
    assert closes == 3

    client = TestClient(create_app(valvo))
    headers = bearer(valvo, "supervisor")
    window = {"from": shift.starts_at.isoformat(), "to": shift.ends_at.isoformat()}
    desk = client.get("/api/alarms/stats", params=window, headers=headers).json()
    log = client.get("/api/desk/handover", headers=headers).json()
    (current,) = [s for s in log["shifts"] if s["starts_at"].startswith(window["from"][:16])]
    assert desk["alarms_auto_closed"] == closes
    assert current["figures"]["alarms_auto_closed"] == closes
    assert current["steps"]["auto_closed"] == closes
    # Labelled once: the figure's label is the trail step's label the shift log shows.
    meta = client.get("/api/meta").json()
    step = next(c for c in meta["trail_actions"] if c["value"] == "auto_closed")
    figure = next(f for f in meta["figures"] if f["id"] == "alarms_auto_closed")
    assert (figure["en"], figure["fi"]) == (step["label_en"], step["label_fi"])
    assert figure["en"] == FIGURES["alarms_auto_closed"].en
    # The desk's rules are labelled, never shown as ids.
    rules = {r["rule"]: r for r in desk["by_rule"]}
    assert rules["zone.inclusion"]["label_en"] == "Left an inclusion zone"
    assert rules["zone.inclusion"]["label_fi"] == "Poistui sallitulta alueelta"
    # A region's desk counts only its alarms, in both.
    east = client.get(
        "/api/alarms/stats", params={**window, "region": "Itä-Suomi"}, headers=headers
    ).json()
    assert east["alarms_auto_closed"] == 0
