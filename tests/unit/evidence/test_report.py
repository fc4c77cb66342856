"""The report's pieces without a database: EPSG:3067 coordinates, the map's grid step, and the
report's words in both languages (read back from the PDF)."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from tests.support.pdf_text import pdf_text
from tests.unit.evidence.sample import KEY, sample_package
from valvo.adapters.evidence.map_drawing import nice_step
from valvo.adapters.evidence.projection import tm35fin
from valvo.adapters.evidence.report import render_report


def test_tm35fin_puts_the_central_meridian_at_500_km_and_keeps_distances() -> None:
    east, north = tm35fin(60.0, 27.0)
    assert east == pytest.approx(500_000.0, abs=0.001)
    assert 6_600_000 < north < 6_700_000
    a, b = (
        tm35fin(60.17, 24.94),
        tm35fin(60.17, 24.94 + 1 / (111_320 * math.cos(math.radians(60.17)))),
    )
    assert math.dist(a, b) == pytest.approx(1.0, rel=0.005)  # a metre is still about a metre


@pytest.mark.parametrize(("span", "step"), [(1000, 200), (450, 100), (9000, 2000), (60, 10)])
def test_the_grid_step_is_round(span: float, step: float) -> None:
    assert nice_step(span) == step


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        (
            "fi",
            [
                "Todistepaketti: sijaintitiedot",
                "Henkilön sijaintihistoria",
                "60,170000",
                "6672126,7",
            ],
        ),
        (
            "en",
            [
                "Evidence package: location data",
                "A person's location history",
                "60.170000",
                "6672126.7",
            ],
        ),
    ],
)
def test_the_report_speaks_its_language(lang: str, words: list[str]) -> None:
    text = pdf_text(render_report(sample_package(), lang, KEY.fingerprint))
    for word in words:
        assert word in text, word
    assert "Tarkastaja Liisa Mäkinen" in text
    assert "Matti Meikäläinen" in text


def test_device_events_are_listed_but_not_heartbeats() -> None:
    at = sample_package().request.start
    observations = [
        {"kind": "heartbeat", "device_identifier": "dev-7", "device_time": at, "payload": {}},
        {
            "kind": "device_event",
            "device_identifier": "dev-7",
            "device_time": at,
            "payload": {"alarms": ["removing"]},
        },
    ]
    package = replace(sample_package(), observations=observations)
    text = pdf_text(render_report(package, "en", KEY.fingerprint))
    assert "Events the devices reported" in text
    assert "Device event" in text
    assert "removing" in text
    assert "heartbeat" not in text.lower()
