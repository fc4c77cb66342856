"""Notifications from the outbox, to a real SMTP server (aiosmtpd) and a real webhook receiver on
127.0.0.1: sent after commit, never for a rolled-back change, retried with backoff after a
failure, given up after the last attempt; and escalation at ``now`` feeding the same outbox."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from tests.conftest import FakeClock, make_valvo
from tests.support.alarm_desk import (
    alarm_row,
    exclusion_alarm,
    outbox_rows,
    person,
    trail_actions,
)
from tests.support.ports import free_port
from tests.support.receivers import Hook, SmtpServer, smtp_server, webhook_receiver
from valvo.bootstrap import Valvo
from valvo.engine.alarm_desk import (
    MAX_ATTEMPTS,
    OutboxDispatcher,
    backoff,
    run_alarm_desk,
)
from valvo.services import alarms

SECRET = "webhook-test-secret"


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    with smtp_server() as server:
        yield server


@pytest.fixture
def hook() -> Iterator[Hook]:
    with webhook_receiver() as receiver:
        yield receiver


@pytest.fixture
def desk(
    database_url: str, tmp_path: Path, clock: FakeClock, smtp: SmtpServer, hook: Hook
) -> Iterator[Valvo]:
    app = make_valvo(
        database_url,
        tmp_path,
        clock,
        smtp_host=smtp.host,
        smtp_port=smtp.port,
        smtp_sender="valvo@centre.test",
        webhook_secret=SECRET,
        notify_routes={
            "desk": ["mailto:desk@centre.test", hook.url],
            "duty_supervisor": ["mailto:duty@centre.test"],
            "cases": [hook.url],
        },
    )
    yield app
    app.db.dispose()


def dispatcher(valvo: Valvo) -> OutboxDispatcher:
    return valvo.outbox_dispatcher()


def test_a_new_alarm_is_mailed_and_posted_after_commit(
    desk: Valvo, clock: FakeClock, smtp: SmtpServer, hook: Hook
) -> None:
    alarm = exclusion_alarm(desk, person(desk), clock.now)
    assert smtp.mailbox.messages == []
    assert hook.calls == []
    report = dispatcher(desk).deliver_due(clock.now)
    assert len(report.delivered) == 1
    ((rcpt, mail),) = smtp.mailbox.messages
    assert rcpt == ["desk@centre.test"]
    assert mail["From"] == "valvo@centre.test"
    assert "Alarm raised" in mail["Subject"]
    assert "Entered an exclusion zone" in mail["Subject"]
    body = mail.get_content()
    assert alarm["id"] in body
    assert "Person" not in body
    ((headers, payload, raw),) = hook.calls
    assert payload["event"] == "raised"
    assert payload["payload"]["alarm_id"] == alarm["id"]
    expected = hmac.new(SECRET.encode(), raw, hashlib.sha256).hexdigest()
    assert headers["X-Valvo-Signature"] == f"sha256={expected}"
    assert trail_actions(desk, alarm["id"]) == ["raised", "notified"]
    assert outbox_rows(desk)[0]["delivered_at"] == clock.now
    assert dispatcher(desk).deliver_due(clock.advance(minutes=5)).delivered == []  # once only
    assert len(smtp.mailbox.messages) == 1


def test_a_rolled_back_change_sends_nothing(
    desk: Valvo, clock: FakeClock, smtp: SmtpServer, hook: Hook
) -> None:
    alarm = exclusion_alarm(desk, person(desk), clock.now)
    dispatcher(desk).deliver_due(clock.now)
    hook.calls.clear()
    before = outbox_rows(desk)
    with pytest.raises(RuntimeError, match="crash"):
        resolve_then_crash(desk, alarm["id"], clock)
    assert outbox_rows(desk) == before
    assert dispatcher(desk).deliver_due(clock.advance(minutes=1)).delivered == []
    assert hook.calls == []
    assert len(smtp.mailbox.messages) == 1
    assert alarm_row(desk, alarm["id"])["status"] == "raised"


def resolve_then_crash(valvo: Valvo, alarm_id: str, clock: FakeClock) -> None:
    with valvo.uow() as uow:
        alarms.resolve(uow, "op", clock.now, alarm_id, "genuine_breach", "confirmed")
        raise RuntimeError("crash before commit")


def test_a_confirmed_breach_is_posted_for_the_case_work(
    desk: Valvo, clock: FakeClock, hook: Hook
) -> None:
    alarm = exclusion_alarm(desk, person(desk), clock.now)
    with desk.uow() as uow:
        alarms.resolve(uow, "op", clock.advance(minutes=2), alarm["id"], "genuine_breach", None)
        uow.commit()
    dispatcher(desk).deliver_due(clock.now)
    events = [body["event"] for body in hook.bodies]
    assert events == ["raised", "breach_confirmed"]
    confirmed = hook.bodies[1]["payload"]
    assert (confirmed["alarm_id"], confirmed["cause"]) == (alarm["id"], "genuine_breach")


def test_a_failed_delivery_is_retried_with_backoff_and_reaches_only_who_is_missing(
    desk: Valvo, clock: FakeClock, smtp: SmtpServer, hook: Hook
) -> None:
    alarm = exclusion_alarm(desk, person(desk), clock.now)
    hook.fail_next = 1
    first = dispatcher(desk).deliver_due(clock.now)
    assert len(first.retried) == 1
    assert first.delivered == []
    row = outbox_rows(desk)[0]
    assert row["delivered_to"] == ["mailto:desk@centre.test"]  # the mail went through
    assert "500" in row["last_error"]
    assert row["next_attempt_at"] == clock.now + backoff(1)
    assert dispatcher(desk).deliver_due(clock.now + backoff(1) - timedelta(seconds=1)) == (
        type(first)()
    )  # not before its time
    again = dispatcher(desk).deliver_due(clock.advance(seconds=backoff(1).total_seconds()))
    assert len(again.delivered) == 1
    assert len(smtp.mailbox.messages) == 1  # not mailed twice
    assert len(hook.calls) == 1
    assert outbox_rows(desk)[0]["attempts"] == 2
    assert trail_actions(desk, alarm["id"]) == ["raised", "notified"]


def test_an_unreachable_target_is_given_up_after_the_last_attempt(
    database_url: str, tmp_path: Path, clock: FakeClock
) -> None:
    closed = f"http://127.0.0.1:{free_port()}/nobody-listens"
    valvo = make_valvo(database_url, tmp_path, clock, notify_routes={"desk": [closed]})
    try:
        alarm = exclusion_alarm(valvo, person(valvo), clock.now)
        send = dispatcher(valvo)
        for attempt in range(1, MAX_ATTEMPTS):
            assert len(send.deliver_due(clock.now).retried) == 1, attempt
            clock.advance(seconds=backoff(attempt).total_seconds())
        assert len(send.deliver_due(clock.now).dead) == 1
        row = outbox_rows(valvo)[0]
        assert (row["dead"], row["attempts"], row["delivered_at"]) == (True, MAX_ATTEMPTS, None)
        assert trail_actions(valvo, alarm["id"])[-1] == "notification_failed"
        assert send.deliver_due(clock.advance(hours=2)).dead == []  # left alone now
    finally:
        valvo.db.dispose()


def test_an_unacknowledged_critical_alarm_escalates_to_the_duty_supervisor(
    desk: Valvo, clock: FakeClock, smtp: SmtpServer
) -> None:
    alarm = exclusion_alarm(desk, person(desk), clock.now)
    timer = desk.escalation_timer()
    assert timer.tick(clock.advance(minutes=4)) == []
    (escalated,) = timer.tick(clock.advance(minutes=1))
    assert (escalated.id, escalated.escalation_level) == (alarm["id"], 1)
    assert timer.tick(clock.advance(seconds=30)) == []  # not twice
    row = alarm_row(desk, alarm["id"])
    assert (row["escalation_level"], row["escalation_route"]) == (1, "duty_supervisor")
    dispatcher(desk).deliver_due(clock.now)
    recipients = sorted(rcpt[0] for rcpt, _ in smtp.mailbox.messages)
    assert recipients == ["desk@centre.test", "duty@centre.test"]
    duty = next(m for rcpt, m in smtp.mailbox.messages if rcpt == ["duty@centre.test"])
    assert "Alarm escalated" in duty["Subject"]
    assert trail_actions(desk, alarm["id"]) == ["raised", "escalated", "notified", "notified"]


async def test_the_desk_loop_escalates_and_delivers_on_its_own(
    desk: Valvo, clock: FakeClock, smtp: SmtpServer
) -> None:
    exclusion_alarm(desk, person(desk), clock.now)
    clock.advance(minutes=6)  # left alone past the five-minute step
    stop = asyncio.Event()
    loop = asyncio.create_task(
        run_alarm_desk(desk.escalation_timer(), desk.outbox_dispatcher(), clock, stop)
    )
    for _ in range(100):
        if len(smtp.mailbox.messages) == 2:
            break
        await asyncio.sleep(0.1)
    stop.set()
    await asyncio.wait_for(loop, 5)
    recipients = sorted(rcpt[0] for rcpt, _ in smtp.mailbox.messages)
    assert recipients == ["desk@centre.test", "duty@centre.test"]
