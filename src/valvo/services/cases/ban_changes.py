"""Changing a travel ban's content or duration (PKL 2:12; R116).

The rule is ``domain.cases.ban_change``; this use case keeps every version: the row in
``travel_ban_changes`` holds the content and term before and after, the reason, whether the
suspect demanded the change and when he was heard, so the earlier content stays readable on the
timeline. The new locality window is compiled into the order's schedule by the same
``compile_schedule`` as the decision, new forbidden areas become exclusion zones by the same
``travel_bans.add_zones``, and a changed term moves the order's end and the lapse instant.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from valvo.domain.cases.ban_change import BanChange, ChangeReason, change_ban
from valvo.domain.cases.ban_content import BanContent, Decider, Ground, Obligation
from valvo.services import registry
from valvo.services.cases.ban_petitions import answer_by_change
from valvo.services.cases.ban_state import load_ban, window_of
from valvo.services.cases.common import (
    choice,
    instant_not_in_future,
    lawful,
    new_id,
    policy_of,
    record_decision,
)
from valvo.services.cases.schedule import compile_schedule
from valvo.services.cases.travel_bans import add_zones, content_from
from valvo.services.errors import InvalidInput
from valvo.services.ports import UnitOfWork

# What a change may set; anything left out stays as decided.
# The area may be redrawn and forbidden areas removed or added, each from ``effective_from``
# (R116): a retired zone is enforced until just before that instant, its successor from it.
CONTENT_FIELDS = (
    "permitted_exits",
    "obligations",
    "obligation_details",
    "locality_window",
)


def content_of(row: Mapping[str, Any]) -> BanContent:
    """The content in force, from the ``travel_bans`` row."""
    return BanContent(
        offence=row["offence"],
        max_penalty_months=row["max_penalty_months"],
        grounds=tuple(Ground(g) for g in row["grounds"]),
        probable_cause=True,  # checked when decided (PKL 2:2); a change does not reopen it
        instead_of_arrest_or_remand=True,
        area=row["area"],
        forbidden_areas=tuple(row["forbidden_areas"]),
        permitted_exits=tuple(row["permitted_exits"]),
        obligations=tuple(Obligation(o) for o in row["obligations"]),
        obligation_details=row["obligation_details"],
        locality_window=window_of(row),
    )


def _version(content: BanContent, term: datetime | None) -> dict[str, Any]:
    window = content.locality_window
    return {
        "area": content.area,
        "forbidden_areas": list(content.forbidden_areas),
        "permitted_exits": list(content.permitted_exits),
        "obligations": [o.value for o in content.obligations],
        "obligation_details": content.obligation_details,
        "locality_window": None
        if window is None
        else {
            "start": f"{window.start:%H:%M}",
            "end": f"{window.end:%H:%M}",
            "justification": window.justification,
        },
        "term_ends_at": None if term is None else term.isoformat(),
    }


def change(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    *,
    case_id: str,
    decided_by: str,
    at: datetime,
    reason_kind: str,
    reason: str,
    demanded_by_suspect: bool,
    heard_at: datetime | None,
    content: Mapping[str, Any],
    new_forbidden_areas: Sequence[Mapping[str, Any]] = (),
    home_geometry: Mapping[str, Any] | None = None,
    term_ends_at: datetime | None = None,
    indefinite: bool = False,
    area_geometry: Mapping[str, Any] | None = None,
    removed_forbidden_areas: Sequence[str] = (),
    effective_from: datetime | None = None,
) -> dict[str, Any]:
    """R116: the deciding authority changes the content or the duration; versioned. The area
    redrawn, forbidden areas removed and new ones added take effect at ``effective_from``."""
    instant_not_in_future(now, at, "at")
    if effective_from is not None and effective_from < at:
        raise InvalidInput("effective_from: a change takes effect when decided or later")
    if heard_at is not None:
        instant_not_in_future(now, heard_at, "heard_at")
    if indefinite and term_ends_at is not None:
        raise InvalidInput("term_ends_at: give a new term or indefinite, not both")
    unknown = sorted(set(content) - set(CONTENT_FIELDS))
    if unknown:
        raise InvalidInput(f"content: {', '.join(unknown)} cannot be changed (PKL 2:12)")
    decider = choice(Decider, decided_by, "decided_by")
    kind = choice(ChangeReason, reason_kind, "reason_kind")
    case, ban = load_ban(uow, case_id)
    row = uow.cases.get("travel_bans", case_id)
    assert row is not None
    before = content_of(row)
    after = _changed(before, content, new_forbidden_areas)
    missing = sorted(set(removed_forbidden_areas) - set(before.forbidden_areas))
    if missing:
        raise InvalidInput(f"removed_forbidden_areas: {', '.join(missing)} is not forbidden now")
    kept = tuple(a for a in after.forbidden_areas if a not in set(removed_forbidden_areas))
    after = replace(after, forbidden_areas=kept)
    had_home = Obligation.LOCALITY in before.obligations
    if Obligation.LOCALITY in after.obligations and not had_home and home_geometry is None:
        raise InvalidInput("home_missing: a locality obligation needs the dwelling's place")
    policy = policy_of(case)
    new_term: tuple[datetime | None] | None = (
        (None,) if indefinite else None if term_ends_at is None else (term_ends_at,)
    )
    changed = lawful(
        lambda: change_ban(
            ban,
            before,
            after,
            BanChange(at, decider, kind, reason, demanded_by_suspect, heard_at),
            original_decider=Decider(row["decided_by"]),
            new_term=new_term,
            policy=policy,
        )
    )
    assert heard_at is not None  # change_ban refuses a change without the hearing
    window = after.locality_window
    uow.cases.update(
        "travel_bans",
        case_id,
        {
            "area": after.area,
            "forbidden_areas": list(after.forbidden_areas),
            "permitted_exits": list(after.permitted_exits),
            "obligations": [o.value for o in after.obligations],
            "obligation_details": after.obligation_details,
            "locality_start": None if window is None else f"{window.start:%H:%M}",
            "locality_end": None if window is None else f"{window.end:%H:%M}",
            "locality_justification": None if window is None else window.justification,
            "term_ends_at": changed.term_ends_at,
        },
    )
    number = uow.cases.next_number("travel_ban_changes", "number", case_id)
    uow.cases.insert(
        "travel_ban_changes",
        {
            "id": new_id(),
            "case_id": case_id,
            "number": number,
            "changed_at": at,
            "decided_by": decider.value,
            "reason_kind": kind.value,
            "reason": reason.strip(),
            "demanded_by_suspect": demanded_by_suspect,
            "heard_at": heard_at,
            "before": _version(before, ban.term_ends_at),
            "after": _version(after, changed.term_ends_at),
            "created_at": now,
            "created_by": actor,
        },
    )
    starts = effective_from or at
    _retire_zones(
        uow, actor, now, case["order_id"], before, area_geometry, removed_forbidden_areas, starts
    )
    add_zones(
        uow,
        actor,
        now,
        case["order_id"],
        after,
        area_geometry,
        None if had_home else home_geometry,
        new_forbidden_areas,
        valid_from=effective_from,
    )
    if changed.term_ends_at != ban.term_ends_at:
        uow.cases.set_order_end(case["order_id"], changed.term_ends_at)
    compile_schedule(uow, case, actor, now, f"travel ban changed (PKL 2:12), version {number + 1}")
    record_decision(
        uow,
        case,
        actor,
        now,
        breach_id=None,
        kind="ban_changed",
        decided_by=decider.value,
        decided_at=at,
        court=None,
        details={
            "version": number + 1,
            "reason_kind": kind.value,
            "demanded_by_suspect": demanded_by_suspect,
            "heard_at": heard_at.isoformat(),
        },
    )
    if demanded_by_suspect:  # R116: the person's pending change petition is answered
        answer_by_change(uow, case, actor, now, at, decider.value)
    return case


def _retire_zones(
    uow: UnitOfWork,
    actor: str,
    now: datetime,
    order_id: str,
    before: BanContent,
    area_geometry: Mapping[str, Any] | None,
    removed: Sequence[str],
    starts: datetime,
) -> None:
    """End the zones a change replaces (the area redrawn) or removes, at ``starts``."""
    for zone in uow.registry.find("zones", order_id=order_id):
        if zone["valid_to"] is not None and zone["valid_to"] <= starts:
            continue  # already retired
        redrawn = area_geometry is not None and zone["kind"] == "inclusion"
        redrawn = redrawn and not zone["presence_only"] and zone["name"] == before.area
        gone = zone["kind"] == "exclusion" and zone["name"] in set(removed)
        if redrawn or gone:
            registry.end_zone(uow, actor, now, zone_id=zone["id"], valid_to=starts)


def _changed(
    before: BanContent, content: Mapping[str, Any], new_forbidden: Sequence[Mapping[str, Any]]
) -> BanContent:
    """The content with the given fields replaced (parsed like the decision's body); new
    forbidden areas are added by name."""
    base = {
        "offence": before.offence,
        "max_penalty_months": before.max_penalty_months,
        "grounds": [g.value for g in before.grounds],
        "probable_cause": True,
        "instead_of_arrest_or_remand": True,
        "area": before.area,
        "forbidden_area_names": list(before.forbidden_areas),
        "permitted_exits": list(before.permitted_exits),
        "obligations": [o.value for o in before.obligations],
        "obligation_details": before.obligation_details,
        "locality_window": None,
    }
    parsed = content_from({**base, **content})
    window = parsed.locality_window
    if "locality_window" not in content:
        window = before.locality_window
    added = tuple(
        str(zone.get("name") or f"#{len(parsed.forbidden_areas) + i + 1}")
        for i, zone in enumerate(new_forbidden)
    )
    return replace(
        parsed,
        forbidden_areas=(*parsed.forbidden_areas, *added),
        locality_window=window,
    )
