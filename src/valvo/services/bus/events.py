"""What has happened, as the live feed and every process that follows it learns it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from valvo.domain.alarms import Alarm
from valvo.domain.alarms.rows import alarm_to_row
from valvo.services.bus.messages import Event


@dataclass(frozen=True, kw_only=True)
class AlarmChanged(Event):
    """An alarm was raised, worked or closed: the alarm as committed, with the name and region
    of its person, so a subscriber needs no second read (the live feed keeps to a region with
    ``region``)."""

    alarm: Alarm
    subject_name: str | None
    region: str | None

    def row(self) -> dict[str, Any]:
        """The alarm as the API and the console show it."""
        row = alarm_to_row(self.alarm)
        row["subject_name"] = self.subject_name
        row["region"] = self.region
        return row

    def feed_message(self) -> dict[str, object]:
        return {
            "type": "alarm",
            "id": self.alarm.id,
            "subject_id": self.alarm.subject_id,
            "region": self.region,
            "alarm": self.row(),
        }


@dataclass(frozen=True, kw_only=True)
class FeedNotice(Event):
    """Any other committed change the consoles follow (a confirmed review, a shift note, an
    attendance outcome): its feed message as it is."""

    message: Mapping[str, Any] = field(default_factory=dict)

    def feed_message(self) -> dict[str, object]:
        return dict(self.message)
