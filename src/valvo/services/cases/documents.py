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
from valvo.services.cases.document_model import (
    LANGUAGES,
    Context,
    Document,
    Letterhead,
    Section,
)
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
    letterhead: Letterhead | None = None,
    asked_by: str | None = None,
) -> Document:
    """The document; ``letterhead``: the organisation, unit and signatory register in
    ``lang``; it is signed by who took the step it records (``asked_by`` otherwise)."""
    if lang not in LANGUAGES:
        raise InvalidInput(f"lang must be one of {', '.join(LANGUAGES)}")
    builder = _BUILDERS.get(kind)
    if builder is None:
        raise NotFound(f"no document {kind!r}; documents: {', '.join(_BUILDERS)}")
    case_type, make = builder
    case = load_case(uow, case_id)
    if case["type"] != case_type:
        raise Conflict(f"wrong_case_type: a {kind} belongs to a {case_type}")
    head = letterhead or Letterhead()
    ctx = Context(uow, case, lang, now, breach_id, item_id, head)
    subject = uow.registry.get("subjects", case["subject_id"]) or {"name": ""}
    title, sections = make(ctx)
    number = case.get("number") or case_id
    issued_on = ctx.day(today(case, now))
    signer = signed_by(ctx, kind) or asked_by or ""
    return Document(
        kind=kind,
        lang=lang,
        title=title,
        person=f"{ctx.t('person')}: {subject['name']}",
        reference=f"{ctx.t('case_number')} {number}",
        issued=f"{ctx.t('issued')}: {issued_on}",
        sections=tuple(sections),
        organisation=head.ban_organisation if case_type == TRAVEL_BAN else head.organisation,
        unit=", ".join(
            p
            for p in (head.ban_unit if case_type == TRAVEL_BAN else head.unit, case["region"])
            if p
        ),
        number=number,
        signature=(f"{ctx.t('signed_at')}: {issued_on}", *signature_lines(ctx, signer)),
    )


# The step each document records: its signatory is who took it.
_SIGNING_STEP = {
    "report": ("report_completed",),
    "plan": ("plan_confirmed", "plan_amended"),
    "warning": ("written_warning",),
    "breach_report": ("court_referral",),
}


def signed_by(ctx: Context, kind: str) -> str | None:
    """The user who took the step the document records (the last such step)."""
    if kind in ("travel_ban_decision",):
        return str(ctx.case["created_by"])
    steps = _SIGNING_STEP.get(kind, ())
    events = [
        e for e in ctx.uow.cases.find("case_events", case_id=ctx.case["id"]) if e["kind"] in steps
    ]
    if ctx.breach_id is not None:
        events = [e for e in events if (e["details"] or {}).get("breach_id") == ctx.breach_id]
    return str(events[-1]["actor"]) if events else None


def signature_lines(ctx: Context, username: str) -> tuple[str, ...]:
    """The signatory's name and title from the register (a user not in it is named as such)."""
    entry = ctx.letterhead.signatory(username)
    if entry is None:
        return (f"{username} {ctx.t('not_registered')}",) if username else ()
    return (entry.name, entry.title)


_BUILDERS: Mapping[str, tuple[str, Callable[[Context], tuple[str, list[Section]]]]] = {
    "report": (SENTENCE, document_sentence.report),
    "plan": (SENTENCE, document_sentence.plan),
    "warning": (SENTENCE, document_sentence.warning),
    "breach_report": (SENTENCE, document_sentence.breach_report),
    "travel_ban_decision": (TRAVEL_BAN, document_ban.decision),
    "intoxication_observation": (SENTENCE, document_intoxication.observation),
}
KINDS = tuple(_BUILDERS)
