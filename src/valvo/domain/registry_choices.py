"""The registry's choice sets, declared once: the types of order and the kinds of device.

The services check against them, the API's bodies are typed with them and the rules name the
device kinds they treat apart (``domain/rules/ruleset.py``)."""

from __future__ import annotations

from enum import StrEnum


class OrderType(StrEnum):
    MONITORING_SENTENCE = "monitoring_sentence"
    TRAVEL_BAN = "travel_ban"
    PRETRIAL_MONITORING = "pretrial_monitoring"


class DeviceKind(StrEnum):
    GPS_TRACKER = "gps_tracker"
    RF_HOME_UNIT = "rf_home_unit"
    RF_TAG = "rf_tag"
    ALCOHOL_TESTER = "alcohol_tester"
    PRESENCE_CHECKER = "presence_checker"


# R34: an RF home unit's range is configurable, covering the 100–400 m typical radius
# (Context 4.1; 7.1.3). Outside these bounds the unit either loses a person in their own
# dwelling or hears them down the street (docs/law.md, "RF range").
RF_RANGE_MIN_M = 20.0
RF_RANGE_MAX_M = 1000.0
RF_RANGE_TYPICAL_M = (100.0, 400.0)
