"""A person's earlier monitoring sentences listed as prior sentences for a prosecutor or a
court (RL 7:7; R94). The unit of work's scope keeps the list to the reader's region."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from valvo.domain.cases.prior import RULE, prior_sentences
from valvo.services.cases.common import SENTENCE, today
from valvo.services.cases.sentence_state import load_sentence
from valvo.services.errors import NotFound
from valvo.services.ports import UnitOfWork


def list_prior(
    uow: UnitOfWork, subject_id: str, now: datetime, before: date | None = None
) -> dict[str, Any]:
    subject = uow.registry.get("subjects", subject_id)
    if subject is None:
        raise NotFound(f"subject {subject_id} does not exist")
    loaded = [
        load_sentence(uow, case["id"])
        for case in uow.cases.find("cases", subject_id=subject_id, type=SENTENCE)
    ]
    cases = {case["id"]: case for case, _ in loaded}
    items = []
    for prior in prior_sentences(((c["id"], s) for c, s in loaded), before):
        case, s = cases[prior.case_id], prior.sentence
        row = uow.cases.get("sentences", prior.case_id) or {}
        on = today(case, now)
        served = None
        if s.serving_start is not None:
            served = s.served_days(min(on, s.ended_on) if s.ended_on else on)
        items.append(
            {
                "case_id": prior.case_id,
                "region": case["region"],
                "status": s.status.value,
                "court": row.get("sentencing_court"),
                "sentenced_on": s.sentenced_on,
                "enforceable_on": s.enforceable_on,
                "length_days": s.length_days,
                "replaced_prison_days": row.get("replaced_prison_days"),
                "serving_start": s.serving_start,
                "ended_on": s.ended_on,
                "served_days": served,
                "prison_days": s.prison_days,  # converted to prison (§17, §18.2)
            }
        )
    return {
        "subject_id": subject_id,
        "subject_name": subject["name"],
        "before": before,
        "rule": RULE,
        "prior_sentences": items,
    }
