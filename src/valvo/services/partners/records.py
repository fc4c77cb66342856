"""Generic use cases over the partner records: create, update, get and list, each validated by
the domain, checked for references, indexed for keyword search and audited, in the caller's
transaction (nothing is stored unless everything is valid; the caller commits)."""

from __future__ import annotations

import dataclasses
import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from valvo.domain.partners.fields import PartnerError
from valvo.services.errors import Conflict, InvalidInput, NotFound
from valvo.services.partners.ports import PartnersUnitOfWork

ID = re.compile(r"^[A-Za-z0-9_.:-]{1,36}$")
REGISTRY_TABLES = frozenset({"subjects", "orders", "zones", "schedules"})


def jsonable(value: Any) -> Any:
    """A domain record as plain JSON (dates ISO, tuples as lists, nested records as objects)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


@dataclass(frozen=True)
class Kind:
    """One kind of partner record: how to read, store, check, index and audit it."""

    name: str  # in URLs and CSV import: "places"
    table: str  # "partner_places"
    label: str  # in messages and the audit trail: "place"
    fields: tuple[str, ...]  # the input keys a record accepts
    read: Callable[[Mapping[str, Any], PartnersUnitOfWork], Any]
    columns: Callable[[Any], dict[str, Any]]
    refs: Mapping[str, str] = field(default_factory=dict)  # input key → table holding the id
    check: Callable[[PartnersUnitOfWork, str, Any], None] | None = None
    search: Callable[[PartnersUnitOfWork, Any], tuple[str, str]] | None = None
    search_kind: str | None = None
    managed: tuple[str, ...] = ()  # keys kept by use cases, not editable as fields


def parse(kind: Kind, uow: PartnersUnitOfWork, payload: Mapping[str, Any]) -> Any:
    if not isinstance(payload, Mapping):
        raise InvalidInput(f"a {kind.label} is a JSON object")
    unknown = sorted(set(payload) - set(kind.fields) - {"id"})
    if unknown:
        raise InvalidInput(
            f"{unknown[0]}: is not a field of a {kind.label} (fields: {', '.join(kind.fields)})"
        )
    managed = sorted(set(payload) & set(kind.managed))
    if managed:
        raise InvalidInput(f"{managed[0]}: is changed through its own action, not as a field")
    try:
        return kind.read(payload, uow)
    except PartnerError as exc:
        raise InvalidInput(str(exc)) from None


def check_refs(kind: Kind, uow: PartnersUnitOfWork, payload: Mapping[str, Any]) -> None:
    for key, table in kind.refs.items():
        value = payload.get(key)
        ids = value if isinstance(value, list | tuple) else [value]
        if isinstance(value, str) and ";" in value:
            ids = [v.strip() for v in value.split(";")]
        for ref in ids:
            if ref in (None, ""):
                continue
            found = (
                uow.registry.get(table, str(ref))
                if table in REGISTRY_TABLES
                else uow.partners.get(table, str(ref))
            )
            if found is None:
                what = table.removeprefix("partner_").rstrip("s").replace("_", " ")
                raise InvalidInput(f"{key}: {what} {ref} does not exist")


def _store(
    kind: Kind, now: datetime, id: str, record: Any, kept: Mapping[str, Any]
) -> dict[str, Any]:
    data = jsonable(record)
    validity = data.pop("validity", None)
    if isinstance(validity, dict):
        data.update(validity)  # stored in input shape: valid_from, valid_to
    data.update(kept)
    return {"id": id, **kind.columns(record), "data": data, "updated_at": now}


def _index(kind: Kind, uow: PartnersUnitOfWork, id: str, record: Any, now: datetime) -> None:
    if kind.search is not None and kind.search_kind is not None:
        title, body = kind.search(uow, record)
        uow.search.put(kind.search_kind, id, title, body, now)


def create(
    uow: PartnersUnitOfWork,
    actor: str,
    now: datetime,
    kind: Kind,
    payload: Mapping[str, Any],
    *,
    managed: Mapping[str, Any] | None = None,
    columns: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """A new record; ``managed`` state and its ``columns`` come from the calling use case."""
    record = parse(kind, uow, payload)
    check_refs(kind, uow, payload)
    id = payload.get("id") or str(uuid.uuid4())
    if not isinstance(id, str) or not ID.match(id):
        raise InvalidInput("id: 1 to 36 letters, digits or _.:- only")
    if uow.partners.get(kind.table, id) is not None:
        raise Conflict(f"id: a {kind.label} {id} already exists")
    if kind.check is not None:
        kind.check(uow, id, record)
    row = _store(kind, now, id, record, dict(managed or {}))
    uow.partners.insert(kind.table, {**row, **(columns or {}), "created_at": now})
    _index(kind, uow, id, record, now)
    uow.audit.record(
        at=now,
        actor=actor,
        action="create",
        target_type=f"partner_{kind.label}"[:40],
        target_id=id,
    )
    return get(uow, kind, id)


def update(
    uow: PartnersUnitOfWork,
    actor: str,
    now: datetime,
    kind: Kind,
    id: str,
    changes: Mapping[str, Any],
) -> dict[str, Any]:
    """Change fields of a record (the others stay); validated again as a whole."""
    current = get(uow, kind, id)
    if "id" in changes and changes["id"] != id:
        raise InvalidInput("id: cannot be changed")
    merged = {k: current[k] for k in kind.fields if k in current}
    merged.update({k: v for k, v in changes.items() if k != "id"})
    record = parse(kind, uow, merged)
    check_refs(kind, uow, merged)
    if kind.check is not None:
        kind.check(uow, id, record)
    kept = {k: current[k] for k in kind.managed if k in current}
    row = _store(kind, now, id, record, kept)
    uow.partners.update(kind.table, id, {k: v for k, v in row.items() if k != "id"})
    _index(kind, uow, id, record, now)
    uow.audit.record(
        at=now,
        actor=actor,
        action="update",
        target_type=f"partner_{kind.label}"[:40],
        target_id=id,
        details={"fields": sorted(changes)},
    )
    return get(uow, kind, id)


def set_managed(
    uow: PartnersUnitOfWork,
    kind: Kind,
    id: str,
    now: datetime,
    values: Mapping[str, Any],
    columns: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Store use-case state (stage, decisions, …) with the record; the caller audits."""
    data = uow.partners.data(kind.table, id)
    if data is None:
        raise NotFound(f"{kind.label} {id} does not exist")
    data.update(jsonable(dict(values)))
    uow.partners.update(kind.table, id, {"data": data, "updated_at": now, **(columns or {})})
    return get(uow, kind, id)


def get(uow: PartnersUnitOfWork, kind: Kind, id: str) -> dict[str, Any]:
    row = uow.partners.get(kind.table, id)
    if row is None:
        raise NotFound(f"{kind.label} {id} does not exist")
    return row


def listing(
    uow: PartnersUnitOfWork, kind: Kind, filters: Mapping[str, Any], q: str | None = None
) -> list[dict[str, Any]]:
    """Rows of a kind filtered on indexed columns, and by a plain text filter on the name."""
    rows = uow.partners.find(kind.table, **{k: v for k, v in filters.items() if v is not None})
    if q:
        needle = q.casefold()
        rows = [
            r
            for r in rows
            if any(
                needle in str(r.get(k, "")).casefold() for k in ("name", "title", "contact_name")
            )
        ]
    return rows
