"""The case documents as data: what each contains, in Finnish or English, before any renderer
(``adapters/pdf``) lays it out. Tests read the mandatory items here and in the PDF.

| kind | case | content |
|---|---|---|
| ``report`` | sentence | §4: the five items, statement, hearing, co-residents, substances, visit |
| ``plan`` | sentence | §6: items 1–8, period, weekly schedule (never the visits, R51) |
| ``warning`` | sentence | §14.1: the breach, the hearing, the consequence of ignoring it (R79) |
| ``breach_report`` | sentence | §16: to the prosecutor, the referral, hearing, days unserved |
| ``travel_ban_decision`` | travel ban | PKL 2:9: the five mandatory items (R113) |
| ``intoxication_observation`` | sentence | §11.2: the observations on RSV's form (R62) |
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime

from valvo.services.cases import document_ban, document_intoxication, document_sentence
from valvo.services.cases.common import SENTENCE, TRAVEL_BAN, load_case, today
from valvo.services.cases.document_model import LANGUAGES, Context, Document, Section
from valvo.services.errors import Conflict, InvalidInput, NotFound
from valvo.services.ports import UnitOfWork


def build(
    uow: UnitOfWork,
    *,
    case_id: str,
    kind: str,
    lang: str,
    now: datetime,
    breach_id: str | None = None,
    item_id: str | None = None,
) -> Document:
    if lang not in LANGUAGES:
        raise InvalidInput(f"lang must be one of {', '.join(LANGUAGES)}")
    builder = _BUILDERS.get(kind)
    if builder is None:
        raise NotFound(f"no document {kind!r}; documents: {', '.join(_BUILDERS)}")
    case_type, make = builder
    case = load_case(uow, case_id)
    if case["type"] != case_type:
        raise Conflict(f"wrong_case_type: a {kind} belongs to a {case_type}")
    ctx = Context(uow, case, lang, now, breach_id, item_id)
    subject = uow.registry.get("subjects", case["subject_id"]) or {"name": ""}
    title, sections = make(ctx)
    return Document(
        kind=kind,
        lang=lang,
        title=title,
        person=f"{ctx.t('person')}: {subject['name']}",
        reference=case_id,
        issued=f"{ctx.t('issued')}: {ctx.day(today(case, now))}",
        sections=tuple(sections),
    )


_BUILDERS: Mapping[str, tuple[str, Callable[[Context], tuple[str, list[Section]]]]] = {
    "report": (SENTENCE, document_sentence.report),
    "plan": (SENTENCE, document_sentence.plan),
    "warning": (SENTENCE, document_sentence.warning),
    "breach_report": (SENTENCE, document_sentence.breach_report),
    "travel_ban_decision": (TRAVEL_BAN, document_ban.decision),
    "intoxication_observation": (SENTENCE, document_intoxication.observation),
}
KINDS = tuple(_BUILDERS)
