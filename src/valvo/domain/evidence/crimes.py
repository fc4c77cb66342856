"""A reported crime as the police submit it, and the row-level check of a batch.

Each row names the reporting unit, a crime type from ``CrimeType``, the police's reference, the
window ``from``..``to`` (at most ``max_window`` long, ``VALVO_CRIME_MAX_WINDOW_HOURS``) and the
place, either WGS84 (``lat``, ``lon``) or ETRS-TM35FIN (EPSG:3067 ``easting``, ``northing``,
converted by the caller's ``to_wgs84``). Every problem becomes a ``RowError`` naming the row, the
field, the value given and what to do; a row with any error is not taken.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from dateutil import parser as dateparser

LOCAL_ZONE = ZoneInfo("Europe/Helsinki")
MAX_REFERENCE = 60
MAX_UNIT = 120
MAX_DESCRIPTION = 2000
MAX_ROWS = 5000
EARLIEST_YEAR = 2000
# ETRS-TM35FIN covers Finland: eastings about 50 000-760 000 m, northings 6 600 000-7 800 000 m.
EASTING_RANGE = (20_000.0, 800_000.0)
NORTHING_RANGE = (6_500_000.0, 7_850_000.0)

ToWgs84 = Callable[[float, float], tuple[float, float]]
"""(easting, northing) in EPSG:3067 to (lat, lon) in WGS84."""


class CrimeType(StrEnum):
    BURGLARY = "burglary"
    THEFT = "theft"
    ROBBERY = "robbery"
    ASSAULT = "assault"
    SEXUAL_OFFENCE = "sexual_offence"
    DAMAGE = "criminal_damage"
    VEHICLE_CRIME = "vehicle_crime"
    ARSON = "arson"
    DRUG_OFFENCE = "drug_offence"
    HOMICIDE = "homicide"
    OTHER = "other"


class CoordinateSystem(StrEnum):
    WGS84 = "wgs84"
    ETRS_TM35FIN = "etrs_tm35fin"  # EPSG:3067


class Problem(StrEnum):
    """Every kind of row error (the console names each in both languages)."""

    MISSING = "missing"
    TOO_LONG = "too_long"
    UNKNOWN_CRIME_TYPE = "unknown_crime_type"
    BAD_TIME = "bad_time"
    WINDOW_REVERSED = "window_reversed"
    WINDOW_TOO_LONG = "window_too_long"
    IN_FUTURE = "in_future"
    BAD_NUMBER = "bad_number"
    OUT_OF_RANGE = "out_of_range"
    NO_LOCATION = "no_location"
    TWO_LOCATIONS = "two_locations"
    DUPLICATE_REFERENCE = "duplicate_reference"
    UNKNOWN_FIELD = "unknown_field"


FIELDS = (
    "reporting_unit",
    "crime_type",
    "crime_reference",
    "from",
    "to",
    "lat",
    "lon",
    "easting",
    "northing",
    "description",
)
REQUIRED = ("reporting_unit", "crime_type", "crime_reference", "from", "to")


@dataclass(frozen=True, slots=True)
class RowError:
    row: int  # 1 = the first data row (a CSV's header is row 0)
    field: str
    value: str
    problem: Problem
    hint: str

    def as_dict(self) -> dict[str, object]:
        return {
            "row": self.row,
            "field": self.field,
            "value": self.value,
            "problem": self.problem.value,
            "hint": self.hint,
        }


@dataclass(frozen=True, slots=True)
class Crime:
    """One reported crime, its place in WGS84 and the place as given."""

    row: int
    reference: str
    reporting_unit: str
    crime_type: CrimeType
    start: datetime
    end: datetime
    lat: float
    lon: float
    crs: CoordinateSystem
    given_x: float  # lon or easting, as submitted
    given_y: float  # lat or northing
    description: str

    def content(self) -> dict[str, object]:
        """What a new version is compared on."""
        return {
            "reporting_unit": self.reporting_unit,
            "crime_type": self.crime_type.value,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "lat": round(self.lat, 7),
            "lon": round(self.lon, 7),
            "description": self.description,
        }


@dataclass(frozen=True, slots=True)
class Checked:
    crimes: list[Crime]
    errors: list[RowError]
    rows: int

    @property
    def outcome(self) -> str:
        """accepted (every row), partial (some rows), refused (none)."""
        if not self.errors:
            return "accepted" if self.crimes else "refused"
        return "partial" if self.crimes else "refused"


def changed_fields(before: Mapping[str, object], after: Mapping[str, object]) -> list[str]:
    return sorted(k for k in after if before.get(k) != after[k])


def check_rows(
    rows: Sequence[Mapping[str, object]],
    now: datetime,
    max_window: timedelta,
    to_wgs84: ToWgs84,
) -> Checked:
    """Each row checked on its own; a reference given twice in one batch is an error on the
    later rows."""
    crimes: list[Crime] = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    for index, row in enumerate(rows, start=1):
        found: list[RowError] = []
        crime = _check_row(index, row, now, max_window, to_wgs84, found)
        if crime is not None and crime.reference in seen:
            found.append(
                RowError(
                    index,
                    "crime_reference",
                    crime.reference,
                    Problem.DUPLICATE_REFERENCE,
                    f"this reference is already on row {seen[crime.reference]}: "
                    "give each crime once per batch",
                )
            )
            crime = None
        if crime is not None:
            seen[crime.reference] = index
            crimes.append(crime)
        errors.extend(found)
    return Checked(crimes, errors, len(rows))


def _text(row: Mapping[str, object], name: str) -> str:
    value = row.get(name)
    return "" if value is None else str(value).strip()


def _check_row(
    index: int,
    row: Mapping[str, object],
    now: datetime,
    max_window: timedelta,
    to_wgs84: ToWgs84,
    errors: list[RowError],
) -> Crime | None:
    def fail(name: str, problem: Problem, hint: str) -> None:
        errors.append(RowError(index, name, _text(row, name)[:200], problem, hint))

    for name in row:
        if name not in FIELDS:
            errors.append(
                RowError(
                    index,
                    str(name)[:60],
                    _text(row, name)[:200],
                    Problem.UNKNOWN_FIELD,
                    "remove this column: the fields are " + ", ".join(FIELDS),
                )
            )
    for name in REQUIRED:
        if not _text(row, name):
            fail(name, Problem.MISSING, f"give the {name.replace('_', ' ')}")
    for name, limit in (
        ("crime_reference", MAX_REFERENCE),
        ("reporting_unit", MAX_UNIT),
        ("description", MAX_DESCRIPTION),
    ):
        if len(_text(row, name)) > limit:
            fail(name, Problem.TOO_LONG, f"shorten it to at most {limit} characters")
    kind = _text(row, "crime_type")
    crime_type = None
    if kind:
        try:
            crime_type = CrimeType(kind.lower())
        except ValueError:
            fail(
                "crime_type",
                Problem.UNKNOWN_CRIME_TYPE,
                "use one of " + ", ".join(t.value for t in CrimeType),
            )
    start = _time(row, "from", fail)
    end = _time(row, "to", fail)
    if start is not None and end is not None:
        if end <= start:
            fail("to", Problem.WINDOW_REVERSED, "the end must come after the start")
        elif end - start > max_window:
            hours = max_window.total_seconds() / 3600
            fail("to", Problem.WINDOW_TOO_LONG, f"narrow the window to at most {hours:g} hours")
        elif end > now:
            fail("to", Problem.IN_FUTURE, "a crime's window cannot end in the future")
    place = _place(row, to_wgs84, fail)
    if errors or crime_type is None or start is None or end is None or place is None:
        return None
    lat, lon, crs, x, y = place
    return Crime(
        row=index,
        reference=_text(row, "crime_reference"),
        reporting_unit=_text(row, "reporting_unit"),
        crime_type=crime_type,
        start=start,
        end=end,
        lat=lat,
        lon=lon,
        crs=crs,
        given_x=x,
        given_y=y,
        description=_text(row, "description"),
    )


Fail = Callable[[str, Problem, str], None]


def _time(row: Mapping[str, object], name: str, fail: Fail) -> datetime | None:
    text = _text(row, name)
    if not text:
        return None
    try:
        value = dateparser.isoparse(text)
        if value.tzinfo is None:
            value = value.replace(tzinfo=LOCAL_ZONE)
        if value.astimezone(UTC).year < EARLIEST_YEAR:  # nor at the calendar's edge
            raise ValueError(text)
    except (ValueError, OverflowError):
        fail(
            name,
            Problem.BAD_TIME,
            "write the time as 2026-12-05T14:30 (Finnish time) or with an offset, "
            f"2026-12-05T14:30+02:00, from the year {EARLIEST_YEAR} on",
        )
        return None
    return value


def _number(row: Mapping[str, object], name: str, fail: Fail) -> float | None:
    text = _text(row, name).replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        fail(name, Problem.BAD_NUMBER, "write a decimal number, e.g. 60.1699")
        return None
    if value != value or value in (float("inf"), float("-inf")):
        fail(name, Problem.BAD_NUMBER, "write a decimal number, e.g. 60.1699")
        return None
    return value


def _place(
    row: Mapping[str, object], to_wgs84: ToWgs84, fail: Fail
) -> tuple[float, float, CoordinateSystem, float, float] | None:
    wgs = any(_text(row, n) for n in ("lat", "lon"))
    etrs = any(_text(row, n) for n in ("easting", "northing"))
    if wgs and etrs:
        fail(
            "easting",
            Problem.TWO_LOCATIONS,
            "give the place once: either lat and lon, or easting and northing",
        )
        return None
    if not wgs and not etrs:
        fail(
            "lat",
            Problem.NO_LOCATION,
            "give the place as lat and lon (WGS84) or easting and northing (ETRS-TM35FIN)",
        )
        return None
    names = ("lat", "lon") if wgs else ("northing", "easting")
    values: list[float] = []
    for name in names:
        if not _text(row, name):
            fail(name, Problem.MISSING, f"give the {name} too")
            continue
        value = _number(row, name, fail)
        if value is not None:
            values.append(value)
    if len(values) != 2:
        return None
    first, second = values
    if wgs:
        lat, lon = first, second
        ok = True
        if not -90.0 <= lat <= 90.0:
            fail("lat", Problem.OUT_OF_RANGE, "a latitude is between -90 and 90 degrees")
            ok = False
        if not -180.0 <= lon <= 180.0:
            fail("lon", Problem.OUT_OF_RANGE, "a longitude is between -180 and 180 degrees")
            ok = False
        return (lat, lon, CoordinateSystem.WGS84, lon, lat) if ok else None
    northing, easting = first, second
    ok = True
    if not EASTING_RANGE[0] <= easting <= EASTING_RANGE[1]:
        fail(
            "easting",
            Problem.OUT_OF_RANGE,
            "an ETRS-TM35FIN easting in Finland is between 20000 and 800000 m",
        )
        ok = False
    if not NORTHING_RANGE[0] <= northing <= NORTHING_RANGE[1]:
        fail(
            "northing",
            Problem.OUT_OF_RANGE,
            "an ETRS-TM35FIN northing in Finland is between 6500000 and 7850000 m",
        )
        ok = False
    if not ok:
        return None
    lat, lon = to_wgs84(easting, northing)
    return (lat, lon, CoordinateSystem.ETRS_TM35FIN, easting, northing)


class LegalBasis(StrEnum):
    """Why the police may match a crime against monitoring data (recorded with each run)."""

    CRIMINAL_INVESTIGATION = "criminal_investigation"  # Criminal Investigation Act 805/2011
    COERCIVE_MEASURES = "coercive_measures"  # Coercive Measures Act 806/2011
    CRIME_PREVENTION = "crime_prevention"  # Police Act 872/2011
    COURT_ORDER = "court_order"
