"""SQL adapter of the monitoring sentence aggregate (``services/ports.SentenceRepository``):
the sentence row, its interruptions, the written warnings and the report become one
``MonitoringSentence``, and saving writes back only what a step changed. Reads go through the
case repository, so they keep to the unit of work's region."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime

from valvo.adapters.db.cases_repo import SqlCaseRepository
from valvo.domain.cases.breach import Response
from valvo.domain.cases.report import CoResident, Report, ReportItems, Requester
from valvo.domain.cases.sentence import MonitoringSentence, Status
from valvo.domain.cases.serving import Interruption, InterruptionReason

_SENTENCE_FIELDS = (
    "length_days",
    "sentenced_on",
    "enforceable_on",
    "early_enforcement",
    "plan_confirmed_on",
    "serving_start",
    "ended_on",
    "prison_days",
)


class SqlSentenceRepository:
    def __init__(self, cases: SqlCaseRepository) -> None:
        self._cases = cases

    def report(self, case_id: str) -> Report:
        row = self._cases.get("case_reports", case_id)
        if row is None:
            raise LookupError(f"case {case_id} has no report row")
        residents = tuple(
            CoResident(
                name=r["name"],
                birth_date=r["birth_date"],
                written_consent=bool(r["written_consent"]),
                heard=bool(r["heard"]),
                views=r["views"],
            )
            for r in self._cases.find("case_co_residents", case_id=case_id)
        )
        return Report(
            requester=Requester(row["requester"]),
            requested_on=row["requested_on"],
            items=ReportItems(
                suspect_consents=row["suspect_consents"],
                dwelling_assessment=row["dwelling_assessment"],
                circumstances_assessment=row["circumstances_assessment"],
                activity_place=row["activity_place"],
                movement_needs=row["movement_needs"],
            ),
            statement_justified=row["statement_justified"],
            suspect_heard_on=row["suspect_heard_on"],
            co_residents=residents,
            completed_on=row["completed_on"],
        )

    def load(self, case_id: str, status: Status) -> MonitoringSentence:
        row = self._cases.get("sentences", case_id)
        if row is None:
            raise LookupError(f"case {case_id} has no sentence row")
        interruptions = tuple(
            Interruption(
                reason=InterruptionReason(i["reason"]),
                start=i["start"],
                end=i["end"],
                court_allowed_continuation=bool(i["court_allowed_continuation"]),
            )
            for i in self._cases.find("case_interruptions", case_id=case_id)
        )
        warnings = tuple(
            b["responded_on"]
            for b in self._cases.find("case_breaches", case_id=case_id)
            if b["response"] == Response.WRITTEN_WARNING.value
        )
        return MonitoringSentence(
            report=self.report(case_id),
            status=status,
            length_days=row["length_days"],
            sentenced_on=row["sentenced_on"],
            enforceable_on=row["enforceable_on"],
            early_enforcement=bool(row["early_enforcement"]),
            plan_confirmed_on=row["plan_confirmed_on"],
            devices=tuple(row["devices"] or ()),
            serving_start=row["serving_start"],
            interruptions=interruptions,
            warnings=tuple(sorted(warnings)),
            ended_on=row["ended_on"],
            prison_days=row["prison_days"],
        )

    def save(
        self,
        case_id: str,
        before: MonitoringSentence,
        after: MonitoringSentence,
        *,
        actor: str,
        now: datetime,
        causes: Mapping[int, str] | None = None,
    ) -> None:
        changed = {
            name: getattr(after, name)
            for name in _SENTENCE_FIELDS
            if getattr(after, name) != getattr(before, name)
        }
        if after.devices != before.devices:
            changed["devices"] = list(after.devices)
        if changed:
            self._cases.update("sentences", case_id, changed)
        rows = self._cases.find("case_interruptions", case_id=case_id)
        for index, interruption in enumerate(after.interruptions):
            values = {
                "reason": interruption.reason.value,
                "start": interruption.start,
                "end": interruption.end,
                "court_allowed_continuation": interruption.court_allowed_continuation,
            }
            if index < len(rows):
                stored = rows[index]
                if any(stored[k] != v for k, v in values.items()):
                    self._cases.update("case_interruptions", stored["id"], values)
            else:
                self._cases.insert(
                    "case_interruptions",
                    {
                        "id": str(uuid.uuid4()),
                        "case_id": case_id,
                        "seq": index + 1,
                        "cause": (causes or {}).get(index),
                        "created_at": now,
                        "created_by": actor,
                        **values,
                    },
                )
