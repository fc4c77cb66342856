"""Compiling rule sets: each subject's active orders, zones and latest plan (plain rows from
the store) into the :class:`~valvo.domain.rules.RuleSet` the rules evaluate."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from valvo.domain.geo import Zone
from valvo.domain.rules import DeviceRule, RuleSet
from valvo.domain.rules.threshold_revisions import ThresholdRevision
from valvo.domain.schedule import DEFAULT_TIMEZONE, Schedule
from valvo.domain.victims import zones_of as victim_zones
from valvo.services.engine.ports import RuleRows
from valvo.services.registry import parse_schedule


def compile_rulesets(subject_ids: Sequence[str], rows: RuleRows) -> dict[str, RuleSet]:
    """A rule set for every subject in ``subject_ids`` (an empty one without an order)."""
    subject_of_order = {r["id"]: r["subject_id"] for r in rows.orders}
    timezone_of = {r["subject_id"]: r["timezone"] for r in rows.orders}
    order_type_of = {r["subject_id"]: r["type"] for r in rows.orders}
    devices_of: dict[str, list[DeviceRule]] = defaultdict(list)
    for subject_id, identifier, kind, *rest in rows.devices:
        rf_range_m = rest[0] if rest else None  # R34: a home unit's configured range
        devices_of[subject_id].append(DeviceRule(identifier, kind, rf_range_m))
    zones_of: dict[str, list[Zone]] = defaultdict(list)
    for row in rows.zones:
        zones_of[subject_of_order[row["order_id"]]].append(
            Zone.from_geojson(
                row["id"],
                row["name"],
                row["kind"],
                row["geometry"],
                active_during_required_presence_only=row["presence_only"],
                place_id=row.get("place_id"),
                valid_from=row.get("valid_from"),
                valid_to=row.get("valid_to"),
            )
        )
    for row in rows.victims:  # R139: each victim's exclusion zone and its warning buffer
        pair = victim_zones(
            row["id"], row["zone"], row["buffer_m"], row.get("valid_from"), row.get("valid_to")
        )
        zones_of[row["subject_id"]].extend((pair.exclusion, pair.buffer))
    revisions_of: dict[str, tuple[ThresholdRevision, ...]] = defaultdict(tuple)
    for revision in rows.threshold_revisions:
        revisions_of[revision.order_type] += (revision,)
    schedule_of: dict[str, Schedule] = {}
    for row in rows.schedules:
        schedule_of[subject_of_order[row["order_id"]]] = parse_schedule(
            row["timezone"], row["weekly"], row["one_off"], row["version"]
        )
    return {
        sid: RuleSet(
            subject_id=sid,
            version=int(rows.versions.get(sid, 0)),
            schedule=schedule_of.get(
                sid, Schedule(timezone=timezone_of.get(sid, DEFAULT_TIMEZONE))
            ),
            zones=tuple(zones_of.get(sid, ())),
            devices=tuple(devices_of.get(sid, ())),
            order_type=order_type_of.get(sid, "monitoring_sentence"),
            revisions=revisions_of.get(order_type_of.get(sid, "monitoring_sentence"), ()),
        )
        for sid in subject_ids
    }
