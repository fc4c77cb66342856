"""The registry's records (S1–S101): one list, detail, create and update route per kind.

Lists filter on the kind's indexed columns (``?type=prison&centre_id=…``) and by ``q`` on the
name; an unknown filter is refused. Reads of personal data (relatives, consents, outside
persons, experts, feedback) are recorded in the audit trail.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Body, Request

from valvo.bootstrap import record_filters
from valvo.services.errors import InvalidInput
from valvo.services.partners.kinds import KINDS
from valvo.services.partners.record_commands import (
    CreateRecord,
    ListRecords,
    ReadRecord,
    UpdateRecord,
)
from valvo.services.partners.records import Kind
from valvo.web.access import peer, scope_of
from valvo.web.api.partners.common import App, Reader, Writer

router = APIRouter(prefix="/api/partners", tags=["partners"])
# Created through their own use case (stage and eligibility kept by it), or public.
CUSTOM_CREATE = {"projects", "feedback"}


def filters_of(kind: Kind) -> tuple[str, ...]:
    return tuple(record_filters(kind.table))


def _filters(kind: Kind, request: Request) -> tuple[dict[str, Any], str | None]:
    kinds = record_filters(kind.table)
    allowed = tuple(kinds)
    params = dict(request.query_params)
    q = params.pop("q", None)
    unknown = sorted(set(params) - set(allowed))
    if unknown:
        raise InvalidInput(
            f"{unknown[0]}: cannot filter {kind.name} by it (filters: q, {', '.join(allowed)})"
        )
    values: dict[str, Any] = {}
    for key, value in params.items():
        values[key] = _typed(key, value, kinds[key])
    return values, q


def _typed(key: str, value: str, value_kind: str) -> Any:
    """A query-string filter as the column's kind of value, or a 422 naming it."""
    if value_kind == "bool":
        if value not in ("true", "false"):
            raise InvalidInput(f"{key}: true or false")
        return value == "true"
    if value_kind == "int":
        if not value.isdigit():
            raise InvalidInput(f"{key}: a whole number")
        return int(value)
    if value_kind == "date":
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise InvalidInput(f"{key}: a date, YYYY-MM-DD") from None
    if value_kind == "instant":
        raise InvalidInput(f"{key}: cannot filter by an instant")
    return value


def _register(kind: Kind) -> None:
    def list_(who: Reader, valvo: App, request: Request) -> list[dict[str, Any]]:
        filters, q = _filters(kind, request)
        command = ListRecords(
            actor=who.username,
            at=valvo.clock(),
            peer=peer(request),
            kind=kind.name,
            filters=filters,
            q=q,
        )
        rows: list[dict[str, Any]] = valvo.bus.handle(command, scope_of(who))
        return rows

    def detail(id: str, who: Reader, valvo: App, request: Request) -> dict[str, Any]:
        command = ReadRecord(
            actor=who.username, at=valvo.clock(), peer=peer(request), kind=kind.name, record_id=id
        )
        row: dict[str, Any] = valvo.bus.handle(command, scope_of(who))
        return row

    def create(body: Annotated[dict[str, Any], Body()], who: Writer, valvo: App) -> dict[str, Any]:
        command = CreateRecord(actor=who.username, at=valvo.clock(), kind=kind.name, body=body)
        row: dict[str, Any] = valvo.bus.handle(command, scope_of(who))
        return row

    def patch(
        id: str, body: Annotated[dict[str, Any], Body()], who: Writer, valvo: App
    ) -> dict[str, Any]:
        command = UpdateRecord(
            actor=who.username, at=valvo.clock(), kind=kind.name, record_id=id, body=body
        )
        row: dict[str, Any] = valvo.bus.handle(command, scope_of(who))
        return row

    path = f"/{kind.name}"
    fields = ", ".join(kind.fields)
    _route("GET", path, list_, f"List {kind.label}s", f"Filters: q, {', '.join(filters_of(kind))}")
    _route("GET", path + "/{id}", detail, f"One {kind.label}", "")
    if kind.name not in CUSTOM_CREATE:
        _route("POST", path, create, f"Create a {kind.label}", f"Fields: {fields}", 201)
    _route(
        "PATCH",
        path + "/{id}",
        patch,
        f"Change a {kind.label}",
        f"Any of: {fields}; the record is validated again as a whole.",
    )


def _route(
    method: str,
    path: str,
    endpoint: Callable[..., Any],
    summary: str,
    description: str,
    status_code: int = 200,
) -> None:
    router.add_api_route(
        path,
        endpoint,
        methods=[method],
        summary=summary,
        description=description,
        status_code=status_code,
        name=f"{method.lower()}_{path}",
    )


for _kind in KINDS.values():
    _register(_kind)
