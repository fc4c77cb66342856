"""Reading another supplier's CSV of positions through a column mapping: local times placed in
the mapping's zone (and refused where the wall clock is ambiguous or skipped), units and
decimal commas converted, and the first bad row named by its line."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from valvo.adapters.exchange.supplier_csv import BadCsv, read_mapping, read_positions

FINNISH = json.dumps(
    {
        "columns": {
            "time": "Aika",
            "lat": "Leveys",
            "lon": "Pituus",
            "speed": "Nopeus",
            "hdop": "HDOP",
        },
        "time_format": "%d.%m.%Y %H:%M:%S",
        "timezone": "Europe/Helsinki",
        "delimiter": ";",
        "decimal": ",",
        "speed_unit": "ms",
    }
)


def finnish(*rows: str) -> bytes:
    return ("Aika;Leveys;Pituus;Nopeus;HDOP;Huom\n" + "\n".join(rows) + "\n").encode()


def test_local_times_decimal_commas_and_units_become_a_fix_each() -> None:
    fixes = read_positions(
        finnish(
            "23.11.2026 12:00:00;60,1699;24,9384;2,5;1,2;", "23.11.2026 12:00:30;60,17;24,94;;;x"
        ),
        read_mapping(FINNISH),
    )
    first, second = fixes
    assert first.time == datetime(2026, 11, 23, 10, 0, tzinfo=UTC)  # Helsinki is UTC+2 in winter
    assert (first.lat, first.lon) == (60.1699, 24.9384)
    assert first.speed_kmh == 9.0  # 2.5 m/s
    assert first.accuracy_m is not None
    assert first.accuracy_m > 0
    assert first.line == 2
    assert first.raw == b"23.11.2026 12:00:00;60,1699;24,9384;2,5;1,2;"
    assert second.speed_kmh is None
    assert second.accuracy_m is None
    assert second.line == 3


def test_a_wall_clock_time_that_happened_twice_or_never_is_refused_with_its_line() -> None:
    mapping = read_mapping(FINNISH)
    # 31 Oct 2027: the clocks go back from 04:00 to 03:00 in Helsinki, 03:30 happens twice.
    with pytest.raises(BadCsv, match=r"line 3: 2027-10-31 03:30:00 happened twice"):
        read_positions(
            finnish("31.10.2027 02:30:00;60;24;;;", "31.10.2027 03:30:00;60;24;;;"), mapping
        )
    # 28 Mar 2027: the clocks go forward from 03:00 to 04:00, 03:30 never happens.
    with pytest.raises(BadCsv, match=r"line 2: 2027-03-28 03:30:00 did not happen"):
        read_positions(finnish("28.03.2027 03:30:00;60;24;;;"), mapping)


def test_times_with_their_offset_and_epoch_times_are_read_as_given() -> None:
    iso = read_mapping(json.dumps({"columns": {"time": "t", "lat": "y", "lon": "x"}}))
    [fix] = read_positions(b"t,y,x\n2027-10-31T03:30:00+03:00,60.1,24.9\n", iso)
    assert fix.time == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)
    epoch = read_mapping(
        json.dumps({"columns": {"time": "t", "lat": "y", "lon": "x"}, "time_format": "epoch_ms"})
    )
    [fix] = read_positions(b"t,y,x\n1795000000000,60.1,24.9\n", epoch)
    assert fix.time == datetime.fromtimestamp(1_795_000_000, UTC)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("23.11.2026 12:00:00;91;24;;;", "line 2: coordinates 91.0, 24.0 are outside"),
        ("23.11.2026 12:00:00;sixty;24;;;", "line 2: Leveys='sixty' is not a number"),
        ("2026-11-23 12:00;60;24;;;", "line 2: time '2026-11-23 12:00' does not match"),
        ("23.11.2026 12:00:00;60;24;-1;;", "line 2: a negative speed"),
        ("23.11.2026 12:00:00;60", "line 2: 2 columns, 'Pituus' missing"),
        ("23.11.2026 12:00:00;;24;;;", "line 2: no coordinates"),
    ],
)
def test_the_first_bad_row_is_named(rows: str, message: str) -> None:
    with pytest.raises(BadCsv) as refused:
        read_positions(finnish(rows), read_mapping(FINNISH))
    assert str(refused.value).startswith(message)


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ("[1]", "mapping: a JSON object is expected"),
        ('{"columns": {"time": "t", "lat": "y"}}', "mapping: no column given for lon"),
        (
            '{"columns": {"time": "t", "lat": "y", "lon": "x", "alt": "z"}}',
            "mapping: unknown field",
        ),
        (
            '{"columns": {"time": "t", "lat": "y", "lon": "x"}, "timezone": "Mars/Olympus"}',
            "mapping: unknown time zone",
        ),
        (
            '{"columns": {"time": "t", "lat": "y", "lon": "x"}, "time_format": "dd.mm"}',
            "mapping: time_format",
        ),
        (
            '{"columns": {"time": "t", "lat": "y", "lon": "x"}, "colour": "red"}',
            "mapping: unknown option 'colour'",
        ),
    ],
)
def test_a_bad_mapping_is_refused_with_what_is_wrong(mapping: str, message: str) -> None:
    with pytest.raises(BadCsv) as refused:
        read_mapping(mapping)
    assert str(refused.value).startswith(message)


def test_a_header_whose_column_is_missing_is_refused_naming_it() -> None:
    with pytest.raises(BadCsv, match=r"line 1: no column 'Leveys' \(for lat\)"):
        read_positions(b"Aika;Lat;Pituus;Nopeus;HDOP\n", read_mapping(FINNISH))
