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
