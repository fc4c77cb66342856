"""The names rules read from observations, declared once.

Decoders and the Valvo device protocol map what devices say onto these names; the rules engine
reads only these. Tracker alarms use Traccar's alarm vocabulary (``removing``, ``tampering``,
``jamming``, ``powerCut``, ...).
"""

from __future__ import annotations

from typing import Final

# Tracker alarm names (DecodedRecord.alarms / Observation.alarms).
ALARM_STRAP: Final = "removing"  # strap cut or device removed from the body
ALARM_CASE: Final = "tampering"  # case opened / device tampered with
ALARM_JAMMING: Final = "jamming"  # GNSS or GSM jamming detected by the device
ALARM_SOS: Final = "sos"  # the SOS / panic button was pressed

# Attribute names of RF home-unit, tester and checker observations.
IN_RANGE: Final = "inRange"  # PRESENCE: the tag is in the home unit's range (bool)
RSSI: Final = "rssi"  # PRESENCE: signal strength, dBm
TAG: Final = "tag"  # PRESENCE and home-unit strap events: the ankle tag's identifier
EVENT: Final = "event"  # DEVICE_EVENT: one of the events below
BACKUP_BATTERY_PCT: Final = "batteryLevel"  # DEVICE_EVENT battery: backup battery, %
BRAC_MG_L: Final = "brac"  # ALCOHOL_TEST: breath alcohol, mg per litre
IDENTITY_SCORE: Final = "identityScore"  # ALCOHOL_TEST: face match with the enrolled photo, 0–1
PHOTO_SHA256: Final = "photoSha256"  # ALCOHOL_TEST: hash of the photo taken at the test
OUTCOME: Final = "outcome"  # ALCOHOL_TEST: completed | refused | no_sample

# Event values (the Valvo protocol's wire types, docs/protocols/valvo.md).
TAG_IN_RANGE: Final = "tag_in_range"
TAG_OUT_OF_RANGE: Final = "tag_out_of_range"
PRESENCE_CHECK: Final = "presence_check"  # a mobile checker's "tag seen / not seen"
STRAP_OPENED: Final = "strap_opened"
STRAP_CLOSED: Final = "strap_closed"
CASE_OPENED: Final = "case_opened"
CASE_CLOSED: Final = "case_closed"
MAINS_LOST: Final = "mains_lost"
MAINS_RESTORED: Final = "mains_restored"
COMMS_TEST: Final = "comms_test"
FOB_ARRIVAL: Final = "officer_arrived"
FOB_DEPARTURE: Final = "officer_departed"
