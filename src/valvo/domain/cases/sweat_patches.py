"""Sweat patches (R67, an optional module; report OM 2007:17, 5.2).

The report (5.2, on the National Public Health Institute's advice): patches stuck to the skin,
"viikottain vaihdettavista laastareista", changed weekly, collect the substances in sweat; to
keep the cost at the level of urine and blood analyses "näytteitä voitaisiin analysoida vain
satunnaisesti, vaikka niitä kerättäisiinkin jatkuvasti" — collected all the time, analysed at
random. So: a patch is applied (when, by whom, its code) and removed (when, intact or
tampered); the next change is due ``change_days`` after the application (weekly by default,
at the same local clock time); a removed intact patch is drawn for the laboratory with the
case's ``lab_percent`` chance, the draw computed from a seed recorded with the configuration
and the patch's code, so anyone can recompute it; the laboratory's result is a substance test
of kind ``sweat_patch`` (the same positive-result handling, §14.3).

Pure; the defaults are practice, not law (docs/law.md, "Sweat patches").
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from valvo.domain.cases.errors import CaseError
from valvo.domain.clock import require_aware
from valvo.domain.schedule.local_time import local_to_utc

DEFAULT_CHANGE_DAYS = 7  # 5.2: weekly changes
CHANGE_DAYS_RANGE = (1, 14)
DEFAULT_LAB_PERCENT = 25  # 5.2: analysed at random to keep the cost down; practice
LAB_PERCENT_RANGE = (1, 100)
MAX_CODE = 60


class Removal(StrEnum):
    INTACT = "intact"
    TAMPERED = "tampered"  # lifted, cut or contaminated: no sample, a breach (§8)


@dataclass(frozen=True, slots=True)
class PatchConfig:
    change_days: int
    lab_percent: int
    seed: str


@dataclass(frozen=True, slots=True)
class Draw:
    """The laboratory draw of one patch: ``value`` (0–99) from the seed and the patch's code;
    selected when it is below the percentage."""

    value: int
    percent: int

    @property
    def selected(self) -> bool:
        return self.value < self.percent


def check_config(change_days: int, lab_percent: int, seed: str) -> PatchConfig:
    low, high = CHANGE_DAYS_RANGE
    if not low <= change_days <= high:
        raise CaseError(
            "change_days_out_of_range", f"a patch is changed every {low}–{high} days (R67)"
        )
    low, high = LAB_PERCENT_RANGE
    if not low <= lab_percent <= high:
        raise CaseError(
            "lab_percent_out_of_range", f"{low}–{high} % of removed patches go to the laboratory"
        )
    if not seed.strip():
        raise CaseError("seed_missing", "the configuration records the seed of its draws")
    return PatchConfig(change_days, lab_percent, seed)


DEFAULT = PatchConfig(DEFAULT_CHANGE_DAYS, DEFAULT_LAB_PERCENT, "default")


def check_code(code: str) -> str:
    text = (code or "").strip()
    if not text:
        raise CaseError("patch_code_missing", "write the code printed on the patch")
    if len(text) > MAX_CODE:
        raise CaseError("patch_code_too_long", f"a patch code is at most {MAX_CODE} characters")
    return text


def check_application(worn: bool, applied_at: datetime, now: datetime) -> datetime:
    """One patch at a time: the one worn is removed first."""
    require_aware(applied_at, "applied_at")
    if worn:
        raise CaseError("patch_worn", "remove the patch the person wears before applying a new one")
    if applied_at > require_aware(now, "now") + timedelta(minutes=5):
        raise CaseError("in_future", "a patch is recorded once it is applied")
    return applied_at


def change_due(applied_at: datetime, change_days: int, tz: ZoneInfo) -> datetime:
    """The next change: ``change_days`` later at the same local clock time (DST-safe)."""
    local = applied_at.astimezone(tz).replace(tzinfo=None)
    return local_to_utc(local + timedelta(days=change_days), tz)


def check_removal(applied_at: datetime, removed_at: datetime, now: datetime) -> datetime:
    require_aware(removed_at, "removed_at")
    if removed_at < applied_at:
        raise CaseError("removed_before_applied", "a patch is removed after it was applied")
    if removed_at > require_aware(now, "now") + timedelta(minutes=5):
        raise CaseError("in_future", "a patch is recorded once it is removed")
    return removed_at


def draw(config: PatchConfig, patch_code: str, applied_on: date) -> Draw:
    """The reproducible laboratory draw of a removed intact patch."""
    digest = hashlib.sha256(f"{config.seed}|{patch_code}|{applied_on.isoformat()}".encode())
    return Draw(int(digest.hexdigest()[:8], 16) % 100, config.lab_percent)


def overdue(due_at: datetime, removed_at: datetime | None, now: datetime) -> bool:
    """The change is late: the patch still worn after it was due."""
    return removed_at is None and require_aware(now, "now") > due_at
