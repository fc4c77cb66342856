"""Versioned rules and goals of the cooperation (S64, S72, S99, S100).

S64 the working group's partnership criteria as versions, one in force at a time; S72 the
current version of the instructions for outside workers and of "Opas muurien maailmaan" with
their deliveries; S99 structured programmes, where one influencing thinking cannot be in use
before accreditation; S100 goals of the cooperation with progress reports.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from valvo.domain.partners.choices import values
from valvo.domain.partners.choices_follow_up import (
    ACCREDITATION,
    DELIVERY_RECIPIENTS,
    GOAL_LEVELS,
    INSTRUCTION_DOCUMENTS,
    PROGRAMME_STATUSES,
)
from valvo.domain.partners.dated import Validity
from valvo.domain.partners.fields import (
    PartnerError,
    day,
    flag,
    json_value,
    required_choice,
    required_day,
    required_text,
    text,
    text_list,
)


@dataclass(frozen=True, slots=True)
class CriteriaVersion:
    """S64: one version of the partnership criteria (L1953-1954)."""

    name: str
    version: str
    criteria: tuple[str, ...]
    approved_on: date | None
    approved_by: str | None
    review_on: date | None
    validity: Validity

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> CriteriaVersion:
        criteria = text_list(data, "criteria")
        if not criteria:
            raise PartnerError("criteria", "list at least one criterion")
        validity = Validity.read(data)
        if validity.valid_from is None:
            raise PartnerError("valid_from", "is required (the version's first day)")
        return cls(
            name=required_text(data, "name", 300),
            version=required_text(data, "version", 40),
            criteria=criteria,
            approved_on=day(data, "approved_on"),
            approved_by=text(data, "approved_by", required=False),
            review_on=day(data, "review_on"),
            validity=validity,
        )


def check_versions(version: CriteriaVersion, others: Iterable[CriteriaVersion]) -> None:
    """Versions are unique and do not overlap in time: one set of criteria is in force."""
    for other in others:
        if other.version == version.version:
            raise PartnerError("version", f"version {version.version} already exists")
        if other.validity.overlaps(version.validity):
            raise PartnerError(
                "valid_from", f"overlaps version {other.version}; end that one first (valid_to)"
            )


@dataclass(frozen=True, slots=True)
class Delivery:
    recipient_kind: str
    recipient_id: str
    delivered_on: date


@dataclass(frozen=True, slots=True)
class InstructionVersion:
    """S72: a version of an instruction and to whom it was delivered (L2909-2935)."""

    name: str
    document: str
    version: str
    owner: str
    published_on: date
    review_on: date | None
    deliveries: tuple[Delivery, ...]

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> InstructionVersion:
        published = required_day(data, "published_on")
        review = day(data, "review_on")
        if review is not None and review <= published:
            raise PartnerError("review_on", "must be after published_on")
        return cls(
            name=required_text(data, "name", 300),
            document=required_choice(data, "document", values(INSTRUCTION_DOCUMENTS)),
            version=required_text(data, "version", 40),
            owner=required_text(data, "owner"),
            published_on=published,
            review_on=review,
            deliveries=_deliveries(data, published),
        )

    def review_overdue(self, on: date) -> bool:
        return self.review_on is not None and self.review_on < on


def _deliveries(data: Mapping[str, Any], published: date) -> tuple[Delivery, ...]:
    raw = json_value(data, "deliveries")
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise PartnerError("deliveries", "must be a list of {recipient_kind, recipient_id, …}")
    out = []
    for index, item in enumerate(raw):
        if not isinstance(item, Mapping):
            raise PartnerError("deliveries", f"item {index + 1} must be an object")
        try:
            delivery = Delivery(
                required_choice(item, "recipient_kind", values(DELIVERY_RECIPIENTS)),
                required_text(item, "recipient_id", 36),
                required_day(item, "delivered_on"),
            )
        except PartnerError as exc:
            raise PartnerError("deliveries", f"item {index + 1}: {exc}") from None
        if delivery.delivered_on < published:
            raise PartnerError("deliveries", f"item {index + 1}: delivered before it was published")
        out.append(delivery)
    return tuple(out)


def current_versions(
    versions: Iterable[tuple[str, InstructionVersion]], on: date
) -> dict[str, tuple[str, InstructionVersion]]:
    """The version of each document in force on ``on``: the latest published by then."""
    best: dict[str, tuple[str, InstructionVersion]] = {}
    for id, version in versions:
        if version.published_on > on:
            continue
        known = best.get(version.document)
        if known is None or version.published_on > known[1].published_on:
            best[version.document] = (id, version)
    return best


@dataclass(frozen=True, slots=True)
class Programme:
    """S99: a structured programme under licence terms (L808-817)."""

    name: str
    influences_thinking: bool
    licence_terms: str | None
    rise_clients_only: bool
    accreditation: str
    accredited_on: date | None
    accreditation_valid_to: date | None
    status: str
    owner: str | None

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> Programme:
        accreditation = required_choice(data, "accreditation", values(ACCREDITATION))
        status = required_choice(data, "status", values(PROGRAMME_STATUSES))
        thinking = flag(data, "influences_thinking")
        accredited_on = day(data, "accredited_on")
        if accreditation == "accredited" and accredited_on is None:
            raise PartnerError("accredited_on", "an accredited programme gives the date")
        if thinking and status == "in_use" and accreditation != "accredited":
            raise PartnerError(
                "status",
                "a programme influencing thinking cannot be in use before accreditation "
                f"(it is {accreditation.replace('_', ' ')})",
            )
        valid_to = day(data, "accreditation_valid_to")
        if valid_to is not None and accredited_on is not None and valid_to <= accredited_on:
            raise PartnerError("accreditation_valid_to", "must be after accredited_on")
        return cls(
            name=required_text(data, "name", 300),
            influences_thinking=thinking,
            licence_terms=text(data, "licence_terms", required=False, max_len=4000),
            rise_clients_only=flag(data, "rise_clients_only", default=True),
            accreditation=accreditation,
            accredited_on=accredited_on,
            accreditation_valid_to=valid_to,
            status=status,
            owner=text(data, "owner", required=False),
        )

    def unaccredited_in_use(self, on: date) -> bool:
        """In use while its accreditation has lapsed (a thinking programme needs it)."""
        lapsed = self.accreditation_valid_to is not None and self.accreditation_valid_to <= on
        return self.influences_thinking and self.status == "in_use" and lapsed


@dataclass(frozen=True, slots=True)
class Progress:
    on: date
    value: str
    note: str | None


@dataclass(frozen=True, slots=True)
class Goal:
    """S100: a goal of the cooperation and its progress reports (L517-536, L1052-1083)."""

    title: str
    level: str
    network_id: str | None
    agreement_id: str | None
    indicator: str
    target: str
    starts_on: date
    ends_on: date
    report_every_months: int
    progress: tuple[Progress, ...]

    @classmethod
    def read(cls, data: Mapping[str, Any]) -> Goal:
        level = required_choice(data, "level", values(GOAL_LEVELS))
        network_id = text(data, "network_id", required=False, max_len=36)
        agreement_id = text(data, "agreement_id", required=False, max_len=36)
        if level == "network" and network_id is None:
            raise PartnerError("network_id", "a network goal names its network")
        if level == "agreement" and agreement_id is None:
            raise PartnerError("agreement_id", "an agreement goal names its agreement")
        starts, ends = required_day(data, "starts_on"), required_day(data, "ends_on")
        if ends <= starts:
            raise PartnerError("ends_on", "must be after starts_on")
        every = data.get("report_every_months", 6)
        if isinstance(every, str) and every.strip().isdigit():
            every = int(every)
        if not isinstance(every, int) or isinstance(every, bool) or not 1 <= every <= 24:
            raise PartnerError("report_every_months", "must be a whole number from 1 to 24")
        return cls(
            title=required_text(data, "title", 300),
            level=level,
            network_id=network_id,
            agreement_id=agreement_id,
            indicator=required_text(data, "indicator", 500),
            target=required_text(data, "target", 500),
            starts_on=starts,
            ends_on=ends,
            report_every_months=every,
            progress=_progress(data),
        )

    def report_due(self, on: date) -> date | None:
        """When the next progress report is due, if it is overdue on ``on`` (else None)."""
        if on < self.starts_on:
            return None
        last = max((p.on for p in self.progress), default=self.starts_on)
        month = last.month - 1 + self.report_every_months
        due = date(last.year + month // 12, month % 12 + 1, min(last.day, 28))
        due = min(due, self.ends_on)
        reported_at_end = any(p.on >= self.ends_on for p in self.progress)
        return due if due < on and not reported_at_end else None


def _progress(data: Mapping[str, Any]) -> tuple[Progress, ...]:
    raw = json_value(data, "progress")
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise PartnerError("progress", "must be a list of {on, value, note}")
    out = []
    for index, item in enumerate(raw):
        if not isinstance(item, Mapping):
            raise PartnerError("progress", f"item {index + 1} must be an object")
        try:
            out.append(
                Progress(
                    required_day(item, "on"),
                    required_text(item, "value", 500),
                    text(item, "note", required=False, max_len=2000),
                )
            )
        except PartnerError as exc:
            raise PartnerError("progress", f"item {index + 1}: {exc}") from None
    return tuple(sorted(out, key=lambda p: p.on))
