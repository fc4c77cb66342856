"""Crime intake's row check (domain/evidence/crimes.py): every kind of row error names the
row, the field, the value and what to do; ETRS-TM35FIN places are converted with pyproj; a
batch is accepted, partial or refused."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from valvo.adapters.geo import etrs_tm35fin_to_wgs84
from valvo.domain.evidence.crimes import (
    LOCAL_ZONE,
    CoordinateSystem,
    CrimeType,
    Problem,
    check_rows,
)
from valvo.services.crimes.intake import error_csv, read_csv
from valvo.services.errors import InvalidInput

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
WINDOW = timedelta(hours=12)
GOOD: dict[str, object] = {
    "reporting_unit": "Helsingin poliisilaitos",
    "crime_type": "burglary",
    "crime_reference": "5500/R/1234/26",
    "from": "2026-11-22T22:00+02:00",
    "to": "2026-11-23T02:00+02:00",
    "lat": "60.1699",
    "lon": "24.9384",
    "description": "Kerrostaloasunto",
}


def check(*rows: dict[str, object]) -> Any:
    return check_rows(list(rows), NOW, WINDOW, etrs_tm35fin_to_wgs84)


def test_a_good_row_is_taken_with_its_place_and_window() -> None:
    result = check(GOOD)
    assert result.errors == []
    assert result.outcome == "accepted"
    (crime,) = result.crimes
    assert crime.crime_type is CrimeType.BURGLARY
    assert crime.start == datetime(2026, 11, 22, 20, 0, tzinfo=UTC)
    assert (crime.lat, crime.lon, crime.crs) == (60.1699, 24.9384, CoordinateSystem.WGS84)


def meridian_arc_m(lat_deg: float) -> float:
    """GRS80's meridian arc from the equator (integrated numerically: an independent check)."""
    a, f = 6_378_137.0, 1 / 298.257222101
    e2 = f * (2 - f)
    steps = 20_000
    h = math.radians(lat_deg) / steps
    total = 0.0
    for i in range(steps):
        phi = (i + 0.5) * h
        total += (1 - e2 * math.sin(phi) ** 2) ** -1.5
    return a * (1 - e2) * total * h


def test_a_place_in_etrs_tm35fin_is_converted_to_wgs84() -> None:
    # On TM35FIN's central meridian (27 E, easting 500 000 m) the northing is the meridian
    # arc scaled by 0.9996, so the latitude is known without pyproj.
    northing = 0.9996 * meridian_arc_m(62.5)
    row = {**GOOD, "lat": "", "lon": "", "easting": "500000", "northing": f"{northing:.3f}"}
    (crime,) = check(row).crimes
    assert crime.crs is CoordinateSystem.ETRS_TM35FIN
    assert (crime.given_x, crime.given_y) == (500000.0, round(northing, 3))
    assert crime.lon == pytest.approx(27.0, abs=1e-9)
    assert crime.lat == pytest.approx(62.5, abs=1e-6)
    # Off the meridian: Helsinki is west of it (easting under 500 000).
    (west,) = check({**row, "easting": "385802", "northing": "6672035"}).crimes
    assert 24.9 < west.lon < 25.0
    assert 60.1 < west.lat < 60.2


def test_a_time_without_an_offset_is_finnish_time() -> None:
    (crime,) = check({**GOOD, "from": "2026-11-23 01:00", "to": "2026-11-23 03:30"}).crimes
    assert crime.start == datetime(2026, 11, 23, 1, 0, tzinfo=LOCAL_ZONE)


