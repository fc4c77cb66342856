"""API schemas: what clients send (XCreate) and receive (XRead). Not the tables."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from valvo.domain.geo import ZoneKind
from valvo.domain.registry_choices import DeviceKind, OrderType
from valvo.domain.schedule import Purpose


class Strict(BaseModel):
    # Choice fields are typed with the domain's enums (declared once); the services get their
    # plain values, as they would from JSON.
    model_config = ConfigDict(extra="forbid", use_enum_values=True)


class Token(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 (the OAuth2 token type, not a secret)
    role: str
    username: str
    # The login session (docs/authentication.md): the opaque refresh token for
    # POST /api/auth/refresh, the access token's lifetime, and what it allows.
    refresh_token: str
    expires_in: int
    scope: Literal["full", "totp_enrol", "password_change"]


class SubjectCreate(Strict):
    name: str = Field(min_length=1, max_length=200)
    region: str = Field(min_length=1, max_length=60)
    birth_date: date | None = None
    identity_code: str | None = Field(default=None, min_length=11, max_length=11)
    case_number: str | None = Field(default=None, min_length=1, max_length=40)


class SubjectRead(BaseModel):
    id: str
    name: str
    region: str
    created_at: datetime
    birth_date: date | None = None
    identity_code: str | None = None
    case_number: str | None = None


class OrderCreate(Strict):
    subject_id: str
    type: OrderType
    starts_at: AwareDatetime
    ends_at: AwareDatetime | None = None
    timezone: str = "Europe/Helsinki"


class OrderRead(BaseModel):
    id: str
    subject_id: str
    type: str
    timezone: str
    starts_at: datetime
    ends_at: datetime | None
    status: str


class DeviceCreate(Strict):
    identifier: str = Field(min_length=1, max_length=64)
    protocol: str = Field(min_length=1, max_length=30)
    kind: DeviceKind
    model: str | None = Field(default=None, max_length=60)
    rf_range_m: float | None = Field(
        default=None, description="An RF home unit's range in metres (typically 100-400)"
    )
    stock_location: str | None = Field(
        default=None, max_length=120, description="R47: the unit whose stock it is in"
    )


class DeviceRead(BaseModel):
    id: str
    identifier: str
    protocol: str
    kind: str
    model: str | None
    region: str | None = None  # the pool an unassigned device is in (None: national)
    rf_range_m: float | None = None
    # R47: in_stock | in_transport | assigned | installed | returned | servicing | retired
    stock_state: str = "in_stock"
    stock_location: str | None = None
    stock_since: datetime | None = None
    service_vendor: str | None = None
    service_reason: str | None = None
    service_sent_at: datetime | None = None


class RfRangeSet(Strict):
    rf_range_m: float | None = Field(description="Metres; null: the unit's own setting")


class AssignmentCreate(Strict):
    device_id: str
    subject_id: str


class AssignmentRead(BaseModel):
    id: str
    device_id: str
    subject_id: str
    assigned_at: datetime
    unassigned_at: datetime | None


class ZoneCreate(Strict):
    order_id: str
    name: str = Field(min_length=1, max_length=200)
    kind: ZoneKind
    geometry: dict[str, Any] = Field(
        description="GeoJSON Polygon, MultiPolygon, or Point with radius_m; [lon, lat] (RFC 7946)"
    )
    radius_m: float | None = Field(default=None, gt=0, le=100_000)
    presence_only: bool = Field(
        default=False, description="Applies only during required presence (a home zone)."
    )
    valid_from: AwareDatetime | None = Field(
        default=None, description="Enforced from this instant (R116); none: at once"
    )
    valid_to: AwareDatetime | None = Field(
        default=None, description="Enforced until just before this instant (R116); none: no end"
    )


class ZoneEnd(Strict):
    valid_to: AwareDatetime


class ZoneRead(BaseModel):
    id: str
    order_id: str
    name: str
    kind: str
    geometry: dict[str, Any]
    presence_only: bool
    valid_from: datetime | None = None
    valid_to: datetime | None = None


class WeeklyWindowIn(Strict):
    weekday: int = Field(ge=0, le=6, description="0 = Monday")
    start: str = Field(pattern=r"^\d{2}:\d{2}$")
    end: str = Field(pattern=r"^\d{2}:\d{2}$")
    purpose: Purpose
    place_id: str | None = None


class OneOffIn(Strict):
    start: datetime = Field(description="Local wall-clock time in the order's timezone")
    end: datetime
    purpose: Purpose
    justification: str | None = None
    place_id: str | None = None


class ScheduleSet(Strict):
    weekly: list[WeeklyWindowIn] = Field(default_factory=list)
    one_off: list[OneOffIn] = Field(default_factory=list)
    reason: str | None = None


class ScheduleRead(BaseModel):
    id: str
    order_id: str
    version: int
    timezone: str
    weekly: list[dict[str, Any]]
    one_off: list[dict[str, Any]]
    reason: str | None


class LastPosition(BaseModel):
    subject_id: str
    time: datetime
    lat: float
    lon: float
    accuracy_m: float | None


class PositionRead(BaseModel):
    time: datetime
    lat: float
    lon: float
    accuracy_m: float | None
    speed_kmh: float | None
    seq: int
