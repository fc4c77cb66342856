"""What the large simulator counts, per report interval and in total.

Each fleet shard (one per process) fills an :class:`Interval` and hands it over every report
period; the :class:`Aggregator` (in the parent process) sums the shards' intervals into a
progress line and a run total with an ACK-latency histogram (log buckets of 2 %), from which the
summary's percentiles come.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

_RATIO = math.log(1.02)
_FLOOR_MS = 0.01


@dataclass(slots=True)
class Interval:
    """One shard's counts since its previous report. ``sent``: frames and messages written
    (resends included); ``acked``: observations whose ACK came back; ``generated``: observations
    the schedule produced, by kind; ``in_flight``: sessions and requests open now; ``queued``:
    devices waiting for a free connection now."""

    sent: int = 0
    acked: int = 0
    acked_frames: int = 0
    resends: int = 0
    reconnects: int = 0
    generated: Counter[str] = field(default_factory=Counter)
    acked_by_kind: Counter[str] = field(default_factory=Counter)
    records_per_frame: Counter[int] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    latencies_ms: list[float] = field(default_factory=list)
    in_flight: int = 0
    queued: int = 0
    unsent: int = 0  # observations still held by devices when the shard stopped
    final: bool = False
    run_s: float = 0.0  # (final interval) how long the shard ran, stop and drain included

    def take(self, in_flight: int, queued: int) -> Interval:
        """This interval, closed (with the current gauges), and a fresh one in its place."""
        done = replace(self, in_flight=in_flight, queued=queued)
        for name in ("sent", "acked", "acked_frames", "resends", "reconnects", "unsent"):
            setattr(self, name, 0)
        self.generated, self.acked_by_kind = Counter(), Counter()
        self.records_per_frame, self.errors, self.latencies_ms = Counter(), Counter(), []
        return done


class Histogram:
    def __init__(self) -> None:
        self.buckets: Counter[int] = Counter()
        self.count = 0

    def add(self, value_ms: float) -> None:
        self.buckets[int(math.log(max(value_ms, _FLOOR_MS) / _FLOOR_MS) / _RATIO)] += 1
        self.count += 1

    def percentile(self, p: float) -> float | None:
        if not self.count:
            return None
        rank, seen = p * (self.count - 1), 0
        for bucket in sorted(self.buckets):
            seen += self.buckets[bucket]
            if seen > rank:
                return round(_FLOOR_MS * math.exp((bucket + 0.5) * _RATIO), 2)
        return None  # pragma: no cover - the ranks are within the count


def _pct(values: list[float], p: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * (len(ordered) - 1) + 0.5))]


@dataclass(slots=True)
class Aggregator:
    shards: int
    total: Interval = field(default_factory=Interval)
    latency: Histogram = field(default_factory=Histogram)
    window: list[Interval] = field(default_factory=list)
    gauges: dict[int, tuple[int, int]] = field(default_factory=dict)
    finished: set[int] = field(default_factory=set)
    peak_acked_per_s: float = 0.0
    last_line_s: float = 0.0

    def add(self, shard: int, interval: Interval) -> None:
        self.window.append(interval)
        self.gauges[shard] = (interval.in_flight, interval.queued)
        t = self.total
        t.sent += interval.sent
        t.acked += interval.acked
        t.acked_frames += interval.acked_frames
        t.resends += interval.resends
        t.reconnects += interval.reconnects
        t.unsent += interval.unsent
        t.generated.update(interval.generated)
        t.acked_by_kind.update(interval.acked_by_kind)
        t.records_per_frame.update(interval.records_per_frame)
        t.errors.update(interval.errors)
        for value in interval.latencies_ms:
            self.latency.add(value)
        if interval.final:
            self.finished.add(shard)
            t.run_s = max(t.run_s, interval.run_s)

    @property
    def done(self) -> bool:
        return len(self.finished) == self.shards

    def line(self, elapsed_s: float) -> str:
        """The progress line for the intervals received since the last line (rates over the
        time since that line)."""
        window, self.window = self.window, []
        period_s, self.last_line_s = elapsed_s - self.last_line_s, elapsed_s
        sent = sum(i.sent for i in window)
        acked = sum(i.acked for i in window)
        errors = sum(sum(i.errors.values()) for i in window)
        latencies = [v for i in window for v in i.latencies_ms]
        rate = acked / period_s if period_s > 0 else 0.0
        self.peak_acked_per_s = max(self.peak_acked_per_s, rate)
        p50, p99 = _pct(latencies, 0.5), _pct(latencies, 0.99)
        in_flight = sum(g[0] for g in self.gauges.values())
        queued = sum(g[1] for g in self.gauges.values())
        return (
            f"t={elapsed_s:7.1f}s sent={sent} acked={acked} ({rate:.0f}/s) "
            f"ack p50={_ms(p50)} p99={_ms(p99)} errors={errors} in_flight={in_flight} "
            f"queued={queued} total_acked={self.total.acked}"
        )

    def summary(self, elapsed_s: float, options: dict[str, Any]) -> dict[str, Any]:
        t = self.total
        return {
            "options": options,
            "elapsed_s": round(elapsed_s, 2),
            "sent_frames": t.sent,
            "acked_observations": t.acked,
            "acked_frames": t.acked_frames,
            "acked_per_s": round(t.acked / elapsed_s, 1) if elapsed_s > 0 else None,
            "peak_acked_per_s_in_a_report": round(self.peak_acked_per_s, 1),
            "acked_by_kind": dict(t.acked_by_kind),
            "generated_by_kind": dict(t.generated),
            "unsent_at_stop": t.unsent,
            "records_per_frame": {str(k): v for k, v in sorted(t.records_per_frame.items())},
            "resends": t.resends,
            "reconnects": t.reconnects,
            "errors": dict(t.errors),
            "ack_latency_ms": {
                "p50": self.latency.percentile(0.5),
                "p99": self.latency.percentile(0.99),
                "max_bucket": self.latency.percentile(1.0),
                "count": self.latency.count,
            },
        }


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}ms"