BAD = [
    ({"reporting_unit": ""}, "reporting_unit", Problem.MISSING, "give the reporting unit"),
    ({"crime_reference": "x" * 61}, "crime_reference", Problem.TOO_LONG, "at most 60"),
    ({"crime_type": "jaywalking"}, "crime_type", Problem.UNKNOWN_CRIME_TYPE, "burglary"),
    ({"from": "yesterday"}, "from", Problem.BAD_TIME, "2026-12-05T14:30"),
    ({"to": "2026-11-22T21:00+02:00"}, "to", Problem.WINDOW_REVERSED, "after the start"),
    ({"to": "2026-11-23T10:01+02:00"}, "to", Problem.WINDOW_TOO_LONG, "at most 12 hours"),
    (
        {"from": "2026-11-23T11:00+02:00", "to": "2026-11-23T13:00+02:00"},
        "to",
        Problem.IN_FUTURE,
        "future",
    ),
    ({"lat": "60,1699x"}, "lat", Problem.BAD_NUMBER, "decimal number"),
    ({"lat": "95"}, "lat", Problem.OUT_OF_RANGE, "between -90 and 90"),
    ({"lon": "-181"}, "lon", Problem.OUT_OF_RANGE, "between -180 and 180"),
    ({"lon": ""}, "lon", Problem.MISSING, "give the lon too"),
    ({"lat": "", "lon": ""}, "lat", Problem.NO_LOCATION, "easting and northing"),
    ({"easting": "385802"}, "easting", Problem.TWO_LOCATIONS, "either lat and lon"),
    (
        {"lat": "", "lon": "", "easting": "5", "northing": "6672035"},
        "easting",
        Problem.OUT_OF_RANGE,
        "between 20000 and 800000",
    ),
    (
        {"lat": "", "lon": "", "easting": "385802", "northing": "100"},
        "northing",
        Problem.OUT_OF_RANGE,
        "between 6500000 and 7850000",
    ),
    ({"colour": "red"}, "colour", Problem.UNKNOWN_FIELD, "remove this column"),
]


@pytest.mark.parametrize(("change", "field", "problem", "hint"), BAD, ids=[b[2] for b in BAD])
def test_every_row_error_names_row_field_value_and_what_to_do(
    change: dict[str, object], field: str, problem: Problem, hint: str
) -> None:
    result = check(GOOD, {**GOOD, "crime_reference": "second", **change})
    assert result.outcome == "partial"
    assert [c.row for c in result.crimes] == [1]
    matching = [e for e in result.errors if e.problem is problem]
    assert matching, result.errors
    error = matching[0]
    assert (error.row, error.field) == (2, field)
    assert error.value == str({**GOOD, **change}.get(field, "")).strip()[:200]
    assert hint in error.hint


def test_every_problem_kind_is_covered_above() -> None:
    assert {b[2] for b in BAD} | {Problem.DUPLICATE_REFERENCE} == set(Problem)


def test_a_time_at_the_calendars_edge_is_a_bad_time() -> None:
    result = check({**GOOD, "from": "0001-01-01T00:00+14:00"})
    assert [(e.field, e.problem) for e in result.errors] == [("from", Problem.BAD_TIME)]
    result = check({**GOOD, "from": "1999-12-31T23:00+00:00"})
    assert [(e.field, e.problem) for e in result.errors] == [("from", Problem.BAD_TIME)]


def test_a_reference_given_twice_in_a_batch_is_an_error_on_the_later_row() -> None:
    result = check(GOOD, GOOD)
    assert [c.row for c in result.crimes] == [1]
    (error,) = result.errors
    assert (error.row, error.problem, error.value) == (
        2,
        Problem.DUPLICATE_REFERENCE,
        "5500/R/1234/26",
    )
    assert "row 1" in error.hint


def test_a_batch_with_no_good_row_is_refused() -> None:
    result = check({**GOOD, "crime_type": "?"}, {**GOOD, "lat": "x"})
    assert result.outcome == "refused"
    assert result.crimes == []
    assert [e.row for e in result.errors] == [1, 2]


def test_csv_rows_are_read_with_either_separator_and_errors_written_back() -> None:
    text = (
        "\ufeffreporting_unit;crime_type;crime_reference;from;to;lat;lon;description\r\n"
        "Itä-Uusimaa;theft;R1;2026-11-23 08:00;2026-11-23 09:00;60,17;24,94;kauppa\r\n"
    )
    (row,) = read_csv(text)
    assert row["lat"] == "60,17"
    assert row["crime_reference"] == "R1"
    (crime,) = check(row).crimes
    assert crime.lat == 60.17
    csv_text = error_csv(
        [{"row": 2, "field": "lat", "value": "=HYPERLINK()", "problem": "bad_number", "hint": "h"}]
    )
    assert csv_text.splitlines() == [
        "row,field,value,problem,hint",
        "2,lat,'=HYPERLINK(),bad_number,h",
    ]
    for bad in ("", "just,some,words\n1,2,3\n"):
        with pytest.raises(InvalidInput):
            read_csv(bad)
