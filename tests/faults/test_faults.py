"""Faults under load: kill -9 the gateway, kill -9 the engine, crash and restart PostgreSQL (and,
with the JetStream log, kill -9 NATS), one after the other while simulated Teltonika trackers keep
reporting over real sockets.

After the faults the load stops, the engine is given a bounded time to process the whole log,
and then: every fix a device saw ACKed is in the log exactly once; every stored fix became one
position, with no twin; no alarm was raised twice; and after each fault new fixes were ACKed and
processed with nobody restarting anything but the process that was broken (processing resumed by
itself). Alarms are raised all through the run (intruders and curfew breakers in the fleet).
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter

import pytest

from tests.faults import checks
from tests.faults.cluster import Cluster
from tests.faults.load import LoadDriver
from valvo.sim.seed import SimPerson

pytestmark = [pytest.mark.faults, pytest.mark.timeout(300)]  # a hang guard; the bounds are below

INTERVAL_S = 0.5  # per device: 35 devices report about 70 fixes a second in all
WARM_UP_ACKS = 3  # per device, before the first fault
RECOVERY_ACKS = 2  # per device, after each fault
RECOVERY_S = 40.0  # bound on a fault's recovery (new ACKs, then the engine past them)
CATCH_UP_S = 60.0  # bound on the engine processing the whole log after the load stopped


async def wait_processed(
    cluster: Cluster, timeout_s: float, after: str = "the warm-up"
) -> tuple[int, float]:
    """Wait until the engine has committed past the log head as it is now; (head, seconds)."""
    head = await asyncio.to_thread(checks.log_head, cluster.db, cluster.backend, cluster.nats_url)
    start = time.monotonic()
    while (
        await asyncio.to_thread(
            checks.engine_position, cluster.db, cluster.backend, cluster.nats_url
        )
        < head
    ):
        if time.monotonic() - start > timeout_s:
            where = await asyncio.to_thread(
                checks.where_the_engine_is, cluster.db, cluster.backend, cluster.nats_url
            )
            raise TimeoutError(
                f"after {after}: the engine did not reach log position {head} in {timeout_s} s"
                f" ({where})"
            )
        await asyncio.sleep(0.1)
    return head, time.monotonic() - start


async def test_every_acked_fix_is_stored_once_and_processing_resumes_after_each_fault(
    cluster: Cluster, fleet: list[SimPerson]
) -> None:
    driver = LoadDriver(fleet, "127.0.0.1", cluster.tcp_port, INTERVAL_S)
    driver.start()
    phases: list[dict[str, object]] = []
    try:
        await driver.wait_for_acks(WARM_UP_ACKS * len(fleet), RECOVERY_S)
        await wait_processed(cluster, RECOVERY_S)
        for fault in cluster.faults():
            head_at_fault = await asyncio.to_thread(
                checks.log_head, cluster.db, cluster.backend, cluster.nats_url
            )
            acked_at_fault = driver.acked
            start = time.monotonic()
            await asyncio.to_thread(fault.inflict)
            restarted_s = time.monotonic() - start
            acks_s = await driver.wait_for_acks(RECOVERY_ACKS * len(fleet), RECOVERY_S)
            head, processed_s = await wait_processed(cluster, RECOVERY_S, fault.name)
            cluster.ensure_running()
            assert head > head_at_fault, f"{fault.name}: no fix stored after the fault"
            phases.append(
                {
                    "fault": fault.name,
                    "restarted_s": round(restarted_s, 2),
                    "new_acks_s": round(acks_s, 2),
                    "processed_s": round(processed_s, 2),
                    "acked_during_fault": driver.acked - acked_at_fault,
                }
            )
        await driver.stop(timeout_s=RECOVERY_S)
    finally:
        await driver.cancel()
    await wait_processed(cluster, CATCH_UP_S, "the load stopped")
    assert await asyncio.to_thread(checks.caught_up, cluster.db, cluster.backend, cluster.nats_url)
    cluster.ensure_running()

    devices = [p.device for p in fleet]
    stored = await asyncio.to_thread(checks.read_stored, cluster.db, devices)
    acked = driver.acked_keys()
    print({"timings": cluster.timings, "phases": phases, "load": driver.summary()})
    print({"stored": sum(stored.observations.values()), "alarms": dict(stored.alarms_by_kind)})
    # Every ACKed fix is stored exactly once; nothing is stored that no device sent.
    assert len(set(acked)) == len(acked), "a device recorded one ACK twice"
    missing = [key for key in acked if stored.observations[key] == 0]
    assert not missing, f"{len(missing)} ACKed fixes lost, e.g. {missing[:3]}"
    twins = {key: n for key, n in stored.observations.items() if n > 1}
    assert not twins, f"{len(twins)} fixes stored more than once, e.g. {list(twins.items())[:3]}"
    assert set(stored.observations) <= driver.sent_keys(), "a fix no device sent was stored"
    # Each stored fix was processed once: one position each, no twin.
    assert stored.position_twins == []
    assert stored.observations_without_position == 0
    assert stored.positions_without_observation == 0
    # No alarm raised twice (alarm ids are deterministic, so a twin would share all three).
    assert stored.alarm_twins == []
    assert stored.raised_twice == []
    assert stored.outbox_twins == []
    # Every breach the devices acted out is on record exactly once: an alarm for the first, one
    # more occurrence of it for each repeat (none lost to a fault, none counted twice).
    assert all(len(t.acked) == t.reported for t in driver.trackers), "a fix never ACKed"
    on_record = await asyncio.to_thread(checks.occurrences_by_device, cluster.db)
    acted = Counter(
        {(t.imei, kind): n for t in driver.trackers for kind, n in t.breaches_acted().items()}
    )
    assert sum(acted.values()) >= 2 * len(acted) > 0, "too few breaches to prove anything"
    assert on_record == acted
